package qr_test

import (
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/fixture"
)

var (
	canonicalRe = regexp.MustCompile(`<link rel="canonical" href="([^"]+)"`)
	kindRe      = regexp.MustCompile(`<body class="k-([a-z0-9-]+)"`)
	// A label of the QR sheet or an entry of the print catalogue: the record's
	// link, then its code.
	blockRe = regexp.MustCompile(`(?s)<(?:li class="label"|article class="entry[^"]*")>.*?<a href="([^"]+)">.*?(<svg class="qr".*?</svg>)`)
)

// TestExampleSiteCodes builds the example site (the repository root) and
// decodes every QR code it publishes: on each product and tourism page the code
// must hold the page's canonical URL; on the label sheets and the print
// catalogue each code must hold the canonical URL of the record it labels.
func TestExampleSiteCodes(t *testing.T) {
	// Minified, as ocop build publishes by default: the minifier rewrites the
	// path data, and the test reads what is published.
	for _, minify := range []bool{true} {
		t.Run("minified", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			src := t.TempDir()
			if err := fixture.CopySite(src, "../.."); err != nil {
				t.Fatal(err)
			}
			b := build.New(build.Options{Src: src, Minify: minify, Builtin: ocop.Builtin,
				Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
			res, err := b.Build(out)
			if err != nil || res.HasErrors() {
				t.Fatalf("build: %v %v", err, res.Diagnostics)
			}
			pages := map[string]string{} // root-relative URL → HTML
			err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(out, p)
				url := "/" + strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
				pages[url] = string(data)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			canonical := func(url string) string {
				m := canonicalRe.FindStringSubmatch(pages[url])
				if m == nil {
					t.Fatalf("%s: no page or no canonical link", url)
				}
				return html.UnescapeString(m[1])
			}
			records, labels := 0, map[string]int{}
			for url, page := range pages {
				kind := kindRe.FindStringSubmatch(page)
				if kind == nil {
					continue
				}
				switch kind[1] {
				case "product", "tourism":
					records++
					codes := findCodes(page)
					if len(codes) != 1 {
						t.Errorf("%s: %d QR codes, want 1", url, len(codes))
						continue
					}
					want := canonical(url)
					checkCode(t, url, codes[0], want)
					if !strings.Contains(codes[0].Label, want) {
						t.Errorf("%s: QR label %q does not give the URL", url, codes[0].Label)
					}
				case "qr", "print":
					blocks := blockRe.FindAllStringSubmatch(page, -1)
					if len(blocks) != len(findCodes(page)) {
						t.Errorf("%s: %d labelled blocks but %d codes", url, len(blocks), len(findCodes(page)))
					}
					for _, m := range blocks {
						codes := findCodes(m[2])
						if len(codes) != 1 {
							t.Errorf("%s → %s: unreadable QR markup %.80q", url, m[1], m[2])
							continue
						}
						checkCode(t, url+" → "+m[1], codes[0], canonical(html.UnescapeString(m[1])))
						labels[kind[1]]++
					}
				}
			}
			// Every product and tourism record, in every language.
			want := (len(b.Cat.Products) + len(b.Cat.Tourism)) * len(b.Cat.Site.Languages)
			if want < 40 {
				t.Fatalf("the example site has only %d record pages", want)
			}
			if records != want {
				t.Errorf("decoded codes on %d record pages, want %d", records, want)
			}
			for _, k := range []string{"qr", "print"} {
				if labels[k] != want {
					t.Errorf("%s pages: decoded %d codes, want %d (every record in every language)", k, labels[k], want)
				}
			}
		})
	}
}

func checkCode(t *testing.T, where string, c svgCode, want string) {
	t.Helper()
	got, err := decodeSVG(c)
	if err != nil {
		t.Errorf("%s: decoding the QR code: %v", where, err)
		return
	}
	if got != want {
		t.Errorf("%s: QR code holds %q, want %q", where, got, want)
	}
}
