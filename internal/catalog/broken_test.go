package catalog_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// today is the date the broken sites are checked on.
var today = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// baseSite reads testdata/site, a small valid site, into memory.
func baseSite(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := filepath.Join("testdata", "site")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// check loads and checks a site the way ocop check does.
func check(fsys fs.FS) (ds []diag.Diagnostic, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var d diag.List
	src := content.Load(fsys, &d)
	cat := catalog.Build(src, catalog.Options{Today: today}, &d)
	site.Check(cat, site.NewURLs(cat), &d)
	return d.Items(), nil
}

func TestBaseSiteIsClean(t *testing.T) {
	ds, err := check(baseSite(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		t.Errorf("unexpected: %s", d)
	}
}

// want is one diagnostic a broken site must produce.
type want struct {
	file     string
	line     int
	severity diag.Severity
	text     string // a part of the message or hint
}

func (w want) String() string { return fmt.Sprintf("%s:%d %s %s", w.file, w.line, w.severity, w.text) }

// brokenCase is a file of testdata/broken: a description, "want:" lines, then
// sections "-- path --" that change the base site. A section holds the new
// content of the file, or directives: "!delete", "!replace OLD => NEW" (on
// the base file) or "!replace-all CONTENT". In directives \n, \t and \xNN
// stand for a newline, a tab and a byte.
type brokenCase struct {
	wants []want
	files map[string]string // path → section text
	order []string
}

func parseCase(t *testing.T, data string) brokenCase {
	t.Helper()
	c := brokenCase{files: map[string]string{}}
	cur := ""
	var body strings.Builder
	flush := func() {
		if cur != "" {
			c.files[cur] = body.String()
			c.order = append(c.order, cur)
		}
		body.Reset()
	}
	for _, l := range strings.SplitAfter(data, "\n") {
		trim := strings.TrimRight(l, "\n")
		if strings.HasPrefix(trim, "-- ") && strings.HasSuffix(trim, " --") {
			flush()
			cur = strings.TrimSuffix(strings.TrimPrefix(trim, "-- "), " --")
			continue
		}
		if cur != "" {
			body.WriteString(l)
			continue
		}
		if w, ok := strings.CutPrefix(trim, "want: "); ok {
			c.wants = append(c.wants, parseWant(t, w))
		}
	}
	flush()
	return c
}

func parseWant(t *testing.T, s string) want {
	t.Helper()
	// FILE:LINE SEVERITY TEXT; the file name may hold spaces, the line may not.
	for i := strings.Index(s, ":"); i >= 0; i = nextIndex(s, ":", i) {
		rest := s[i+1:]
		sp := strings.IndexByte(rest, ' ')
		if sp < 0 {
			break
		}
		n, err := strconv.Atoi(rest[:sp])
		if err != nil {
			continue
		}
		sev, text, _ := strings.Cut(rest[sp+1:], " ")
		return want{file: s[:i], line: n, severity: diag.Severity(sev), text: text}
	}
	t.Fatalf("bad want line %q", s)
	return want{}
}

func nextIndex(s, sub string, after int) int {
	i := strings.Index(s[after+1:], sub)
	if i < 0 {
		return -1
	}
	return after + 1 + i
}

// unescape turns \n, \t, \\ and \xNN into what they stand for.
func unescape(t *testing.T, s string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\\':
			b.WriteByte('\\')
		case 'x':
			n, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				t.Fatalf("bad escape in %q", s)
			}
			b.WriteByte(byte(n))
			i += 2
		default:
			b.WriteByte(s[i])
			continue
		}
		i++
	}
	return b.String()
}

// apply changes the site as the case says.
func (c brokenCase) apply(t *testing.T, m fstest.MapFS) {
	t.Helper()
	for _, path := range c.order {
		sec := c.files[path]
		if !strings.HasPrefix(sec, "!") {
			m[path] = &fstest.MapFile{Data: []byte(sec), Mode: 0o644}
			continue
		}
		for _, l := range strings.Split(strings.TrimRight(sec, "\n"), "\n") {
			switch {
			case l == "!delete":
				delete(m, path)
			case strings.HasPrefix(l, "!replace-all"):
				m[path] = &fstest.MapFile{Data: []byte(unescape(t, strings.TrimPrefix(strings.TrimPrefix(l, "!replace-all"), " "))), Mode: 0o644}
			case strings.HasPrefix(l, "!replace "):
				spec := strings.TrimPrefix(l, "!replace ")
				old, repl, ok := strings.Cut(spec, " => ")
				if !ok {
					old, ok = strings.CutSuffix(spec, " =>")
				}
				if !ok {
					t.Fatalf("bad directive %q", l)
				}
				old, repl = unescape(t, old), unescape(t, repl)
				f := m[path]
				if f == nil || !bytes.Contains(f.Data, []byte(old)) {
					t.Fatalf("%s: %q is not in the base file", path, old)
				}
				m[path] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(repl), 1), Mode: 0o644}
			default:
				t.Fatalf("unknown directive %q", l)
			}
		}
	}
}

