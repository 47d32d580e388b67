package build

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/fixture"
)

// copySite copies a site folder's content/, templates/ and assets/ into a
// temporary folder, so that builds (and their caches) never write into the
// repository.
func copySite(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := fixture.CopySite(dst, src); err != nil {
		t.Fatal(err)
	}
	return dst
}

// buildSite builds (a copy of) the site folder src into a new temporary folder.
func buildSite(t testing.TB, src, baseURL string) string {
	t.Helper()
	src = copySite(t, src)
	out := filepath.Join(t.TempDir(), "public")
	b := New(Options{Src: src, BaseURL: baseURL, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin})
	res, err := b.Build(out)
	if err != nil {
		t.Fatal(err)
	}
	if res.HasErrors() {
		t.Fatalf("content errors: %v", res.Diagnostics)
	}
	return out
}

func readJSON(t *testing.T, file string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestExampleStats builds the repository's own site and checks that its 2024
// statistics reproduce the district's report, key for key.
func TestExampleStats(t *testing.T) {
	out := buildSite(t, "../..", "")
	m := readJSON(t, filepath.Join(out, "data/catalogue.json"))
	got, _ := json.Marshal(m["stats"].(map[string]any)["by_year"].(map[string]any)["2024"])
	want := `{"by_group":{"beverages":{"products":1,"subject_types":{"enterprise":1},"subjects":1},` +
		`"food":{"products":9,"subject_types":{"cooperative-group":1,"enterprise":2},"subjects":3},` +
		`"handicrafts":{"products":4,"subject_types":{"household":1},"subjects":1},` +
		`"tourism":{"products":2,"subject_types":{"enterprise":1,"household":1},"subjects":2}},` +
		`"by_stars":{"3":12,"4":4},"products":16,"subject_types":{"cooperative-group":1,"enterprise":2,"household":2},"subjects":5}`
	if string(got) != want {
		t.Errorf("stats 2024:\n got %s\nwant %s", got, want)
	}
	// The home page states the figures in words, in both languages.
	for file, sentence := range map[string]string{
		"index.html":    "Năm 2024, 16 sản phẩm OCOP của 5 chủ thể",
		"en/index.html": "In 2024, 16 OCOP products of 5 producers",
	} {
		data, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), sentence) {
			t.Errorf("%s does not say %q", file, sentence)
		}
	}
}

