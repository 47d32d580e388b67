package catalog_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/fixture/fixturetest"
)

// TestDecodeCache checks that builds which reuse decoded records (the
// preview server's) give the catalogue and the diagnostics a build from
// scratch gives, after edits too: a changed record is decoded again, an
// unchanged broken one is reported again, and links are made afresh.
func TestDecodeCache(t *testing.T) {
	dir := fixturetest.Site(t, fixture.Options{Products: 60, Seed: 7})
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/products/hong-hong/index.vi.md", "---\nname: Hỏng\nstars: 9\n---\n")
	opts := catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	summary := func(c *catalog.Catalog, d *diag.List) string {
		var b strings.Builder
		for _, p := range c.Products {
			sub := ""
			if p.Subject != nil {
				sub = p.Subject.ID + fmt.Sprint(len(p.Subject.Products))
			}
			fmt.Fprintf(&b, "%s %d %s %q %v|", p.ID, p.Stars, sub, p.Name, p.Body)
		}
		for _, x := range c.Subjects {
			fmt.Fprintf(&b, "%s %q %d|", x.ID, x.Name, len(x.Products))
		}
		for _, x := range c.Communes {
			fmt.Fprintf(&b, "%s %d|", x.Slug, len(x.Products))
		}
		fmt.Fprint(&b, d.Items())
		return b.String()
	}
	fresh := func() string {
		var d diag.List
		return summary(catalog.Build(content.Load(os.DirFS(dir), &d), opts, &d), &d)
	}
	cc := content.NewCache()
	o := opts
	o.DecodeCache = catalog.NewDecodeCache()
	cached := func(changed ...string) (string, *catalog.Catalog) {
		cc.Invalidate(changed...)
		var d diag.List
		c := catalog.Build(cc.Load(os.DirFS(dir), &d), o, &d)
		return summary(c, &d), c
	}
	first, c1 := cached()
	if want := fresh(); first != want {
		t.Fatalf("first cached build differs from a fresh one:\n%s\n%s", first, want)
	}
	second, c2 := cached()
	if second != first {
		t.Fatalf("second cached build differs from the first:\n%s\n%s", second, first)
	}
	if !strings.Contains(second, "stars must be 3, 4 or 5") {
		t.Errorf("the unchanged broken record is not reported again: %s", second)
	}
	if c1.Products[0] == c2.Products[0] || c1.Products[0].Subject == c2.Products[0].Subject {
		t.Error("two builds share a record: a build must link copies of its own")
	}

	// Edit one product's name and body, and its subject's name.
	p := c2.Products[len(c2.Products)/2]
	edit := func(rel, old, new string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(data), old, new, 1)
		if s == string(data) {
			t.Fatalf("%s: %q not found", rel, old)
		}
		write(rel, s)
	}
	edit(p.Files.At("vi"), "name: ", "name: Sửa ")
	edit(p.Files.At("vi"), "\n---\n", "\n---\nĐoạn mới của bài.\n\n")
	edit(p.Subject.Files.At("vi"), "name: ", "name: Đổi ")
	third, c3 := cached(p.Files.At("vi"), p.Subject.Files.At("vi"))
	if want := fresh(); third != want {
		t.Fatalf("cached build after an edit differs from a fresh one:\n%s\n%s", third, want)
	}
	if third == second || !strings.Contains(third, "Đoạn mới của bài") || !strings.Contains(third, "Đổi ") {
		t.Error("the edit is not in the cached build")
	}
	_ = c3

	// Fix the broken record: its error goes.
	write("content/products/hong-hong/index.vi.md", "---\nname: Hỏng\ndraft: true\n---\n")
	fourth, _ := cached("content/products/hong-hong/index.vi.md")
	if want := fresh(); fourth != want {
		t.Fatalf("cached build after a fix differs from a fresh one:\n%s\n%s", fourth, want)
	}
	if strings.Contains(fourth, "stars must be 3, 4 or 5") {
		t.Error("the fixed record is still reported")
	}

	// A different date re-decodes everything (certificate expiry depends on it).
	o.Today = opts.Today.AddDate(5, 0, 0)
	opts.Today = o.Today
	fifth, _ := cached()
	if want := fresh(); fifth != want {
		t.Fatalf("cached build on another day differs from a fresh one")
	}
}
