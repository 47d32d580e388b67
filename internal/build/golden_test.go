package build

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden renders the main page types of testdata/mini without minifying and
// compares them with testdata/golden/*.html, so a reviewer reads a diff of HTML.
// Run `go test ./internal/build -run TestGolden -update` after a deliberate change.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	b := New(Options{Src: copySite(t, "testdata/mini"), Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin})
	res, err := b.Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	cases := map[string]string{
		"home":          "index.html",
		"home-en":       "en/index.html",
		"product":       "san-pham/ca-phe/index.html",
		"product-en":    "en/products/dak-coffee/index.html",
		"products":      "san-pham/index.html",
		"category":      "nhom/thuc-pham/index.html",
		"subject":       "chu-the/htx-a/index.html",
		"tourism":       "du-lich/thac/index.html",
		"tourism-en-fb": "en/tourism/thac/index.html",
		"stats":         "thong-ke/2024/index.html",
		"page-en":       "en/about/index.html",
		"404":           "404.html",
	}
	for name, rel := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(out, rel))
			if err != nil {
				t.Fatal(err)
			}
			// Asset fingerprints change with every CSS or JS edit; keep them out of the diff.
			text := fingerprintRe.ReplaceAllString(string(got), "$1.HASH.$2")
			golden := filepath.Join("testdata", "golden", name+".html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if text != string(want) {
				t.Errorf("%s differs from %s; run go test ./internal/build -run TestGolden -update and review the diff\n%s", rel, golden, firstDiff(string(want), text))
			}
		})
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, a, b)
		}
	}
	return ""
}

var fingerprintRe = regexp.MustCompile(`([a-z0-9_-]+)\.[0-9a-f]{8}\.(css|js|svg|png|woff2)`)
