package site_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// example loads the example site at the repository root.
func example(t *testing.T) *catalog.Catalog {
	t.Helper()
	return load(t, "../..")
}

// load loads the site in dir as of 2026-11-28; content errors fail the test.
func load(t *testing.T, dir string) *catalog.Catalog {
	t.Helper()
	var d diag.List
	c := catalog.Build(content.Load(os.DirFS(dir), &d), catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}, &d)
	if diag.Count(d.Items(), diag.Error) > 0 {
		t.Fatalf("%s: %v", dir, d.Items())
	}
	return c
}

func kindPages(pages []*site.Page, k site.Kind, lang string) []*site.Page {
	var out []*site.Page
	for _, p := range pages {
		if p.Kind == k && p.Lang == lang {
			out = append(out, p)
		}
	}
	return out
}

func TestPrintPages(t *testing.T) {
	c := example(t)
	all := len(c.Products) + len(c.Tourism)
	tests := []struct {
		pageSize  int
		wantQR    int // QR sheet pages
		wantPrint int
	}{
		{c.Site.PageSize, (all + 4*c.Site.PageSize - 1) / (4 * c.Site.PageSize), 1},
		{2, (all + 7) / 8, 1},
	}
	for _, tc := range tests {
		c.Site.PageSize = tc.pageSize
		u := site.NewURLs(c)
		pages := site.Plan(c, u)
		for _, lang := range c.Site.Codes() {
			for _, k := range []struct {
				kind site.Kind
				seg  site.Segment
				want int
			}{{site.QRSheet, site.SegQR, tc.wantQR}, {site.PrintPg, site.SegPrint, tc.wantPrint}} {
				got := kindPages(pages, k.kind, lang)
				if len(got) != k.want {
					t.Fatalf("page size %d, %s %s: %d pages, want %d", tc.pageSize, lang, k.kind, len(got), k.want)
				}
				seen := map[string]bool{}
				for i, pg := range got {
					if want := site.Paged(u.Listing(lang, k.seg), i+1); pg.Path != want {
						t.Errorf("%s page %d at %q, want %q", k.kind, i+1, pg.Path, want)
					}
					if len(pg.Switch) != len(c.Site.Languages) || pg.Canonical != pg.Path {
						t.Errorf("%s: switch %v, canonical %q", pg.Path, pg.Switch, pg.Canonical)
					}
					for _, it := range pg.Items {
						if seen[it.ID] {
							t.Errorf("%s lists %s twice", pg.Path, it.ID)
						}
						seen[it.ID] = true
						if !slices.Contains(pg.Deps, it.ID) || (it.Subject != nil && !slices.Contains(pg.Deps, it.Subject.ID)) {
							t.Errorf("%s shows %s but its Deps lack it or its producer", pg.Path, it.ID)
						}
					}
				}
				if len(seen) != all {
					t.Errorf("%s %s: %d records over all pages, want %d", lang, k.kind, len(seen), all)
				}
			}
		}
	}
}

func TestPrintOrder(t *testing.T) {
	c := example(t)
	rank := map[*catalog.Category]int{}
	for i, cat := range c.Categories {
		rank[cat] = i
	}
	for _, lang := range c.Site.Codes() {
		got := site.PrintOrder(c, lang)
		if len(got) != len(c.Products)+len(c.Tourism) {
			t.Fatalf("%d records, want %d", len(got), len(c.Products)+len(c.Tourism))
		}
		for i := 1; i < len(got); i++ {
			if rank[got[i-1].Category] > rank[got[i].Category] {
				t.Errorf("%s: %s (%s) after %s (%s): categories out of order", lang, got[i].ID, got[i].Category.Key, got[i-1].ID, got[i-1].Category.Key)
			}
		}
		if !got[len(got)-1].IsTourism {
			t.Errorf("%s: tourism (the last category) is not last", lang)
		}
	}
}

// TestTourismDeps checks that tourism pages depend on the products of their
// commune they list, and each tourism listing page on every spot of its map.
func TestTourismDeps(t *testing.T) {
	c := example(t)
	pages := site.Plan(c, site.NewURLs(c))
	checked := 0
	for _, lang := range c.Site.Codes() {
		for _, pg := range kindPages(pages, site.TourismPg, lang) {
			it := pg.Product
			cm := c.CommuneOf(it)
			for _, o := range site.CommuneProducts(c, it, lang) {
				checked++
				if o.IsTourism || o == it || c.CommuneOf(o) != cm {
					t.Errorf("%s: %s is not a product of commune %s", pg.Path, o.ID, cm.Name)
				}
				if !slices.Contains(pg.Deps, o.ID) {
					t.Errorf("%s lists %s but does not depend on it", pg.Path, o.ID)
				}
			}
		}
		shown := 0
		for _, pg := range kindPages(pages, site.TourismList, lang) {
			spots := site.MapSpots(pg.Items)
			shown += len(spots)
			for _, s := range spots {
				if !slices.Contains(pg.Deps, s.ID) {
					t.Errorf("%s shows %s on its map but does not depend on it", pg.Path, s.ID)
				}
			}
		}
		if shown != len(c.Tourism) {
			t.Errorf("the maps of the tourism listing show %d spots, the example has %d with positions", shown, len(c.Tourism))
		}
	}
	if checked == 0 {
		t.Fatal("no tourism page lists products of its commune")
	}
}
