package build

// Benchmarks of whole builds of generated catalogues (issue 8). They print
// wall time per build and the allocations; docs/performance.md records the
// figures and how the whole-command timings (CPU, peak memory) are taken.
//
//	go test ./internal/build -run '^$' -bench . -benchtime 1x
//	go test ./internal/build -run '^$' -bench 'Build/n=20000' -benchtime 1x -cpuprofile /tmp/cpu.out
//
// Each size's site is generated once per benchmark run into a temporary folder.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/fixture/fixturetest"
	"github.com/khanhson-ocop/ocop/internal/output"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/search"
	"github.com/khanhson-ocop/ocop/internal/site"
)

var benchSizes = []int{1000, 5000, 20000}

func benchSite(b *testing.B, n int) string {
	b.Helper()
	return fixturetest.Site(b, fixture.Options{Products: n, Seed: 1})
}

// benchCatalog loads a generated catalogue of n products.
func benchCatalog(b *testing.B, n int) (*catalog.Catalog, *site.URLs) {
	b.Helper()
	cat, ds := New(benchOptions(benchSite(b, n))).Load()
	if cat == nil {
		b.Fatalf("the site does not load: %v", ds)
	}
	return cat, site.NewURLs(cat)
}

func benchOptions(src string) Options {
	return Options{Src: src, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin}
}

// BenchmarkBuild measures a clean, minified build into a folder.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src := benchSite(b, n)
			out := filepath.Join(b.TempDir(), "public")
			b.ReportAllocs()
			b.ResetTimer()
			var res *Result
			for b.Loop() {
				var err error
				res, err = New(benchOptions(src)).Build(out)
				if err != nil {
					b.Fatal(err)
				}
				if res.HasErrors() {
					b.Fatalf("content errors: %v", res.Diagnostics[0])
				}
			}
			b.ReportMetric(float64(res.Pages), "pages")
		})
	}
}

// BenchmarkRebuildOne measures `ocop build` after editing one product: a new
// Builder (a new process) reads the manifest and rewrites what changed.
func BenchmarkRebuildOne(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src := benchSite(b, n)
			out := filepath.Join(b.TempDir(), "public")
			if _, err := New(benchOptions(src)).Build(out); err != nil {
				b.Fatal(err)
			}
			entries, err := os.ReadDir(filepath.Join(src, "content", "products"))
			if err != nil {
				b.Fatal(err)
			}
			file := filepath.Join(src, "content", "products", entries[len(entries)/2].Name(), "index.vi.md")
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			i := 0
			var res *Result
			for b.Loop() {
				b.StopTimer()
				i++
				edited := fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i)
				if err := os.WriteFile(file, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err = New(benchOptions(src)).Build(out)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Rendered), "rendered")
		})
	}
}

// BenchmarkRenderPage measures rendering one page of each common kind and of
// the two heaviest (a QR label sheet, a page of the print catalogue) (to
// io.Discard, caches warm) on a generated 300-product catalogue: the cost
// that grows with the number of pages.
func BenchmarkRenderPage(b *testing.B) {
	bl := New(benchOptions(benchSite(b, 300)))
	cat, ds := bl.Load()
	if diag.Count(ds, diag.Error) > 0 {
		b.Fatalf("content errors: %v", ds)
	}
	urls := site.NewURLs(cat)
	assets, err := bl.assets(output.NewMemory(), false)
	if err != nil {
		b.Fatal(err)
	}
	r, err := render.New(cat, urls, bl.layers(), render.Options{Assets: assets.paths, Templates: bl.templates(), MinifyTemplate: bl.minifyTemplate()})
	if err != nil {
		b.Fatal(err)
	}
	byKind := map[site.Kind][]*site.Page{}
	for _, pg := range site.Plan(cat, urls) {
		byKind[pg.Kind] = append(byKind[pg.Kind], pg)
	}
	for _, k := range []site.Kind{site.ProductPg, site.SubjectPg, site.ProductList, site.QRSheet, site.PrintPg} {
		b.Run(string(k), func(b *testing.B) {
			ps := byKind[k]
			if len(ps) == 0 {
				b.Fatalf("no %s pages", k)
			}
			for _, pg := range ps { // the shared fragments and cards, as in a build
				if err := r.Render(io.Discard, pg); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for b.Loop() {
				if err := r.Render(io.Discard, ps[i%len(ps)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkCatalogueJSON measures data/catalogue.json of 5,000 products,
// compact (what a minified build writes) and indented (--minify=false), with
// the bytes each allocates.
//
//	go test ./internal/build -run '^$' -bench CatalogueJSON -benchmem
func BenchmarkCatalogueJSON(b *testing.B) {
	cat, urls := benchCatalog(b, 5000)
	for _, compact := range []bool{true, false} {
		b.Run(map[bool]string{true: "compact", false: "indented"}[compact], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := catalogueJSON(cat, urls, nil, compact); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchIndex measures one language's search index of 5,000
// products (search.BuildSeq over SearchDocs), as a build makes it.
//
//	go test ./internal/build -run '^$' -bench SearchIndex -benchmem
func BenchmarkSearchIndex(b *testing.B) {
	cat, urls := benchCatalog(b, 5000)
	r, err := render.New(cat, urls, render.Layers{ocop.Builtin}, render.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		docs, _ := SearchDocs(cat, urls, r, "vi")
		if _, err := search.BuildSeq(docs, search.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
