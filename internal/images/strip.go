package images

import "encoding/binary"

// A photo that is already no wider than the widest width is published at
// its own width. Re-encoding it at quality 80 when it was saved at 80 or
// less (as most phones' "reduced" copies, chat apps and image libraries save
// them) loses detail a second time and saves next to nothing; it also cost
// half of such a photo's processing. Such a file is published as it is,
// with every segment that is not needed to decode it left out: the same
// pixels, no metadata.

// stripJPEG returns data without its metadata: the segments kept are those a
// decoder needs (quantisation and Huffman tables, frame and scan headers,
// restart intervals, the entropy-coded data), a JFIF header without a
// thumbnail, and Adobe's colour-transform segment; APP1 to APP13 and APP15
// (EXIF with its thumbnail and GPS position, XMP, ICC profiles, Photoshop's
// resources, makers' notes), comments and anything after the end of the
// image (a phone's motion-photo video) are not. The entropy-coded data is
// copied byte for byte. It returns false for a file it does not understand
// entirely; the caller then encodes the image anew.
func stripJPEG(data []byte) ([]byte, bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, false
	}
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for i < len(data) {
		if data[i] != 0xFF {
			return nil, false
		}
		for i < len(data) && data[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(data) {
			return nil, false
		}
		code := data[i]
		i++
		switch {
		case code == 0xD9: // EOI: the end; what follows is not the image's
			return append(out, 0xFF, 0xD9), true
		case code >= 0xD0 && code <= 0xD7, code == 0x01, code == 0xD8, code == 0x00:
			return nil, false // a restart, TEM, SOI or stuffing outside a scan
		}
		if i+2 > len(data) {
			return nil, false
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, false
		}
		seg := data[i-2 : i+n]
		i += n
		switch {
		case code == 0xE0: // APP0: JFIF without a thumbnail only
			if n >= 16 && string(seg[4:9]) == "JFIF\x00" && seg[16] == 0 && seg[17] == 0 {
				out = append(out, seg[:18]...)
				out[len(out)-16], out[len(out)-15] = 0, 16 // its length without extensions
			}
		case code == 0xEE: // APP14 "Adobe": says how the components are coded
			if n >= 14 && string(seg[4:9]) == "Adobe" {
				out = append(out, seg...)
			}
		case code >= 0xE1 && code <= 0xEF, code == 0xFE: // other APPn, COM
		case code == 0xDB, code == 0xC4, code == 0xDD, // DQT, DHT, DRI
			code >= 0xC0 && code <= 0xC3, code >= 0xC5 && code <= 0xC7: // Huffman SOFs
			out = append(out, seg...)
		case code == 0xDA: // SOS: the header, then the entropy-coded data
			out = append(out, seg...)
			j := i
			for {
				if j+1 >= len(data) {
					return nil, false // the data never ends
				}
				if data[j] == 0xFF {
					if c := data[j+1]; c != 0x00 && !(c >= 0xD0 && c <= 0xD7) {
						break // a marker that ends the scan
					}
					j++
				}
				j++
			}
			out = append(out, data[i:j]...)
			i = j
		default: // arithmetic coding, hierarchical frames, DNL, anything unknown
			return nil, false
		}
	}
	return nil, false // no end of image
}

// ijgLuma is the luminance quantisation table of the JPEG standard (Annex K)
// in zig-zag order, which libjpeg and image/jpeg scale by the quality.
var ijgLuma = [64]int{
	16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40,
	26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
	56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87,
	95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
}

// coarseAs reports whether the JPEG's luminance quantisation table is at
// least as coarse, in all, as the standard's scaled to quality: re-encoding
// it at that quality would keep no more detail than it has. It reads the
// tables before the first scan (walkJPEG); a file without an 8-bit table 0
// is not.
func coarseAs(data []byte, quality int) bool {
	segs, err := walkJPEG(data)
	if err != nil {
		return false
	}
	scale := 200 - 2*quality
	if quality < 50 {
		scale = 5000 / quality
	}
	var want int
	for _, v := range ijgLuma {
		want += min(max((v*scale+50)/100, 1), 255)
	}
	for _, t := range segs.quant {
		for len(t) > 0 {
			pq, tq := t[0]>>4, t[0]&15
			size := 1 + 64*(1+int(pq))
			if len(t) < size {
				return false
			}
			if tq == 0 {
				if pq != 0 {
					return false
				}
				var got int
				for _, v := range t[1:65] {
					got += int(v)
				}
				return got >= want
			}
			t = t[size:]
		}
	}
	return false
}
