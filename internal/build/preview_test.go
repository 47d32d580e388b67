package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/output"
)

// previewSite copies the mini site into a temporary folder.
func previewSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("testdata/mini", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/mini", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func rewrite(t *testing.T, dir, rel string, fn func(string) string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	data, _ := os.ReadFile(p)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(fn(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	miniProduct = "content/products/ca-phe/index.vi.md"
	miniPage    = "san-pham/ca-phe/index.html"
)

func TestPreviewUpdate(t *testing.T) {
	dir := previewSite(t)
	b := New(Options{Src: dir, Builtin: ocop.Builtin, Preview: true, PreviewScript: "<script>live()</script>",
		BaseURL: "http://127.0.0.1:1313/", Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	m := output.NewMemory()
	update := func() *Result {
		t.Helper()
		res, err := b.Update(m)
		if err != nil || res.HasErrors() {
			t.Fatalf("Update: %v %v", err, res.Diagnostics)
		}
		return res
	}
	page := func() string {
		t.Helper()
		if err := b.Ensure(miniPage); err != nil {
			t.Fatal(err)
		}
		data, ok := m.Get(miniPage)
		if !ok {
			t.Fatalf("%s is not written", miniPage)
		}
		return string(data)
	}

	// The first Update renders nothing: pages come when asked for.
	res := update()
	if !slices.Contains(res.Changed, miniPage) || res.Rendered != 0 {
		t.Fatalf("first update: %d rendered, changed has the product page: %v", res.Rendered, slices.Contains(res.Changed, miniPage))
	}
	if _, ok := m.Get(miniPage); ok {
		t.Errorf("the page was rendered before it was asked for")
	}
	if p := page(); !strings.Contains(p, "Cà phê rang mộc.") || !strings.Contains(p, "<script>live()</script>") {
		t.Errorf("the page lacks its text or the preview script")
	}
	// Assets keep their names in preview, so a stylesheet can be swapped.
	if _, ok := m.Get("assets/css/main.css"); !ok || !slices.Contains(res.Assets, "assets/css/main.css") {
		t.Errorf("assets/css/main.css is not published under its own name (changed assets %v)", res.Assets)
	}
	// The whole-catalogue files come when asked for, or by Flush.
	if _, ok := m.Get("data/catalogue.json"); ok {
		t.Errorf("the open data was written before it was asked for")
	}
	if err := b.EnsureData(); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Get("data/catalogue.json"); !ok {
		t.Errorf("EnsureData did not write the open data")
	}
	if err := b.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Changed {
		if _, ok := m.Get(f); !ok {
			t.Errorf("Flush did not write %s", f)
		}
	}

	// An edit changes the pages that show the record, and only after it is
	// reported (Changed) is the file read again.
	rewrite(t, dir, miniProduct, func(s string) string { return strings.Replace(s, "Cà phê rang mộc.", "Cà phê mới.", 1) })
	if res := update(); len(res.Changed) != 0 {
		t.Errorf("an unreported edit changed %v", res.Changed)
	}
	b.Changed(miniProduct)
	res = update()
	if !slices.Contains(res.Changed, miniPage) || len(res.Changed) == res.Pages {
		t.Errorf("after an edit %d of %d pages changed (product page: %v)", len(res.Changed), res.Pages, slices.Contains(res.Changed, miniPage))
	}
	// A page not rendered before the next Update stays due.
	if res := update(); !slices.Contains(res.Changed, miniPage) {
		t.Errorf("a page deferred by the previous update is forgotten: %v", res.Changed)
	}
	if p := page(); !strings.Contains(p, "Cà phê mới.") {
		t.Errorf("the page does not show the edit")
	}
	if res := update(); slices.Contains(res.Changed, miniPage) {
		t.Errorf("a rendered page is still due")
	}

	// A stylesheet of the site's own replaces the built-in one; no page changes.
	if err := b.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	rewrite(t, dir, "assets/css/main.css", func(string) string { return "body{color:#123456}" })
	res = update()
	if len(res.Changed) != 0 || !slices.Equal(res.Assets, []string{"assets/css/main.css"}) {
		t.Errorf("after a stylesheet change: pages %v, assets %v", res.Changed, res.Assets)
	}
	if css, _ := m.Get("assets/css/main.css"); !strings.Contains(string(css), "#123456") {
		t.Errorf("the stylesheet is not the new one")
	}
}

// TestPreviewPausedLater checks that the deferred open data and search index
// stop while a newer Update runs, and are written when asked for after it.
func TestPreviewPausedLater(t *testing.T) {
	dir := previewSite(t)
	b := New(Options{Src: dir, Builtin: ocop.Builtin, Preview: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	m := output.NewMemory()
	if res, err := b.Update(m); err != nil || res.HasErrors() {
		t.Fatalf("Update: %v %v", err, res)
	}
	z := b.pauseLater()
	if err := b.EnsureData(); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Get("data/catalogue.json"); ok {
		t.Errorf("the open data was written while a newer Update ran")
	}
	b.resumeLater(z)
	if err := b.EnsureData(); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Get("data/catalogue.json"); !ok {
		t.Errorf("the open data was not written once the Update let it")
	}
}
