package catalog

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/fixture"
)

// TestOneOffBuildDropsBundles checks that a catalogue built without a decode
// cache (ocop build) keeps no parsed bundle once its record is decoded: each
// holds its files' bytes and YAML trees, ~200 MB at 20,000 products.
func TestOneOffBuildDropsBundles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := fixture.Generate(dir, fixture.Options{Products: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		cache *DecodeCache
		kept  bool
	}{
		{"one-off", nil, false},
		{"preview", NewDecodeCache(), true}, // the cache keeps them on purpose
	} {
		t.Run(c.name, func(t *testing.T) {
			var d diag.List
			s := content.Open(os.DirFS(dir), &d)
			var mu sync.Mutex
			var seen []weak.Pointer[content.Bundle]
			live := 0
			each := func(fn func(int, *content.Bundle)) {
				s.Each(func(i int, bu *content.Bundle) {
					mu.Lock()
					seen = append(seen, weak.Make(bu))
					mu.Unlock()
					fn(i, bu)
				})
				// Every record is decoded; the build goes on to link them.
				runtime.GC()
				for _, w := range seen {
					if w.Value() != nil {
						live++
					}
				}
			}
			cat := build(s.Source, s.Len(), each, Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), DecodeCache: c.cache}, &d)
			if len(cat.Products) < 30 || len(seen) < 60 {
				t.Fatalf("%d products from %d bundles: the fixture changed", len(cat.Products), len(seen))
			}
			if kept := live == len(seen); kept != c.kept || (!c.kept && live > 0) {
				t.Errorf("%d of %d bundles still reachable once every record was decoded", live, len(seen))
			}
			runtime.KeepAlive(cat)
			runtime.KeepAlive(c.cache)
		})
	}
}
