package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/fixture/fixturetest"
	"github.com/khanhson-ocop/ocop/internal/output"
)

// TestPreviewPatch edits a generated catalogue in many ways while a preview
// Builder follows, and after each edit compares everything it serves with
// what a new preview Builder makes of the same folder: reusing the last plan
// (Result.Reused) must never show anything else, and it must be used for
// edits of a record's text.
func TestPreviewPatch(t *testing.T) {
	dir := fixturetest.Site(t, fixture.Options{Products: 40, Seed: 3})
	opts := Options{Src: dir, Builtin: ocop.Builtin, Preview: true, PreviewScript: "<script>live()</script>",
		BaseURL: "http://127.0.0.1:1313/", Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	b := New(opts)
	live := output.NewMemory()
	run := func(b *Builder, m *output.Memory) *Result {
		t.Helper()
		res, err := b.Update(m)
		if err != nil {
			t.Fatal(err)
		}
		if !res.HasErrors() {
			if err := b.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		return res
	}
	run(b, live)

	first := func(kind string) string {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(dir, "content", kind))
		if err != nil || len(entries) == 0 {
			t.Fatalf("no %s: %v", kind, err)
		}
		return "content/" + kind + "/" + entries[len(entries)/2].Name()
	}
	tourism, subject := first("tourism"), first("subjects")
	var product string // a ranked product
	all, _ := os.ReadDir(filepath.Join(dir, "content", "products"))
	for _, e := range all {
		data, _ := os.ReadFile(filepath.Join(dir, "content", "products", e.Name(), "index.vi.md"))
		if regexp.MustCompile(`(?m)^stars: [45]`).Match(data) {
			product = "content/products/" + e.Name()
		}
	}
	if product == "" {
		t.Fatal("no generated product has 4 or 5 stars")
	}
	page := "content/pages/gioi-thieu"
	var translated, untranslated string
	entries, _ := os.ReadDir(filepath.Join(dir, "content", "products"))
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, "content", "products", e.Name(), "index.en.md")); err != nil {
			untranslated = "content/products/" + e.Name()
		} else {
			translated = "content/products/" + e.Name()
		}
	}
	if untranslated == "" || translated == "" {
		t.Fatal("the generated products are all translated, or none is")
	}
	sub := func(old, new string) func(string) string {
		return func(s string) string {
			out := strings.Replace(s, old, new, 1)
			if out == s {
				t.Fatalf("%q not found in\n%s", old, s)
			}
			return out
		}
	}
	re := func(pattern, repl string) func(string) string {
		return func(s string) string {
			out := regexp.MustCompile(pattern).ReplaceAllString(s, repl)
			if out == s {
				t.Fatalf("%s not found in\n%s", pattern, s)
			}
			return out
		}
	}
	steps := []struct {
		name   string
		file   string
		edit   func(string) string
		reused bool // the last plan must be reused
		broken bool
		quick  bool // the changed record must be read on its own
	}{
		{"product body", product + "/index.vi.md", sub("\n---\n", "\n---\nMột đoạn mới.\n\n"), true, false, true},
		{"product summary", product + "/index.vi.md", re(`(?m)^summary: `, "summary: Mới – "), true, false, true},
		{"subject summary", subject + "/index.vi.md", re(`(?m)^summary: `, "summary: Đã sửa – "), true, false, true},
		{"tourism body", tourism + "/index.vi.md", sub("\n---\n", "\n---\nĐường đi mới.\n\n"), true, false, true},
		// Menus show a free page's name on every page, not its text.
		{"free page body", page + "/index.vi.md", sub("\n---\n", "\n---\nGiới thiệu mới.\n\n"), true, false, true},
		{"free page renamed", page + "/index.vi.md", re(`(?m)^name: `, "name: Trang "), false, false, false},
		{"product English body", translated + "/index.en.md", sub("\n---\n", "\n---\nA new paragraph.\n\n"), true, false, true},
		{"product renamed to the front", product + "/index.vi.md", re(`(?m)^name: `, "name: AAA "), false, false, false},
		{"product stars", product + "/index.vi.md", re(`(?m)^stars: \d\nscore: \d+`, "stars: 3\nscore: 55"), false, false, false},
		{"product category", product + "/index.vi.md", re(`(?m)^category: \S+\n(subcategory: \S+\n)?`, "category: handicrafts\n"), false, false, false},
		{"tourism moved", tourism + "/index.vi.md", re(`lat: [0-9.]+`, "lat: 10.5"), false, false, false},
		{"translation added", untranslated + "/index.en.md", func(string) string { return "---\nname: Translated\nsummary: Now in English.\n---\n\nText.\n" }, false, false, false},
		{"score out of range", product + "/index.vi.md", re(`(?m)^score: \d+`, "score: 500"), false, true, false},
		// Back to the last written content: nothing changed.
		{"score back", product + "/index.vi.md", re(`(?m)^score: 500`, "score: 55"), true, false, false},
		{"broken", product + "/index.vi.md", re(`(?m)^stars: \d`, "stars: bốn"), false, true, false},
		{"fixed with a body edit", product + "/index.vi.md", func(s string) string {
			return strings.Replace(strings.Replace(s, "stars: bốn", "stars: 3", 1), "Một đoạn mới.", "Đoạn đã sửa.", 1)
		}, true, false, false}, // compared with the last good Update: only the text changed
		{"body after the fix", product + "/index.vi.md", sub("Đoạn đã sửa.", "Đoạn sửa lần nữa."), true, false, true},
	}
	for _, st := range steps {
		rewrite(t, dir, st.file, st.edit)
		b.Changed(st.file)
		res := run(b, live)
		if res.HasErrors() != st.broken {
			t.Fatalf("%s: errors %v, want %v: %v", st.name, res.HasErrors(), st.broken, res.Diagnostics)
		}
		if st.broken {
			fres := run(New(opts), output.NewMemory())
			if fmt.Sprint(fres.Diagnostics) != fmt.Sprint(res.Diagnostics) {
				t.Errorf("%s: diagnostics differ from a new preview's:\n%v\n%v", st.name, res.Diagnostics, fres.Diagnostics)
			}
			continue
		}
		if res.Reused != st.reused {
			t.Errorf("%s: plan reused %v, want %v", st.name, res.Reused, st.reused)
		}
		if (res.Reread > 0) != st.quick {
			t.Errorf("%s: %d records read on their own, want that %v", st.name, res.Reread, st.quick)
		}
		if st.quick && len(res.Changed) == 0 {
			t.Errorf("%s: no page changed", st.name)
		}
		fresh := output.NewMemory()
		fres := run(New(opts), fresh)
		if fmt.Sprint(fres.Diagnostics) != fmt.Sprint(res.Diagnostics) {
			t.Errorf("%s: diagnostics differ from a new preview's:\n%v\n%v", st.name, res.Diagnostics, fres.Diagnostics)
		}
		var extra, missing []string
		for _, p := range live.Paths() {
			if _, ok := fresh.Get(p); !ok {
				extra = append(extra, p)
			}
		}
		want := fresh.Paths()
		for _, p := range want {
			if _, ok := live.Get(p); !ok {
				missing = append(missing, p)
			}
		}
		if len(extra)+len(missing) > 0 {
			t.Fatalf("%s: only in the preview: %v; only in a new one: %v", st.name, extra, missing)
		}
		for _, p := range want {
			w, _ := fresh.Get(p)
			g, _ := live.Get(p)
			if !bytes.Equal(w, g) {
				t.Errorf("%s: %s differs from a new preview's", st.name, p)
			}
		}
	}
}
