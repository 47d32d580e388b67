package output

import (
	"bytes"
	"html/template"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestInPlace(t *testing.T) {
	root := t.TempDir()
	p, err := NewInPlace(root)
	if err != nil {
		t.Fatal(err)
	}
	p.Precompress = PrecompressAssets
	big := []byte(strings.Repeat("body { color: red; }\n", 100))
	steps := []struct {
		name  string
		do    func() error
		files map[string]string // expected content ("" = must exist, any content); missing = must not exist
	}{
		{"write new files with twins", func() error {
			if err := p.WriteFile("a/b/index.html", []byte("<p>one</p>")); err != nil {
				return err
			}
			return p.WriteFile("assets/main.css", big)
		}, map[string]string{"a/b/index.html": "<p>one</p>", "assets/main.css": string(big), "assets/main.css.gz": "", "assets/main.css.br": ""}},
		{"replace a file", func() error {
			return p.WriteFile("a/b/index.html", []byte("<p>two</p>"))
		}, map[string]string{"a/b/index.html": "<p>two</p>", "assets/main.css": string(big), "assets/main.css.gz": "", "assets/main.css.br": ""}},
		{"a smaller asset loses its twins", func() error {
			return p.WriteFile("assets/main.css", []byte("a{}"))
		}, map[string]string{"a/b/index.html": "<p>two</p>", "assets/main.css": "a{}"}},
		{"copy a file", func() error {
			return p.CopyFile("media/x.pdf", fstest.MapFS{"x.pdf": {Data: []byte("%PDF")}}, "x.pdf")
		}, map[string]string{"a/b/index.html": "<p>two</p>", "assets/main.css": "a{}", "media/x.pdf": "%PDF"}},
		{"stream a data file with twins", func() error {
			return p.WriteStream("data/x.json", func(w io.Writer) error { _, err := w.Write(big); return err })
		}, map[string]string{"a/b/index.html": "<p>two</p>", "assets/main.css": "a{}", "media/x.pdf": "%PDF", "data/x.json": string(big), "data/x.json.gz": "", "data/x.json.br": ""}},
		{"stream it again, changed", func() error {
			return p.WriteStream("data/x.json", func(w io.Writer) error { _, err := w.Write(append(big, '\n')); return err })
		}, map[string]string{"a/b/index.html": "<p>two</p>", "assets/main.css": "a{}", "media/x.pdf": "%PDF", "data/x.json": string(big) + "\n", "data/x.json.gz": "", "data/x.json.br": ""}},
		{"delete prunes empty folders", func() error {
			p.Delete("a/b/index.html", "media/x.pdf", "data/x.json", "data/x.json.gz", "data/x.json.br")
			return nil
		}, map[string]string{"assets/main.css": "a{}"}},
	}
	// Every file is readable by all, as a new file is (a web server or an
	// upload may run as another user): files that replace others come
	// from temporary files, which are made readable by their owner only.
	probe := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(probe, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(probe)
	if err != nil {
		t.Fatal(err)
	}
	perm := info.Mode().Perm()
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			if err := p.Commit(); err != nil {
				t.Fatal(err)
			}
			for rel, want := range st.files {
				got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
				if err != nil {
					t.Errorf("%s: %v", rel, err)
					continue
				}
				if want != "" && string(got) != want {
					t.Errorf("%s = %q, want %q", rel, got, want)
				}
			}
			var all []string
			filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
				rel, _ := filepath.Rel(root, path)
				if rel != "." {
					all = append(all, filepath.ToSlash(rel))
				}
				return nil
			})
			for _, f := range all {
				if strings.Contains(f, ".tmp-") {
					t.Errorf("temporary file left: %s", f)
				}
			}
			for _, f := range all {
				info, _ := os.Stat(filepath.Join(root, f))
				if info.IsDir() {
					if es, _ := os.ReadDir(filepath.Join(root, f)); len(es) == 0 {
						t.Errorf("empty folder left: %s", f)
					}
					continue
				}
				if _, ok := st.files[f]; !ok {
					t.Errorf("unexpected file %s", f)
				}
				if info.Mode().Perm() != perm {
					t.Errorf("%s has mode %v, want %v", f, info.Mode().Perm(), perm)
				}
			}
		})
	}
	if got := p.Removed(); !slices.Contains(got, "a/b/index.html") || !slices.Contains(got, "media/x.pdf") {
		t.Errorf("Removed() = %v", got)
	}
}

