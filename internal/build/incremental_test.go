package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/fixture"
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

// TestIncrementalMatchesClean edits, adds and deletes records and bundle
// files between builds into one folder, and compares each in-place update
// with a clean build of the same source, byte for byte.
func TestIncrementalMatchesClean(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := fixture.Generate(src, fixture.Options{Products: 24, Seed: 7, Photos: true, PhotoWidth: 64, PhotoHeight: 48}); err != nil {
		t.Fatal(err)
	}
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
		o := benchOptions(src)
		o.Clean = clean
		res, err := New(o).Build(dir)
		if err != nil {
			t.Fatal(err)
		}
		if res.HasErrors() {
			t.Fatalf("content errors: %v", res.Diagnostics)
		}
		return res
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

// TestIncrementalContentErrors checks that a build with content errors
// changes nothing, and that the next good build still updates in place.
func TestIncrementalContentErrors(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	if err := fixture.Generate(src, fixture.Options{Products: 12, Seed: 2}); err != nil {
		t.Fatal(err)
	}
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
	src := filepath.Join(t.TempDir(), "site")
	if err := fixture.Generate(src, fixture.Options{Products: 8, Seed: 4}); err != nil {
		t.Fatal(err)
	}
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
