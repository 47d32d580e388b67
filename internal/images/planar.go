package images

import (
	"image"
	"image/color"
	"math"
)

// A decoded JPEG is an *image.YCbCr: a full-size luma plane and two chroma
// planes, usually a quarter of its size. Photos are resampled, cropped and
// turned in those planes, one byte a sample, and handed to image/jpeg's
// encoder as they are; the RGBA path (scale, Orient, encode from RGBA) made
// each 640×480 photo's variants at 22.6 ms of CPU, three quarters of it
// converting between YCbCr and RGBA and resampling four bytes a pixel with
// x/image/draw's floating-point kernel. PNGs keep the RGBA path: they may
// be transparent.
//
// x/image/draw is not used here because it has no fast path that writes a
// one-channel image: on the three planes of a 640×480 photo, as
// *image.Gray, its Catmull-Rom took 13–18 ms to make the 360 px copy, and
// 13–18 ms through RGBA, where resample takes 2.5–3.0 ms
// (BenchmarkScaleXDraw, BenchmarkScaleYCbCr). TestScaleYCbCrMatchesRGBA
// holds the two to the same pictures.

// plane is one 8-bit channel.
type plane struct {
	pix    []uint8
	w, h   int
	stride int
}

// planes returns the luma and chroma planes of m, whose origin is (0, 0),
// and the chroma planes' shift from the luma plane, in bits across and down.
func planes(m *image.YCbCr) (y, cb, cr plane, xs, ys uint) {
	xs, ys, _ = chromaShift(m.SubsampleRatio)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	cw, ch := (w+1<<xs-1)>>xs, (h+1<<ys-1)>>ys
	return plane{m.Y, w, h, m.YStride}, plane{m.Cb, cw, ch, m.CStride}, plane{m.Cr, cw, ch, m.CStride}, xs, ys
}

// planar reports whether img can take the planar path: a YCbCr image at
// the origin (as image/jpeg decodes one) with a known subsampling.
func planar(img image.Image) (*image.YCbCr, bool) {
	m, ok := img.(*image.YCbCr)
	if !ok || m.Rect.Min != (image.Point{}) {
		return nil, false
	}
	_, _, ok = chromaShift(m.SubsampleRatio)
	return m, ok
}

// scaleYCbCr resamples the window r (in src's coordinates) of src to a new
// 4:2:0 image of w×h: each plane with the Catmull-Rom kernel, widened by
// the reduction as x/image/draw widens it, in two passes of integer
// arithmetic. A reduction of k ≥ 2 whole times first averages blocks of k×k
// samples of each plane, as scale does for RGBA.
func scaleYCbCr(src *image.YCbCr, r image.Rectangle, w, h int) *image.YCbCr {
	r = r.Intersect(src.Rect)
	sy, scb, scr, xs, ys := planes(src)
	k := min(r.Dx()/w, r.Dy()/h)
	// The window in the luma plane's coordinates.
	x0, y0 := float64(r.Min.X), float64(r.Min.Y)
	x1, y1 := x0+float64(r.Dx()), y0+float64(r.Dy())
	if k >= 2 {
		// Whole blocks only, as boxDown: the last pixels of a line that
		// do not fill a block are left out (the chroma planes' window
		// follows from this one).
		x1, y1 = x0+float64(r.Dx()/k*k), y0+float64(r.Dy()/k*k)
	}
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	dy, dcb, dcr, _, _ := planes(dst)
	scalePlane(dy, sy, x0, y0, x1, y1, k)
	// A chroma sample of dst covers 2×2 luma samples: its plane spans
	// 2·dcb.w × 2·dcb.h of dst's luma, which is that much of the window.
	fx, fy := float64(int(1)<<xs), float64(int(1)<<ys)
	cx1 := x0 + (x1-x0)*float64(2*dcb.w)/float64(w)
	cy1 := y0 + (y1-y0)*float64(2*dcb.h)/float64(h)
	scalePlane(dcb, scb, x0/fx, y0/fy, cx1/fx, cy1/fy, k)
	scalePlane(dcr, scr, x0/fx, y0/fy, cx1/fx, cy1/fy, k)
	return dst
}

