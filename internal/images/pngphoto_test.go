package images

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/images/imagestest"
)

// rgbPhoto is photo as an RGBA image, as a PNG of a photograph decodes.
func rgbPhoto(t testing.TB, w, h int) *image.RGBA {
	t.Helper()
	src := photo(t, w, h)
	img := image.NewRGBA(src.Rect)
	draw.Draw(img, img.Rect, src, image.Point{}, draw.Src)
	return img
}

// withChunks inserts chunks after a PNG's header chunk.
func withChunks(data []byte, chunks ...[]byte) []byte {
	const ihdrEnd = 8 + 12 + 13
	out := append([]byte{}, data[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, data[ihdrEnd:]...)
}

// TestOpaquePNG checks which PNGs count as photos that may become JPEG:
// grey and truecolour ones without a transparent colour.
func TestOpaquePNG(t *testing.T) {
	rgb := imagestest.EncodePNG(t, rgbPhoto(t, 64, 48)) // opaque RGBA is written as RGB
	nrgba := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	nrgba.SetNRGBA(1, 1, color.NRGBA{200, 0, 0, 128})
	pal := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White})
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"truecolour", rgb, true},
		{"truecolour with text", withChunks(rgb, imagestest.PNGChunk("tEXt", []byte("Author\x00Owner"))), true},
		{"truecolour with a transparent colour", withChunks(rgb, imagestest.PNGChunk("tRNS", []byte{0, 1, 0, 2, 0, 3})), false},
		{"grey", imagestest.EncodePNG(t, image.NewGray(image.Rect(0, 0, 8, 8))), true},
		{"alpha channel", imagestest.EncodePNG(t, nrgba), false},
		{"palette", imagestest.EncodePNG(t, pal), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info, err := Probe(tc.data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if info.Opaque != tc.want {
				t.Errorf("Opaque = %v, want %v", info.Opaque, tc.want)
			}
		})
	}
	jpg := imagestest.EncodeJPEG(t, photo(t, 16, 16), 80)
	if info, err := Probe(jpg, 0); err != nil || info.Opaque {
		t.Errorf("a JPEG: Opaque = %v, %v; want false (the field is for PNGs)", info.Opaque, err)
	}
}

// TestPNGPhoto checks what a photo saved as an opaque PNG is published as:
// JPEG variants and share picture that look like the photo, and under its
// own name a PNG with no metadata, holding the photo's very pixels when it is
// no wider than the widest variant.
func TestPNGPhoto(t *testing.T) {
	for _, tc := range []struct {
		name          string
		w, h          int
		mode          Mode
		ownW, ownH    int
		variants      int
		identicalOwn  bool
		wantShareSize image.Point
	}{
		{"small cover", 640, 480, Cover, 640, 480, 2, true, image.Pt(640, 336)},
		{"odd-sized photo", 361, 199, Photo, 361, 199, 2, true, image.Point{}},
		{"wide cover", 1500, 1000, Cover, 1200, 800, 3, false, image.Pt(1200, 630)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := rgbPhoto(t, tc.w, tc.h)
			src := imagestest.EncodePNG(t, want)
			src = withChunks(src,
				imagestest.PNGChunk("tEXt", []byte("Author\x00Owner Name")),
				imagestest.PNGChunk("eXIf", []byte("MM\x00*serial 12345")),
				imagestest.PNGChunk("tIME", []byte{7, 234, 12, 5, 10, 0, 0}))
			info, err := Probe(src, 0)
			if err != nil {
				t.Fatal(err)
			}
			pic := Plan("anh.png", info, tc.mode, Params{})
			outs, err := Process(src, pic, Params{})
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != len(pic.Files()) {
				t.Fatalf("%d files, planned %d", len(outs), len(pic.Files()))
			}
			var jpegs int
			for _, o := range outs {
				for _, secret := range []string{"Owner Name", "serial 12345", "tEXt", "eXIf", "tIME"} {
					if bytes.Contains(o.Data, []byte(secret)) {
						t.Errorf("%s holds %q", o.Name, secret)
					}
				}
				if o.Key == "own.png" {
					if o.Name != "anh.png" {
						t.Errorf("own-name copy published as %s", o.Name)
					}
					got, err := png.Decode(bytes.NewReader(o.Data))
					if err != nil {
						t.Fatalf("own-name copy: %v", err)
					}
					if got.Bounds().Size() != image.Pt(tc.ownW, tc.ownH) {
						t.Errorf("own-name copy %v, want %d×%d", got.Bounds().Size(), tc.ownW, tc.ownH)
					}
					if tc.identicalOwn && !samePixels(got, want) {
						t.Error("the own-name copy's pixels differ from the source's")
					}
					continue
				}
				if Sniff(o.Data) != "jpeg" || !bytes.HasSuffix([]byte(o.Name), []byte(".jpg")) {
					t.Errorf("%s (%s) is not a JPEG", o.Name, Sniff(o.Data))
					continue
				}
				jpegs++
				got, err := jpeg.Decode(bytes.NewReader(o.Data))
				if err != nil {
					t.Fatalf("%s: %v", o.Name, err)
				}
				if got.Bounds().Size() != image.Pt(o.Width, o.Height) {
					t.Errorf("%s is %v, planned %d×%d", o.Name, got.Bounds().Size(), o.Width, o.Height)
				}
				if o.Key == "share.jpg" {
					if got.Bounds().Size() != tc.wantShareSize {
						t.Errorf("share picture %v, want %v", got.Bounds().Size(), tc.wantShareSize)
					}
					continue
				}
				// The variant at the photo's own width must be the photo,
				// up to JPEG's loss at quality 80.
				if o.Width == tc.w {
					l, c := planePSNR(got.(*image.YCbCr), want)
					if l < 30 || c < 30 {
						t.Errorf("%s: luma %.1f dB, chroma %.1f dB from the source; want ≥ 30", o.Name, l, c)
					}
				}
			}
			wantJPEGs := tc.variants
			if tc.mode == Cover {
				wantJPEGs++
			}
			if jpegs != wantJPEGs {
				t.Errorf("%d JPEG files, want %d", jpegs, wantJPEGs)
			}
		})
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// TestToYCbCrMatchesEncoder holds toYCbCr to image/jpeg's own conversion of
// an RGBA image. Where the encoder pads a block past the edge with one
// pixel's values either way (odd sizes, whole 16-pixel blocks), the planes
// and the RGBA image must encode to the same file. Past an even edge it
// repeats the last pixel's chroma from RGBA but the last 2×2 average from
// planes: only that padding differs, so the pictures decode nearly alike.
func TestToYCbCrMatchesEncoder(t *testing.T) {
	for _, size := range []image.Point{{64, 48}, {33, 17}, {1, 1}, {17, 3}} {
		img := rgbPhoto(t, size.X, size.Y)
		a := imagestest.EncodeJPEG(t, img, 80)
		b := imagestest.EncodeJPEG(t, toYCbCr(img), 80)
		if !bytes.Equal(a, b) {
			t.Errorf("%v: the planes encode differently from the RGBA image", size)
		}
	}
	for _, size := range []image.Point{{2, 6}, {50, 30}} {
		img := rgbPhoto(t, size.X, size.Y)
		a, err := jpeg.Decode(bytes.NewReader(imagestest.EncodeJPEG(t, img, 95)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := jpeg.Decode(bytes.NewReader(imagestest.EncodeJPEG(t, toYCbCr(img), 95)))
		if err != nil {
			t.Fatal(err)
		}
		ra := image.NewRGBA(a.Bounds())
		draw.Draw(ra, ra.Rect, a, image.Point{}, draw.Src)
		if l, c := planePSNR(b.(*image.YCbCr), ra); l < 40 || c < 40 {
			t.Errorf("%v: luma %.1f dB, chroma %.1f dB apart; want ≥ 40", size, l, c)
		}
	}
}

// FuzzStripPNG checks that a stripped PNG keeps no ancillary chunk and
// decodes to the original's pixels.
func FuzzStripPNG(f *testing.F) {
	src := imagestest.EncodePNG(f, rgbPhoto(f, 24, 16))
	f.Add(src)
	f.Add(withChunks(src, imagestest.PNGChunk("tEXt", []byte("a\x00b")), imagestest.PNGChunk("iCCP", []byte("p\x00\x00xx"))))
	f.Add(append(withChunks(src, imagestest.PNGChunk("zTXt", []byte("c\x00\x00"))), "trailing"...))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, ok := stripPNG(data)
		if !ok {
			return
		}
		if !pngChunks(out, func(c pngChunk) bool {
			switch c.typ {
			case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
				return true
			}
			t.Fatalf("kept chunk %q", c.typ)
			return false
		}) {
			t.Fatal("the stripped file is not a sequence of chunks")
		}
		want, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		got, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("the original decodes, the stripped copy does not: %v", err)
		}
		if !samePixels(got, want) {
			t.Fatal("the stripped copy's pixels differ")
		}
	})
}

