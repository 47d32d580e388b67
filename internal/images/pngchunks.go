package images

import (
	"encoding/binary"
	"hash/crc32"
)

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// pngChunk is one chunk of a PNG file: its type and the whole chunk's bytes
// (length, type, data and CRC).
type pngChunk struct {
	typ string
	raw []byte
}

// pngChunks calls fn with the chunks of a PNG file in order until fn returns
// false or IEND is reached. ok is false when the file is not a sequence of
// whole chunks with correct CRCs up to IEND.
func pngChunks(data []byte, fn func(c pngChunk) bool) (ok bool) {
	if len(data) < len(pngSignature) || string(data[:len(pngSignature)]) != pngSignature {
		return false
	}
	for i := len(pngSignature); i+12 <= len(data); {
		n := binary.BigEndian.Uint32(data[i:])
		if uint64(n) > uint64(len(data)-i-12) {
			return false
		}
		end := i + 12 + int(n)
		c := pngChunk{typ: string(data[i+4 : i+8]), raw: data[i:end]}
		if crc32.ChecksumIEEE(data[i+4:end-4]) != binary.BigEndian.Uint32(data[end-4:]) {
			return false
		}
		if !fn(c) || c.typ == "IEND" {
			return true
		}
		i = end
	}
	return false
}

// opaquePNG reports whether a PNG is grey or truecolour (colour type 0 or 2)
// with no tRNS chunk, which the format puts before the image data.
func opaquePNG(data []byte) bool {
	opaque := false
	ok := pngChunks(data, func(c pngChunk) bool {
		switch c.typ {
		case "IHDR":
			if len(c.raw) < 8+13+4 {
				return false
			}
			ct := c.raw[8+9]
			opaque = ct == 0 || ct == 2
		case "tRNS":
			opaque = false
			return false
		case "IDAT":
			return false
		}
		return opaque
	})
	return ok && opaque
}

// stripPNG returns a PNG with only the chunks that make its pixels: the
// header, the palette, the transparency, the image data and the end. Text,
// EXIF, dates, colour profiles and every other ancillary or private chunk
// are left out, so no metadata is published. ok is false when data is not a
// whole PNG.
func stripPNG(data []byte) (out []byte, ok bool) {
	out = make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	// fn never stops the walk, so ok means that IEND was reached.
	ok = pngChunks(data, func(c pngChunk) bool {
		switch c.typ {
		case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
			out = append(out, c.raw...)
		}
		return true
	})
	if !ok {
		return nil, false
	}
	return out, true
}
