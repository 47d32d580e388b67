package images

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"slices"

	"golang.org/x/image/draw"
)

// Output is one encoded file of a picture.
type Output struct {
	Variant
	Data []byte
}

// Process makes every file of pic from the source data: it checks the header
// again (Probe), decodes the image once, resamples it to the widest variant,
// turns it upright, makes the narrower variants and the share picture from
// that, and encodes each anew (which writes no metadata). The error, if any,
// is an *Error.
func Process(data []byte, pic *Picture, params Params) ([]Output, error) {
	p := params.norm()
	info, err := Probe(data, p.MaxPixels)
	if err != nil {
		return nil, err
	}
	if info.Format != pic.Format {
		return nil, fmt.Errorf("the plan is for %s but the file is %s", pic.Format, info.Format)
	}
	src, err := decode(data, info.Format)
	if err != nil {
		return nil, err
	}
	if b := src.Bounds(); b.Dx() != info.Width || b.Dy() != info.Height {
		return nil, problem(hintSaveJPEG, "is damaged: its header says %d×%d pixels but it holds %d×%d", info.Width, info.Height, b.Dx(), b.Dy())
	}

	if m, ok := planar(src); ok {
		return processYCbCr(data, m, info, pic, p)
	}
	if pic.Out == JPEG && info.Format == PNG {
		return processPNGPhoto(data, src, info, pic, p)
	}
	// Resample in the stored orientation, then turn the (smaller) result.
	l := pic.Largest()
	dw, dh := info.Size()
	var base *image.RGBA
	if l.Width == dw && l.Height == dh {
		base = toRGBA(src)
	} else {
		sw, sh := l.Width, l.Height
		if info.Orientation >= 5 {
			sw, sh = sh, sw
		}
		base = scale(src, sw, sh)
	}
	base = Orient(base, info.Orientation)

	out := make([]Output, len(pic.Variants))
	prev := base
	for i := len(pic.Variants) - 1; i >= 0; i-- {
		v := pic.Variants[i]
		img := prev
		if v.Width != prev.Bounds().Dx() || v.Height != prev.Bounds().Dy() {
			img = scale(prev, v.Width, v.Height)
		}
		enc, err := encode(img, pic.Out, p.Quality)
		if err != nil {
			return nil, err
		}
		out[i] = Output{Variant: v, Data: enc}
		prev = img
	}
	if s := pic.Share; s != nil {
		var img *image.RGBA
		if pic.Mode == Logo {
			img = contain(base, s.Width, s.Height)
		} else {
			img = cover(base, s.Width, s.Height)
		}
		enc, err := encode(img, pic.Out, p.Quality)
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Variant: *s, Data: enc})
	}
	return out, nil
}

// processPNGPhoto is Process for a photo saved as an opaque PNG: its variants
// and share picture are made in planes and encoded as JPEG, as a JPEG
// photo's are. The copy under its own name stays a PNG: the source without
// its metadata when it is no wider than the widest variant (the same
// pixels), else resampled to the widest variant's size.
func processPNGPhoto(data []byte, src image.Image, info Info, pic *Picture, p Params) ([]Output, error) {
	own := Output{Variant: *pic.Own}
	if own.Width == info.Width && own.Height == info.Height {
		var ok bool
		if own.Data, ok = stripPNG(data); !ok {
			return nil, problem(hintSaveJPEG, "is damaged: its chunks do not add up to a whole PNG file")
		}
	} else {
		var err error
		if own.Data, err = encode(scale(src, own.Width, own.Height), PNG, p.Quality); err != nil {
			return nil, err
		}
	}
	// The planes are made last: the decoded picture (4 bytes a pixel) can
	// go while they are worked on.
	out, err := processYCbCr(nil, toYCbCr(src), info, pic, p)
	if err != nil {
		return nil, err
	}
	return append(out, own), nil
}

