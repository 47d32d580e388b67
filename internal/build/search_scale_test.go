package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	ocop "github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/browsertest"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/output"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// TestSearchScale measures the search of a large catalogue in Chromium: the
// compressed bytes of search data downloaded before the first result, and the
// time from a keystroke to the results. It runs only when asked:
//
//	OCOP_SEARCH_SCALE=20000 go test ./internal/build -run TestSearchScale -v
//
// (a number: the products of a generated fixture, seed 1; or a site folder).
// It builds only what search needs (the assets, the home and search pages,
// the index), serves it gzip-compressed on 127.0.0.1 and types queries with
// and without diacritics. It fails if more than 250 KB were needed before a
// first result; the timings are reported, not checked.
func TestSearchScale(t *testing.T) {
	spec := os.Getenv("OCOP_SEARCH_SCALE")
	if spec == "" {
		t.Skip("set OCOP_SEARCH_SCALE=20000 (or a site folder) to measure search at scale")
	}
	src := spec
	if n, err := strconv.Atoi(spec); err == nil {
		src = t.TempDir()
		start := time.Now()
		if err := fixture.Generate(src, fixture.Options{Products: n, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		t.Logf("generated %d products in %v", n, time.Since(start).Round(time.Millisecond))
	}
	ctx := browsertest.New(t)

	start := time.Now()
	b := New(Options{Src: src, Builtin: ocop.Builtin, Minify: true})
	cat, ds := b.Load()
	for _, d := range ds {
		if d.Severity == "error" {
			t.Fatalf("%s: %v", src, d)
		}
	}
	t.Logf("loaded %d products, %d tourism records, %d producers in %v", len(cat.Products), len(cat.Tourism), len(cat.Subjects), time.Since(start).Round(time.Millisecond))
	out := t.TempDir() + "/public"
	dir, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	dir.Precompress = output.PrecompressAssets
	assets, err := b.assets(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	urls := site.NewURLs(cat)
	r, err := render.New(cat, urls, b.layers(), render.Options{Assets: assets.paths})
	if err != nil {
		t.Fatal(err)
	}
	for _, pg := range site.Plan(cat, urls) {
		if pg.Kind == site.Home || pg.Kind == site.SearchPg {
			var buf bytes.Buffer
			if err := r.Render(&buf, pg); err != nil {
				t.Fatal(err)
			}
			if err := b.write(dir, site.File(pg.Path), buf.Bytes()); err != nil {
				t.Fatal(err)
			}
		}
	}
	start = time.Now()
	if err := b.searchIndex(cat, urls, r, dir); err != nil {
		t.Fatal(err)
	}
	t.Logf("search index of %d languages written in %v", len(cat.Site.Languages), time.Since(start).Round(time.Millisecond))
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	home := browsertest.Serve(t, out) + urls.BasePath

	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	// The page records each keystroke and each change of the results list.
	const probe = `(() => {
		window.__m = {keys: [], changes: []};
		document.getElementById('q').addEventListener('keydown', () => __m.keys.push(performance.now()), true);
		new MutationObserver(() => { if (document.querySelector('#q-suggest li a')) __m.changes.push(performance.now()); })
			.observe(document.querySelector('#q-suggest ul'), {childList: true});
		performance.clearResourceTimings();
		performance.setResourceTimingBufferSize(1000);
	})()`
	// bytesBefore sums the compressed bytes of search data received by time ms.
	const bytesBefore = `(ms => performance.getEntriesByType('resource')
		.filter(e => e.name.includes('/data/search/') && e.responseEnd <= ms)
		.reduce((a, e) => [a[0] + e.encodedBodySize, a[1] + 1], [0, 0]))`
	settled := func(q string) string {
		return `document.getElementById('q-suggest').getAttribute('aria-busy') === 'false' &&
			document.querySelector('#q-suggest a.all').search === '?' + new URLSearchParams({q: ` + strconv.Quote(q) + `})`
	}
	queries := []string{"ca phe", "cà phê", "CA PHÊ", "sau rieng", "nước mắm", "mat ong", "banh trang", "gao", "chuoi say"}
	var worst float64
	var lat []float64
	for _, q := range queries {
		// Cold: a fresh page, the query typed at once.
		err := chromedp.Do(ctx,
			chromedp.Navigate(home),
			chromedp.Evaluate[chromedp.Void](probe),
			chromedp.Focus(chromedp.CSS("#q")),
			chromedp.SendKeys(chromedp.CSS("#q"), q),
			waitJS(settled(q)),
		)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		first := evalJS[float64](ctx, t, `__m.changes[0] || 0`)
		if first == 0 {
			t.Errorf("%q: no results", q)
			continue
		}
		atFirst := evalJS[[]float64](ctx, t, bytesBefore+`(__m.changes[0])`)
		total := evalJS[[]float64](ctx, t, bytesBefore+`(1e12)`)
		names := evalJS[[]string](ctx, t, `[...document.querySelectorAll('#q-suggest li .n')].slice(0, 3).map(e => e.textContent)`)
		keys := evalJS[[]float64](ctx, t, `__m.keys`)
		t.Logf("%-12q first result %4.0f ms after the first key, %6.1f KB in %2.0f files (gzip) before it, %6.1f KB in %2.0f files when settled; top %v",
			q, first-keys[0], atFirst[0]/1024, atFirst[1], total[0]/1024, total[1], names)
		worst = max(worst, atFirst[0])
		if atFirst[0] > 250*1024 {
			t.Errorf("%q: %.1f KB of search data before the first result, want at most 250 KB", q, atFirst[0]/1024)
		}
		// Warm: the same page, the query typed again one key at a time.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''; __m.keys = []; __m.changes = []`)); err != nil {
			t.Fatal(err)
		}
		typed := ""
		for _, k := range q {
			typed += string(k)
			n := evalJS[int](ctx, t, `__m.changes.length`)
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#q"), string(k))); err != nil {
				t.Fatal(err)
			}
			if len([]rune(strings.TrimSpace(typed))) < 2 {
				continue
			}
			if err := chromedp.Do(ctx, waitJS(settled(typed)+` && __m.changes.length > `+strconv.Itoa(n))); err != nil {
				t.Fatalf("%q: %v", typed, err)
			}
			l := evalJS[float64](ctx, t, `__m.changes[__m.changes.length - 1] - __m.keys[__m.keys.length - 1]`)
			lat = append(lat, l)
			if testing.Verbose() && os.Getenv("OCOP_SEARCH_SCALE_KEYS") != "" {
				f := evalJS[[]float64](ctx, t, `(() => { const k = __m.keys[__m.keys.length - 1], c = __m.changes[__m.changes.length - 1];
					const es = performance.getEntriesByType('resource').filter(e => e.startTime >= k && e.responseEnd <= c);
					return [es.length, Math.max(0, ...es.map(e => e.responseEnd - k)), Math.max(0, ...es.map(e => e.responseEnd - e.startTime))]; })()`)
				t.Logf("  %q: %.1f ms (%.0f files fetched, the last %.1f ms after the key, the slowest took %.1f ms)", typed, l, f[0], f[1], f[2])
			}
		}
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		t.Logf("keystroke → results (index loaded), %d keystrokes: median %.1f ms, 90th percentile %.1f ms, max %.1f ms",
			len(lat), lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)-1])
	}
	t.Logf("most search data before a first result: %.1f KB (gzip)", worst/1024)
}

func evalJS[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func waitJS(js string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(60 * time.Second)
		for {
			ok, err := chromedp.Evaluate[bool]("!!("+js+")")(ctx, t)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %v", js, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}