// BenchmarkProcessPNGPhoto processes a 640×480 photo saved as PNG, as the
// fixture's photos would be.
func BenchmarkProcessPNGPhoto(b *testing.B) {
	benchProcess(b, imagestest.EncodePNG(b, rgbPhoto(b, 640, 480)))
}

// TestRGBRow holds rgbRow's direct reads to the colour model's conversion,
// for every kind of image an opaque PNG decodes to, and for a sub-image.
func TestRGBRow(t *testing.T) {
	r := image.Rect(0, 0, 7, 5)
	rgba, rgba64 := image.NewRGBA(r), image.NewRGBA64(r)
	gray, gray16 := image.NewGray(r), image.NewGray16(r)
	nrgba := image.NewNRGBA(r) // through the colour model
	seed := uint32(7)
	for y := range 5 {
		for x := range 7 {
			seed = seed*1664525 + 1013904223
			v := uint16(seed >> 8)
			rgba.SetRGBA(x, y, color.RGBA{uint8(v), uint8(v >> 8), uint8(seed >> 24), 255})
			rgba64.SetRGBA64(x, y, color.RGBA64{v, v ^ 0x5a5a, uint16(seed >> 16), 0xffff})
			gray.SetGray(x, y, color.Gray{uint8(v >> 3)})
			gray16.SetGray16(x, y, color.Gray16{v})
			nrgba.SetNRGBA(x, y, color.NRGBA{uint8(v >> 2), uint8(v), uint8(v >> 5), 255})
		}
	}
	sub := rgba.SubImage(image.Rect(2, 1, 6, 4)).(*image.RGBA)
	for name, img := range map[string]image.Image{"RGBA": rgba, "RGBA64": rgba64, "Gray": gray, "Gray16": gray16, "NRGBA": nrgba, "sub-image": sub} {
		b := img.Bounds()
		got := make([]uint8, 3*b.Dx())
		for y := b.Min.Y; y < b.Max.Y; y++ {
			rgbRow(got, img, y)
			for x := range b.Dx() {
				c := color.RGBAModel.Convert(img.At(b.Min.X+x, y)).(color.RGBA)
				if got[3*x] != c.R || got[3*x+1] != c.G || got[3*x+2] != c.B {
					t.Fatalf("%s (%d,%d): %v, want %v", name, b.Min.X+x, y, got[3*x:3*x+3], c)
				}
			}
		}
	}
}
