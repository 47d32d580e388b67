package images

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"

	"golang.org/x/image/draw"

	"github.com/khanhson-ocop/ocop/internal/images/imagestest"
)

// photo is a deterministic stand-in for a photograph: smooth gradients,
// fine stripes, hard-edged shapes and noise, decoded from a JPEG as a
// producer's photo would be.
func photo(t testing.TB, w, h int) *image.YCbCr {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			n := int(seed>>27) - 16
			r := 60 + 150*x/w + n
			g := 90 + int(60*math.Sin(float64(x+y)/9)) + n
			b := 200 - 150*y/h + n
			if (x/40+y/40)%2 == 0 && x > w/3 && y > h/3 { // a checked block
				r, g, b = 240, 230, 40
			}
			if (x/3)%2 == 0 && y < h/5 { // stripes finer than most outputs
				r, g, b = r/2, g/2, b/2
			}
			img.SetRGBA(x, y, color.RGBA{clampInt(r), clampInt(g), clampInt(b), 255})
		}
	}
	m, err := jpeg.Decode(bytes.NewReader(imagestest.EncodeJPEG(t, img, 90)))
	if err != nil {
		t.Fatal(err)
	}
	return m.(*image.YCbCr)
}

func clampInt(v int) uint8 { return uint8(min(max(v, 0), 255)) }

// planePSNR compares got with want in got's planes: luma pixel by pixel,
// each chroma sample (of 2×2 pixels) with the mean of want's chroma over
// those pixels, which is what a JPEG encoder keeps of want.
func planePSNR(got *image.YCbCr, want *image.RGBA) (luma, chroma float64) {
	w, h := got.Rect.Dx(), got.Rect.Dy()
	var se, sc float64
	var nc int
	for y := range h {
		for x := range w {
			p := want.RGBAAt(x, y)
			yy, _, _ := color.RGBToYCbCr(p.R, p.G, p.B)
			d := float64(yy) - float64(got.Y[got.YOffset(x, y)])
			se += d * d
			if x%2 != 0 || y%2 != 0 {
				continue
			}
			var cb, cr, k float64
			for j := y; j < min(y+2, h); j++ {
				for i := x; i < min(x+2, w); i++ {
					p := want.RGBAAt(i, j)
					_, b, r := color.RGBToYCbCr(p.R, p.G, p.B)
					cb, cr, k = cb+float64(b), cr+float64(r), k+1
				}
			}
			o := got.COffset(x, y)
			db, dr := cb/k-float64(got.Cb[o]), cr/k-float64(got.Cr[o])
			sc += (db*db + dr*dr) / 2
			nc++
		}
	}
	db := func(se float64) float64 {
		if se == 0 {
			return math.Inf(1)
		}
		return 10 * math.Log10(255*255/se)
	}
	return db(se / float64(w*h)), db(sc / float64(nc))
}

