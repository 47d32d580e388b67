package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// testRenderer returns the pages of a generated 30-product catalogue and a
// Renderer of the built-in templates with partials (a template file's text,
// may be empty) added.
func testRenderer(t *testing.T, partials string) ([]*site.Page, *Renderer) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if err := fixture.Generate(dir, fixture.Options{Products: 30, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	c := catalog.Build(content.Load(os.DirFS(dir), &d), catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}, &d)
	if diag.Count(d.Items(), diag.Error) > 0 {
		t.Fatal(d.Items())
	}
	own := fstest.MapFS{"templates/partials/zz.html": {Data: []byte(partials)}}
	urls := site.NewURLs(c)
	r, err := New(c, urls, Layers{own, ocop.Builtin}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return site.Plan(c, urls), r
}

// TestShared checks that a shared fragment is the template's own output,
// made once per language, and that a fragment that uses the page fails.
func TestShared(t *testing.T) {
	pages, r := testRenderer(t, `{{define "uses-page"}}<p>{{.Page.Path}}</p>{{end}}`)
	byLang := map[string][]*site.Page{}
	for _, pg := range pages {
		byLang[pg.Lang] = append(byLang[pg.Lang], pg)
	}
	for lang, pgs := range byLang {
		first, last := r.data(pgs[0]), r.data(pgs[len(pgs)-1])
		a, err := first.Shared("footer")
		if err != nil {
			t.Fatal(err)
		}
		b, err := last.Shared("footer")
		if err != nil {
			t.Fatal(err)
		}
		if a != b || !strings.HasPrefix(string(a), `<footer`) {
			t.Errorf("%s: footer differs between pages or is not the footer: %.60q", lang, a)
		}
		var direct bytes.Buffer
		if err := r.sets[site.Home].ExecuteTemplate(&direct, "footer", last); err != nil {
			t.Fatal(err)
		}
		if direct.String() != string(a) {
			t.Errorf("%s: shared footer differs from the footer rendered on the page", lang)
		}
		var page bytes.Buffer
		if err := r.Render(&page, pgs[len(pgs)-1]); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(page.String(), string(a)) {
			t.Errorf("%s: the page does not contain the shared footer", lang)
		}
		if _, err := first.Shared("uses-page"); err == nil || !strings.Contains(err.Error(), ".Page") {
			t.Errorf("%s: a fragment using the page: err = %v", lang, err)
		}
	}
	en, vi := r.data(byLang["en"][0]), r.data(byLang["vi"][0])
	a, _ := en.Shared("footer")
	b, _ := vi.Shared("footer")
	if a == b {
		t.Error("the footers of two languages are the same")
	}
}

// TestSharedAt checks that a fragment marking the current page, kept once per
// language and per page it marks, is on every page what rendering it on that
// page gives, for the main menu and for a template that asks .Current inside
// branches that depend on earlier answers.
func TestSharedAt(t *testing.T) {
	pages, r := testRenderer(t, `{{define "zz-nested"}}{{if .Current (.Listing "products")}}P{{else if .Current (.Listing "tourism")}}T{{if .Current (.Listing "subjects")}}never{{end}}{{else}}-{{end}}{{end}}`)
	marked := map[string]int{}
	for _, pg := range pages {
		dt := r.data(pg)
		for _, name := range []string{"main-nav", "zz-nested"} {
			got, err := dt.SharedAt(name)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := r.sets[pg.Kind].ExecuteTemplate(&want, name, dt); err != nil {
				t.Fatal(err)
			}
			if string(got) != want.String() {
				t.Fatalf("%s on %s:\n got %s\nwant %s", name, pg.Path, got, want.String())
			}
			if strings.Contains(string(got), `aria-current`) || strings.HasPrefix(string(got), "P") || strings.HasPrefix(string(got), "T") {
				marked[name]++
			}
		}
	}
	// The products and tourism listings (first pages) in both languages.
	if marked["zz-nested"] != 4 || marked["main-nav"] < 6 {
		t.Errorf("pages marked as current: %v", marked)
	}
}

// TestPartial checks that a cached partial is the template's output for its
// value, once per language and value, and that a value that cannot be a key
// is refused.
func TestPartial(t *testing.T) {
	pages, r := testRenderer(t, "")
	distinct := map[string]bool{}
	keys := map[string]map[Badge]bool{} // per language
	for _, pg := range pages {
		if pg.Product == nil {
			continue
		}
		dt := r.data(pg)
		b := dt.Badge(pg.Product)
		if keys[pg.Lang] == nil {
			keys[pg.Lang] = map[Badge]bool{}
		}
		keys[pg.Lang][b] = true
		got, err := dt.Partial("badge", b)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := r.sets[pg.Kind].ExecuteTemplate(&want, "badge", b); err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Fatalf("badge on %s:\n got %s\nwant %s", pg.Path, got, want.String())
		}
		distinct[string(got)] = true
	}
	if len(distinct) < 3 {
		t.Errorf("only %d different badges: the key does not tell them apart", len(distinct))
	}
	// Each key is kept for the whole build: two keys for the same badge
	// (a field the badge does not show) would keep one per record.
	if n := len(keys["vi"]) + len(keys["en"]); n != len(distinct) {
		t.Errorf("%d badge keys for %d different badges", n, len(distinct))
	}
	if _, err := r.data(pages[0]).Partial("badge", []int{1}); err == nil {
		t.Error("a slice was accepted as a partial's key")
	}
}

// TestReleaseFragments checks that releasing a language's cards forgets
// those and keeps the other language's, that releasing all forgets every
// one, and that a card asked for again is made again, the same.
func TestReleaseFragments(t *testing.T) {
	pages, r := testRenderer(t, "")
	byLang := map[string]*Data{}
	for _, pg := range pages {
		if byLang[pg.Lang] == nil {
			byLang[pg.Lang] = r.data(pg)
		}
	}
	p := r.cat.Products[0]
	count := func(lang string) int {
		n := 0
		r.langShared(lang).cards.Range(func(any, any) bool { n++; return true })
		return n
	}
	card := func(lang string) string {
		h, err := byLang[lang].CardHTML(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	vi, en := card("vi"), card("en")
	if count("vi") != 1 || count("en") != 1 {
		t.Fatalf("cards kept: vi %d, en %d; want 1 and 1", count("vi"), count("en"))
	}
	r.ReleaseFragments("vi")
	if count("vi") != 0 || count("en") != 1 {
		t.Errorf("after releasing vi: vi %d, en %d; want 0 and 1", count("vi"), count("en"))
	}
	if again := card("vi"); again != vi {
		t.Errorf("the card made again differs:\n%s\n%s", again, vi)
	}
	r.ReleaseFragments()
	if count("vi") != 0 || count("en") != 0 {
		t.Errorf("after releasing all: vi %d, en %d; want 0 and 0", count("vi"), count("en"))
	}
	if card("en") != en {
		t.Error("the en card made again differs")
	}
}
