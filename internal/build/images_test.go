package build

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/images/imagestest"
)

// copyTree copies the folder src into a new temporary folder.
func copyTree(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// addFile writes a file of a site, dated an hour ago as a photo copied from
// a phone would be.
func addFile(t testing.TB, site, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
}

// addFrontMatter appends lines to the front matter of a Markdown file and
// returns the line number of the first one.
func addFrontMatter(t testing.TB, site, rel string, lines ...string) int {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(string(data), "\n")
	end := slices.Index(all[1:], "---") + 1
	all = slices.Insert(all, end, lines...)
	if err := os.WriteFile(p, []byte(strings.Join(all, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return end + 1
}

func newBuilder(src string) *Builder {
	return New(Options{Src: src, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin})
}

// phonePhoto is a photo as a phone stores it: the upright w×h test pattern
// stored turned for EXIF orientation 6, with a GPS position, the owner's
// name and the camera's serial.
func phonePhoto(t testing.TB, w, h int) []byte {
	jpg := imagestest.EncodeJPEG(t, imagestest.Stored(w, h, 6), 90)
	return imagestest.WithExif(jpg, imagestest.ExifTIFF(binary.LittleEndian, 6))
}

// photoSite is the mini site with a rotated, GPS-tagged cover photo, a PNG
// second photo, a subject's PNG logo and a photo that only a page's folder
// holds (no record names it).
func photoSite(t testing.TB) string {
	site := copyTree(t, "testdata/mini")
	addFile(t, site, "content/products/ca-phe/anh.jpg", phonePhoto(t, 750, 1000))
	addFile(t, site, "content/products/ca-phe/chi-tiet.png", imagestest.EncodePNG(t, imagestest.Stored(500, 400, 1)))
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images:", "  - anh.jpg", "  - {file: chi-tiet.png, alt: Hạt cà phê}")
	addFrontMatter(t, site, "content/products/ca-phe/index.en.md", "images: [{alt: The roasted coffee}, {alt: Coffee beans}]")
	addFile(t, site, "content/subjects/htx-a/logo.png", imagestest.EncodePNG(t, imagestest.Stored(300, 300, 1)))
	addFrontMatter(t, site, "content/subjects/htx-a/index.vi.md", "logo: logo.png")
	addFile(t, site, "content/pages/gioi-thieu/so-do.jpg", phonePhoto(t, 400, 300))
	return site
}

var (
	imgRe  = regexp.MustCompile(`<img\b[^>]*>`)
	attrRe = regexp.MustCompile(`\s([a-z-]+)(?:="([^"]*)")?`) // the minifier writes alt="" as alt
)

// TestImagesPublished builds a site with phone photos and checks what leaves
// the build: resized variants, upright, never wider than the photo, with no
// metadata; a stripped copy under the photo's own name; every <img> with its
// size and srcset; other resources copied as before.
func TestImagesPublished(t *testing.T) {
	site := photoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	res, err := newBuilder(site).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	if res.Images != 4 || res.Decoded != 4 {
		t.Errorf("%d images published, %d processed; want 4 and 4", res.Images, res.Decoded)
	}
	// Shown upright, the cover is 750×1000.
	for _, tc := range []struct {
		file string
		w, h int
	}{
		{"media/products/ca-phe/anh-360.jpg", 360, 480},
		{"media/products/ca-phe/anh-720.jpg", 720, 960},
		// The widest under the photo's own name, and only there.
		{"media/products/ca-phe/anh.jpg", 750, 1000},
		{"media/products/ca-phe/anh-og.jpg", 750, 394},
		// A photo saved as an opaque PNG is published as JPEG; under its
		// own name it stays a PNG.
		{"media/products/ca-phe/chi-tiet-360.jpg", 360, 288},
		{"media/products/ca-phe/chi-tiet-500.jpg", 500, 400},
		{"media/products/ca-phe/chi-tiet.png", 500, 400},
		{"media/subjects/htx-a/logo.png", 300, 300},
		{"media/subjects/htx-a/logo-og.png", 1200, 630},
		{"media/pages/gioi-thieu/so-do.jpg", 400, 300},
	} {
		data, err := os.ReadFile(filepath.Join(out, tc.file))
		if err != nil {
			t.Error(err)
			continue
		}
		img, format, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if want := map[string]string{".jpg": "jpeg", ".png": "png"}[filepath.Ext(tc.file)]; format != want {
			t.Errorf("%s holds a %s image", tc.file, format)
		}
		if b := img.Bounds(); b.Dx() != tc.w || b.Dy() != tc.h {
			t.Errorf("%s is %d×%d, want %d×%d", tc.file, b.Dx(), b.Dy(), tc.w, tc.h)
		}
		if strings.HasSuffix(tc.file, "-og.png") {
			continue
		}
		// Upright: the pattern's red quarter is at the top left, yellow at the bottom right.
		b := img.Bounds()
		for q, want := range imagestest.Quadrants() {
			x, y := b.Dx()/4+(q%2)*b.Dx()/2, b.Dy()/4+(q/2)*b.Dy()/2
			if !closeTo(img.At(x, y), want) {
				t.Errorf("%s: quarter %d is %v, want %v: the photo is not upright", tc.file, q, img.At(x, y), want)
			}
		}
	}
	if m, _ := filepath.Glob(filepath.Join(out, "media/products/ca-phe/chi-tiet-*.png")); len(m) > 0 {
		t.Errorf("the PNG photo's variants are PNGs too: %q", m)
	}
	for _, twin := range []string{"media/products/ca-phe/anh-750.jpg", "media/subjects/htx-a/logo-300.png"} {
		if _, err := os.Stat(filepath.Join(out, twin)); err == nil {
			t.Errorf("%s is published beside the same picture under its own name", twin)
		}
	}
	// No metadata anywhere in the output; originals are not published.
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, secret := range []string{imagestest.Owner, imagestest.Serial, "PhoneMaker", "Exif\x00"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s carries %q", p, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "media/products/ca-phe/tai-lieu.txt")); err != nil {
		t.Errorf("other resources are no longer copied: %v", err)
	}
	// Every image of every page has its size; srcset and sizes come together
	// (an image of one width, such as a category's icon, has neither), and
	// every URL of its srcset exists.
	imgs, sets := 0, 0
	walkHTML(t, out, func(rel, page string) {
		for _, tag := range imgRe.FindAllString(page, -1) {
			imgs++
			attrs := map[string]string{}
			for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
				attrs[m[1]] = m[2]
			}
			for _, a := range []string{"src", "width", "height", "alt", "decoding"} {
				if _, ok := attrs[a]; !ok {
					t.Errorf("%s: %s has no %s", rel, tag, a)
				}
			}
			_, set := attrs["srcset"]
			if _, sizes := attrs["sizes"]; set != sizes {
				t.Errorf("%s: %s has one of srcset and sizes without the other", rel, tag)
			}
			if !set {
				continue
			}
			sets++
			if strings.Count(attrs["srcset"], ",") == 0 {
				t.Errorf("%s: %s has a srcset of one width", rel, tag)
			}
			for _, cand := range strings.Split(attrs["srcset"], ", ") {
				u := strings.Fields(cand)[0]
				if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(u, "/ocop/"))); err != nil {
					t.Errorf("%s: srcset names %s, which was not published", rel, u)
				}
			}
		}
	})
	if imgs == 0 || sets == 0 {
		t.Fatalf("%d <img> in the pages, %d of them with a srcset", imgs, sets)
	}
	page, err := os.ReadFile(filepath.Join(out, "san-pham/ca-phe/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`srcset="/ocop/media/products/ca-phe/anh-360.jpg 360w, /ocop/media/products/ca-phe/anh-720.jpg 720w, /ocop/media/products/ca-phe/anh.jpg 750w"`,
		`width="750" height="1000"`, `alt="Hạt cà phê"`, `loading="lazy"`,
		// The cover is the share picture (render.Data.OGImage).
		`content="https://example.org/ocop/media/products/ca-phe/anh-og.jpg"`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the product page has no %s", want)
		}
	}
	// A record without photos shows its category's icon.
	page, err = os.ReadFile(filepath.Join(out, "san-pham/mat-ong/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`<img src="/ocop/assets/icons/beverages\.[0-9a-f]+\.svg"[^>]* width="400" height="300" alt(=""|[ >])`).Match(page) {
		t.Error("a product without photos does not show its category's icon")
	}
}

func closeTo(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) int { return max(int(a>>8)-int(b), int(b)-int(a>>8)) }
	return max(d(r, want.R), d(g, want.G), d(b, want.B)) < 40
}

// TestImagesCached builds a site twice with two Builders (two runs of
// ocop build): the second processes no image and publishes the same bytes.
func TestImagesCached(t *testing.T) {
	site := photoSite(t)
	var outs [2]string
	for i := range outs {
		outs[i] = filepath.Join(t.TempDir(), "public")
		res, err := newBuilder(site).Build(outs[i])
		if err != nil || res.HasErrors() {
			t.Fatalf("build %d: %v %v", i, err, res.Diagnostics)
		}
		if want := []int{4, 0}[i]; res.Decoded != want {
			t.Errorf("build %d processed %d images, want %d", i+1, res.Decoded, want)
		}
	}
	for _, f := range []string{"media/products/ca-phe/anh-720.jpg", "media/subjects/htx-a/logo-og.png"} {
		a, _ := os.ReadFile(filepath.Join(outs[0], f))
		b, _ := os.ReadFile(filepath.Join(outs[1], f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the builds", f)
		}
	}
	if _, err := os.Stat(filepath.Join(site, CacheDir, "index.json")); err != nil {
		t.Errorf("no cache index: %v", err)
	}
}

// TestImagesGC replaces a photo and checks that only a build with GC deletes
// the replaced photo's processed files from the cache, in a clean build and
// in an incremental one, and keeps everything the site still publishes.
func TestImagesGC(t *testing.T) {
	site := photoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	entries := func() []string {
		ents, err := os.ReadDir(filepath.Join(site, CacheDir))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
		return names
	}
	build := func(gc, clean bool) *Result {
		t.Helper()
		res, err := New(Options{Src: site, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin, GC: gc, Clean: clean}).Build(out)
		if err != nil || res.HasErrors() {
			t.Fatalf("build: %v %v", err, res.Diagnostics)
		}
		return res
	}
	build(true, false)
	first := entries()
	if len(first) != 4 {
		t.Fatalf("%d cache entries after the first build, want 4 (two photos, a logo, a page's photo)", len(first))
	}
	// A new cover photo: a new entry; the old one is no longer used.
	addFile(t, site, "content/products/ca-phe/anh.jpg", phonePhoto(t, 600, 800))
	if res := build(false, false); res.Pruned != 0 || len(entries()) != 5 {
		t.Fatalf("without GC: %d pruned, %d entries; want 0 and 5", res.Pruned, len(entries()))
	}
	res := build(true, false) // incremental
	if res.Pruned != 1 || len(entries()) != 4 {
		t.Errorf("incremental build with GC: %d pruned, %d entries; want 1 and 4", res.Pruned, len(entries()))
	}
	if !strings.Contains(res.Summary(), "1 unused cached images deleted") {
		t.Errorf("the summary does not say what was deleted: %s", res.Summary())
	}
	addFile(t, site, "content/products/ca-phe/anh.jpg", phonePhoto(t, 500, 700))
	if res := build(true, true); res.Pruned != 1 || len(entries()) != 4 {
		t.Errorf("clean build with GC: %d pruned, %d entries; want 1 and 4", res.Pruned, len(entries()))
	}
	// Everything published still comes from the cache: a cached rebuild.
	if res := build(false, true); res.Decoded != 0 {
		t.Errorf("after GC, a build processed %d images again", res.Decoded)
	}
}

// TestImagesHostile names broken and hostile files as photos and logos: each
// gives an error on that file, from ocop check (headers only) and ocop build,
// and the build writes nothing.
func TestImagesHostile(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	good := imagestest.EncodeJPEG(t, imagestest.Stored(400, 300, 1), 90)
	addFile(t, site, "content/products/ca-phe/cut.jpg", good[:len(good)/2])
	addFile(t, site, "content/products/ca-phe/anh.jpg", good)
	addFile(t, site, "content/products/mat-ong/anh.jpg", []byte("<!DOCTYPE html><html>Not found</html>"))
	addFile(t, site, "content/tourism/thac/bom.jpg", imagestest.JPEGBomb(t, 30000, 30000))
	addFile(t, site, "content/subjects/ho-b/logo.png", imagestest.PNGBomb(30000, 30000))
	lines := map[string]int{
		"content/products/ca-phe/cut.jpg":  addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images: [anh.jpg, cut.jpg]"),
		"content/products/mat-ong/anh.jpg": addFrontMatter(t, site, "content/products/mat-ong/index.vi.md", "images:", "  - anh.jpg") + 1,
		"content/tourism/thac/bom.jpg":     addFrontMatter(t, site, "content/tourism/thac/index.vi.md", "images: [{file: bom.jpg, alt: Thác}]"),
		"content/subjects/ho-b/logo.png":   addFrontMatter(t, site, "content/subjects/ho-b/index.vi.md", "logo: logo.png"),
	}
	want := map[string]string{
		"content/products/ca-phe/cut.jpg":  "photo cut.jpg is truncated",
		"content/products/mat-ong/anh.jpg": "photo anh.jpg is not an image: its content is an HTML page",
		"content/tourism/thac/bom.jpg":     "photo bom.jpg declares 30000×30000 pixels (900 megapixels)",
		"content/subjects/ho-b/logo.png":   "logo logo.png declares 30000×30000 pixels",
	}
	check := func(name string, ds []diag.Diagnostic) {
		t.Helper()
		found := map[string]bool{}
		for _, d := range ds {
			w, ok := want[d.File]
			if !ok {
				continue
			}
			found[d.File] = true
			if d.Severity != diag.Error || !strings.Contains(d.Message, w) {
				t.Errorf("%s: %s: %s, want an error saying %q", name, d.File, d.Message, w)
			}
			md := filepath.Dir(d.File) + "/index.vi.md"
			if at := fmt.Sprintf("%s:%d", md, lines[d.File]); !strings.Contains(d.Hint, at) {
				t.Errorf("%s: %s: the hint %q does not point at %s", name, d.File, d.Hint, at)
			}
		}
		for f := range want {
			if !found[f] {
				t.Errorf("%s: no diagnostic on %s in %v", name, f, ds)
			}
		}
	}
	_, ds := newBuilder(site).Load()
	check("check", ds)

	out := filepath.Join(t.TempDir(), "public")
	res, err := newBuilder(site).Build(out)
	if err != nil {
		t.Fatal(err)
	}
	check("build", res.Diagnostics)
	if _, err := os.Stat(out); err == nil {
		t.Error("a build with broken images wrote its output")
	}
}

// TestImagesBrokenInData covers a file whose header is whole but whose image
// data is not: only decoding finds it, and the build stops with an error on
// the file, keeping the previous output.
func TestImagesBrokenInData(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	out := filepath.Join(t.TempDir(), "public")
	if res, err := newBuilder(site).Build(out); err != nil || res.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diagnostics)
	}
	good := imagestest.EncodeJPEG(t, imagestest.Stored(400, 300, 1), 90)
	glued := append(slices.Clone(good[:len(good)/2]), 0xFF, 0xD9)
	addFile(t, site, "content/products/ca-phe/anh.jpg", glued)
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images: [anh.jpg]")
	if _, ds := newBuilder(site).Load(); diag.Count(ds, diag.Error) != 0 {
		t.Fatalf("the header check found %v; this file is meant to pass it", ds)
	}
	res, err := newBuilder(site).Build(out)
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasErrors() || !slices.ContainsFunc(res.Diagnostics, func(d diag.Diagnostic) bool {
		return d.File == "content/products/ca-phe/anh.jpg" && strings.Contains(d.Message, "anh.jpg is")
	}) {
		t.Errorf("no error on the broken photo: %v", res.Diagnostics)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the previous output is gone: %v", err)
	}
}