// TestScaleYCbCrMatchesRGBA holds the planar resampler to the RGBA one
// (x/image/draw's Catmull-Rom in floating point): every reduction,
// enlargement and crop must give the same picture within what 8-bit
// rounding and resampling chroma at its own resolution change.
func TestScaleYCbCrMatchesRGBA(t *testing.T) {
	for _, tc := range []struct {
		sw, sh int
		crop   image.Rectangle // zero: the whole image
		w, h   int
	}{
		{640, 480, image.Rectangle{}, 360, 270},           // a phone-sized variant
		{640, 480, image.Rect(0, 72, 640, 408), 533, 280}, // a cover's share picture
		{1500, 1000, image.Rectangle{}, 720, 480},         // boxed first (k = 2)
		{1500, 1000, image.Rectangle{}, 1200, 800},        // a small reduction
		{301, 199, image.Rectangle{}, 150, 99},            // odd sizes
		{120, 90, image.Rectangle{}, 200, 150},            // an enlargement
		{97, 61, image.Rect(11, 5, 90, 50), 60, 35},       // a crop at odd places
		// A crop reduced twice or more, at even places: boxing a chroma
		// plane from half-way into a sample would average other pixels
		// than the RGBA path (no share picture is that much smaller than
		// the picture it is cut from).
		{640, 480, image.Rect(10, 4, 630, 470), 300, 220},
		{640, 480, image.Rectangle{}, 3, 2}, // a tiny one
	} {
		t.Run(fmt.Sprintf("%dx%d→%dx%d", tc.sw, tc.sh, tc.w, tc.h), func(t *testing.T) {
			src := photo(t, tc.sw, tc.sh)
			r := tc.crop
			if r.Empty() {
				r = src.Rect
			}
			got := scaleYCbCr(src, r, tc.w, tc.h)
			if got.Rect.Dx() != tc.w || got.Rect.Dy() != tc.h {
				t.Fatalf("size %v, want %d×%d", got.Rect, tc.w, tc.h)
			}
			want := scale(toRGBA(src).SubImage(r), tc.w, tc.h)
			// Chroma is resampled at its own resolution here and at the
			// pixels' there (from chroma repeated over 2×2 pixels), which
			// is as far apart as 36 dB on this picture's sharp coloured
			// stripes; JPEG's quantisation at quality 80 takes more. Chroma
			// of the tiniest outputs is mostly edge, where the two leave
			// out different taps.
			minLuma, minChroma := 45.0, 36.0
			if tc.w < 10 {
				minLuma, minChroma = 35, 20
			}
			if l, c := planePSNR(got, want); l < minLuma || c < minChroma {
				t.Errorf("PSNR against the RGBA path: luma %.1f dB, chroma %.1f dB; want ≥ %.0f and ≥ %.0f", l, c, minLuma, minChroma)
			}
		})
	}
}

// TestScaleYCbCrRatios resamples photos whose chroma is subsampled in each
// way JPEG allows (phones write 4:2:0, many cameras 4:2:2, some 4:4:4), at
// odd sizes, reduced and reduced twice or more: each as the RGBA path.
func TestScaleYCbCrRatios(t *testing.T) {
	base := toRGBA(photo(t, 331, 247))
	for _, ratio := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	} {
		// Each chroma sample is the mean of the pixels it covers.
		src := image.NewYCbCr(base.Rect, ratio)
		sums := make([][3]int, len(src.Cb))
		for y := range base.Rect.Dy() {
			for x := range base.Rect.Dx() {
				p := base.RGBAAt(x, y)
				yy, cb, cr := color.RGBToYCbCr(p.R, p.G, p.B)
				src.Y[src.YOffset(x, y)] = yy
				c := src.COffset(x, y)
				sums[c][0], sums[c][1], sums[c][2] = sums[c][0]+int(cb), sums[c][1]+int(cr), sums[c][2]+1
			}
		}
		for i, s := range sums {
			src.Cb[i], src.Cr[i] = uint8((s[0]+s[2]/2)/s[2]), uint8((s[1]+s[2]/2)/s[2])
		}
		for _, size := range [][2]int{{200, 149}, {120, 90}} {
			t.Run(fmt.Sprintf("%v→%dx%d", ratio, size[0], size[1]), func(t *testing.T) {
				got := scaleYCbCr(src, src.Rect, size[0], size[1])
				want := scale(toRGBA(src), size[0], size[1])
				if l, c := planePSNR(got, want); l < 45 || c < 36 {
					t.Errorf("PSNR against the RGBA path: luma %.1f dB, chroma %.1f dB; want ≥ 45 and ≥ 36", l, c)
				}
			})
		}
	}
}

// TestScaleYCbCrFlat checks that the fixed-point weights of every output
// sum to one exactly: a flat picture stays flat at every size.
func TestScaleYCbCrFlat(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 333, 250), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = 201
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = 37, 250
	}
	for _, size := range [][2]int{{100, 75}, {332, 249}, {500, 400}, {1, 1}, {160, 250}} {
		got := scaleYCbCr(src, src.Rect, size[0], size[1])
		for i, v := range got.Y {
			if v != 201 {
				t.Fatalf("%v: Y[%d] = %d, want 201", size, i, v)
			}
		}
		for i := range got.Cb {
			if got.Cb[i] != 37 || got.Cr[i] != 250 {
				t.Fatalf("%v: chroma[%d] = %d, %d, want 37, 250", size, i, got.Cb[i], got.Cr[i])
			}
		}
	}
}

