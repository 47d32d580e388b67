package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ocop "github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/fixture/fixturetest"
)

// tree returns every file (content) and folder (nil) under dir, by path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			m[rel+"/"] = nil
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m[rel] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameTree fails unless the folders got and want hold the same files and
// folders with the same bytes.
// modes returns the permissions of the files under dir, by path.
func modes(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	m := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = info.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(t *testing.T, got, want string) {
	t.Helper()
	g, w := tree(t, got), tree(t, want)
	var diffs []string
	for p, wb := range w {
		gb, ok := g[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case !bytes.Equal(gb, wb):
			diffs = append(diffs, "differs "+p)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	// And with the same permissions: a file readable by its owner only
	// would be served by no web server that runs as another user.
	gm, wm := modes(t, got), modes(t, want)
	for p, m := range wm {
		if gm[p] != m && g[p] != nil {
			diffs = append(diffs, fmt.Sprintf("mode %v, not %v: %s", gm[p], m, p))
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], "…")
		}
		t.Errorf("incremental output differs from a clean build (%d differences):\n%s", len(diffs), strings.Join(diffs, "\n"))
	}
}

func mustWrite(t *testing.T, file, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readString(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// buildInto builds src into dir (cleanly or in place) and fails on an error,
// naming the content errors. It lets go of the bodies after loading, as a
// large catalogue's build does (Options.Loaded), so the tests that build
// through it render every body read back from the memo.
func buildInto(t *testing.T, src, dir string, clean bool) *Result {
	t.Helper()
	o := benchOptions(src)
	o.Clean = clean
	o.Loaded = func(int64) bool { return true }
	res, err := New(o).Build(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.HasErrors() {
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				t.Error(d)
			}
		}
		t.FailNow()
	}
	return res
}

// TestIncrementalMatchesClean edits, adds and deletes records and bundle
// files between builds into one folder, and compares each in-place update
// with a clean build of the same source, byte for byte.
func TestIncrementalMatchesClean(t *testing.T) {
	src := fixturetest.Site(t, fixture.Options{Products: 24, Seed: 7, Photos: true, PhotoWidth: 64, PhotoHeight: 48})
	out := filepath.Join(t.TempDir(), "public")
	products := filepath.Join(src, "content", "products")
	entries, err := os.ReadDir(products)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, e := range entries {
		slugs = append(slugs, e.Name())
	}
	slices.Sort(slugs)
	photo := "" // a bundle with a photo
	for _, s := range slugs {
		if _, err := os.Stat(filepath.Join(products, s, s+"-1.jpg")); err == nil {
			photo = s
			break
		}
	}
	if photo == "" {
		t.Fatal("the fixture has no photos")
	}

	build := func(clean bool, dir string) *Result {
		t.Helper()
		return buildInto(t, src, dir, clean)
	}
	first := build(false, out)
	if first.Rendered != first.Pages {
		t.Fatalf("first build rendered %d of %d pages", first.Rendered, first.Pages)
	}

	steps := []struct {
		name string
		edit func(t *testing.T)
		// most is the most pages the update may render (0: no limit).
		most int
	}{
		{"nothing changed", func(t *testing.T) {}, 0},
		{"a product's text", func(t *testing.T) {
			f := filepath.Join(products, slugs[3], "index.vi.md")
			mustWrite(t, f, readString(t, f)+"\nMột câu mới ở cuối bài.\n")
		}, 40},
		{"a subject's name", func(t *testing.T) {
			subjects := filepath.Join(src, "content", "subjects")
			es, err := os.ReadDir(subjects)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(subjects, es[0].Name(), "index.vi.md")
			s := readString(t, f)
			if !strings.Contains(s, "\nname: ") {
				t.Fatalf("%s has no name line", f)
			}
			mustWrite(t, f, strings.Replace(s, "\nname: ", "\nname: Đổi tên ", 1))
		}, 0},
		{"a product's stars and name", func(t *testing.T) {
			f := filepath.Join(products, slugs[5], "index.vi.md")
			s := readString(t, f)
			s = strings.Replace(s, "\nname: ", "\nname: Aaa ", 1)
			mustWrite(t, f, s)
		}, 0},
		{"a product added, one deleted", func(t *testing.T) {
			copyDir(t, filepath.Join(products, slugs[7]), filepath.Join(products, "san-pham-moi-them"))
			if err := os.RemoveAll(filepath.Join(products, slugs[9])); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"bundle files added", func(t *testing.T) {
			mustWrite(t, filepath.Join(products, slugs[11], "to-roi.pdf"), "%PDF-1.4 leaflet")
			mustWrite(t, filepath.Join(products, photo, "them.jpg"), readString(t, filepath.Join(products, photo, photo+"-1.jpg")))
		}, 0},
		{"bundle files removed", func(t *testing.T) {
			for _, f := range []string{filepath.Join(products, slugs[11], "to-roi.pdf"), filepath.Join(products, photo, "them.jpg")} {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
			}
		}, 0},
		{"a subject deleted with its products", func(t *testing.T) {
			subjects := filepath.Join(src, "content", "subjects")
			es, err := os.ReadDir(subjects)
			if err != nil {
				t.Fatal(err)
			}
			victim := es[len(es)/2].Name()
			for _, s := range slugs {
				f := filepath.Join(products, s, "index.vi.md")
				if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), "\nsubject: "+victim+"\n") {
					os.RemoveAll(filepath.Join(products, s))
				}
			}
			tourism := filepath.Join(src, "content", "tourism")
			ts, _ := os.ReadDir(tourism)
			for _, e := range ts {
				f := filepath.Join(tourism, e.Name(), "index.vi.md")
				if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), "\nsubject: "+victim+"\n") {
					os.RemoveAll(filepath.Join(tourism, e.Name()))
				}
			}
			if err := os.RemoveAll(filepath.Join(subjects, victim)); err != nil {
				t.Fatal(err)
			}
		}, 0},
	}
	for i, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit(t)
			res := build(false, out)
			if i == 0 && (res.Rendered != 0 || len(res.Removed) != 0) {
				t.Errorf("no change: rendered %d pages, removed %v", res.Rendered, res.Removed)
			}
			if st.most > 0 && res.Rendered > st.most {
				t.Errorf("rendered %d pages of %d, want at most %d", res.Rendered, res.Pages, st.most)
			}
			if res.Rendered == res.Pages && res.Pages > 0 && i < 2 {
				t.Errorf("rendered every page: the update was not incremental")
			}
			clean := filepath.Join(t.TempDir(), "public")
			build(true, clean)
			sameTree(t, out, clean)
		})
	}
}

