package images

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// jpegSegments is what walking a JPEG's marker segments finds.
type jpegSegments struct {
	exif  []byte   // the TIFF data of the first APP1 "Exif" segment, or nil
	quant [][]byte // the payloads of the DQT segments (quantisation tables)
	scan  int      // offset of the first byte after the first SOS segment's header
}

var errNoScan = errors.New("no image data (SOS) before the end of the file")

// walkJPEG walks the marker segments of a JPEG from SOI to the first start of
// scan (SOS). It reads only the segments' headers and never more than data
// holds; it does not decode anything.
func walkJPEG(data []byte) (jpegSegments, error) {
	var s jpegSegments
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return s, errors.New("no JPEG start marker")
	}
	i := 2
	for {
		// A marker is 0xFF, any number of 0xFF fill bytes, then the code.
		if i >= len(data) {
			return s, errNoScan
		}
		if data[i] != 0xFF {
			return s, errors.New("corrupt segment structure")
		}
		for i < len(data) && data[i] == 0xFF {
			i++
		}
		if i >= len(data) {
			return s, errNoScan
		}
		code := data[i]
		i++
		switch {
		case code == 0xD8 || code == 0x01 || (code >= 0xD0 && code <= 0xD7):
			continue // markers without a length
		case code == 0xD9:
			return s, errNoScan // EOI before any scan
		case code == 0x00:
			return s, errors.New("corrupt segment structure")
		}
		if i+2 > len(data) {
			return s, errNoScan
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 {
			return s, errors.New("corrupt segment length")
		}
		end := i + n
		if end > len(data) {
			return s, errNoScan
		}
		payload := data[i+2 : end]
		if code == 0xE1 && s.exif == nil && bytes.HasPrefix(payload, []byte("Exif\x00\x00")) {
			s.exif = payload[6:]
		}
		if code == 0xDB {
			s.quant = append(s.quant, payload)
		}
		if code == 0xDA {
			s.scan = end
			return s, nil
		}
		i = end
	}
}

// Orientation returns the EXIF orientation (1 to 8) of a JPEG file's header,
// or 1 when the file has none or it cannot be read: 1 upright, 2 mirrored,
// 3 upside down, 4 mirrored upside down, 5 mirrored and turned a quarter
// left, 6 turned a quarter right (the usual phone held upright), 7 mirrored
// and turned a quarter right, 8 turned a quarter left.
func Orientation(jpeg []byte) int {
	s, _ := walkJPEG(jpeg)
	return tiffOrientation(s.exif)
}

// tiffOrientation reads tag 0x0112 (Orientation) of IFD0 in TIFF data (the
// body of an EXIF segment). Anything malformed gives 1.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := bo.Uint32(t[4:8])
	if off < 8 || uint64(off)+2 > uint64(len(t)) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	p := int(off) + 2
	for range n {
		if p+12 > len(t) {
			return 1
		}
		e := t[p : p+12]
		p += 12
		if bo.Uint16(e[0:2]) != 0x0112 {
			continue
		}
		// The value is a SHORT (type 3) with count 1, held in the entry itself.
		if bo.Uint16(e[2:4]) != 3 || bo.Uint32(e[4:8]) != 1 {
			return 1
		}
		v := int(bo.Uint16(e[8:10]))
		if v < 1 || v > 8 {
			return 1
		}
		return v
	}
	return 1
}
