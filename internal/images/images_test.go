package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/images/imagestest"
)

func TestOrientationParser(t *testing.T) {
	plain := imagestest.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 50)
	for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for o := 1; o <= 8; o++ {
			t.Run(fmt.Sprintf("%v/%d", bo, o), func(t *testing.T) {
				if got := Orientation(imagestest.WithExif(plain, imagestest.ExifTIFF(bo, o))); got != o {
					t.Errorf("Orientation = %d, want %d", got, o)
				}
			})
		}
	}
	for name, tc := range map[string]struct {
		data []byte
		want int
	}{
		"no exif":              {plain, 1},
		"out of range":         {imagestest.WithExif(plain, imagestest.ExifTIFF(binary.BigEndian, 9)), 1},
		"zero":                 {imagestest.WithExif(plain, imagestest.ExifTIFF(binary.BigEndian, 0)), 1},
		"bad tiff header":      {imagestest.WithExif(plain, []byte("XX*\x00\x08\x00\x00\x00")), 1},
		"offset past end":      {imagestest.WithExif(plain, []byte("II*\x00\xff\x00\x00\x00")), 1},
		"not a jpeg":           {[]byte("hello"), 1},
		"empty":                {nil, 1},
		"xmp before exif":      {imagestest.WithExif(imagestest.WithSegment(plain, 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>")), imagestest.ExifTIFF(binary.LittleEndian, 6)), 6},
		"truncated in exif":    {imagestest.WithExif(plain, imagestest.ExifTIFF(binary.LittleEndian, 6))[:30], 1},
		"count beyond the end": {imagestest.WithExif(plain, []byte("II*\x00\x08\x00\x00\x00\xff\xff")), 1},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Orientation(tc.data); got != tc.want {
				t.Errorf("Orientation = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestProcessOrientation stores an asymmetric pattern as a camera would for
// each EXIF orientation and checks that every published variant shows it
// upright.
func TestProcessOrientation(t *testing.T) {
	const w, h = 96, 64
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			src := imagestest.WithExif(imagestest.EncodeJPEG(t, imagestest.Stored(w, h, o), 95), imagestest.ExifTIFF(binary.LittleEndian, o))
			info, err := Probe(src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if gw, gh := info.Size(); gw != w || gh != h {
				t.Fatalf("Size = %d×%d, want %d×%d", gw, gh, w, h)
			}
			pic := Plan("p.jpg", info, Cover, Params{Widths: []int{48, 1200}})
			outs, err := Process(src, pic, Params{Widths: []int{48, 1200}})
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != 3 { // 48, 96 and the share picture
				t.Fatalf("%d outputs, want 3", len(outs))
			}
			for _, out := range outs[:2] {
				img, err := jpeg.Decode(bytes.NewReader(out.Data))
				if err != nil {
					t.Fatal(err)
				}
				b := img.Bounds()
				if b.Dx() != out.Width || b.Dy() != out.Height || out.Width*h != out.Height*w {
					t.Fatalf("%s is %v, planned %d×%d", out.Name, b, out.Width, out.Height)
				}
				for q, c := range imagestest.Quadrants() {
					x := b.Dx()/4 + (q%2)*b.Dx()/2
					y := b.Dy()/4 + (q/2)*b.Dy()/2
					if !near(img.At(x, y), c) {
						t.Errorf("%s: quadrant %d at (%d,%d) is %v, want %v", out.Name, q, x, y, img.At(x, y), c)
					}
				}
			}
		})
	}
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) int { return int(a>>8) - int(b) }
	return max(abs(d(r, want.R)), abs(d(g, want.G)), abs(d(b, want.B))) < 40
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// segments lists the marker codes of a JPEG up to its first scan.
func segments(t *testing.T, data []byte) []byte {
	t.Helper()
	var codes []byte
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		code := data[i+1]
		codes = append(codes, code)
		if code == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	return codes
}

// TestMetadataStripped feeds a photo carrying GPS, owner and serial in EXIF,
// an XMP packet and a comment, and a PNG with text chunks; no output may
// carry any of it.
func TestMetadataStripped(t *testing.T) {
	img := imagestest.Stored(640, 480, 1)
	jpg := imagestest.EncodeJPEG(t, img, 90)
	jpg = imagestest.WithSegment(jpg, 0xFE, []byte("comment by "+imagestest.Owner))
	jpg = imagestest.WithSegment(jpg, 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+imagestest.Serial+"</x:xmpmeta>"))
	jpg = imagestest.WithExif(jpg, imagestest.ExifTIFF(binary.BigEndian, 6))
	if !bytes.Contains(jpg, []byte(imagestest.Owner)) {
		t.Fatal("the test photo has no owner name")
	}

	pngData := imagestest.EncodePNG(t, img)
	text := imagestest.PNGChunk("tEXt", []byte("Author\x00"+imagestest.Owner))
	exif := imagestest.PNGChunk("eXIf", imagestest.ExifTIFF(binary.BigEndian, 1))
	pngData = slices.Concat(pngData[:33], text, exif, pngData[33:]) // after IHDR

	// A photo saved at quality 75 and already upright is published at its
	// own width as it is (strip.go): its metadata must go all the same,
	// with a JFIF thumbnail, an ICC profile and a video appended after
	// the image's end as a phone's motion photo appends it.
	small := imagestest.EncodeJPEG(t, img, 75)
	jfif := append([]byte("JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x02\x01"), make([]byte, 2*1*3)...)
	small = imagestest.WithSegment(small, 0xE0, jfif)
	small = imagestest.WithSegment(small, 0xE2, []byte("ICC_PROFILE\x00\x01\x01"+imagestest.Serial))
	small = imagestest.WithSegment(small, 0xFE, []byte("comment by "+imagestest.Owner))
	small = imagestest.WithExif(small, imagestest.ExifTIFF(binary.BigEndian, 1))
	small = append(small, []byte("ftypmp42 video of "+imagestest.Owner)...)

	for name, src := range map[string][]byte{"jpeg": jpg, "jpeg copied": small, "png": pngData} {
		t.Run(name, func(t *testing.T) {
			info, err := Probe(src, 0)
			if err != nil {
				t.Fatal(err)
			}
			pic := Plan("p"+info.Format.Ext(), info, Cover, Params{})
			outs, err := Process(src, pic, Params{})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outs {
				for _, secret := range []string{imagestest.Owner, imagestest.Serial, "Exif", "PhoneMaker", "xmpmeta", "tEXt", "eXIf"} {
					if bytes.Contains(o.Data, []byte(secret)) {
						t.Errorf("%s carries %q", o.Name, secret)
					}
				}
				if info.Format == JPEG {
					if !bytes.HasSuffix(o.Data, []byte{0xFF, 0xD9}) {
						t.Errorf("%s does not end with the image's end", o.Name)
					}
					for _, code := range segments(t, o.Data) {
						if code >= 0xE0 && code <= 0xEF || code == 0xFE {
							t.Errorf("%s has an APP%d or comment segment (0x%X)", o.Name, code-0xE0, code)
						}
					}
				}
			}
		})
	}
}

func info(f Format, w, h, orientation int) Info {
	return Info{Format: f, Width: w, Height: h, Orientation: orientation}
}

func opaque(i Info) Info {
	i.Opaque = true
	return i
}

func TestPlanWidths(t *testing.T) {
	for _, tc := range []struct {
		name  string
		info  Info
		mode  Mode
		want  []string // name w×h
		share string
		own   string // the own-name copy with a file of its own
	}{
		{"12 MP landscape", info(JPEG, 4000, 3000, 1), Cover, []string{"a-360.jpg 360×270", "a-720.jpg 720×540", "a.jpg 1200×900"}, "a-og.jpg 1200×630", ""},
		{"12 MP held upright", info(JPEG, 4000, 3000, 6), Photo, []string{"a-360.jpg 360×480", "a-720.jpg 720×960", "a.jpg 1200×1600"}, "", ""},
		{"between widths", info(JPEG, 1000, 500, 1), Cover, []string{"a-360.jpg 360×180", "a-720.jpg 720×360", "a.jpg 1000×500"}, "a-og.jpg 952×500", ""},
		{"exactly a width", info(JPEG, 720, 720, 1), Photo, []string{"a-360.jpg 360×360", "a.jpg 720×720"}, "", ""},
		{"smaller than all", info(PNG, 200, 100, 1), Logo, []string{"a.png 200×100"}, "a-og.png 1200×630", ""},
		{"single", info(JPEG, 4000, 3000, 8), Single, []string{"a.jpg 1200×1600"}, "", ""},
		{"single small", info(JPEG, 300, 200, 1), Single, []string{"a.jpg 300×200"}, "", ""},
		{"PNG photo", opaque(info(PNG, 2000, 1000, 1)), Cover, []string{"a-360.jpg 360×180", "a-720.jpg 720×360", "a-1200.jpg 1200×600"}, "a-og.jpg 1143×600", "a.png 1200×600"},
		{"small PNG photo", opaque(info(PNG, 640, 480, 1)), Photo, []string{"a-360.jpg 360×270", "a-640.jpg 640×480"}, "", "a.png 640×480"},
		{"PNG that may be transparent", info(PNG, 640, 480, 1), Photo, []string{"a-360.png 360×270", "a.png 640×480"}, "", ""},
		{"opaque PNG logo", opaque(info(PNG, 640, 480, 1)), Logo, []string{"a-360.png 360×270", "a.png 640×480"}, "a-og.png 1200×630", ""},
		{"opaque PNG no record names", opaque(info(PNG, 640, 480, 1)), Single, []string{"a.png 640×480"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "a" + tc.info.Format.Ext()
			pic := Plan(file, tc.info, tc.mode, Params{})
			var got []string
			w, _ := tc.info.Size()
			for _, v := range pic.Variants {
				got = append(got, fmt.Sprintf("%s %d×%d", v.Name, v.Width, v.Height))
				if v.Width > w {
					t.Errorf("%s is upscaled: %d > %d", v.Name, v.Width, w)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("variants %q, want %q", got, tc.want)
			}
			share := ""
			if pic.Share != nil {
				share = fmt.Sprintf("%s %d×%d", pic.Share.Name, pic.Share.Width, pic.Share.Height)
			}
			if share != tc.share {
				t.Errorf("share %q, want %q", share, tc.share)
			}
			own := ""
			if pic.Own != nil {
				own = fmt.Sprintf("%s %d×%d", pic.Own.Name, pic.Own.Width, pic.Own.Height)
				if pic.Own.Key != "own.png" {
					t.Errorf("own-name copy kept as %q, want own.png", pic.Own.Key)
				}
			}
			if own != tc.own {
				t.Errorf("own-name copy %q, want %q", own, tc.own)
			}
		})
	}
}

// TestProcessSizes checks that the files made have the planned sizes, with a
// PNG kept a PNG and a logo's share picture on white.
func TestProcessSizes(t *testing.T) {
	logo := image.NewNRGBA(image.Rect(0, 0, 400, 300)) // transparent
	for y := 100; y < 200; y++ {
		for x := 100; x < 300; x++ {
			logo.SetNRGBA(x, y, color.NRGBA{200, 0, 0, 255})
		}
	}
	// A JPEG logo has no transparency: red on light grey.
	jpegLogo := image.NewRGBA(image.Rect(0, 0, 401, 301))
	draw.Draw(jpegLogo, jpegLogo.Rect, image.NewUniform(color.RGBA{230, 230, 230, 255}), image.Point{}, draw.Src)
	draw.Draw(jpegLogo, image.Rect(100, 100, 300, 200), image.NewUniform(color.RGBA{200, 0, 0, 255}), image.Point{}, draw.Src)
	// One wider than the share picture's margin, so it is reduced.
	wideLogo := image.NewRGBA(image.Rect(0, 0, 1500, 300))
	draw.Draw(wideLogo, wideLogo.Rect, image.NewUniform(color.RGBA{200, 0, 0, 255}), image.Point{}, draw.Src)
	for name, tc := range map[string]struct {
		src  []byte
		mode Mode
	}{
		"photo":          {imagestest.EncodeJPEG(t, imagestest.Stored(1500, 1000, 1), 85), Cover},
		"logo":           {imagestest.EncodePNG(t, logo), Logo},
		"jpeg logo":      {imagestest.EncodeJPEG(t, jpegLogo, 90), Logo},
		"wide jpeg logo": {imagestest.EncodeJPEG(t, wideLogo, 75), Logo},
	} {
		t.Run(name, func(t *testing.T) {
			info, err := Probe(tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			pic := Plan("x"+info.Format.Ext(), info, tc.mode, Params{})
			outs, err := Process(tc.src, pic, Params{})
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != len(pic.Files()) {
				t.Fatalf("%d outputs for %d planned files", len(outs), len(pic.Files()))
			}
			for _, o := range outs {
				cfg, format, err := image.DecodeConfig(bytes.NewReader(o.Data))
				if err != nil {
					t.Fatal(err)
				}
				if format != string(info.Format) || cfg.Width != o.Width || cfg.Height != o.Height {
					t.Errorf("%s is a %s of %d×%d, planned %s %d×%d", o.Name, format, cfg.Width, cfg.Height, info.Format, o.Width, o.Height)
				}
			}
			if tc.mode == Logo {
				share, _, err := image.Decode(bytes.NewReader(outs[len(outs)-1].Data))
				if err != nil {
					t.Fatal(err)
				}
				if c := color.RGBAModel.Convert(share.At(5, 5)).(color.RGBA); !near(c, color.RGBA{255, 255, 255, 255}) || info.Format == PNG && c != (color.RGBA{255, 255, 255, 255}) {
					t.Errorf("the logo's share picture is %v at its corner, want white", c)
				}
				if !near(share.At(600, 315), color.RGBA{200, 0, 0, 255}) {
					t.Errorf("the logo is not in the middle of its share picture: %v", share.At(600, 315))
				}
			}
		})
	}
}

// TestHostile feeds broken and hostile files: each must give an *Error that
// says what is wrong, from the header, without decoding.
func TestHostile(t *testing.T) {
	good := imagestest.EncodeJPEG(t, imagestest.Stored(400, 300, 1), 90)
	goodPNG := imagestest.EncodePNG(t, imagestest.Stored(40, 30, 1))
	cut := good[:len(good)/2]
	// Half a file with an end marker glued on: the header check passes, the
	// decoder finds the data short.
	glued := append(append([]byte{}, cut...), 0xFF, 0xD9)
	for _, tc := range []struct {
		name, want string
		data       []byte
		decodes    bool // the problem is found only when decoding
	}{
		{"truncated jpeg", "is truncated", cut, false},
		{"truncated in header", "is truncated", good[:100], false},
		{"truncated png", "is truncated", goodPNG[:len(goodPNG)-20], false},
		{"text named .jpg", "is not an image: its content is text", []byte("Xin chào, đây là ảnh sản phẩm\n"), false},
		{"web page named .jpg", "an HTML page", []byte("<!DOCTYPE html><html><body>404</body></html>"), false},
		{"pdf named .jpg", "a PDF document", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), false},
		{"heic named .jpg", "is a HEIC photo", append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 20)...), false},
		{"webp", "is a webp image", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), false},
		{"empty", "is empty", nil, false},
		{"jpeg bomb", "declares 30000×30000 pixels (900 megapixels)", imagestest.JPEGBomb(t, 30000, 30000), false},
		{"png bomb", "declares 30000×30000 pixels", imagestest.PNGBomb(30000, 30000), false},
		{"png bomb, huge", "declares 2147483647×2147483647", imagestest.PNGBomb(1<<31-1, 1<<31-1), false},
		{"glued end marker", "", glued, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Probe(tc.data, 0)
			if tc.decodes {
				if err != nil {
					t.Fatalf("Probe: %v", err)
				}
			} else {
				var e *Error
				if !errors.As(err, &e) || !strings.Contains(e.Problem, tc.want) || e.Hint == "" {
					t.Fatalf("Probe error %#v, want an *Error with a hint saying %q", err, tc.want)
				}
			}
			// Process must refuse it too, without panicking or decoding a bomb.
			pic := &Picture{Source: "x.jpg", Mode: Photo, Format: JPEG, Variants: []Variant{{Key: "a.jpg", Width: 10, Height: 10}}}
			_, err = Process(tc.data, pic, Params{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Process error %v, want an *Error", err)
			}
			if tc.decodes && !strings.Contains(e.Problem, "truncated") && !strings.Contains(e.Problem, "damaged") {
				t.Errorf("Process error %q does not say the file is truncated or damaged", e.Problem)
			}
		})
	}
}

// writeTree writes files into a new folder, dated an hour ago as photos
// copied from a phone would be.
func writeTree(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func jobs(t *testing.T, fsys fs.FS, names []string, params Params) []Job {
	t.Helper()
	c := NewCache(t.TempDir())
	var out []Job
	for _, n := range names {
		info, err := c.Probe(fsys, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Job{FS: fsys, Name: n, Picture: Plan(n, info, Cover, params)})
	}
	return out
}

func processed(rs []Result) (n int, err error) {
	for _, r := range rs {
		if r.Err != nil {
			return n, r.Err
		}
		if r.Processed {
			n++
		}
	}
	return n, nil
}

// TestCache checks that an unchanged photo is never processed twice, across
// Cache values (as across builds), and that a change of bytes or parameters
// is.
func TestCache(t *testing.T) {
	a := imagestest.WithExif(imagestest.EncodeJPEG(t, imagestest.Stored(800, 600, 6), 85), imagestest.ExifTIFF(binary.LittleEndian, 6))
	b := imagestest.EncodeJPEG(t, imagestest.Stored(500, 400, 1), 85)
	site := writeTree(t, map[string][]byte{"p/a.jpg": a, "p/b.jpg": b, "q/same-as-a.jpg": a})
	fsys := os.DirFS(site)
	names := []string{"p/a.jpg", "p/b.jpg", "q/same-as-a.jpg"}
	dir := filepath.Join(t.TempDir(), "cache")
	var progress bytes.Buffer

	first := NewCache(dir)
	rs := first.Run(jobs(t, fsys, names, Params{}), Params{}, 1, &progress)
	if n, err := processed(rs); err != nil || n != 2 {
		t.Fatalf("first run processed %d (%v), want 2: a photo shared by two records is processed once", n, err)
	}
	if !strings.Contains(progress.String(), "images: 3/3, 2 processed") {
		t.Errorf("progress %q", progress.String())
	}
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if _, err := os.Stat(r.Entry.Path(Variant{Key: "share.jpg"})); err != nil {
			t.Errorf("entry %s: %v", r.Entry, err)
		}
	}

	progress.Reset()
	second := NewCache(dir)
	rs2 := second.Run(jobs(t, fsys, names, Params{}), Params{}, 0, &progress)
	if n, err := processed(rs2); err != nil || n != 0 {
		t.Fatalf("second run processed %d (%v), want 0", n, err)
	}
	if progress.Len() != 0 {
		t.Errorf("a run that processed nothing printed %q", progress.String())
	}
	for i := range rs {
		if rs[i].Entry != rs2[i].Entry {
			t.Errorf("%s: entry %s then %s", names[i], rs[i].Entry, rs2[i].Entry)
		}
	}

	// Other parameters are another key.
	small := Params{Widths: []int{100, 200}}
	if n, _ := processed(NewCache(dir).Run(jobs(t, fsys, names[:1], small), small, 0, nil)); n != 1 {
		t.Errorf("new parameters processed %d, want 1", n)
	}
	// A photo replaced by another is processed again.
	if err := os.WriteFile(filepath.Join(site, "p/b.jpg"), imagestest.EncodeJPEG(t, imagestest.Stored(500, 400, 1), 60), 0o644); err != nil {
		t.Fatal(err)
	}
	if n, _ := processed(NewCache(dir).Run(jobs(t, fsys, names[1:2], Params{}), Params{}, 0, nil)); n != 1 {
		t.Errorf("a changed photo processed %d times, want 1", n)
	}
}

// TestCacheSkipsReading checks that the index spares reading an unchanged
// file: a file overwritten behind the cache's back with the same size and
// date is not read again (as Git's index, the size and date are trusted).
func TestCacheSkipsReading(t *testing.T) {
	data := imagestest.EncodeJPEG(t, imagestest.Stored(300, 200, 1), 85)
	site := writeTree(t, map[string][]byte{"a.jpg": data})
	dir := t.TempDir()
	c := NewCache(dir)
	if _, err := c.Probe(os.DirFS(site), "a.jpg", 0); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(site, "a.jpg")
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, bytes.Repeat([]byte("x"), len(data)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	info, err := NewCache(dir).Probe(os.DirFS(site), "a.jpg", 0)
	if err != nil || info.Width != 300 {
		t.Errorf("Probe from the index = %+v, %v", info, err)
	}
	// An entry recorded by an earlier pipeline is not trusted: it may lack
	// what Probe learns now (Info.Opaque).
	index := filepath.Join(dir, "index.json")
	raw, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	old := bytes.Replace(raw, []byte(`"v": "`+version+`"`), []byte(`"v": "4"`), 1)
	if bytes.Equal(old, raw) {
		t.Fatalf("no version in the index: %s", raw)
	}
	if err := os.WriteFile(index, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCache(dir).Probe(os.DirFS(site), "a.jpg", 0); err == nil {
		t.Error("an entry of an earlier pipeline was trusted")
	}
	if err := os.WriteFile(index, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	// A file written just now is not trusted: its entry is racy.
	if err := os.Chtimes(p, time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCache(dir).Probe(os.DirFS(site), "a.jpg", 0); err == nil {
		t.Error("a file with a new date was not read again")
	}
}

func FuzzOrientation(f *testing.F) {
	plain := []byte{0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9}
	f.Add(plain)
	f.Add(imagestest.WithExif(plain, imagestest.ExifTIFF(binary.LittleEndian, 6)))
	f.Add(imagestest.WithExif(plain, imagestest.ExifTIFF(binary.BigEndian, 8)))
	f.Add(imagestest.WithExif(plain, []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x03\x00")))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := Orientation(data); o < 1 || o > 8 {
			t.Fatalf("Orientation = %d", o)
		}
		s, err := walkJPEG(data)
		if err == nil && (s.scan < 2 || s.scan > len(data)) {
			t.Fatalf("scan offset %d outside %d bytes", s.scan, len(data))
		}
	})
}

func FuzzProbe(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add(imagestest.PNGBomb(30000, 30000))
	f.Add(imagestest.WithExif([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9}, imagestest.ExifTIFF(binary.LittleEndian, 6)))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Probe(data, 1_000_000)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Probe error %T %v is not an *Error", err, err)
			}
			return
		}
		if info.Width*info.Height > 1_000_000 || info.Orientation < 1 || info.Orientation > 8 {
			t.Fatalf("Probe accepted %+v", info)
		}
	})
}