// TestIncrementalEdits makes the edits producers make to front matter, each
// of which moves records between listings, pages of listings, filter panels
// or statistics, on a catalogue with small listing pages and more communes
// than a filter panel names, and compares every in-place update with a clean
// build. Edits that leave the site-wide lists as they were must not render
// the whole site again.
func TestIncrementalEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a catalogue twenty times")
	}
	src := fixturetest.Site(t, fixture.Options{Products: 40, Seed: 11, PageSize: 3})
	out := filepath.Join(t.TempDir(), "public")
	dirs := func(kind string) []string {
		t.Helper()
		es, err := os.ReadDir(filepath.Join(src, "content", kind))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range es {
			out = append(out, filepath.Join(src, "content", kind, e.Name()))
		}
		slices.Sort(out)
		return out
	}
	products, subjects, tourism := dirs("products"), dirs("subjects"), dirs("tourism")
	// field returns a front matter line of a record ("key: value").
	field := func(t *testing.T, dir, key string) string {
		t.Helper()
		for _, l := range strings.Split(readString(t, filepath.Join(dir, "index.vi.md")), "\n") {
			if strings.HasPrefix(l, key+": ") {
				return l
			}
		}
		return ""
	}
	// set replaces (or adds) a front matter line of a record.
	set := func(t *testing.T, dir, key, value string) {
		t.Helper()
		f := filepath.Join(dir, "index.vi.md")
		s := readString(t, f)
		line := key + ": " + value
		if old := field(t, dir, key); old != "" {
			s = strings.Replace(s, "\n"+old+"\n", "\n"+line+"\n", 1)
		} else {
			s = strings.Replace(s, "---\n", "---\n"+line+"\n", 1)
		}
		mustWrite(t, f, s)
	}
	// differing returns a value of key, from another record, unlike dir's.
	differing := func(t *testing.T, dirs []string, dir, key string) string {
		t.Helper()
		mine := field(t, dir, key)
		for _, d := range dirs {
			if v := field(t, d, key); v != "" && v != mine {
				return strings.TrimPrefix(v, key+": ")
			}
		}
		t.Fatalf("no record has another %s than %s", key, dir)
		return ""
	}
	build := func(t *testing.T, clean bool, dir string) *Result {
		t.Helper()
		return buildInto(t, src, dir, clean)
	}
	first := build(t, false, out)
	t.Logf("%d pages", first.Pages)

	steps := []struct {
		name string
		edit func(t *testing.T)
		// partial: the update must not render every page.
		partial bool
	}{
		{"a product renamed to the head of every list", func(t *testing.T) {
			set(t, products[10], "name", "Ả ả "+strings.TrimPrefix(field(t, products[10], "name"), "name: "))
		}, true},
		{"a product's stars", func(t *testing.T) {
			stars := differing(t, products, products[11], "stars")
			set(t, products[11], "stars", stars)
			set(t, products[11], "score", map[string]string{"3": "60", "4": "80", "5": "95"}[stars])
		}, true},
		{"a product's group", func(t *testing.T) {
			for _, d := range products {
				if field(t, d, "category") != field(t, products[12], "category") && field(t, d, "subcategory") != "" {
					set(t, products[12], "category", strings.TrimPrefix(field(t, d, "category"), "category: "))
					set(t, products[12], "subcategory", strings.TrimPrefix(field(t, d, "subcategory"), "subcategory: "))
					return
				}
			}
			t.Fatal("no product in another group")
		}, true},
		// A commune's count of records may move it into or out of the
		// filter panels' top communes: every page may change.
		{"a product's commune", func(t *testing.T) { set(t, products[13], "commune", differing(t, products, products[13], "commune")) }, false},
		{"a product's producer", func(t *testing.T) { set(t, products[14], "subject", differing(t, products, products[14], "subject")) }, true},
		{"a product featured", func(t *testing.T) { set(t, products[15], "featured", "true") }, true},
		{"a product ranked in a year of its own", func(t *testing.T) { set(t, products[16], "rated_year", "2019") }, false},
		// Another folder: one record deleted, one added, counts unchanged.
		{"a product's folder renamed", func(t *testing.T) {
			copyDir(t, products[20], filepath.Join(src, "content", "products", "aa-san-pham-moi"))
			if err := os.RemoveAll(products[20]); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a product added", func(t *testing.T) {
			dir := filepath.Join(src, "content", "products", "ab-san-pham-moi")
			copyDir(t, products[22], dir)
			os.Remove(filepath.Join(dir, "index.en.md")) // its English address is taken
		}, false},
		{"a product deleted", func(t *testing.T) {
			if err := os.RemoveAll(products[23]); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a subject renamed", func(t *testing.T) {
			set(t, subjects[3], "name", "Ả "+strings.TrimPrefix(field(t, subjects[3], "name"), "name: "))
		}, true},
		{"a subject's type", func(t *testing.T) { set(t, subjects[4], "type", differing(t, subjects, subjects[4], "type")) }, false},
		{"a tourism record moved", func(t *testing.T) { set(t, tourism[0], "geo", "{lat: 12.05, lng: 108.95}") }, true},
		// A page in a menu: its name is on every page, its text on its own.
		{"a menu page's text", func(t *testing.T) {
			f := filepath.Join(src, "content", "pages", "gioi-thieu", "index.vi.md")
			mustWrite(t, f, readString(t, f)+"\nMột đoạn mới.\n")
		}, true},
		{"a menu page's name", func(t *testing.T) {
			set(t, filepath.Join(src, "content", "pages", "gioi-thieu"), "name", "Giới thiệu chung") // same place in the menu
		}, false},
		{"a tourism record added", func(t *testing.T) {
			copyDir(t, tourism[1], filepath.Join(src, "content", "tourism", "aa-diem-moi"))
		}, true},
		// A producer of more records than a record's page lists (twelve):
		// its records' pages list twelve and count them all, and its own
		// page is on pages of three.
		{"a producer of fifteen records", func(t *testing.T) {
			subject := strings.TrimPrefix(field(t, products[24], "subject"), "subject: ")
			for _, d := range products[25:39] {
				set(t, d, "subject", subject)
			}
		}, false},
		// Last in name order: the twelve listed stay the same, their count
		// does not.
		{"a record added to the large producer", func(t *testing.T) {
			dir := filepath.Join(src, "content", "products", "zz-san-pham-moi")
			copyDir(t, products[25], dir)
			os.Remove(filepath.Join(dir, "index.en.md")) // its English address is taken
			set(t, dir, "name", "Ỹ sản phẩm mới")
		}, false},
		{"a record of the large producer renamed", func(t *testing.T) {
			set(t, products[26], "name", "Ỹ "+strings.TrimPrefix(field(t, products[26], "name"), "name: "))
		}, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit(t)
			res := build(t, false, out)
			if st.partial && res.Rendered >= res.Pages {
				t.Errorf("rendered all %d pages again", res.Pages)
			}
			t.Logf("rendered %d of %d pages", res.Rendered, res.Pages)
			clean := filepath.Join(t.TempDir(), "public")
			build(t, true, clean)
			sameTree(t, out, clean)
		})
	}
}

