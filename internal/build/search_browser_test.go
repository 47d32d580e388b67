package build_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	ocop "github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/browsertest"
	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/output"
)

// buildSite copies the site folder src to a temporary folder (a build keeps
// state under the site's .cache/), builds it and serves the output on
// 127.0.0.1 under prefix (the base URL's path, e.g. "/ocop/"); it returns the
// URL of the site root.
func buildSite(t *testing.T, src, prefix string) string {
	t.Helper()
	tmp := t.TempDir()
	if err := os.CopyFS(tmp+"/site", os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	src = tmp + "/site"
	out := tmp + "/public"
	b := build.New(build.Options{Src: src, Builtin: ocop.Builtin, Minify: true, Precompress: output.PrecompressAssets})
	res, err := b.Build(out)
	if err != nil {
		t.Fatal(err)
	}
	if res.HasErrors() {
		t.Fatalf("%s has errors: %v", src, res.Diagnostics)
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), browsertest.Static(out)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

// eval evaluates js in the page and decodes its value.
func eval[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func evalStrings(ctx context.Context, t *testing.T, js string) []string {
	return eval[[]string](ctx, t, js)
}

// poll waits until js is truthy, also across a navigation (when the page's
// JavaScript context goes away while waiting).
func poll(js string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(10 * time.Second)
		for {
			ok, err := chromedp.Evaluate[bool]("!!("+js+")")(ctx, t)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %v", js, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// do runs steps, failing the test on an error.
func do(ctx context.Context, t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func location(ctx context.Context, t *testing.T) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestSearchInBrowser builds testdata/search (served under /ocop/, like a
// site on a subpath) and drives its search box, search page and listing
// filters in Chromium, with and without JavaScript.
func TestSearchInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := buildSite(t, "testdata/search", "/ocop/")
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, context.Context, string)
	}{
		{"box", testSearchBox},
		{"page", testSearchPage},
		{"filters", testFilters},
		{"nojs", testNoJavaScript},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, ctx, site) })
	}
}

// typeQuery clears the header search box, types q and waits until the
// results box has settled on results for it; it returns the results' names.
func typeQuery(ctx context.Context, t *testing.T, q string) []string {
	t.Helper()
	done := `(() => {
		const box = document.getElementById('q-suggest');
		return box.getAttribute('aria-busy') === 'false' && document.getElementById('q-status').textContent !== '' &&
			box.querySelector('a.all').search === '?' + new URLSearchParams({q: ` + jsString(q) + `});
	})()`
	do(ctx, t, "typing "+q,
		chromedp.Focus(chromedp.CSS("#q")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#q"), q),
		poll(done),
	)
	return evalStrings(ctx, t, `[...document.querySelectorAll('#q-suggest li .n')].map(e => e.textContent)`)
}

func testSearchBox(t *testing.T, ctx context.Context, site string) {
	do(ctx, t, "home", chromedp.Navigate(site))
	tests := []struct {
		q     string
		first string
		want  []string // in this order among the results
		not   []string
	}{
		{q: "ca phe", first: "Cà phê Khánh Sơn", want: []string{"Cà phê Khánh Sơn", "Mật ong rừng", "Trà vối"}, not: []string{"Cá kho làng Chài"}},
		{q: "cà phê", first: "Cà phê Khánh Sơn", want: []string{"Cà phê Khánh Sơn", "Mật ong rừng", "Trà vối"}},
		{q: "CA PHÊ", first: "Cà phê Khánh Sơn"},
		{q: "cà", first: "Cà phê Khánh Sơn", want: []string{"Cà phê Khánh Sơn", "Cá kho làng Chài"}},
		{q: "cá", first: "Cá kho làng Chài", want: []string{"Cá kho làng Chài", "Cà phê Khánh Sơn"}},
		{q: "dau xanh", first: "Bánh đậu xanh"},
		{q: "ĐẬU", first: "Bánh đậu xanh"},
		{q: "chuo", first: "Chuối sấy dẻo", want: []string{"Chuối sấy dẻo", "Công ty Chuối Việt"}},
		{q: "thac ta", first: "Thác Tà Gụ"},
		{q: "khong co gi", not: []string{"Cà phê Khánh Sơn"}},
	}
	for _, tc := range tests {
		got := typeQuery(ctx, t, tc.q)
		if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
			t.Errorf("%q: first result %v, want %q", tc.q, got, tc.first)
		}
		last := -1
		for _, w := range tc.want {
			i := slices.Index(got, w)
			if i < 0 || i < last {
				t.Errorf("%q: results %v, want %v in that order", tc.q, got, tc.want)
				break
			}
			last = i
		}
		for _, n := range tc.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: results %v should not have %q", tc.q, got, n)
			}
		}
	}

	// A result shows the star badge, the category and the producer.
	typeQuery(ctx, t, "ca phe")
	first := evalStrings(ctx, t, `(() => { const a = document.querySelector('#q-suggest li a'); return [a.querySelector('.badge').getAttribute('aria-label'), a.querySelector('.meta').textContent]; })()`)
	if !strings.Contains(first[0], "4 sao") || !strings.Contains(first[1], "Đồ uống") || !strings.Contains(first[1], "Hợp tác xã Sơn Bình") {
		t.Errorf("first result shows %q, want its badge, category and producer", first)
	}
	// The script draws the badge's stars as templates/partials/badge.html does
	// (compared below with the product page the result links to).
	jsStars := eval[string](ctx, t, `document.querySelector('#q-suggest li a .badge svg').outerHTML`)

	// Keyboard: ArrowDown moves into the results, Enter follows the link.
	do(ctx, t, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
	active := eval[string](ctx, t, `document.activeElement.textContent`)
	do(ctx, t, "enter", chromedp.KeyEvent(kb.Enter), poll(`location.pathname.includes('/san-pham/')`))
	if loc := location(ctx, t); !strings.HasPrefix(active, "Cà phê Khánh Sơn") || !strings.HasSuffix(loc, "/ocop/san-pham/ca-phe-khanh-son/") {
		t.Errorf("ArrowDown focused %q and Enter went to %s", active, loc)
	}
	if page := eval[string](ctx, t, `document.querySelector('main h1 + .badge svg').outerHTML`); jsStars != page || !strings.Contains(page, "<path d=") {
		t.Errorf("search result's stars differ from the page's:\n%s\n%s", jsStars, page)
	}

	// The 404 page has the search box too.
	do(ctx, t, "404 page", chromedp.Navigate(site+"khong-co-trang-nay/"))
	if got := typeQuery(ctx, t, "mat ong"); len(got) == 0 || got[0] != "Mật ong rừng" {
		t.Errorf("404 page: results %v", got)
	}
}