func TestInPlaceKeepsIdenticalFiles(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "index.html")
	if err := os.WriteFile(file, []byte("same"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(file, old, old)
	p, err := NewInPlace(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.WriteFile("index.html", []byte("same")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(file)
	if !info.ModTime().Equal(old) {
		t.Errorf("an identical file was written again")
	}
	if got := p.Written(); !slices.Equal(got, []string{"index.html"}) {
		t.Errorf("Written() = %v", got)
	}
	if _, err := NewInPlace(filepath.Join(root, "missing")); err == nil {
		t.Error("a missing folder: no error")
	}
}

// TestTemplate checks that a page made from a minified template is the page
// made from the original, minified: the same but for line breaks that the
// data brings.
func TestTemplate(t *testing.T) {
	m := NewMinifier()
	src := `{{define "page"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
  <title>{{.Title}}</title>
  <style> body { color : red ; } </style>
</head>
<body class="k-{{.Kind}}">
  <!-- a comment -->
  <ul>
  {{- range .Items}}
    <li><a href="{{.}}"{{if eq . "/b"}} aria-current="page"{{end}}>{{.}}</a> <span>x</span></li>
  {{- end}}
  </ul>
  <p>{{.Title}} and {{.Lang}}</p>
  <pre>  kept
    as is</pre>
</body>
</html>{{end}}`
	data := map[string]any{"Lang": "vi", "Title": "A & B", "Kind": "home", "Items": []string{"/a", "/b"}}
	exec := func(s string) string {
		tp := template.Must(template.New("").Parse(s))
		var buf bytes.Buffer
		if err := tp.ExecuteTemplate(&buf, "page", data); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	min := m.Template("page.html", []byte(src))
	if len(min) >= len(src) {
		t.Fatalf("not minified: %d → %d bytes", len(src), len(min))
	}
	got := exec(string(min))
	m2 := NewMinifier() // minifies pages as before
	want, err := m2.Minify("x.html", []byte(exec(src)))
	if err != nil {
		t.Fatal(err)
	}
	// The same page: minifying it changes nothing but entities and the
	// whitespace the data brought.
	again, err := m2.Minify("x.html", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(want) {
		t.Errorf("page from the minified template, minified:\n%s\nminified page:\n%s", again, want)
	}
	if len(got) > len(want)+len(want)/50+16 {
		t.Errorf("page from the minified template is %d bytes, the minified page %d", len(got), len(want))
	}
	if !strings.Contains(got, "<pre>  kept\n    as is</pre>") {
		t.Errorf("pre text changed: %s", got)
	}
	if string(m.Template("x.txt", []byte(" a  b "))) != " a  b " {
		t.Error("a non-HTML file was changed")
	}
	var none *Minifier
	if string(none.Template("x.html", []byte(src))) != src {
		t.Error("a nil Minifier changed a template")
	}
	m.PagesFromTemplates = true
	if out, _ := m.Minify("x.html", []byte("<p>  a  </p>")); string(out) != "<p>  a  </p>" {
		t.Errorf("PagesFromTemplates: a page was minified again: %q", out)
	}
	if out, _ := m.Minify("x.css", []byte("a { color : red }")); string(out) != "a{color:red}" {
		t.Errorf("PagesFromTemplates: CSS not minified: %q", out)
	}
}

// TestInPlaceUntilCommit checks that an update changes nothing in the folder
// before Commit (new files, replaced files, twins, deletions, a streamed
// file), that Abort leaves the folder as it was with no staging folder
// beside it, and that the same update committed gives the new tree.
func TestInPlaceUntilCommit(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "public")
	big := strings.Repeat("body { color: red; }\n", 100)
	before := map[string]string{"index.html": "<p>old</p>", "assets/main.css": "a{}", "gone/index.html": "<p>gone</p>", "data/x.json": "{}"}
	for rel, data := range before {
		os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(root, rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snapshot := func() map[string]string {
		m := map[string]string{}
		filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
			if err == nil && p != parent {
				rel, _ := filepath.Rel(parent, p)
				data, _ := os.ReadFile(p)
				m[filepath.ToSlash(rel)] = string(data)
			}
			return err
		})
		return m
	}
	update := func(p *InPlace) {
		t.Helper()
		p.Precompress = PrecompressAssets
		for _, err := range []error{
			p.WriteFile("index.html", []byte("<p>new</p>")),
			p.WriteFile("assets/main.css", []byte(big)),
			p.WriteFile("new/page/index.html", []byte("<p>new page</p>")),
			p.WriteStream("data/x.json", func(w io.Writer) error { _, err := io.WriteString(w, `{"a":1}`); return err }),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		p.Delete("gone/index.html")
	}
	start := snapshot()
	p, err := NewInPlace(root)
	if err != nil {
		t.Fatal(err)
	}
	update(p)
	for rel, data := range start {
		if got, ok := snapshot()[rel]; !ok || got != data {
			t.Errorf("before Commit, %s changed", rel)
		}
	}
	p.Abort()
	if got := snapshot(); !maps.Equal(got, start) {
		t.Errorf("after Abort the folder and its parent hold %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(start)))
	}

	p, err = NewInPlace(root)
	if err != nil {
		t.Fatal(err)
	}
	update(p)
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	got := snapshot()
	for rel, want := range map[string]string{"public/index.html": "<p>new</p>", "public/assets/main.css": big,
		"public/new/page/index.html": "<p>new page</p>", "public/data/x.json": `{"a":1}`} {
		if got[rel] != want {
			t.Errorf("after Commit %s = %q, want %q", rel, got[rel], want)
		}
	}
	for _, rel := range []string{"public/assets/main.css.gz", "public/assets/main.css.br"} {
		if _, ok := got[rel]; !ok {
			t.Errorf("after Commit %s is missing", rel)
		}
	}
	for rel := range got {
		if strings.HasPrefix(rel, "public/gone") || !strings.HasPrefix(rel, "public") {
			t.Errorf("after Commit %s is left", rel)
		}
	}
}