// BenchmarkImages builds a site of 100 products, each with a 4000×3000 phone
// photo (rotated, GPS-tagged), three times: without the photos, with a cold
// image cache, and again with the cache warm. It reports the first build's
// time, the cached build's overhead over the build without photos, and the
// peak heap while processing. Run it once:
//
//	go test ./internal/build -run '^$' -bench BenchmarkImages -benchtime 1x
func BenchmarkImages(b *testing.B) {
	const n = 100
	// One 12 MP photo with a grain of noise, as a phone camera gives; each
	// product's copy differs in its EXIF block, so all 100 are distinct files.
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for y := range 3000 {
		for x := range 4000 {
			img.Y[y*img.YStride+x] = uint8(60 + (x+y)*120/7000 + rng.IntN(24))
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = uint8(110+rng.IntN(8)), uint8(140+rng.IntN(8))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	photo := buf.Bytes()
	b.Logf("each photo: 4000×3000, %.1f MB", float64(len(photo))/1e6)

	makeSite := func(photos bool) string {
		site := copyTree(b, "testdata/mini")
		for i := range n {
			dir := fmt.Sprintf("content/products/p%03d", i)
			fm := fmt.Sprintf("---\nname: Sản phẩm %03d\nsummary: Sản phẩm thử.\nsubject: htx-a\ncategory: food\n", i)
			if photos {
				exif := imagestest.ExifTIFF(binary.LittleEndian, 1+i%8)
				addFile(b, site, dir+"/anh.jpg", imagestest.WithSegment(imagestest.WithExif(photo, exif), 0xFE, fmt.Appendf(nil, "photo %d", i)))
				fm += "images: [anh.jpg]\n"
			}
			addFile(b, site, dir+"/index.vi.md", []byte(fm+"---\nMô tả.\n"))
		}
		return site
	}
	// build returns the wall and CPU (user + system) time of one build.
	build := func(site string) (*Result, time.Duration, time.Duration) {
		out := filepath.Join(b.TempDir(), "public")
		start, cpu0 := time.Now(), cpuTime()
		res, err := newBuilder(site).Build(out)
		d, c := time.Since(start), cpuTime()-cpu0
		if err != nil || res.HasErrors() {
			b.Fatalf("build: %v %v", err, res.Diagnostics)
		}
		os.RemoveAll(out)
		return res, d, c
	}
	plain, photos := makeSite(false), makeSite(true)
	b.ResetTimer()
	for b.Loop() {
		os.RemoveAll(filepath.Join(photos, ".cache"))
		stop := make(chan struct{})
		var peak uint64
		var wg sync.WaitGroup
		wg.Go(func() {
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		})
		res, first, _ := build(photos)
		close(stop)
		wg.Wait()
		if res.Decoded != n {
			b.Fatalf("the first build processed %d photos, want %d", res.Decoded, n)
		}
		// Builds with and without photos alternate, so that a machine busy
		// with other work slows both alike; the best of each is kept.
		noImages, cached := time.Duration(1<<62), time.Duration(1<<62)
		noImagesCPU, cachedCPU := noImages, cached
		for range 7 {
			_, d, c := build(plain)
			noImages, noImagesCPU = min(noImages, d), min(noImagesCPU, c)
			res, d, c = build(photos)
			cached, cachedCPU = min(cached, d), min(cachedCPU, c)
			if res.Decoded != 0 {
				b.Fatalf("the cached build processed %d photos", res.Decoded)
			}
		}
		b.ReportMetric(first.Seconds(), "first-build-s")
		b.ReportMetric(float64(cached.Milliseconds()), "cached-build-ms")
		b.ReportMetric(float64(noImages.Milliseconds()), "no-images-build-ms")
		b.ReportMetric(100*(cached.Seconds()-noImages.Seconds())/noImages.Seconds(), "cached-overhead-%")
		b.ReportMetric(100*(cachedCPU.Seconds()-noImagesCPU.Seconds())/noImagesCPU.Seconds(), "cached-cpu-overhead-%")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "workers")
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestImageNameClash covers two images whose published files would share a
// name: bia.jpg's 360 px copy is bia-360.jpg. A second photo bia.jpeg is an
// error that names the other file and where the record names this one; a
// file bia-360.jpg that no record names is not published, with a warning,
// and the name keeps bia.jpg's copy, in every build.
func TestImageNameClash(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	bia := imagestest.EncodeJPEG(t, imagestest.Stored(800, 600, 1), 90)
	other := imagestest.EncodeJPEG(t, imagestest.Stored(300, 200, 3), 90)
	addFile(t, site, "content/products/ca-phe/bia.jpg", bia)
	addFile(t, site, "content/products/ca-phe/bia-360.jpg", other)
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images: [bia.jpg]")

	out := filepath.Join(t.TempDir(), "public")
	res, err := newBuilder(site).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	var warned int
	for _, d := range res.Diagnostics {
		if d.File == "content/products/ca-phe/bia-360.jpg" && d.Severity == diag.Warning && strings.Contains(d.Message, "not published: the 360 px copy of bia.jpg is published under that name") {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("%d warnings on bia-360.jpg, want 1, in %v", warned, res.Diagnostics)
	}
	got, err := os.ReadFile(filepath.Join(out, "media/products/ca-phe/bia-360.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(got)); err != nil || cfg.Width != 360 || cfg.Height != 270 {
		t.Errorf("bia-360.jpg is %v (%v), want bia.jpg's 360×270 copy", cfg, err)
	}

	// A second photo of the record with the same stem.
	addFile(t, site, "content/products/ca-phe/bia.jpeg", imagestest.EncodeJPEG(t, imagestest.Stored(640, 480, 1), 90))
	md := filepath.Join(site, "content/products/ca-phe/index.vi.md")
	mustWrite(t, md, strings.Replace(readString(t, md), "images: [bia.jpg]", "images: [bia.jpg, bia.jpeg]", 1))
	errorOnBia := func(name string, ds []diag.Diagnostic) {
		t.Helper()
		n := 0
		for _, d := range ds {
			if d.File == "content/products/ca-phe/bia.jpeg" && d.Severity == diag.Error &&
				strings.Contains(d.Message, "photo bia.jpeg cannot be published: its files would take bia-360.jpg, the name of the 360 px copy of bia.jpg") &&
				strings.Contains(d.Hint, "for example to bia-2.jpeg") && strings.Contains(d.Hint, "content/products/ca-phe/index.vi.md:") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d errors on bia.jpeg, want 1, in %v", name, n, ds)
		}
	}
	_, ds := newBuilder(site).Load() // ocop check
	errorOnBia("check", ds)
	out2 := filepath.Join(t.TempDir(), "public")
	res, err = newBuilder(site).Build(out2)
	if err != nil {
		t.Fatal(err)
	}
	errorOnBia("build", res.Diagnostics)
	if _, err := os.Stat(out2); err == nil {
		t.Error("a build with clashing photos wrote its output")
	}
}

// TestPNGPhotoBesideJPEG covers a record with photos bia.jpg and bia.png: the
// PNG would be published as JPEG (bia-360.jpg), the JPEG's name. It stays a
// PNG instead, and both are published, as before PNG photos became JPEG;
// a PNG photo with a name of its own becomes JPEG.
func TestPNGPhotoBesideJPEG(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	addFile(t, site, "content/products/ca-phe/bia.jpg", imagestest.EncodeJPEG(t, imagestest.Stored(800, 600, 1), 90))
	addFile(t, site, "content/products/ca-phe/bia.png", imagestest.EncodePNG(t, imagestest.Stored(640, 480, 1)))
	addFile(t, site, "content/products/ca-phe/hop.png", imagestest.EncodePNG(t, imagestest.Stored(640, 480, 1)))
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images: [bia.png, bia.jpg, hop.png]")
	if _, ds := newBuilder(site).Load(); diag.Count(ds, diag.Error) > 0 {
		t.Fatalf("check: %v", ds)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := newBuilder(site).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	for file, format := range map[string]string{
		"bia-360.jpg": "jpeg", "bia.jpg": "jpeg",
		"bia-360.png": "png", "bia.png": "png", "bia-og.png": "png",
		"hop-360.jpg": "jpeg", "hop-640.jpg": "jpeg", "hop.png": "png",
	} {
		data, err := os.ReadFile(filepath.Join(out, "media/products/ca-phe", file))
		if err != nil {
			t.Error(err)
			continue
		}
		_, got, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || got != format {
			t.Errorf("%s holds %q (%v), want %s", file, got, err, format)
		}
	}
}

// TestPNGPhotoPlanChanges builds a PNG photo as JPEG, then again once a JPEG
// of the same name joins it, when it stays a PNG: the image cache must not
// serve the first build's files for the second plan.
func TestPNGPhotoPlanChanges(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	addFile(t, site, "content/products/ca-phe/bia.png", imagestest.EncodePNG(t, imagestest.Stored(640, 480, 1)))
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images: [bia.png]")
	for i, photos := range []string{"images: [bia.png]", "images: [bia.png, bia.jpg]"} {
		if i > 0 {
			addFile(t, site, "content/products/ca-phe/bia.jpg", imagestest.EncodeJPEG(t, imagestest.Stored(800, 600, 1), 90))
			md := filepath.Join(site, "content/products/ca-phe/index.vi.md")
			mustWrite(t, md, strings.Replace(readString(t, md), "images: [bia.png]", photos, 1))
		}
		out := filepath.Join(t.TempDir(), "public")
		res, err := newBuilder(site).Build(out)
		if err != nil || res.HasErrors() {
			t.Fatalf("build %d: %v %v", i+1, err, res.Diagnostics)
		}
		want := map[int]string{0: "bia-360.jpg", 1: "bia-360.png"}[i]
		if _, err := os.Stat(filepath.Join(out, "media/products/ca-phe", want)); err != nil {
			t.Errorf("build %d: %v", i+1, err)
		}
	}
}

// TestDecomposedFileNames covers a producer whose keyboard writes Vietnamese
// in decomposed form (Unikey's "combining" mode) for the text and the names
// of the files alike: a photo and a leaflet named so, named so in the record
// and its body. The build publishes both under their composed (NFC) names,
// which the pages link to; a second file whose name differs from another's
// only in that way is an error naming it.
func TestDecomposedFileNames(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	photo, leaflet := norm.NFD.String("ảnh-bìa.jpg"), norm.NFD.String("tờ-rơi.txt")
	addFile(t, site, "content/products/ca-phe/"+photo, imagestest.EncodeJPEG(t, imagestest.Stored(800, 600, 1), 90))
	addFile(t, site, "content/products/ca-phe/"+leaflet, []byte("Tờ rơi\n"))
	md := filepath.Join(site, "content/products/ca-phe/index.vi.md")
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", "images: ["+photo+"]")
	mustWrite(t, md, readString(t, md)+"\n["+norm.NFD.String("Tờ rơi")+"]("+leaflet+")\n")

	out := filepath.Join(t.TempDir(), "public")
	res, err := newBuilder(site).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	media := filepath.Join(out, "media/products/ca-phe")
	for _, name := range []string{"ảnh-bìa.jpg", "ảnh-bìa-360.jpg", "ảnh-bìa-og.jpg", "tờ-rơi.txt"} {
		if _, err := os.Stat(filepath.Join(media, name)); err != nil {
			t.Errorf("%s is not published under its composed name: %v", name, err)
		}
	}
	page := readString(t, filepath.Join(out, "san-pham/ca-phe/index.html"))
	for _, ref := range []string{"/media/products/ca-phe/%e1%ba%a3nh-b%c3%aca-360.jpg", "/media/products/ca-phe/t%e1%bb%9d-r%c6%a1i.txt"} {
		if !strings.Contains(strings.ToLower(page), ref) {
			t.Errorf("the product page does not link to %s", ref)
		}
	}

	// The same leaflet once more under its composed name.
	addFile(t, site, "content/products/ca-phe/tờ-rơi.txt", []byte("Bản khác\n"))
	_, ds := newBuilder(site).Load()
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error && strings.Contains(d.Message, "tờ-rơi.txt and another file in the folder have the same name, written two ways") {
			n++
		}
	}
	if n != 1 || len(ds) == 0 {
		t.Errorf("%d errors about the two leaflets, want 1, in %v", n, ds)
	}
}

// TestPhotoNameEscaped names a photo as a phone or a computer may: with a
// Vietnamese letter, a space, "#" and "%". Its files are published under
// that name, and every link to them (the page's src and srcset, the share
// picture, the open data) escapes it, so that "#" does not start a fragment
// and "%" an escape: each link leads to a published file.
func TestPhotoNameEscaped(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	const name = "ảnh #1 50%.jpg"
	addFile(t, site, "content/products/ca-phe/"+name, phonePhoto(t, 750, 1000))
	addFrontMatter(t, site, "content/products/ca-phe/index.vi.md", `images: ["`+name+`"]`)
	out := filepath.Join(t.TempDir(), "public")
	res, err := newBuilder(site).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	page, err := os.ReadFile(filepath.Join(out, "san-pham/ca-phe/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "data/catalogue.json"))
	if err != nil {
		t.Fatal(err)
	}
	linkRe := regexp.MustCompile(`(?:/ocop/|https://example\.org/ocop/)(media/products/ca-phe/[^"\s,]+)`)
	links := linkRe.FindAllSubmatch(append(page, data...), -1)
	if len(links) < 4 {
		t.Fatalf("%d links to the photo's files in the page and the open data", len(links))
	}
	for _, l := range links {
		rel := string(l[1])
		if strings.ContainsAny(rel, " #") {
			t.Errorf("link %q is not escaped", rel)
		}
		file, err := url.PathUnescape(rel)
		if err != nil {
			t.Errorf("link %q: %v", rel, err)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(file))); err != nil {
			t.Errorf("link %q leads to no published file: %v", rel, err)
		}
	}
}