// BenchmarkProcess makes the published files of one 12 MP phone photo
// (4000×3000, stored turned) from its bytes: decode, resample, orient, encode.
func BenchmarkProcess(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i*7%251) / 2
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 110, 140
	}
	benchProcess(b, imagestest.WithExif(imagestest.EncodeJPEG(b, img, 90), imagestest.ExifTIFF(binary.LittleEndian, 6)))
}

// benchProcess times Process making a cover's files from src.
func benchProcess(b *testing.B, src []byte) {
	info, err := Probe(src, 0)
	if err != nil {
		b.Fatal(err)
	}
	pic := Plan("a.jpg", info, Cover, Params{})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Process(src, pic, Params{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPrune checks that Prune deletes only the entries not kept, and leaves
// the index and entries another build is still writing.
func TestPrune(t *testing.T) {
	dir := t.TempDir()
	c := NewCache(dir)
	for _, d := range []string{"aaa", "bbb", "ccc", ".tmp-123"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, d, "x-360.jpg"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "index.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := c.Prune(map[Entry]bool{Entry(filepath.Join(dir, "bbb")): true})
	if err != nil || n != 2 {
		t.Fatalf("Prune = %d, %v; want 2 deleted", n, err)
	}
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		left = append(left, e.Name())
	}
	if got := strings.Join(left, " "); got != ".tmp-123 bbb index.json" {
		t.Errorf("left %q, want the kept entry, the temporary folder and the index", got)
	}
	if n, err := NewCache(filepath.Join(dir, "none")).Prune(nil); n != 0 || err != nil {
		t.Errorf("a cache never written: %d, %v", n, err)
	}
}