// TestBrokenSites breaks the base site one way at a time (testdata/broken)
// and checks that each mistake is reported at the file and line of the
// offending field, with the right severity, that nothing panics, and that no
// error is reported about files the case did not name (no cascades).
func TestBrokenSites(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "broken", "*.txt"))
	if err != nil || len(paths) < 50 {
		t.Fatalf("found %d cases (%v)", len(paths), err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".txt")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			c := parseCase(t, string(data))
			if len(c.wants) == 0 {
				t.Fatal("the case has no want: line")
			}
			m := baseSite(t)
			c.apply(t, m)
			ds, err := check(m)
			if err != nil {
				t.Fatal(err)
			}
			assertWants(t, ds, c.wants)
		})
	}
}

func assertWants(t *testing.T, ds []diag.Diagnostic, wants []want) {
	t.Helper()
	wantErrors := false
	for _, w := range wants {
		wantErrors = wantErrors || w.severity == diag.Error
		found := false
		for _, d := range ds {
			if d.File == w.file && d.Line == w.line && d.Severity == w.severity &&
				(strings.Contains(d.Message, w.text) || strings.Contains(d.Hint, w.text)) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %s", w)
		}
	}
	vi := diag.NewTranslator(diag.Vietnamese)
	for _, d := range ds {
		if m := vi.Text(d.Message); m == d.Message {
			t.Errorf("message has no Vietnamese translation: %q", d.Message)
		}
		if h := vi.Text(d.Hint); d.Hint != "" && h == d.Hint {
			t.Errorf("hint has no Vietnamese translation: %q", d.Hint)
		}
		if d.File == "" || strings.HasPrefix(d.File, "/") || strings.Contains(d.File, `\`) {
			t.Errorf("file is not a relative slash path: %s", d)
		}
		if d.Severity != diag.Error {
			continue
		}
		named := false
		for _, w := range wants {
			named = named || d.File == w.file
		}
		if !named {
			t.Errorf("unexpected error elsewhere: %s", d)
		}
	}
	if !wantErrors && diag.Count(ds, diag.Error) > 0 {
		t.Errorf("a warning case produced errors")
	}
	if t.Failed() {
		for _, d := range ds {
			t.Logf("got %s", d)
		}
	}
}

// TestHostileFiles checks files built to exhaust time or memory: each is
// refused with an error naming the file, quickly.
func TestHostileFiles(t *testing.T) {
	const P = "content/products/mat-ong/index.vi.md"
	body := func(b string) string { return "---\nname: x\nsummary: y\nsubject: htx-a\ncategory: food\n---\n" + b }
	cases := []struct {
		name, data string
		line       int
		text       string
	}{
		{"file over 1 MB", body(strings.Repeat("Mật ong. ", 1<<18)), 1, "too large"},
		{"front matter over 64 KB", "---\nname: x\ntags: [" + strings.Repeat("x,", 40000) + "x]\n---\n", 2, "too long"},
		{"broken large front matter", "---\nname: x\ntags: [" + strings.Repeat("x,", 30000) + "x]\nstars: 'x\n---\n", 4, "quote is never closed"},
		{"deep flow nesting", "---\nname: " + strings.Repeat("[", 20000) + "\n---\n", 2, ""},
		{"many lines, broken at the end", "---\nname: x\ntags:\n" + strings.Repeat("  - x\n", 8000) + " bad: x\n---\n", 8004, "indented differently"},
		{"nested quotes", body(strings.Repeat("> ", 50000) + "x"), 7, "nests lists or quotes"},
		{"nested lists", body(strings.Repeat("- ", 50000) + "x"), 7, "nests lists or quotes"},
		{"unclosed links", body(strings.Repeat("[a](", 50000)), 7, "[ brackets"},
		{"backticks", body(strings.Repeat("`a``", 50000)), 7, "` characters"},
		{"strikethrough", body(strings.Repeat("~a", 100000)), 7, "emphasis marks"},
		{"emphasis", body(strings.Repeat("*_a", 50000)), 7, "emphasis marks"},
		{"reference definitions", body(strings.Repeat("[a]: b\n\n", 5000)), 0, "[ brackets"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := baseSite(t)
			m[P] = &fstest.MapFile{Data: []byte(c.data), Mode: 0o644}
			ds, err := check(m)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, d := range ds {
				if d.File == P && d.Severity == diag.Error && (c.line == 0 || d.Line == c.line) && strings.Contains(d.Message, c.text) {
					found = true
				}
			}
			if !found {
				for _, d := range ds {
					t.Logf("got %s", d)
				}
				t.Errorf("no error at %s:%d about %q", P, c.line, c.text)
			}
		})
	}
}
