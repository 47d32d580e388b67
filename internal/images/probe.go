package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"unicode/utf8"
)

// Format is an image file format that the pipeline reads and writes.
type Format string

// The formats processed. Every other format is refused with an *Error.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
)

// Ext is the file extension of the format, with its dot.
func (f Format) Ext() string {
	if f == PNG {
		return ".png"
	}
	return ".jpg"
}

// DefaultMaxPixels is the largest image decoded, in pixels (50 megapixels: a
// 12 MP phone photo is 12, the largest phone sensors about 50 in full
// resolution). A decoded image takes 3 to 4 bytes a pixel.
const DefaultMaxPixels = 50_000_000

// Info is what a file's header says about the image.
type Info struct {
	Format        Format
	Width, Height int // as stored, before orientation
	Orientation   int // EXIF orientation, 1 to 8 (1 when absent)
	// Opaque is set for a PNG that cannot show through: grey or truecolour
	// without an alpha channel or a transparent colour (tRNS), so a photo
	// saved as PNG can be published as JPEG. A paletted PNG is a graphic
	// and stays unset, as does a PNG with an alpha channel, which may be
	// transparent.
	Opaque bool `json:",omitempty"`
}

// Size returns the width and height of the image as it is shown, after its
// EXIF orientation is applied.
func (i Info) Size() (w, h int) {
	if i.Orientation >= 5 {
		return i.Height, i.Width
	}
	return i.Width, i.Height
}

// Error is a problem with a source file that the person who added it can fix.
// Problem reads after the file's name ("cover.jpg is truncated: …").
type Error struct {
	Problem string
	Hint    string
}

func (e *Error) Error() string { return e.Problem }

func problem(hint, format string, args ...any) *Error {
	return &Error{Problem: fmt.Sprintf(format, args...), Hint: hint}
}

const (
	hintSaveJPEG  = "open it on the phone or computer, save or export it as a JPEG photo, and put that file in the record's folder"
	hintCopyAgain = "copy the file again from the phone or camera; the copy in the record's folder is incomplete"
)

// Sniff names the format of data from its first bytes (never from a file
// name): "jpeg" or "png" for the formats processed, another short name for an
// image format that is refused ("heic", "webp", "gif" …), "" for anything else.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return string(JPEG)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return string(PNG)
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "avif", "avis":
			return "avif"
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "heic"
		}
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff"
	case bytes.HasPrefix(data, []byte("BM")) && len(data) >= 26:
		return "bmp"
	}
	return ""
}

// Probe checks a whole source file from its header, without decoding the
// picture: it must be a JPEG or PNG, declare at most maxPixels pixels (0 means
// DefaultMaxPixels) and hold all of its image data. The error, if any, is an
// *Error.
func Probe(data []byte, maxPixels int) (Info, error) {
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	var info Info
	if len(data) == 0 {
		return info, problem("replace it with the photo itself", "is empty (0 bytes)")
	}
	kind := Sniff(data)
	switch kind {
	case string(JPEG), string(PNG):
		info.Format = Format(kind)
	case "heic":
		return info, problem("on an iPhone choose Settings › Camera › Formats › Most Compatible, or "+hintSaveJPEG,
			"is a HEIC photo; only JPEG photos and PNG graphics are published")
	case "":
		return info, problem("put a JPEG photo or a PNG graphic here; check that the right file was copied",
			"is not an image: its content is %s, whatever its name says", describe(data))
	default:
		return info, problem(hintSaveJPEG, "is a %s image; only JPEG photos and PNG graphics are published", kind)
	}
	// A PNG states its size in the first chunk; say "too large" even for a
	// size the PNG decoder refuses outright.
	if info.Format == PNG && len(data) >= 24 && string(data[12:16]) == "IHDR" {
		w, h := int64(binary.BigEndian.Uint32(data[16:])), int64(binary.BigEndian.Uint32(data[20:]))
		if w*h > int64(maxPixels) {
			return info, tooLarge(w, h, maxPixels)
		}
	}
	var cfg image.Config
	var err error
	if info.Format == JPEG {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return info, problem(hintCopyAgain, "is truncated: the file ends inside its header")
		}
		return info, problem(hintSaveJPEG, "cannot be read as %s: %v", info.Format.name(), err)
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	if info.Width < 1 || info.Height < 1 {
		return info, problem(hintSaveJPEG, "declares an empty picture (%d×%d pixels)", info.Width, info.Height)
	}
	if int64(info.Width)*int64(info.Height) > int64(maxPixels) {
		return info, tooLarge(int64(info.Width), int64(info.Height), maxPixels)
	}
	info.Orientation = 1
	if info.Format == JPEG {
		s, err := walkJPEG(data)
		if err != nil {
			if errors.Is(err, errNoScan) {
				return info, problem(hintCopyAgain, "is truncated: the file ends before its image data")
			}
			return info, problem(hintSaveJPEG, "is damaged: %v", err)
		}
		// In the entropy-coded data 0xFF is always followed by 0x00 or a
		// restart marker; FF D9 can only be the end of the image.
		if !bytes.Contains(data[s.scan:], []byte{0xFF, 0xD9}) {
			return info, problem(hintCopyAgain, "is truncated: the file ends before its image data does")
		}
		info.Orientation = tiffOrientation(s.exif)
	} else if !bytes.Contains(data[min(len(data), 33):], []byte("IEND")) {
		return info, problem(hintCopyAgain, "is truncated: the file ends before its image data does")
	} else {
		info.Opaque = opaquePNG(data)
	}
	return info, nil
}

func tooLarge(w, h int64, maxPixels int) *Error {
	return problem("no phone photo is that large: the file may be damaged or made to exhaust memory; export the picture at most 8000 pixels wide",
		"declares %d×%d pixels (%s), more than the %s that a photo may have; it was not decoded",
		w, h, megapixels(w*h), megapixels(int64(maxPixels)))
}

func (f Format) name() string {
	if f == PNG {
		return "PNG"
	}
	return "JPEG"
}

func megapixels(px int64) string {
	if px >= 10_000_000 {
		return fmt.Sprintf("%d megapixels", (px+500_000)/1_000_000)
	}
	return fmt.Sprintf("%.1f megapixels", float64(px)/1e6)
}

// describe names what a non-image file seems to hold.
func describe(data []byte) string {
	head := data[:min(len(data), 512)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a ZIP archive (or an Office document)"
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	lower := bytes.ToLower(trimmed)
	switch {
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return "an HTML page (a web page saved instead of the photo?)"
	case bytes.HasPrefix(lower, []byte("<svg")), bytes.HasPrefix(lower, []byte("<?xml")):
		return "XML or SVG text"
	}
	// The first 512 bytes may end inside a character.
	for i := 0; i < 3 && len(trimmed) > 0 && !utf8.Valid(trimmed); i++ {
		trimmed = trimmed[:len(trimmed)-1]
	}
	if len(trimmed) > 0 && utf8.Valid(trimmed) && !bytes.ContainsRune(trimmed, 0) {
		return "text"
	}
	return "unknown binary data"
}
