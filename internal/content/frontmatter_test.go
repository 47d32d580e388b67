package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/unicode/norm"

	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/sysfile"
)

// loadOne loads a site whose only bundle file is data.
func loadOne(data []byte) (*Source, []diag.Diagnostic) {
	return loadFrom(oneProduct(data))
}

// oneProduct is a site of one product whose Vietnamese file is data.
func oneProduct(data []byte) fstest.MapFS {
	return fstest.MapFS{
		"content/site.yaml":                    {Data: []byte("base_url: https://example.org/\n")},
		"content/categories.yaml":              {Data: []byte("- key: food\n")},
		"content/products/mat-ong/index.vi.md": {Data: data},
	}
}

// onDisk writes fsys into a new folder and returns it as the build reads a
// site folder (sysfile.DirFS).
func onDisk(t *testing.T, fsys fs.FS) fs.FS {
	dir := t.TempDir()
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
	return sysfile.DirFS(dir)
}

func loadFrom(fsys fs.FS) (*Source, []diag.Diagnostic) {
	var d diag.List
	src := Load(fsys, &d)
	return src, d.Items()
}

// TestFrontMatterErrors reads testdata/frontmatter: each NAME.md is a file a
// producer might write, NAME.want the first diagnostic it must give as
// "LINE:COLUMN text" (a part of the message), or "ok" for none.
func TestFrontMatterErrors(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "frontmatter", "*.md"))
	if err != nil || len(paths) < 20 {
		t.Fatalf("found %d cases (%v)", len(paths), err)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			w, err := os.ReadFile(strings.TrimSuffix(p, ".md") + ".want")
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSpace(string(w))
			src, ds := loadOne(data)
			if want == "ok" {
				for _, d := range ds {
					t.Errorf("unexpected: %s", d)
				}
				if len(src.Bundles) != 1 || src.Bundles[0].Files["vi"].Root == nil {
					t.Errorf("the fields were not read")
				}
				return
			}
			pos, text, _ := strings.Cut(want, " ")
			ls, cs, _ := strings.Cut(pos, ":")
			line, _ := strconv.Atoi(ls)
			col, _ := strconv.Atoi(cs)
			if len(ds) == 0 {
				t.Fatalf("no diagnostic, want %s", want)
			}
			d := ds[0]
			if d.File != "content/products/mat-ong/index.vi.md" || d.Line != line || d.Column != col ||
				d.Severity != diag.Error || !strings.Contains(d.Message, text) || d.Hint == "" {
				t.Errorf("got %s\nwant %s", d, want)
			}
			if f := src.Bundles[0].Files["vi"]; f == nil || !f.Failed {
				t.Errorf("the file is not marked as failed")
			}
		})
	}
}

func TestNesting(t *testing.T) {
	for _, c := range []struct {
		line string
		want int
	}{
		{"plain text", 0},
		{"> quote", 1},
		{"> > - item", 3},
		{"1. one", 1},
		{"12) twelve", 1},
		{"- > 2. x", 3},
		{"-not a list", 0},
		{"   - indented", 1},
		{"2024. a year", 1},
	} {
		if got := nesting([]byte(c.line)); got != c.want {
			t.Errorf("nesting(%q) = %d, want %d", c.line, got, c.want)
		}
	}
}

func TestCheckBodyAcceptsRealText(t *testing.T) {
	body := strings.Repeat("Mật ong **hoa sầu riêng** được [quay](https://example.org) khi ong đã vít nắp; `ghi chú` ~~cũ~~.\n\n"+
		"- một\n  - hai\n    - ba\n\n> trích dẫn\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", 20)
	var d diag.List
	if !checkBody("x.md", []byte(body), 1, &d) {
		t.Errorf("real text refused: %v", d.Items())
	}
}

// FuzzFrontMatter feeds arbitrary bytes to the reader as a record file. It
// must never panic, and every diagnostic must name the file with a line.
func FuzzFrontMatter(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "frontmatter", "*.md"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("---\nname: x\ncertificate: {number: \"1\", issued: 2024-01-01}\nimages: [a.jpg, {file: b.jpg, alt: x}]\n---\nBody [a](b.pdf)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, ds := loadOne(data)
		if src == nil {
			t.Fatal("no source")
		}
		for _, d := range ds {
			if d.File == "" || d.Line < 0 || d.Column < 0 || d.Message == "" {
				t.Errorf("bad diagnostic %#v", d)
			}
			if d.Severity == diag.Error && strings.HasPrefix(d.File, "content/products/") && d.Line == 0 {
				t.Errorf("error without a line: %s", d)
			}
		}
	})
}