// scalePlane resamples the window [x0, x1) × [y0, y1) of p to dst. When
// k ≥ 2 it first averages blocks of k×k samples from the window's corner
// on. An incomplete last block is averaged over what it has: dropping it,
// as boxDown does, would shorten a chroma plane by another fraction than
// its luma plane, and the colours would drift from the shapes towards the
// picture's far edges.
func scalePlane(dst, p plane, x0, y0, x1, y1 float64, k int) {
	if k >= 2 {
		ix0, iy0 := int(x0), int(y0)
		ix1, iy1 := min(p.w, int(math.Ceil(x1))), min(p.h, int(math.Ceil(y1)))
		p = boxPlane(plane{p.pix[iy0*p.stride+ix0:], ix1 - ix0, iy1 - iy0, p.stride}, k)
		f := float64(k)
		x0, x1 = (x0-float64(ix0))/f, (x1-float64(ix0))/f
		y0, y1 = (y0-float64(iy0))/f, (y1-float64(iy0))/f
	}
	resample(dst, p, x0, y0, x1, y1)
}

// boxPlane averages blocks of k×k samples; the last row and column of
// blocks may be incomplete.
func boxPlane(p plane, k int) plane {
	w, h := (p.w+k-1)/k, (p.h+k-1)/k
	out := plane{make([]uint8, w*h), w, h, w}
	sums := make([]uint32, w)
	for y := range h {
		clear(sums)
		n := uint32(0)
		for j := y * k; j < min(y*k+k, p.h); j++ {
			row := p.pix[j*p.stride:]
			for x := range w {
				var s uint32
				for _, v := range row[x*k : min(x*k+k, p.w)] {
					s += uint32(v)
				}
				sums[x] += s
			}
			n++
		}
		for x := range w {
			c := n * uint32(min(x*k+k, p.w)-x*k)
			out.pix[y*w+x] = uint8((sums[x] + c/2) / c)
		}
	}
	return out
}

// weightBits is the fixed-point precision of the kernel's weights.
const weightBits = 14

// filter is the kernel's taps for each output sample along one axis: output
// i reads n samples from start[i] on, with weights w[i*n:(i+1)*n] that sum
// to 1 << weightBits.
type filter struct {
	start []int
	n     int
	w     []int32
}

