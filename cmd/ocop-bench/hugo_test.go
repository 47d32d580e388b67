package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/fixture"
)

// TestHugoProject checks that the embedded Hugo project is written whole
// (folders whose names start with "_" included, which go:embed leaves out
// unless told) and, where Hugo is installed, that it builds a generated
// site's product, producer and listing pages in both languages.
func TestHugoProject(t *testing.T) {
	src := t.TempDir()
	dir, err := hugoProject(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"hugo.yaml", "layouts/_default/baseof.html", "layouts/_default/single.html",
		"layouts/_default/list.html", "layouts/index.html", "layouts/subjects/single.html", "layouts/partials/card.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the Hugo project lacks %s: %v", f, err)
		}
	}
	if hugoInstalled() != nil {
		t.Skip("hugo is not installed; the project's files were checked")
	}
	if err := fixture.Generate(src, fixture.Options{Products: 40, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	s, pages, err := hugoBuild(dir, out)
	if err != nil {
		t.Fatal(err)
	}
	if s.wall <= 0 || pages < 40 {
		t.Fatalf("Hugo built %d HTML pages in %v; want at least one per product", pages, s.wall)
	}
	products, err := os.ReadDir(filepath.Join(src, "content", "products"))
	if err != nil {
		t.Fatal(err)
	}
	slug := products[0].Name()
	page, err := os.ReadFile(filepath.Join(out, "products", slug, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>", "hreflang=vi", "/subjects/"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("Hugo's page of %s lacks %q:\n%s", slug, want, page)
		}
	}
	for _, f := range []string{"products/page/2/index.html", "en/products/index.html", "subjects/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("Hugo's output lacks %s: %v", f, err)
		}
	}
}
