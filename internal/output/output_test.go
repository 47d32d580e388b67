package output

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

func TestParsePrecompress(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Precompress
		err  bool
	}{
		{"assets", PrecompressAssets, false},
		{"all", PrecompressAll, false},
		{"none", PrecompressNone, false},
		{"", PrecompressAssets, false},
		{"pages", "", true},
		{"ALL", "", true},
	} {
		got, err := ParsePrecompress(c.in)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("ParsePrecompress(%q) = %q, %v; want %q, error %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestWants(t *testing.T) {
	files := []string{"index.html", "assets/css/main.3f9c2a1b.css", "assets/js/app.0a1b2c3d.js", "assets/icons/i.12345678.svg",
		"data/catalogue.json", "data/products.csv", "sitemap.xml", "media/products/x/a.jpg", "assets/fonts/f.woff2", "_headers"}
	want := map[Precompress][]string{
		PrecompressNone:   nil,
		"":                nil,
		PrecompressAssets: {"assets/css/main.3f9c2a1b.css", "assets/js/app.0a1b2c3d.js", "assets/icons/i.12345678.svg", "data/catalogue.json", "data/products.csv", "sitemap.xml"},
		PrecompressAll:    {"index.html", "assets/css/main.3f9c2a1b.css", "assets/js/app.0a1b2c3d.js", "assets/icons/i.12345678.svg", "data/catalogue.json", "data/products.csv", "sitemap.xml"},
	}
	for mode, w := range want {
		var got []string
		for _, f := range files {
			if mode.Wants(f) {
				got = append(got, f)
			}
		}
		if !slices.Equal(got, w) {
			t.Errorf("%q wants %v, want %v", mode, got, w)
		}
	}
}

// TestTwinsDeterministic checks that compressing the same data twice gives the
// same bytes, that the gzip header has no name or time, and that both twins
// decompress to the original.
func TestTwinsDeterministic(t *testing.T) {
	small := []byte(strings.Repeat("<p>Sầu riêng Khánh Sơn – 4 sao OCOP</p>\n", 200))
	var big []byte // over bigFile: both twins made at once
	for i := 0; len(big) <= bigFile; i++ {
		big = fmt.Appendf(big, `{"id":"products/sau-rieng-%d","stars":%d},`, i, 3+i%3)
	}
	for _, c := range []struct {
		rel  string
		data []byte
	}{{"a/index.html", small}, {"data/x.json", small}, {"data/catalogue.json", big}} {
		rel, data := c.rel, c.data
		a, err := new(compressors).twins(rel, data)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := new(compressors).twins(rel, data)
		if len(a) != 2 {
			t.Fatalf("%s: %d twins", rel, len(a))
		}
		for name, z := range a {
			if !bytes.Equal(z, b[name]) {
				t.Errorf("%s: two compressions differ", name)
			}
			var r io.Reader
			if strings.HasSuffix(name, ".gz") {
				zr, err := gzip.NewReader(bytes.NewReader(z))
				if err != nil {
					t.Fatal(err)
				}
				if zr.Name != "" || !zr.ModTime.IsZero() {
					t.Errorf("%s: header has name %q, time %v", name, zr.Name, zr.ModTime)
				}
				r = zr
			} else {
				r = brotli.NewReader(bytes.NewReader(z))
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s does not decompress to the original (%v)", name, err)
			}
		}
	}
	// A twin that would be larger than its file is not written.
	if tw, _ := new(compressors).twins("tiny.css", []byte("a{}")); len(tw) != 0 {
		t.Errorf("tiny file got twins %v", tw)
	}
}

func TestDirPrecompress(t *testing.T) {
	big := []byte(strings.Repeat("body{color:#123456;margin:0}\n", 100))
	for _, c := range []struct {
		mode Precompress
		want []string
	}{
		{PrecompressNone, []string{"a.jpg", "assets/main.0123abcd.css", "index.html"}},
		{PrecompressAssets, []string{"a.jpg", "assets/main.0123abcd.css", "assets/main.0123abcd.css.br", "assets/main.0123abcd.css.gz", "index.html"}},
		{PrecompressAll, []string{"a.jpg", "assets/main.0123abcd.css", "assets/main.0123abcd.css.br", "assets/main.0123abcd.css.gz", "index.html", "index.html.br", "index.html.gz"}},
	} {
		t.Run(string(c.mode), func(t *testing.T) {
			d, err := NewDir(filepath.Join(t.TempDir(), "public"))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Abort()
			d.Precompress = c.mode
			if err := d.WriteFile("index.html", big); err != nil {
				t.Fatal(err)
			}
			if err := d.CopyFile("assets/main.0123abcd.css", fstest.MapFS{"m.css": {Data: big}}, "m.css"); err != nil {
				t.Fatal(err)
			}
			if err := d.WriteFile("a.jpg", big); err != nil {
				t.Fatal(err)
			}
			if got := d.Files(); !slices.Equal(got, c.want) {
				t.Errorf("files %v, want %v", got, c.want)
			}
			for _, f := range d.Files() {
				if _, err := os.Stat(filepath.Join(d.Root(), f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	files := []string{
		"index.html", "index.html.gz", "404.html", "sitemap.xml", "_headers", ".nojekyll",
		"assets/css/main.3f9c2a1b.css", "assets/css/main.3f9c2a1b.css.br", "assets/icons/favicon.c04fcef6.svg",
		"san-pham/index.html", "san-pham/a/index.html", "en/index.html",
		"media/products/a/photo.jpg", "media/products/a/photo.0123456789abcdef.webp",
	}
	got := string(Headers("/ocop/", files))
	want := `# Cache rules for hosts that read _headers (Netlify, Cloudflare Pages); written by ocop.
/ocop/*
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
/ocop/404.html
  Cache-Control: public, max-age=600, must-revalidate
/ocop/
  Cache-Control: public, max-age=600, must-revalidate
/ocop/index.html
  Cache-Control: public, max-age=600, must-revalidate
/ocop/sitemap.xml
  Cache-Control: public, max-age=600, must-revalidate
/ocop/assets/*
  Cache-Control: public, max-age=31536000, immutable
/ocop/en/*
  Cache-Control: public, max-age=600, must-revalidate
/ocop/media/products/a/photo.0123456789abcdef.webp
  Cache-Control: public, max-age=31536000, immutable
/ocop/media/products/a/photo.jpg
  Cache-Control: public, max-age=600, must-revalidate
/ocop/san-pham/*
  Cache-Control: public, max-age=600, must-revalidate
`
	if got != want {
		t.Errorf("Headers:\n%s\nwant:\n%s", got, want)
	}
}

// TestPooledTwins checks that reused writers give the same bytes as new
// ones: inputs of several sizes and kinds, compressed in turn by one
// compressors value (so each writer is reset after a different input), are
// compared with a fresh gzip and brotli writer's output. Among them one
// larger than brotli's widest window (2.5 MB), then one of 700 KB: a pooled
// writer reset after the first compressed the second into other bytes.
func TestPooledTwins(t *testing.T) {
	var inputs [][]byte
	for i, n := range []int{600, 70_000, 900, 200_000, 5_000, 300_000, 700, 1_200_000, 2_000, 2_500_000, 700_000} {
		var b []byte
		for j := 0; len(b) < n; j++ {
			b = fmt.Appendf(b, `{"n":"Cà phê Sơn Lâm %d","s":%d,"u":"san-pham/ca-phe-%d/"},`, (i*7919+j*31)%1000, j%6, j)
		}
		inputs = append(inputs, b[:n])
	}
	var c compressors
	for round := range 2 {
		for _, data := range inputs {
			for _, rel := range []string{"data/search/vi/t/ca.json", "assets/site.css"} {
				got, err := c.twins(rel, data)
				if err != nil {
					t.Fatal(err)
				}
				want, err := new(compressors).twins(rel, data)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("round %d, %s (%d bytes): %d twins, want %d", round, rel, len(data), len(got), len(want))
				}
				for name, z := range want {
					if !bytes.Equal(got[name], z) {
						t.Errorf("round %d, %s (%d bytes): reused writer gives %d bytes, a new one %d", round, name, len(data), len(got[name]), len(z))
					}
				}
			}
		}
	}
}
