package images

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// band is the height (first pass) or width (second pass) of the strips that
// scale resamples at a time.
const band = 64

// scale resamples src to w×h. A reduction of k times or more (k ≥ 2 whole)
// first averages blocks of k×k pixels, which costs a fraction of a kernel's
// work and leaves a picture between 1 and 2 times the target; then
// golang.org/x/image/draw's Catmull-Rom kernel makes the exact size, in two
// passes, each in strips: along rows (to w × height), then along columns. A
// kernel is separable and at scale 1 weighs only the pixel itself, so a strip
// of rows scaled across, or of columns scaled down, is exactly that strip of
// a whole-image resampling; draw's Scale would keep a buffer of 32 bytes per
// target column and source row (115 MB for a 12 MP photo made 1200 wide),
// strips keep it to a few megabytes.
func scale(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
		src = boxDown(src, k)
		b = src.Bounds()
	}
	sw, sh := b.Dx(), b.Dy()
	var mid *image.RGBA
	if w == sw {
		mid = toRGBA(src)
	} else {
		mid = image.NewRGBA(image.Rect(0, 0, w, sh))
		var strips scalers
		for y := 0; y < sh; y += band {
			y1 := min(y+band, sh)
			strips.get(w, y1-y, sw, y1-y).Scale(mid, image.Rect(0, y, w, y1), src, image.Rect(b.Min.X, b.Min.Y+y, b.Max.X, b.Min.Y+y1), draw.Src, nil)
		}
	}
	if h == sh {
		return mid
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	var strips scalers
	for x := 0; x < w; x += band {
		x1 := min(x+band, w)
		strips.get(x1-x, h, x1-x, sh).Scale(dst, image.Rect(x, 0, x1, h), mid, image.Rect(x, 0, x1, sh), draw.Src, nil)
	}
	return dst
}

// scalers keeps the Catmull-Rom scalers of one pass's strips, by size: all
// strips but the last have one size, so their weights are computed once and
// their scratch buffer is allocated once (draw.Kernel.Scale did both for
// every strip: 12.5 s of the CPU of 3,222 photos, the buffers fresh memory
// each time).
type scalers struct {
	full, last   draw.Scaler
	fullK, lastK [4]int
}

func (s *scalers) get(dw, dh, sw, sh int) draw.Scaler {
	k := [4]int{dw, dh, sw, sh}
	switch {
	case s.full != nil && s.fullK == k:
		return s.full
	case s.last != nil && s.lastK == k:
		return s.last
	case s.full == nil:
		s.full, s.fullK = draw.CatmullRom.NewScaler(dw, dh, sw, sh), k
		return s.full
	}
	s.last, s.lastK = draw.CatmullRom.NewScaler(dw, dh, sw, sh), k
	return s.last
}

// boxDown averages blocks of k×k pixels, dropping an incomplete last row or
// column of blocks.
func boxDown(src image.Image, k int) *image.RGBA {
	if ycc, ok := src.(*image.YCbCr); ok {
		if xs, ys, ok := chromaShift(ycc.SubsampleRatio); ok && ycc.Rect.Min == (image.Point{}) {
			return boxDownYCbCr(ycc, k, xs, ys)
		}
	}
	if m, ok := src.(*image.RGBA); ok {
		return boxDownRGBA(m, k)
	}
	b := src.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	n := uint32(k * k)
	for y := range h {
		for x := range w {
			var sr, sg, sb, sa uint32
			for j := range k {
				for i := range k {
					r, g, bb, a := src.At(b.Min.X+x*k+i, b.Min.Y+y*k+j).RGBA()
					sr, sg, sb, sa = sr+r, sg+g, sb+bb, sa+a
				}
			}
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = to8(sr/n), to8(sg/n), to8(sb/n), to8(sa/n)
		}
	}
	return dst
}

// chromaShift returns how far the chroma planes of a subsample ratio are
// shifted from the luma plane, in bits across and down.
func chromaShift(r image.YCbCrSubsampleRatio) (xs, ys uint, ok bool) {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return 0, 0, true
	case image.YCbCrSubsampleRatio422:
		return 1, 0, true
	case image.YCbCrSubsampleRatio420:
		return 1, 1, true
	case image.YCbCrSubsampleRatio440:
		return 0, 1, true
	case image.YCbCrSubsampleRatio411:
		return 2, 0, true
	case image.YCbCrSubsampleRatio410:
		return 2, 1, true
	}
	return 0, 0, false
}

// boxDownYCbCr is boxDown reading the planes of a decoded JPEG directly.
func boxDownYCbCr(src *image.YCbCr, k int, xs, ys uint) *image.RGBA {
	w, h := src.Rect.Dx()/k, src.Rect.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	n := uint32(k * k)
	for y := range h {
		for x := range w {
			var sy, scb, scr uint32
			for j := y * k; j < y*k+k; j++ {
				yrow := src.Y[j*src.YStride+x*k : j*src.YStride+x*k+k]
				for _, v := range yrow {
					sy += uint32(v)
				}
				crow := (j >> ys) * src.CStride
				for i := x * k; i < x*k+k; i++ {
					c := crow + i>>xs
					scb += uint32(src.Cb[c])
					scr += uint32(src.Cr[c])
				}
			}
			r, g, bb := color.YCbCrToRGB(uint8((sy+n/2)/n), uint8((scb+n/2)/n), uint8((scr+n/2)/n))
			o := y*dst.Stride + x*4
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = r, g, bb, 0xff
		}
	}
	return dst
}

// boxDownRGBA is boxDown reading an RGBA image's pixels directly.
func boxDownRGBA(src *image.RGBA, k int) *image.RGBA {
	w, h := src.Rect.Dx()/k, src.Rect.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	n := uint32(k * k)
	for y := range h {
		for x := range w {
			var s [4]uint32
			for j := range k {
				o := src.PixOffset(src.Rect.Min.X+x*k, src.Rect.Min.Y+y*k+j)
				for _, v := range src.Pix[o : o+4*k] {
					s[o&3] += uint32(v)
					o++
				}
			}
			d := y*dst.Stride + x*4
			for c := range 4 {
				dst.Pix[d+c] = uint8((s[c] + n/2) / n)
			}
		}
	}
	return dst
}

// to8 turns a 16-bit colour value into 8 bits, rounded.
func to8(v uint32) uint8 { return uint8(min((v+0x80)>>8, 0xff)) }
