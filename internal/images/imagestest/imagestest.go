package imagestest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// Secrets a phone writes into a photo (ExifTIFF); none may reach the output.
const (
	Owner  = "Nguyen Van Chu Vuon"
	Serial = "SN-0451-KHANHSON"
)

// tag is one IFD entry of a test EXIF block.
type tag struct {
	id, typ uint16
	count   uint32
	data    []byte // the value, in the block's byte order
}

// ExifTIFF builds the TIFF body of an EXIF segment with the orientation, an
// owner name, a camera serial and a GPS position.
func ExifTIFF(bo binary.ByteOrder, orientation int) []byte {
	short := func(v uint16) []byte { b := make([]byte, 2); bo.PutUint16(b, v); return b }
	rational := func(n, d uint32) []byte { b := make([]byte, 8); bo.PutUint32(b, n); bo.PutUint32(b[4:], d); return b }
	ascii := func(s string) []byte { return append([]byte(s), 0) }
	gps := []tag{
		{1, 2, 2, ascii("N")},
		{2, 5, 3, bytes.Join([][]byte{rational(11, 1), rational(58, 1), rational(1234, 100)}, nil)},
		{3, 2, 2, ascii("E")},
		{4, 5, 3, bytes.Join([][]byte{rational(108, 1), rational(59, 1), rational(4321, 100)}, nil)},
	}
	ifd0 := []tag{
		{0x010F, 2, uint32(len("PhoneMaker") + 1), ascii("PhoneMaker")},
		{0x0112, 3, 1, short(uint16(orientation))},
		{0x013B, 2, uint32(len(Owner) + 1), ascii(Owner)},
		{0x8825, 4, 1, nil}, // GPS IFD offset, filled below
		{0xA430, 2, uint32(len(Owner) + 1), ascii(Owner)},
		{0xA431, 2, uint32(len(Serial) + 1), ascii(Serial)},
	}
	var out bytes.Buffer
	if bo == binary.LittleEndian {
		out.WriteString("II*\x00")
	} else {
		out.WriteString("MM\x00*")
	}
	u32 := func(v uint32) []byte { b := make([]byte, 4); bo.PutUint32(b, v); return b }
	out.Write(u32(8))
	ifdSize := func(n int) int { return 2 + 12*n + 4 }
	gpsOff := 8 + ifdSize(len(ifd0))
	dataOff := gpsOff + ifdSize(len(gps))
	var data bytes.Buffer
	writeIFD := func(tags []tag) {
		out.Write(short(uint16(len(tags))))
		for _, t := range tags {
			out.Write(short(t.id))
			out.Write(short(t.typ))
			out.Write(u32(t.count))
			v := t.data
			if t.id == 0x8825 {
				v = u32(uint32(gpsOff))
			}
			if len(v) <= 4 {
				out.Write(append(v, make([]byte, 4-len(v))...))
				continue
			}
			out.Write(u32(uint32(dataOff + data.Len())))
			data.Write(v)
		}
		out.Write(u32(0))
	}
	writeIFD(ifd0)
	writeIFD(gps)
	out.Write(data.Bytes())
	return out.Bytes()
}

// WithSegment inserts a marker segment right after a JPEG's SOI.
func WithSegment(jpg []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// WithExif adds an APP1 Exif segment holding tiff.
func WithExif(jpg, tiff []byte) []byte {
	return WithSegment(jpg, 0xE1, append([]byte("Exif\x00\x00"), tiff...))
}

// EncodeJPEG encodes img at quality q.
func EncodeJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// EncodePNG encodes img.
func EncodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Quadrants returns the colours of the test pattern's quarters as shown: top
// left red, top right green, bottom left blue, bottom right yellow. No
// symmetry of a rectangle maps the pattern onto itself, so each orientation
// gives a different image.
func Quadrants() [4]color.RGBA {
	return [4]color.RGBA{{220, 30, 30, 255}, {30, 180, 30, 255}, {30, 30, 220, 255}, {240, 220, 20, 255}}
}

// Shown returns the colour of the upright pattern of size w×h at (x, y).
func Shown(x, y, w, h int) color.RGBA {
	i := 0
	if x >= w/2 {
		i++
	}
	if y >= h/2 {
		i += 2
	}
	return Quadrants()[i]
}

// Stored returns how a camera stores the upright w×h pattern under an EXIF
// orientation, following the standard's words for where the stored 0th row
// and 0th column appear: 1 top/left, 2 top/right, 3 bottom/right,
// 4 bottom/left, 5 left/top, 6 right/top, 7 right/bottom, 8 left/bottom.
func Stored(w, h, orientation int) *image.RGBA {
	sw, sh := w, h
	if orientation >= 5 {
		sw, sh = h, w
	}
	img := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for sy := range sh {
		for sx := range sw {
			var x, y int
			switch orientation {
			case 1:
				x, y = sx, sy
			case 2:
				x, y = w-1-sx, sy
			case 3:
				x, y = w-1-sx, h-1-sy
			case 4:
				x, y = sx, h-1-sy
			case 5: // row 0 on the left, column 0 at the top
				x, y = sy, sx
			case 6: // row 0 on the right, column 0 at the top
				x, y = w-1-sy, sx
			case 7: // row 0 on the right, column 0 at the bottom
				x, y = w-1-sy, h-1-sx
			case 8: // row 0 on the left, column 0 at the bottom
				x, y = sy, h-1-sx
			}
			img.SetRGBA(sx, sy, Shown(x, y, w, h))
		}
	}
	return img
}

// PNGChunk returns a PNG chunk with its CRC.
func PNGChunk(typ string, data []byte) []byte {
	out := make([]byte, 4, 12+len(data))
	binary.BigEndian.PutUint32(out, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	crc := crc32.ChecksumIEEE(append([]byte(typ), data...))
	return binary.BigEndian.AppendUint32(out, crc)
}

// PNGBomb is a small, well-formed PNG header declaring w×h pixels.
func PNGBomb(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, PNGChunk("IHDR", ihdr)...)
	// A deflate stream of zeros would follow; the header is enough.
	out = append(out, PNGChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, PNGChunk("IEND", nil)...)
}

// JPEGBomb patches a small JPEG's frame header to declare w×h pixels.
func JPEGBomb(t testing.TB, w, h uint16) []byte {
	data := EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 16, 16)), 50)
	for i := 2; i+9 < len(data); i++ {
		if data[i] == 0xFF && (data[i+1] == 0xC0 || data[i+1] == 0xC2) {
			binary.BigEndian.PutUint16(data[i+5:], h)
			binary.BigEndian.PutUint16(data[i+7:], w)
			return data
		}
	}
	t.Fatal("no SOF in the test JPEG")
	return nil
}