// catmullRom is the kernel of x/image/draw's CatmullRom.
func catmullRom(t float64) float64 {
	t = math.Abs(t)
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// newFilter maps out output samples onto the source span [a, b) of a line of
// size samples. Taps beyond the line are left out and the rest weighed up,
// as x/image/draw does.
func newFilter(out int, a, b float64, size int) filter {
	scale := (b - a) / float64(out)
	fs := max(scale, 1)
	radius := 2 * fs
	n := int(math.Ceil(2*radius)) + 1
	f := filter{start: make([]int, out), n: n, w: make([]int32, out*n)}
	ws := make([]float64, n)
	for i := range out {
		c := a + (float64(i)+0.5)*scale - 0.5 // the source position of the output's centre
		lo := max(0, int(math.Ceil(c-radius)))
		hi := min(size-1, int(math.Floor(c+radius)))
		if hi < lo { // the window lies past the line's end (rounding): take the edge
			lo = min(lo, size-1)
			hi = lo
		}
		if hi-lo+1 > n {
			hi = lo + n - 1
		}
		// Start where the taps fit inside the line, so rows can be read
		// without bounds trouble; the taps before lo weigh nothing.
		start := min(lo, max(0, size-n))
		clear(ws)
		var sum float64
		for j := lo; j <= hi; j++ {
			v := catmullRom((float64(j) - c) / fs)
			ws[j-start] = v
			sum += v
		}
		if sum == 0 {
			ws[lo-start], sum = 1, 1
		}
		// Round each weight, then give the rounding's remainder to the
		// largest, so that a flat area stays exactly flat.
		var total int32
		big := lo - start
		for t := range n {
			q := int32(math.Round(ws[t] / sum * (1 << weightBits)))
			f.w[i*n+t] = q
			total += q
			if ws[t] > ws[big] {
				big = t
			}
		}
		f.w[i*n+big] += 1<<weightBits - total
		f.start[i] = start
	}
	if n > size { // a line shorter than the taps: trim to it
		f = trimFilter(f, size)
	}
	return f
}

// trimFilter keeps the first size taps of each output (the rest weigh
// nothing: newFilter started them at 0 and left out taps past the line).
func trimFilter(f filter, size int) filter {
	t := filter{start: f.start, n: size, w: make([]int32, len(f.start)*size)}
	for i := range f.start {
		copy(t.w[i*size:(i+1)*size], f.w[i*f.n:i*f.n+size])
	}
	return t
}

func clamp8(v int32) uint8 {
	v = (v + 1<<(weightBits-1)) >> weightBits
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// resample fills dst from the window [x0, x1) × [y0, y1) of src: across
// into a buffer of dst's width and the rows the second pass reads, then
// down.
func resample(dst, src plane, x0, y0, x1, y1 float64) {
	fx := newFilter(dst.w, x0, x1, src.w)
	fy := newFilter(dst.h, y0, y1, src.h)
	// The source rows the vertical pass reads.
	r0, r1 := fy.start[0], fy.start[len(fy.start)-1]+fy.n
	mid := make([]uint8, dst.w*(r1-r0))
	n := fx.n
	for y := r0; y < r1; y++ {
		row := src.pix[y*src.stride : y*src.stride+src.w]
		out := mid[(y-r0)*dst.w : (y-r0+1)*dst.w]
		for i, start := range fx.start[:len(out)] {
			taps := row[start : start+n]
			ws := fx.w[i*n : i*n+n]
			ws = ws[:len(taps)] // one bounds check for the loop
			var s int32
			for t, v := range taps {
				s += int32(v) * ws[t]
			}
			out[i] = clamp8(s)
		}
	}
	acc := make([]int32, dst.w)
	for i := range dst.h {
		clear(acc)
		ws := fy.w[i*fy.n : (i+1)*fy.n]
		for t, wt := range ws {
			if wt == 0 {
				continue
			}
			y := fy.start[i] + t - r0
			m := mid[y*dst.w : (y+1)*dst.w]
			a := acc[:len(m)]
			for x, v := range m {
				a[x] += int32(v) * wt
			}
		}
		out := dst.pix[i*dst.stride : i*dst.stride+dst.w]
		out = out[:len(acc)]
		for x, v := range acc {
			out[x] = clamp8(v)
		}
	}
}

// containYCbCr is contain for a JPEG logo, which has no transparency: m
// centred on a white w×h 4:2:0 picture with a margin, never enlarged. Its
// corner is put on an even pixel, so that its chroma samples are the
// canvas's.
func containYCbCr(m *image.YCbCr, w, h int) *image.YCbCr {
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for i := range dst.Y {
		dst.Y[i] = 255
	}
	for i := range dst.Cb {
		dst.Cb[i], dst.Cr[i] = 128, 128
	}
	bw, bh := m.Rect.Dx(), m.Rect.Dy()
	s := min(1, float64(w*9/10)/float64(bw), float64(h*8/10)/float64(bh))
	lw := max(1, int(math.Round(float64(bw)*s)))
	lh := max(1, int(math.Round(float64(bh)*s)))
	logo := m
	if lw != bw || lh != bh || m.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		logo = scaleYCbCr(m, m.Rect, lw, lh)
	}
	ox, oy := (w-lw)/2&^1, (h-lh)/2&^1
	ly, lcb, lcr, _, _ := planes(logo)
	dy, dcb, dcr, _, _ := planes(dst)
	paste := func(dst, src plane, x, y int) {
		for r := range src.h {
			copy(dst.pix[(y+r)*dst.stride+x:], src.pix[r*src.stride:r*src.stride+src.w])
		}
	}
	paste(dy, ly, ox, oy)
	paste(dcb, lcb, ox/2, oy/2)
	paste(dcr, lcr, ox/2, oy/2)
	return dst
}

// orientYCbCr returns m, a 4:2:0 image, turned upright for an EXIF
// orientation, plane by plane (see Orient).
func orientYCbCr(m *image.YCbCr, orientation int) *image.YCbCr {
	if orientation < 2 || orientation > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	if orientation >= 5 {
		w, h = h, w
	}
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	sy, scb, scr, _, _ := planes(m)
	dy, dcb, dcr, _, _ := planes(dst)
	orientPlane(dy, sy, orientation, false, false)
	// A chroma sample covers two columns and two rows of luma; when the
	// luma is odd across a flipped axis, the turned samples fall half-way
	// between two of the source's.
	oddW, oddH := m.Rect.Dx()%2 == 1, m.Rect.Dy()%2 == 1
	orientPlane(dcb, scb, orientation, oddW, oddH)
	orientPlane(dcr, scr, orientation, oddW, oddH)
	return dst
}

// orientPlane fills dst with src turned upright (dst has the turned size).
// halfX and halfY say that a flip along src's x or y axis lands half-way
// between two samples: each is then the mean of the two.
func orientPlane(dst, src plane, orientation int, halfX, halfY bool) {
	w, h := src.w, src.h
	var flipX, flipY bool // whether src's x or y axis is reversed
	switch orientation {
	case 2, 8:
		flipX = true
	case 3, 7:
		flipX, flipY = true, true
	case 4, 6:
		flipY = true
	}
	halfX, halfY = halfX && flipX, halfY && flipY
	for y := range dst.h {
		row := dst.pix[y*dst.stride : y*dst.stride+dst.w]
		for x := range row {
			sx, sy := storedAt(orientation, w, h, x, y)
			if !halfX && !halfY {
				row[x] = src.pix[sy*src.stride+sx]
				continue
			}
			sx2, sy2 := sx, sy
			if halfX {
				sx2 = max(sx-1, 0)
			}
			if halfY {
				sy2 = max(sy-1, 0)
			}
			a, b := uint(src.pix[sy*src.stride+sx]), uint(src.pix[sy*src.stride+sx2])
			c, d := uint(src.pix[sy2*src.stride+sx]), uint(src.pix[sy2*src.stride+sx2])
			row[x] = uint8((a + b + c + d + 2) / 4)
		}
	}
}

// toYCbCr converts an opaque image to 4:2:0 planes as image/jpeg does when
// it encodes an image of another kind: each pixel's luma, and the chroma of
// each 2×2 block averaged (an odd last row or column counted twice, as the
// encoder repeats the edge).
func toYCbCr(src image.Image) *image.YCbCr {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	rgb := make([]uint8, 3*w)
	cw := (w + 1) / 2
	cb := make([]int32, cw)
	cr := make([]int32, cw)
	for y := 0; y < h; y += 2 {
		clear(cb)
		clear(cr)
		for dy := range 2 {
			yy := min(y+dy, h-1)
			rgbRow(rgb, src, b.Min.Y+yy)
			row := dst.Y[yy*dst.YStride:]
			for x := range w {
				l, u, v := color.RGBToYCbCr(rgb[3*x], rgb[3*x+1], rgb[3*x+2])
				row[x] = l
				n := int32(1)
				if x == w-1 && w%2 == 1 {
					n = 2 // the edge column repeated
				}
				cb[x/2] += n * int32(u)
				cr[x/2] += n * int32(v)
			}
		}
		for x := range cw {
			dst.Cb[(y/2)*dst.CStride+x] = uint8((cb[x] + 2) >> 2)
			dst.Cr[(y/2)*dst.CStride+x] = uint8((cr[x] + 2) >> 2)
		}
	}
	return dst
}

// rgbRow fills dst with the 8-bit red, green and blue of row y of src, as
// color.RGBAModel converts them: directly for the kinds a PNG decodes to,
// through the colour model for others.
func rgbRow(dst []uint8, src image.Image, y int) {
	b := src.Bounds()
	w := b.Dx()
	switch m := src.(type) {
	case *image.RGBA:
		pix := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := range w {
			dst[3*x], dst[3*x+1], dst[3*x+2] = pix[4*x], pix[4*x+1], pix[4*x+2]
		}
	case *image.RGBA64:
		pix := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := range w { // the high byte of each 16-bit sample
			dst[3*x], dst[3*x+1], dst[3*x+2] = pix[8*x], pix[8*x+2], pix[8*x+4]
		}
	case *image.Gray:
		pix := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := range w {
			dst[3*x], dst[3*x+1], dst[3*x+2] = pix[x], pix[x], pix[x]
		}
	case *image.Gray16:
		pix := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := range w {
			dst[3*x], dst[3*x+1], dst[3*x+2] = pix[2*x], pix[2*x], pix[2*x]
		}
	default:
		for x := range w {
			c := color.RGBAModel.Convert(src.At(b.Min.X+x, y)).(color.RGBA)
			dst[3*x], dst[3*x+1], dst[3*x+2] = c.R, c.G, c.B
		}
	}
}