// walkHTML calls f for every HTML file of the output.
func walkHTML(t *testing.T, out string, f func(rel, page string)) {
	t.Helper()
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		f(filepath.ToSlash(rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var (
	hrefRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	langRe = regexp.MustCompile(`<html lang="[a-z]{2,3}"`)
)

// TestMiniSite checks the contract on a small site under a subpath: every
// page has lang and canonical, internal links resolve, drafts appear nowhere,
// Markdown never becomes a script, translations and fallbacks are linked right.
func TestMiniSite(t *testing.T) {
	out := buildSite(t, "testdata/mini", "")
	pages := 0
	walkHTML(t, out, func(rel, page string) {
		pages++
		if !langRe.MatchString(page) {
			t.Errorf("%s: no <html lang>", rel)
		}
		if !strings.Contains(page, `<link rel="canonical" href="https://example.org/ocop/`) {
			t.Errorf("%s: no canonical link under the base URL", rel)
		}
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "javascript:") {
			t.Errorf("%s: Markdown injected a script", rel)
		}
		for _, m := range hrefRe.FindAllStringSubmatch(page, -1) {
			u := m[1]
			if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "tel:") || strings.HasPrefix(u, "geo:") || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "http://") || u == "" {
				continue
			}
			if !strings.HasPrefix(u, "/ocop/") {
				t.Errorf("%s: link %q is outside the base path", rel, u)
				continue
			}
			target := strings.TrimPrefix(strings.SplitN(strings.SplitN(u, "#", 2)[0], "?", 2)[0], "/ocop/")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, err := os.Stat(filepath.Join(out, target)); err != nil {
				t.Errorf("%s: broken link %q", rel, u)
			}
		}
	})
	if pages < 20 {
		t.Fatalf("only %d pages", pages)
	}
	// Drafts appear nowhere, not even in the data files.
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(p)
		if strings.Contains(string(data), "nháp bí mật") || strings.Contains(string(data), "/nhap/") {
			t.Errorf("draft appears in %s", p)
		}
		return nil
	})
	// A translated slug is honoured and both pages point at each other.
	vi := mustRead(t, out, "san-pham/ca-phe/index.html")
	en := mustRead(t, out, "en/products/dak-coffee/index.html")
	if !strings.Contains(vi, `hreflang="en" href="https://example.org/ocop/en/products/dak-coffee/"`) {
		t.Error("vi page lacks the en alternate")
	}
	if !strings.Contains(en, `<link rel="canonical" href="https://example.org/ocop/en/products/dak-coffee/"`) {
		t.Error("en page is not its own canonical")
	}
	// Formatting: prices and dates per language.
	for _, c := range []struct{ page, want string }{
		{vi, "150.000 ₫"}, {en, "150,000 VND"}, {vi, "20/11/2024"}, {en, "20 Nov 2024"},
		{vi, `href="tel:0912345678"`}, {vi, `href="https://zalo.me/0912345678"`},
		{vi, `aria-label="Đạt 4 sao OCOP, công nhận năm 2024"`}, {en, `aria-label="4-star OCOP, ranked in 2024"`},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("page lacks %q", c.want)
		}
	}
	// An untranslated record: the en page exists, says so, is marked lang=vi,
	// points its canonical at the vi page and has no hreflang alternates.
	fb := mustRead(t, out, "en/tourism/thac/index.html")
	for _, want := range []string{`<link rel="canonical" href="https://example.org/ocop/du-lich/thac/"`, `<article class="record" lang="vi">`, "has not been translated"} {
		if !strings.Contains(fb, want) {
			t.Errorf("fallback page lacks %q", want)
		}
	}
	if strings.Contains(fb, `hreflang="vi"`) && strings.Contains(fb, `rel="alternate" hreflang`) {
		t.Error("fallback page has hreflang alternates")
	}
	sm := mustRead(t, out, "sitemap.xml")
	if strings.Contains(sm, "/en/tourism/thac/") {
		t.Error("sitemap lists a fallback page")
	}
	if !strings.Contains(sm, "https://example.org/ocop/du-lich/thac/") {
		t.Error("sitemap lacks the vi page of the untranslated record")
	}
	// Pagination: page size 2 gives a second page of all products with rel=prev.
	p2 := mustRead(t, out, "san-pham/page/2/index.html")
	if !strings.Contains(p2, `rel="prev"`) {
		t.Error("page 2 has no rel=prev")
	}
}

func mustRead(t *testing.T, out, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestFailedBuildKeepsOutput checks that a build with content errors leaves
// the previous output untouched.
func TestFailedBuildKeepsOutput(t *testing.T) {
	src := copySite(t, "testdata/mini")
	out := filepath.Join(t.TempDir(), "public")
	opts := Options{Src: src, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin}
	if res, err := New(opts).Build(out); err != nil || res.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diagnostics)
	}
	before := snapshot(t, out)
	f := filepath.Join(src, "content/products/mat-ong/index.vi.md")
	data, _ := os.ReadFile(f)
	os.WriteFile(f, []byte(strings.Replace(string(data), "stars: 3", "stars: 7", 1)), 0o644)
	res, err := New(opts).Build(out)
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasErrors() {
		t.Fatal("stars: 7 was accepted")
	}
	if after := snapshot(t, out); after != before {
		t.Error("a failed build changed the output")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary folders left beside the output: %d entries", len(entries))
	}
}

func snapshot(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			b.WriteString(p + "\x00" + string(data) + "\x00")
		}
		return nil
	})
	return b.String()
}