// TestOrientYCbCrMatchesRGBA turns a picture of odd size by every EXIF
// orientation in planes and in RGBA: the same picture.
func TestOrientYCbCrMatchesRGBA(t *testing.T) {
	src := scaleYCbCr(photo(t, 81, 57), image.Rect(0, 0, 81, 57), 81, 57)
	for o := 1; o <= 8; o++ {
		got, want := orientYCbCr(src, o), Orient(toRGBA(src), o)
		if got.Rect.Size() != want.Rect.Size() {
			t.Fatalf("orientation %d: size %v, want %v", o, got.Rect.Size(), want.Rect.Size())
		}
		if l, c := planePSNR(got, want); l < 50 || c < 45 {
			t.Errorf("orientation %d: PSNR against Orient: luma %.1f dB (want ≥ 50), chroma %.1f dB (want ≥ 45)", o, l, c)
		}
	}
}

// BenchmarkProcessSmall makes the published files of a 640×480 cover
// photo, the size of the fixture's photos.
func BenchmarkProcessSmall(b *testing.B) {
	benchProcess(b, imagestest.EncodeJPEG(b, photo(b, 640, 480), 85))
}

// TestCoarseCopied checks which photos at their own width are published as
// they are: one saved at quality 80 or less and upright keeps its pixels
// exactly; one saved finer, or stored turned, is encoded anew at 80.
func TestCoarseCopied(t *testing.T) {
	img := photo(t, 320, 240)
	for _, tc := range []struct {
		name        string
		quality     int
		orientation int
		copied      bool
	}{
		{"quality 60", 60, 1, true},
		{"quality 80", 80, 1, true},
		{"quality 81", 81, 1, false},
		{"quality 95", 95, 1, false},
		{"quality 60, stored turned", 60, 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := imagestest.EncodeJPEG(t, img, tc.quality)
			if tc.orientation != 1 {
				src = imagestest.WithExif(src, imagestest.ExifTIFF(binary.BigEndian, tc.orientation))
			}
			info, err := Probe(src, 0)
			if err != nil {
				t.Fatal(err)
			}
			pic := Plan("p.jpg", info, Photo, Params{})
			outs, err := Process(src, pic, Params{})
			if err != nil {
				t.Fatal(err)
			}
			own := outs[len(outs)-1]
			if own.Width != 320 {
				t.Fatalf("the widest variant is %d wide, want 320", own.Width)
			}
			want, err := jpeg.Decode(bytes.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			got, err := jpeg.Decode(bytes.NewReader(own.Data))
			if err != nil {
				t.Fatal(err)
			}
			same := bytes.Equal(got.(*image.YCbCr).Y, want.(*image.YCbCr).Y) && bytes.Equal(got.(*image.YCbCr).Cb, want.(*image.YCbCr).Cb)
			if same != tc.copied || bytes.Equal(own.Data, src) != tc.copied {
				t.Errorf("copied = %v (pixels identical %v), want %v", bytes.Equal(own.Data, src), same, tc.copied)
			}
			if !coarseAs(own.Data, 80) {
				t.Errorf("the published file is finer than quality 80")
			}
		})
	}
}

