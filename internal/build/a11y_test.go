package build_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	ocop "github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/browsertest"
	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/output"
	sitepkg "github.com/khanhson-ocop/ocop/internal/site"
)

// serveExample builds the example site (the repository's own content) and
// serves it on 127.0.0.1 under its base URL's path; it returns the builder
// and the URL of the site's root.
func serveExample(t *testing.T) (*build.Builder, string) {
	t.Helper()
	out := t.TempDir() + "/public"
	src := t.TempDir()
	if err := fixture.CopySite(src, "../.."); err != nil {
		t.Fatal(err)
	}
	b := build.New(build.Options{Src: src, Builtin: ocop.Builtin, Minify: true, Precompress: output.PrecompressNone})
	res, err := b.Build(out)
	if err != nil {
		t.Fatal(err)
	}
	if res.HasErrors() {
		t.Fatalf("the example site has errors: %v", res.Diagnostics)
	}
	srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(b.Cat.Site.BaseURL.Path, "/"), browsertest.Static(out)))
	t.Cleanup(srv.Close)
	return b, srv.URL + b.Cat.Site.BaseURL.Path
}

// TestAccessibility builds the example site (the repository's own content)
// and runs axe-core in Chromium on one page of every kind in both languages,
// with JavaScript on: listings filtered, the search page with results and the
// search box open. Any violation of axe's default rules fails.
func TestAccessibility(t *testing.T) {
	axe := browsertest.AxeJS(t)
	ctx := browsertest.New(t)
	b, root := serveExample(t)

	kinds := []sitepkg.Kind{sitepkg.Home, sitepkg.ProductList, sitepkg.CategoryPg, sitepkg.TypePg, sitepkg.ProductPg,
		sitepkg.SubjectList, sitepkg.SubjectPg, sitepkg.TourismList, sitepkg.TourismPg, sitepkg.StatsIndex, sitepkg.StatsPg, sitepkg.SearchPg, sitepkg.FreePage, sitepkg.NotFoundPg}
	type check struct {
		name, path string
		then       chromedp.Action[chromedp.Void] // run before axe
	}
	var checks []check
	pages := sitepkg.Plan(b.Cat, sitepkg.NewURLs(b.Cat))
	for _, lang := range b.Cat.Site.Codes() {
		for _, k := range kinds {
			for _, pg := range pages {
				if pg.Kind == k && pg.Lang == lang && pg.Translated && (pg.Pager == nil || pg.Pager.Number == 1) {
					path := pg.Path
					if k == sitepkg.SearchPg {
						path += "?q=sau+rieng"
					}
					checks = append(checks, check{name: lang + " " + string(k), path: path})
					break
				}
			}
		}
		for _, pg := range pages {
			if pg.Kind == sitepkg.ProductList && pg.Lang == lang {
				checks = append(checks, check{name: lang + " filtered products", path: pg.Path + "?stars=3&type=household"})
				break
			}
		}
		for _, pg := range pages {
			if pg.Kind == sitepkg.Home && pg.Lang == lang {
				checks = append(checks, check{name: lang + " search box open", path: pg.Path, then: chromedp.Steps(
					chromedp.Focus(chromedp.CSS("#q")),
					chromedp.SendKeys(chromedp.CSS("#q"), "sau"),
					poll(`!document.getElementById('q-suggest').hidden && document.getElementById('q-suggest').getAttribute('aria-busy') === 'false'`),
				)})
			}
		}
	}
	if len(checks) < 2*len(kinds) {
		t.Errorf("found %d pages to check, want at least %d", len(checks), 2*len(kinds))
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(root + c.path), poll(`document.readyState === 'complete'`)}
			if strings.Contains(c.path, "?q=") {
				steps = append(steps, poll(`document.getElementById('results').getAttribute('aria-busy') === 'false'`))
			}
			if strings.Contains(c.path, "?stars=") {
				steps = append(steps, poll(`document.querySelector('.filtered-list')`))
			}
			if c.then != nil {
				steps = append(steps, c.then)
			}
			do(ctx, t, c.path, steps...)
			vs, err := browsertest.Axe(ctx, axe)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s: %s", c.path, v)
			}
		})
	}
}