// TestFileSizeLimit reads files around the size limit: the largest allowed
// is read whole, one byte more is refused (also when it is much larger).
func TestFileSizeLimit(t *testing.T) {
	head := "---\nname: Mật ong\n---\n"
	body := func(size int) []byte {
		line := strings.Repeat("Mật ong rừng Khánh Sơn. ", 3) + "\n"
		var b strings.Builder
		b.WriteString(head)
		for b.Len()+len(line) <= size {
			b.WriteString(line)
		}
		b.WriteString(strings.Repeat("a", size-b.Len()))
		return []byte(b.String())
	}
	for _, c := range []struct {
		size    int
		refused bool
	}{{1000, false}, {MaxFileSize, false}, {MaxFileSize + 1, true}, {3 * MaxFileSize, true}} {
		data := body(c.size)
		if len(data) != c.size {
			t.Fatalf("made %d bytes, want %d", len(data), c.size)
		}
		for _, fsys := range []fs.FS{oneProduct(data), onDisk(t, oneProduct(data))} {
			src, ds := loadFrom(fsys)
			refused := false
			for _, d := range ds {
				refused = refused || strings.Contains(d.Message, "file is too large")
			}
			if refused != c.refused {
				t.Errorf("%d bytes: refused %v, want %v (%v)", c.size, refused, c.refused, ds)
			}
			if !c.refused {
				b := src.Bundles[0].Files["vi"]
				if b == nil || len(b.Body) != c.size-len(head) {
					t.Errorf("%d bytes: body not read whole", c.size)
				}
			}
		}
	}
}

// TestBundleFolder reads a bundle with nested and hidden files: what is
// published, in name order, and what is left out: hidden files, the files
// Windows and Office leave in folders, and Markdown files other than the
// record's (a copy of the record, a note), each of which is warned about.
func TestBundleFolder(t *testing.T) {
	md := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/site.yaml":                           md("base_url: https://example.org/\n"),
		"content/categories.yaml":                     md("- key: food\n"),
		"content/products/mat-ong/index.vi.md":        md("---\nname: Mật ong\n---\nThân bài.\n"),
		"content/products/mat-ong/index.en.md":        md("---\nname: Honey\n---\n"),
		"content/products/mat-ong/z.jpg":              md("jpeg"),
		"content/products/mat-ong/anh/nho/a.jpg":      md("jpeg"),
		"content/products/mat-ong/anh/b.png":          md("png"),
		"content/products/mat-ong/.git/config":        md("x"),
		"content/products/mat-ong/.DS_Store":          md("x"),
		"content/products/mat-ong/ghi-chu.md":         md("note"),
		"content/products/mat-ong/index.vi (1).md":    md("---\nname: Mật ong (bản nháp)\n---\n"),
		"content/products/mat-ong/anh/ghi-chu.MD":     md("note"),
		"content/products/mat-ong/anh/.an/secret.jpg": md("x"),
		"content/products/mat-ong/Thumbs.db":          md("x"),
		"content/products/mat-ong/anh/desktop.ini":    md("x"),
		"content/products/mat-ong/~$to-roi.docx":      md("x"),
	}
	var d diag.List
	src := Load(fsys, &d)
	if len(src.Bundles) != 1 {
		t.Fatalf("%d bundles", len(src.Bundles))
	}
	b := src.Bundles[0]
	var names []string
	for _, r := range b.Resources {
		names = append(names, r.Name)
	}
	if want := []string{"anh/b.png", "anh/nho/a.jpg", "z.jpg"}; !slices.Equal(names, want) {
		t.Errorf("resources %q, want %q", names, want)
	}
	if b.Files["vi"] == nil || b.Files["en"] == nil || len(b.Files) != 2 {
		t.Errorf("files %v, want vi and en", b.Files)
	}
	var warned []string
	for _, x := range d.Items() {
		if x.Severity == diag.Warning && strings.Contains(x.Message, "is not read or published") {
			warned = append(warned, x.File)
		}
	}
	slices.Sort(warned)
	want := []string{"content/products/mat-ong/anh/ghi-chu.MD", "content/products/mat-ong/ghi-chu.md", "content/products/mat-ong/index.vi (1).md"}
	if !slices.Equal(warned, want) || len(d.Items()) != len(want) {
		t.Errorf("diagnostics %v, want a warning about each of %q", d.Items(), want)
	}
}

// TestTextComposed loads the same record saved in decomposed form (as macOS
// and some Vietnamese keyboards write it), with a byte-order mark and CRLF
// line ends: the name and the body come out as the composed (NFC) text.
func TestTextComposed(t *testing.T) {
	const nfc = "---\nname: Mật ong rừng Sơn Bình\n---\nHũ thủy tinh, đặc sản Khánh Sơn.\n"
	nfd := norm.NFD.String(nfc)
	if nfd == nfc {
		t.Fatal("the decomposed text is the same as the composed")
	}
	for name, data := range map[string]string{
		"NFC":          nfc,
		"NFD":          nfd,
		"NFD+BOM+CRLF": "\uFEFF" + strings.ReplaceAll(nfd, "\n", "\r\n"),
	} {
		for _, fsys := range []fs.FS{oneProduct([]byte(data)), onDisk(t, oneProduct([]byte(data)))} {
			src, ds := loadFrom(fsys)
			if len(ds) != 0 {
				t.Fatalf("%s: %v", name, ds)
			}
			f := src.Bundles[0].Files["vi"]
			if got := f.Root.Content[1].Value; got != "Mật ong rừng Sơn Bình" {
				t.Errorf("%s: name %q (%+q), want the composed form", name, got, got)
			}
			if got := string(f.Body); got != "Hũ thủy tinh, đặc sản Khánh Sơn.\n" {
				t.Errorf("%s: body %+q, want the composed form", name, got)
			}
		}
	}
}