func testSearchPage(t *testing.T, ctx context.Context, site string) {
	results := `[...document.querySelectorAll('#results h2')].map(e => e.textContent)`
	settled := poll(`document.getElementById('results').getAttribute('aria-busy') === 'false'`)
	do(ctx, t, "search page", chromedp.Navigate(site+"tim-kiem/?q=ca+phe"), settled)
	if got := evalStrings(ctx, t, results); len(got) < 3 || got[0] != "Cà phê Khánh Sơn" {
		t.Errorf("search page results %v", got)
	}
	do(ctx, t, "switch to English",
		chromedp.Click(chromedp.CSS(`.langs a[hreflang="en"]`)),
		poll(`location.pathname.endsWith('/en/search/')`),
		settled,
	)
	loc := location(ctx, t)
	value := eval[string](ctx, t, `document.getElementById('q').value`)
	if u, _ := url.Parse(loc); u.Query().Get("q") != "ca phe" || value != "ca phe" {
		t.Errorf("after switching language: %s, box %q", loc, value)
	}
	if got := evalStrings(ctx, t, results); len(got) == 0 || got[0] != "Khanh Son coffee" {
		t.Errorf("English results %v", got)
	}
	// Untranslated records are found in English under their Vietnamese names.
	do(ctx, t, "English search", chromedp.Navigate(site+"en/search/?q=tra+voi"), settled)
	got := evalStrings(ctx, t, `[...document.querySelectorAll('#results article')].map(e => e.lang + ':' + e.querySelector('h2').textContent)`)
	if len(got) == 0 || got[0] != "vi:Trà vối" {
		t.Errorf("English results for tra voi: %v", got)
	}
}