// processYCbCr is Process for an image in planes (planar.go): a decoded
// JPEG, whose bytes are data, or a PNG photo converted (data is nil). A
// variant that is the source JPEG itself, upright, is the source's bytes
// without their metadata when the source is no finer than the quality
// (strip.go).
func processYCbCr(data []byte, src *image.YCbCr, info Info, pic *Picture, p Params) ([]Output, error) {
	l := pic.Largest()
	dw, dh := info.Size()
	base := src
	if l.Width != dw || l.Height != dh || info.Orientation >= 2 && info.Orientation <= 8 {
		sw, sh := l.Width, l.Height
		if info.Orientation >= 5 {
			sw, sh = sh, sw
		}
		base = orientYCbCr(scaleYCbCr(src, src.Rect, sw, sh), info.Orientation)
	}
	out := make([]Output, 0, len(pic.Variants)+1)
	prev := base
	for i := len(pic.Variants) - 1; i >= 0; i-- {
		v := pic.Variants[i]
		img := prev
		if v.Width != prev.Rect.Dx() || v.Height != prev.Rect.Dy() {
			img = scaleYCbCr(prev, prev.Rect, v.Width, v.Height)
		}
		enc, copied := []byte(nil), false
		if img == src && data != nil && coarseAs(data, p.Quality) {
			enc, copied = stripJPEG(data)
		}
		if !copied {
			var err error
			if enc, err = encode(img, JPEG, p.Quality); err != nil {
				return nil, err
			}
		}
		out = append(out, Output{Variant: v, Data: enc})
		prev = img
	}
	slices.Reverse(out)
	if s := pic.Share; s != nil {
		var img *image.YCbCr
		if pic.Mode == Logo {
			img = containYCbCr(base, s.Width, s.Height)
		} else {
			img = scaleYCbCr(base, coverRect(base.Rect, s.Width, s.Height), s.Width, s.Height)
		}
		enc, err := encode(img, JPEG, p.Quality)
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Variant: *s, Data: enc})
	}
	return out, nil
}

func decode(data []byte, f Format) (image.Image, error) {
	var img image.Image
	var err error
	if f == JPEG {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err == nil {
		return img, nil
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return nil, problem(hintCopyAgain, "is truncated: the file ends before its image data does")
	}
	return nil, problem(hintSaveJPEG, "is damaged and cannot be decoded: %v", err)
}

func encode(img image.Image, f Format, quality int) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if f == PNG {
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality})
	}
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", f, err)
	}
	return buf.Bytes(), nil
}

func toRGBA(src image.Image) *image.RGBA {
	if m, ok := src.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
	return dst
}

// coverRect is the middle of b with the aspect of w×h.
func coverRect(b image.Rectangle, w, h int) image.Rectangle {
	aspect := float64(w) / float64(h)
	cw, ch := b.Dx(), b.Dy()
	if float64(cw)/float64(ch) > aspect {
		cw = max(1, int(math.Round(float64(ch)*aspect)))
	} else {
		ch = max(1, int(math.Round(float64(cw)/aspect)))
	}
	x0 := b.Min.X + (b.Dx()-cw)/2
	y0 := b.Min.Y + (b.Dy()-ch)/2
	return image.Rect(x0, y0, x0+cw, y0+ch)
}

// cover crops the middle of img to the aspect of w×h and resamples it to w×h.
func cover(img *image.RGBA, w, h int) *image.RGBA {
	r := coverRect(img.Bounds(), w, h)
	crop := img.SubImage(r)
	if r.Dx() == w && r.Dy() == h {
		return toRGBA(crop)
	}
	return scale(crop, w, h)
}

// contain centres img on a white w×h canvas, with a margin, never enlarged.
func contain(img *image.RGBA, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	b := img.Bounds()
	mw, mh := w*9/10, h*8/10
	s := min(1, float64(mw)/float64(b.Dx()), float64(mh)/float64(b.Dy()))
	lw := max(1, int(math.Round(float64(b.Dx())*s)))
	lh := max(1, int(math.Round(float64(b.Dy())*s)))
	r := image.Rect((w-lw)/2, (h-lh)/2, (w-lw)/2+lw, (h-lh)/2+lh)
	if lw == b.Dx() && lh == b.Dy() {
		draw.Draw(dst, r, img, b.Min, draw.Over)
	} else {
		draw.CatmullRom.Scale(dst, r, img, b, draw.Over, nil)
	}
	return dst
}
