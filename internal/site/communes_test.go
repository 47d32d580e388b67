package site_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/site"
)

func TestTopCommunes(t *testing.T) {
	// Communes a..e with 1..5 goods; d gets two more, e and c tourism.
	var cs []*catalog.Commune
	for i, name := range []string{"a", "b", "c", "d", "e"} {
		c := &catalog.Commune{Name: name, Slug: name}
		for range i + 1 {
			c.Products = append(c.Products, &catalog.Product{})
		}
		cs = append(cs, c)
	}
	cs[4].Products = append(cs[4].Products, &catalog.Product{IsTourism: true})
	cs[3].Products = append(cs[3].Products, &catalog.Product{}, &catalog.Product{}) // d: 6, like e
	cs[2].Products = append(cs[2].Products, &catalog.Product{IsTourism: true}, &catalog.Product{IsTourism: true})
	names := func(l []*catalog.Commune) string {
		s := ""
		for _, c := range l {
			s += c.Name
		}
		return s
	}
	tests := []struct {
		name    string
		tourism bool
		current *catalog.Commune
		limit   int
		want    string
	}{
		{"under the limit: all", false, nil, 5, "abcde"},
		{"the most records (goods and tourism), in name order", false, nil, 2, "de"},
		{"the page's own commune is kept", false, cs[0], 2, "ad"},
		{"tourism counts tourism records", true, nil, 1, "c"},
		{"ties go to the first by name", false, nil, 1, "d"},
		{"three", false, nil, 3, "cde"},
		{"none", false, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := names(site.TopCommunes(cs, tt.tourism, tt.current, tt.limit)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCommuneIndex checks that a national catalogue gets a paginated commune
// index, and that its pages, like every listing, stay within the page size.
func TestCommuneIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := fixture.Generate(dir, fixture.Options{Products: 400, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	c := load(t, dir)
	if len(c.Communes) <= site.FilterCommunes {
		t.Fatalf("only %d communes: the test needs more than %d", len(c.Communes), site.FilterCommunes)
	}
	u := site.NewURLs(c)
	pages := site.Plan(c, u)
	for _, lang := range c.Site.Codes() {
		idx := kindPages(pages, site.CommuneIndex, lang)
		want := (len(c.Communes) + c.Site.PageSize - 1) / c.Site.PageSize
		if len(idx) != want {
			t.Fatalf("%s: %d commune index pages, want %d", lang, len(idx), want)
		}
		var seen []*catalog.Commune
		for i, pg := range idx {
			if len(pg.Communes) > c.Site.PageSize {
				t.Errorf("%s page %d lists %d communes", lang, i+1, len(pg.Communes))
			}
			if want := site.Paged(u.Listing(lang, site.SegCommunes), i+1); pg.Path != want {
				t.Errorf("%s page %d: path %s, want %s", lang, i+1, pg.Path, want)
			}
			seen = append(seen, pg.Communes...)
		}
		if !slices.Equal(seen, c.Communes) {
			t.Errorf("%s: the index lists %d communes, want all %d in order", lang, len(seen), len(c.Communes))
		}
		if idx[0].Pager.Next != idx[1].Path || idx[1].Pager.Prev != idx[0].Path {
			t.Errorf("%s: pages not linked: %+v", lang, idx[0].Pager)
		}
	}
	if got := len(site.TopCommunes(c.Communes, false, nil, site.FilterCommunes)); got != site.FilterCommunes {
		t.Errorf("filter panel names %d communes, want %d", got, site.FilterCommunes)
	}
}