// FuzzStripJPEG feeds stripJPEG any bytes: it never panics, and a file it
// strips decodes to the very pixels the original decodes to.
func FuzzStripJPEG(f *testing.F) {
	src := imagestest.EncodeJPEG(f, photo(f, 48, 32), 70)
	f.Add(src)
	f.Add(imagestest.WithExif(src, imagestest.ExifTIFF(binary.LittleEndian, 1)))
	f.Add(append(imagestest.WithSegment(src, 0xFE, []byte("note")), "trailing"...))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, ok := stripJPEG(data)
		if !ok {
			return
		}
		for _, code := range segments(t, out) {
			if code >= 0xE1 && code <= 0xED || code == 0xEF || code == 0xFE {
				t.Fatalf("kept segment 0x%X", code)
			}
		}
		want, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		got, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("the original decodes, the stripped copy does not: %v", err)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
		}
		for y := want.Bounds().Min.Y; y < want.Bounds().Max.Y; y++ {
			for x := want.Bounds().Min.X; x < want.Bounds().Max.X; x++ {
				if got.At(x, y) != want.At(x, y) {
					t.Fatalf("pixel (%d,%d) is %v, want %v", x, y, got.At(x, y), want.At(x, y))
				}
			}
		}
	})
}

// BenchmarkScaleYCbCr resamples a 640×480 photo to 360×270 in its planes.
func BenchmarkScaleYCbCr(b *testing.B) {
	src := photo(b, 640, 480)
	for b.Loop() {
		scaleYCbCr(src, src.Rect, 360, 270)
	}
}

// BenchmarkScaleXDraw does what BenchmarkScaleYCbCr does with
// golang.org/x/image/draw's Catmull-Rom: on the three planes as
// *image.Gray (it has no fast path that writes one), and through RGBA, as
// the pipeline did before the planar path.
func BenchmarkScaleXDraw(b *testing.B) {
	src := photo(b, 640, 480)
	b.Run("planes", func(b *testing.B) {
		gray := func(p plane) *image.Gray {
			return &image.Gray{Pix: p.pix, Stride: p.stride, Rect: image.Rect(0, 0, p.w, p.h)}
		}
		sy, scb, scr, _, _ := planes(src)
		for b.Loop() {
			dst := image.NewYCbCr(image.Rect(0, 0, 360, 270), image.YCbCrSubsampleRatio420)
			dy, dcb, dcr, _, _ := planes(dst)
			for _, p := range [][2]plane{{dy, sy}, {dcb, scb}, {dcr, scr}} {
				d, s := gray(p[0]), gray(p[1])
				draw.CatmullRom.Scale(d, d.Rect, s, s.Rect, draw.Src, nil)
			}
		}
	})
	b.Run("rgba", func(b *testing.B) {
		for b.Loop() {
			scale(toRGBA(src), 360, 270)
		}
	})
}

// TestProcessTinyAndThin makes every file of photos one pixel wide or high,
// in each EXIF orientation, saved coarse (copied) and fine (encoded anew),
// as cover, photo and unnamed image: each file has the size planned.
func TestProcessTinyAndThin(t *testing.T) {
	for _, sz := range [][2]int{{1, 1}, {2, 1}, {1, 2}, {3, 3}, {17, 1}, {1, 17}, {2000, 1}, {1, 2000}} {
		for o := 1; o <= 8; o++ {
			for _, q := range []int{60, 95} {
				src := imagestest.EncodeJPEG(t, imagestest.Stored(sz[0], sz[1], 1), q)
				if o > 1 {
					src = imagestest.WithExif(src, imagestest.ExifTIFF(binary.LittleEndian, o))
				}
				info, err := Probe(src, 0)
				if err != nil {
					t.Fatal(err)
				}
				for _, mode := range []Mode{Cover, Photo, Single} {
					pic := Plan("a.jpg", info, mode, Params{})
					outs, err := Process(src, pic, Params{})
					if err != nil {
						t.Fatalf("%d×%d, orientation %d, quality %d, %s: %v", sz[0], sz[1], o, q, mode, err)
					}
					for _, out := range outs {
						cfg, err := jpeg.DecodeConfig(bytes.NewReader(out.Data))
						if err != nil || cfg.Width != out.Width || cfg.Height != out.Height {
							t.Errorf("%d×%d, orientation %d, %s: %s is %d×%d (%v), planned %d×%d", sz[0], sz[1], o, mode, out.Name, cfg.Width, cfg.Height, err, out.Width, out.Height)
						}
					}
				}
			}
		}
	}
}
