package catalog_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/fixture/fixturetest"
)

// TestBuildScan checks that decoding bundles while they are read gives the
// catalogue, and the diagnostics, that Build gives.
func TestBuildScan(t *testing.T) {
	dir := fixturetest.Site(t, fixture.Options{Products: 60, Seed: 5})
	// A broken record too: both must report it the same way.
	broken := filepath.Join(dir, "content", "products", "hong-hong", "index.vi.md")
	if err := os.MkdirAll(filepath.Dir(broken), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte("---\nname: Hỏng\nstars: 9\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	var d1, d2 diag.List
	a := catalog.Build(content.Load(os.DirFS(dir), &d1), opts, &d1)
	b := catalog.BuildScan(content.Open(os.DirFS(dir), &d2), opts, &d2)
	summary := func(c *catalog.Catalog) string {
		s := ""
		for _, p := range c.Products {
			s += fmt.Sprintf("%s %d %v %s|", p.ID, p.Stars, p.Subject != nil, p.Name)
		}
		for _, p := range c.Tourism {
			s += p.ID + "|"
		}
		for _, x := range c.Subjects {
			s += fmt.Sprintf("%s %d|", x.ID, len(x.Products))
		}
		for _, x := range c.Communes {
			s += fmt.Sprintf("%s %d|", x.Slug, len(x.Products))
		}
		return s
	}
	if summary(a) != summary(b) {
		t.Errorf("BuildScan's catalogue differs from Build's")
	}
	if fmt.Sprint(d1.Items()) != fmt.Sprint(d2.Items()) {
		t.Errorf("diagnostics differ:\n%v\n%v", d1.Items(), d2.Items())
	}
	if diag.Count(d2.Items(), diag.Error) == 0 {
		t.Error("the broken record gave no error")
	}
	if len(a.Products) < 50 {
		t.Errorf("only %d products", len(a.Products))
	}
}

// BenchmarkBuild decodes, checks and links a loaded catalogue of 2,000
// products (the bodies converted once, before timing, through a BodyCache).
//
//	go test ./internal/catalog -run '^$' -bench Build -benchmem
func BenchmarkBuild(b *testing.B) {
	dir := fixturetest.Site(b, fixture.Options{Products: 2000, Seed: 1})
	var d diag.List
	src := content.Load(os.DirFS(dir), &d)
	opts := catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), BodyCache: catalog.NewBodyCache()}
	catalog.Build(src, opts, &d)
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		catalog.Build(src, opts, &d)
	}
}