// TestIncrementalContentErrors checks that a build with content errors
// changes nothing, and that the next good build still updates in place.
func TestIncrementalContentErrors(t *testing.T) {
	src := fixturetest.Site(t, fixture.Options{Products: 12, Seed: 2})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := New(benchOptions(src)).Build(out); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	products := filepath.Join(src, "content", "products")
	es, _ := os.ReadDir(products)
	f := filepath.Join(products, es[0].Name(), "index.vi.md")
	good := readString(t, f)
	mustWrite(t, f, strings.Replace(good, "\nname: ", "\nname: [unclosed\n", 1))
	res, err := New(benchOptions(src)).Build(out)
	if err != nil {
		t.Fatal(err)
	}
	if !res.HasErrors() {
		t.Fatal("a broken file gave no error")
	}
	after := tree(t, out)
	if len(before) != len(after) {
		t.Fatalf("a build with errors changed the folder: %d entries, then %d", len(before), len(after))
	}
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Fatalf("a build with errors changed %s", p)
		}
	}
	mustWrite(t, f, good+"\nThêm một dòng.\n")
	res, err = New(benchOptions(src)).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build after the fix: %v %v", err, res.Diagnostics)
	}
	if res.Rendered == res.Pages {
		t.Errorf("the build after a failed one rendered every page (%d): the manifest was lost", res.Pages)
	}
}

