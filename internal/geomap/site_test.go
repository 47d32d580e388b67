package geomap_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/fixture"
)

var (
	mapRe    = regexp.MustCompile(`(?s)<svg class="overview"[^>]*>(.*?)</svg>`)
	pinRe    = regexp.MustCompile(`<a href="([^"]+)" class="pin"><title>([^<]*)</title>`)
	legendRe = regexp.MustCompile(`(?s)<ol class="legend">(.*?)</ol>`)
	hrefRe   = regexp.MustCompile(`<a href="([^"]+)"`)
)

// TestExampleSiteMap builds the example site and checks the overview map of
// each language's tourism listing: one pin per spot, each a link to the spot's
// page, in the order of the numbered legend below it, and nothing fetched from
// elsewhere.
func TestExampleSiteMap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	src := t.TempDir()
	if err := fixture.CopySite(src, "../.."); err != nil {
		t.Fatal(err)
	}
	b := build.New(build.Options{Src: src, Minify: true, Builtin: ocop.Builtin,
		Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	res, err := b.Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	for _, rel := range []string{"du-lich/index.html", "en/tourism/index.html"} {
		data, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		page := string(data)
		m := mapRe.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no overview map", rel)
		}
		if strings.Contains(m[0], "http") {
			t.Errorf("%s: the map refers to another server", rel)
		}
		var pins []string
		for i, p := range pinRe.FindAllStringSubmatch(m[1], -1) {
			pins = append(pins, p[1])
			if !strings.HasPrefix(p[2], strconv.Itoa(i+1)+". ") {
				t.Errorf("%s: pin %d is titled %q", rel, i+1, p[2])
			}
			target := filepath.Join(out, filepath.FromSlash(p[1]), "index.html")
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: pin %d links to %s, which was not built", rel, i+1, p[1])
			}
		}
		if len(pins) != len(b.Cat.Tourism) {
			t.Errorf("%s: %d pins, want %d", rel, len(pins), len(b.Cat.Tourism))
		}
		l := legendRe.FindStringSubmatch(page)
		if l == nil {
			t.Fatalf("%s: no legend", rel)
		}
		var legend []string
		for _, h := range hrefRe.FindAllStringSubmatch(l[1], -1) {
			legend = append(legend, h[1])
		}
		if !slices.Equal(pins, legend) {
			t.Errorf("%s: pins %v, legend %v", rel, pins, legend)
		}
	}
}

// TestTourismMapPaged builds a generated catalogue whose tourism listing
// spans several pages: each page draws the spots it lists, numbered as its
// legend, so no page's map grows with the catalogue.
func TestTourismMapPaged(t *testing.T) {
	src := t.TempDir()
	if err := fixture.Generate(src, fixture.Options{Products: 200, Seed: 1, PageSize: 4}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	b := build.New(build.Options{Src: src, Minify: true, Builtin: ocop.Builtin,
		Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	res, err := b.Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	withGeo := 0
	for _, s := range b.Cat.Tourism {
		if s.Geo != nil {
			withGeo++
		}
	}
	for _, list := range []string{"du-lich", "en/tourism"} {
		seen := map[string]bool{}
		pages := 0
		for n := 1; ; n++ {
			rel := filepath.Join(list, "index.html")
			if n > 1 {
				rel = filepath.Join(list, "page", strconv.Itoa(n), "index.html")
			}
			data, err := os.ReadFile(filepath.Join(out, rel))
			if err != nil {
				break
			}
			pages++
			page := string(data)
			m := mapRe.FindStringSubmatch(page)
			l := legendRe.FindStringSubmatch(page)
			if m == nil || l == nil {
				t.Errorf("%s: no map or no legend", rel)
				continue
			}
			pins := pinRe.FindAllStringSubmatch(m[1], -1)
			legend := hrefRe.FindAllStringSubmatch(l[1], -1)
			if len(pins) == 0 || len(pins) > 4 || len(pins) != len(legend) {
				t.Errorf("%s: %d pins and %d legend entries; want 1 to 4 (page_size), as many", rel, len(pins), len(legend))
			}
			for i, p := range pins {
				if i < len(legend) && p[1] != legend[i][1] {
					t.Errorf("%s: pin %d links to %s, legend entry %d to %s", rel, i+1, p[1], i+1, legend[i][1])
				}
				if seen[p[1]] {
					t.Errorf("%s: %s is on the map of an earlier page too", rel, p[1])
				}
				seen[p[1]] = true
			}
			if !strings.Contains(page, "trang này") && !strings.Contains(page, "this page") {
				t.Errorf("%s: the caption does not say the map shows this page's spots", rel)
			}
		}
		if pages < 2 {
			t.Fatalf("%s: %d pages; the test needs a listing of several", list, pages)
		}
		if len(seen) != withGeo {
			t.Errorf("%s: the maps of its %d pages show %d spots, the catalogue has %d with a position", list, pages, len(seen), withGeo)
		}
	}
}