func testFilters(t *testing.T, ctx context.Context, site string) {
	names := `[...document.querySelectorAll('main .cards:not([hidden]) h3')].map(e => e.textContent)`
	click := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Evaluate[chromedp.Void](`document.querySelector('.filters').open = true`),
			chromedp.Click(chromedp.CSS(sel)),
		)
	}
	shows := func(search string) chromedp.Action[chromedp.Void] {
		return poll(`location.search === ` + jsString(search) + ` && document.querySelector('.filtered-list')`)
	}
	steps := []struct {
		sel, search string
		want        []string
		status      string
	}{
		{`.filters a[data-f="stars"][data-v="4"]`, "?stars=4", []string{"Cà phê Khánh Sơn", "Mật ong rừng"}, "2 mục"},
		{`.filters a[data-f="type"][data-v="cooperative"]`, "?stars=4&type=cooperative", []string{"Cà phê Khánh Sơn", "Mật ong rừng"}, "Hợp tác xã"},
		{`.filters a[data-f="category"][data-v="food"]`, "?category=food&stars=4&type=cooperative", []string{"Mật ong rừng"}, "Thực phẩm"},
		{`.filters a[data-f="stars"][data-v="4"]`, "?category=food&type=cooperative", []string{"Mật ong rừng"}, "1 mục"},
		{`.filters a[data-f="type"][data-v="household"]`, "?category=food&type=household", []string{"Bánh đậu xanh", "Cá kho làng Chài"}, "2 mục"},
		{`.filters a[data-f="commune"][data-v="son-binh"]`, "?category=food&commune=son-binh&type=household", nil, "0 mục"},
	}
	do(ctx, t, "all products", chromedp.Navigate(site+"san-pham/"))
	for _, s := range steps {
		do(ctx, t, "filter "+s.search, click(s.sel), shows(s.search))
		if got := evalStrings(ctx, t, names); !slices.Equal(got, s.want) {
			t.Errorf("%s: listing %v, want %v", s.search, got, s.want)
		}
		if st := eval[string](ctx, t, `document.getElementById('filter-status').textContent`); !strings.Contains(st, s.status) {
			t.Errorf("%s: status %q, want it to contain %q", s.search, st, s.status)
		}
	}

	// A shared link opens filtered and paginated, and survives a language switch.
	do(ctx, t, "shared link", chromedp.Navigate(site+"san-pham/?category=food"), shows("?category=food"))
	if got := evalStrings(ctx, t, names); len(got) != 2 {
		t.Errorf("page 1 of food: %v", got)
	}
	do(ctx, t, "next page", chromedp.Click(chromedp.CSS(`.filtered-list .pager a[rel="next"]`)), shows("?category=food&page=2"))
	if got := evalStrings(ctx, t, names); !slices.Equal(got, []string{"Chuối sấy dẻo", "Mật ong rừng"}) {
		t.Errorf("page 2 of food: %v", got)
	}
	do(ctx, t, "switch to English",
		chromedp.Click(chromedp.CSS(`.langs a[hreflang="en"]`)),
		poll(`location.pathname.endsWith('/en/products/') && document.querySelector('.filtered-list')`),
	)
	if loc := location(ctx, t); !strings.HasSuffix(loc, "/ocop/en/products/?category=food&page=2") {
		t.Errorf("language switch went to %s", loc)
	}

	// The tourism listing filters tourism records.
	do(ctx, t, "tourism", chromedp.Navigate(site+"du-lich/?type=enterprise"), shows("?type=enterprise"))
	if got := evalStrings(ctx, t, names); !slices.Equal(got, []string{"Thác Tà Gụ"}) {
		t.Errorf("tourism by enterprise: %v", got)
	}
}

func testNoJavaScript(t *testing.T, ctx context.Context, site string) {
	defer chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(ctx, t, "all products", chromedp.Navigate(site+"san-pham/"))
	// Evaluate still runs with page scripts disabled.
	browse := evalStrings(ctx, t, `[...document.querySelectorAll('header nav.browse a')].map(a => a.textContent)`)
	shown := eval[bool](ctx, t, `getComputedStyle(document.querySelector('form.search')).display !== 'none'`)
	if !slices.Contains(browse, "Thực phẩm") || !slices.Contains(browse, "Sản phẩm OCOP 4 sao") || shown {
		t.Errorf("without JavaScript the header offers %v (search box shown: %v)", browse, shown)
	}
	do(ctx, t, "type filter",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('.filters').open = true`),
		chromedp.Click(chromedp.CSS(`.filters a[data-f="type"][data-v="cooperative"]`)),
		// The address changes when the new page starts to arrive: wait until
		// it is all parsed before reading its cards.
		poll(`location.pathname.endsWith('/loai-chu-the/hop-tac-xa/') && document.readyState === 'complete'`),
	)
	names := evalStrings(ctx, t, `[...document.querySelectorAll('main .cards h3')].map(e => e.textContent)`)
	if !slices.Equal(names, []string{"Cà phê Khánh Sơn", "Mật ong rừng"}) {
		t.Errorf("cooperatives' listing, page 1: %v", names)
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}