// TestManifestInvalidation checks when an in-place update is refused and a
// clean build made instead.
func TestManifestInvalidation(t *testing.T) {
	src := fixturetest.Site(t, fixture.Options{Products: 8, Seed: 4})
	out := filepath.Join(t.TempDir(), "public")
	tests := []struct {
		name    string
		prepare func(t *testing.T, o *Options)
		full    bool // a clean build is expected
	}{
		{"same options", func(t *testing.T, o *Options) {}, false},
		{"--clean", func(t *testing.T, o *Options) { o.Clean = true }, true},
		{"other base URL", func(t *testing.T, o *Options) { o.BaseURL = "https://other.example/" }, true},
		{"back to the first options", func(t *testing.T, o *Options) {}, true},
		{"a file added to the folder's root", func(t *testing.T, o *Options) {
			mustWrite(t, filepath.Join(out, "stray.txt"), "x")
		}, true},
		{"output folder deleted", func(t *testing.T, o *Options) {
			if err := os.RemoveAll(out); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"manifest deleted", func(t *testing.T, o *Options) {
			b := New(*o)
			if err := os.Remove(b.manifestPath(absOut(out))); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	if _, err := New(benchOptions(src)).Build(out); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := benchOptions(src)
			tt.prepare(t, &o)
			res, err := New(o).Build(out)
			if err != nil || res.HasErrors() {
				t.Fatalf("%v %v", err, res.Diagnostics)
			}
			if full := res.Rendered == res.Pages; full != tt.full {
				t.Errorf("rendered %d of %d pages; want a clean build: %v", res.Rendered, res.Pages, tt.full)
			}
			if _, err := os.Stat(filepath.Join(out, "stray.txt")); err == nil {
				t.Errorf("a clean build kept a file it did not make")
			}
		})
	}
}

// TestManifestsPruned checks that a site keeps the manifests of the
// keptManifests output folders built into last: a build after nine older
// ones (planted, a day apart) leaves its own and the seven newest; files
// that are not manifests stay.
func TestManifestsPruned(t *testing.T) {
	src := fixturetest.Site(t, fixture.Options{Products: 4, Seed: 2})
	dir := filepath.Join(src, filepath.FromSlash(manifestDir))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	day := time.Now().Add(-30 * 24 * time.Hour)
	var planted []string
	for i := range 9 {
		f := filepath.Join(dir, fmt.Sprintf("build-00000000000%d.gob", i))
		mustWrite(t, f, "old")
		if err := os.Chtimes(f, day.Add(time.Duration(i)*24*time.Hour), day.Add(time.Duration(i)*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		planted = append(planted, f)
	}
	other := filepath.Join(dir, "memo-not-a-manifest.gob")
	mustWrite(t, other, "keep")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := New(benchOptions(src)).Build(out); err != nil {
		t.Fatal(err)
	}
	own := New(benchOptions(src)).manifestPath(absOut(out))
	for i, f := range append(planted, own, other) {
		_, err := os.Stat(f)
		// The two oldest planted ones go.
		if want := i >= 2; (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(f), err == nil, want)
		}
	}
}

// TestFailedRebuildChangesNothing breaks the product template so that one
// product's page fails to render in the middle of an in-place rebuild that
// renders every page again: the build returns the error, and the output
// folder is what the last build left, byte for byte and mode for mode, with
// nothing left beside it. Once the template is mended, the next rebuild in
// place equals a clean build.
func TestFailedRebuildChangesNothing(t *testing.T) {
	site := copyTree(t, "testdata/mini")
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if res, err := newBuilder(site).Build(out); err != nil || res.HasErrors() {
		t.Fatalf("first build: %v %v", err, res.Diagnostics)
	}
	before, beforeModes := tree(t, out), modes(t, out)

	tmpl, err := os.ReadFile("../../templates/product.html")
	if err != nil {
		t.Fatal(err)
	}
	const h1 = "<h1>{{name . $p}}</h1>"
	if !bytes.Contains(tmpl, []byte(h1)) {
		t.Fatalf("templates/product.html has no %s", h1)
	}
	broken := bytes.Replace(tmpl, []byte(h1), []byte(h1+`{{if eq $p.Slug "mat-ong"}}{{index $p.Tags 99}}{{end}}`), 1)
	addFile(t, site, "templates/product.html", broken)
	res, err := newBuilder(site).Build(out)
	if err == nil || !strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("a template that fails: error %v (diagnostics %v), want the template's", err, res.Diagnostics)
	}
	after, afterModes := tree(t, out), modes(t, out)
	if !maps.EqualFunc(after, before, bytes.Equal) || !maps.Equal(afterModes, beforeModes) {
		var changed []string
		for f := range after {
			if !bytes.Equal(after[f], before[f]) || afterModes[f] != beforeModes[f] {
				changed = append(changed, f)
			}
		}
		for f := range before {
			if _, ok := after[f]; !ok {
				changed = append(changed, f+" (gone)")
			}
		}
		slices.Sort(changed)
		t.Errorf("the failed build changed %d files of the output: %q", len(changed), changed[:min(10, len(changed))])
	}
	if es, _ := os.ReadDir(parent); len(es) != 1 {
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		t.Errorf("beside the output the failed build left %q", names)
	}

	if err := os.Remove(filepath.Join(site, "templates/product.html")); err != nil {
		t.Fatal(err)
	}
	if res, err := newBuilder(site).Build(out); err != nil || res.HasErrors() {
		t.Fatalf("build after the fix: %v %v", err, res.Diagnostics)
	}
	ref := filepath.Join(t.TempDir(), "public")
	if res, err := New(Options{Src: site, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin, Clean: true}).Build(ref); err != nil || res.HasErrors() {
		t.Fatalf("clean build: %v %v", err, res.Diagnostics)
	}
	sameTree(t, out, ref)
}
