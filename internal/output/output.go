package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"github.com/khanhson-ocop/ocop/internal/sysfile"
)

// Target receives built files. Paths are slash-separated, relative to the output root.
type Target interface {
	WriteFile(rel string, data []byte) error
	CopyFile(rel string, src fs.FS, name string) error
}

// Minifier minifies by file extension. A nil *Minifier passes data through.
type Minifier struct {
	m *minify.M
	// page minifies HTML pages: like m, but SVG inside a page is kept as it
	// is. Inline SVG is generated (QR codes, maps, badges) or written by hand
	// in the templates, already compact; shortening its path data saved under
	// half a percent of a page's bytes and took most of the minifying time.
	page *minify.M
	// tmpl minifies html/template sources, keeping their actions.
	tmpl *minify.M
	// PagesFromTemplates says that HTML pages are rendered from templates
	// already minified by Template: Minify then leaves .html files as they
	// are (see Template).
	PagesFromTemplates bool
}

// NewMinifier returns a minifier for HTML, CSS, JS, JSON, SVG and XML.
func NewMinifier() *Minifier {
	m, page := minify.New(), minify.New()
	for _, x := range []*minify.M{m, page} {
		x.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
		x.AddFunc("text/css", css.Minify)
		x.AddFunc("application/javascript", js.Minify)
		x.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
		x.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	}
	m.AddFunc("image/svg+xml", svg.Minify)
	tmpl := minify.New()
	tmpl.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true,
		TemplateDelims: [2]string{"{{", "}}"}})
	tmpl.AddFunc("text/css", css.Minify)
	tmpl.AddFunc("application/javascript", js.Minify)
	return &Minifier{m: m, page: page, tmpl: tmpl}
}

// Template minifies an html/template source file, keeping its actions as
// they are. Minifying the templates once, instead of each of tens of
// thousands of pages made from them, does most of the work of minifying the
// pages for a fraction of the time: what is left is the whitespace the data
// brings (line breaks between the blocks of a Markdown body, between
// repeated elements) – about 0.2 % of a page. A source the minifier cannot
// read is returned unchanged (a nil *Minifier returns every source
// unchanged).
func (m *Minifier) Template(name string, src []byte) []byte {
	if m == nil || path.Ext(name) != ".html" {
		return src
	}
	var buf bytes.Buffer
	buf.Grow(len(src))
	if err := m.tmpl.Minify("text/html", &buf, bytes.NewReader(src)); err != nil {
		return src
	}
	return buf.Bytes()
}

var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".json": "application/json",
	".svg": "image/svg+xml", ".xml": "application/xml",
}

// Minify returns the minified data of a file named rel, or data unchanged when
// the type is not minified or m is nil.
func (m *Minifier) Minify(rel string, data []byte) ([]byte, error) {
	if m == nil {
		return data, nil
	}
	mt, ok := mediaTypes[path.Ext(rel)]
	if !ok || (mt == "text/html" && m.PagesFromTemplates) {
		return data, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := m.to(&buf, mt, rel, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MinifyTo writes data minified, as Minify would return it, to w. It lets a
// large file be minified piece by piece as it is made (each piece a whole
// value of its format) instead of made whole, then copied and minified.
// Data of a type the minifier does not handle is written as it is.
func (m *Minifier) MinifyTo(w io.Writer, rel string, data []byte) error {
	mt, ok := mediaTypes[path.Ext(rel)]
	if m == nil || !ok || (mt == "text/html" && m.PagesFromTemplates) {
		_, err := w.Write(data)
		return err
	}
	return m.to(w, mt, rel, data)
}

func (m *Minifier) to(w io.Writer, mt, rel string, data []byte) error {
	x := m.m
	if mt == "text/html" {
		x = m.page
	}
	if err := x.Minify(mt, w, input{bytes.NewReader(data), data}); err != nil {
		return fmt.Errorf("minifying %s: %w", rel, err)
	}
	return nil
}

// input hands data to the minifier without a copy. tdewolff/parse reads a
// reader with a Bytes method in place, where it would otherwise copy the
// whole input into a growing buffer (io.ReadAll: 0.5 s of a rebuild's CPU
// at 20,000 products, most of it touching fresh memory). In place, it puts
// a NUL after the data, within the slice's capacity, and most minifiers put
// the byte back when done: callers own data for the call, and the bytes past
// its length are not theirs to keep.
type input struct {
	*bytes.Reader
	b []byte
}

func (in input) Bytes() []byte { return in.b }

// Dir writes into a temporary folder beside the final one; Commit swaps it in.
// Files that Precompress wants get .gz and .br twins as they are written.
type Dir struct {
	// Precompress decides which files get precompressed twins; set it before
	// the first write. The zero value writes none.
	Precompress Precompress

	final string
	tmp   string
	dirs  folders
	mu    sync.Mutex
	// names holds the paths written, each ended by a zero byte: one
	// growing buffer instead of a small string per file (see folders).
	names []byte
	zip   compressors
}

// NewDir prepares a build of the folder final.
func NewDir(final string) (*Dir, error) {
	final = filepath.Clean(final)
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStale(final)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Dir{final: final, tmp: tmp, dirs: newFolders()}, nil
}

// Root returns the temporary folder being written.
func (d *Dir) Root() string { return d.tmp }

func (d *Dir) mkdir(rel string) error {
	dir := path.Dir(rel)
	if dir == "." {
		return nil
	}
	if d.dirs.has(dir) {
		return nil
	}
	// Most folders are new, and their parent is known: one system call.
	full := filepath.Join(d.tmp, filepath.FromSlash(dir))
	if !d.dirs.has(path.Dir(dir)) || os.Mkdir(full, 0o755) != nil {
		if err := os.MkdirAll(full, 0o755); err != nil {
			return err
		}
		for p := path.Dir(dir); p != "."; p = path.Dir(p) {
			d.dirs.add(p)
		}
	}
	d.dirs.add(dir)
	return nil
}

func checkRel(rel string) error {
	if rel == "" || strings.HasPrefix(rel, "/") || !fs.ValidPath(rel) {
		return fmt.Errorf("invalid output path %q", rel)
	}
	return nil
}

// WriteFile writes a file.
func (d *Dir) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	if err := d.mkdir(rel); err != nil {
		return err
	}
	d.record(rel)
	full := filepath.Join(d.tmp, filepath.FromSlash(rel))
	if err := writeNew(full, func() error { return sysfile.WriteFile(full, data, 0o644) }); err != nil {
		return err
	}
	return d.twins(rel, data)
}

// twins writes the precompressed twins of rel when Precompress wants them.
func (d *Dir) twins(rel string, data []byte) error {
	if !d.Precompress.Wants(rel) {
		return nil
	}
	tw, err := d.zip.twins(rel, data)
	if err != nil {
		return err
	}
	for name, z := range tw {
		d.record(name)
		full := filepath.Join(d.tmp, filepath.FromSlash(name))
		if err := writeNew(full, func() error { return sysfile.WriteFile(full, z, 0o644) }); err != nil {
			return err
		}
	}
	return nil
}

// CopyFile streams a file from src into the output.
func (d *Dir) CopyFile(rel string, src fs.FS, name string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	if d.Precompress.Wants(rel) {
		data, err := fs.ReadFile(src, name)
		if err != nil {
			return err
		}
		return d.WriteFile(rel, data)
	}
	if err := d.mkdir(rel); err != nil {
		return err
	}
	in, err := src.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	full := filepath.Join(d.tmp, filepath.FromSlash(rel))
	var out *os.File
	err = writeNew(full, func() (err error) {
		out, err = os.OpenFile(full, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		return err
	})
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	d.record(rel)
	return out.Close()
}

func (d *Dir) record(rel string) {
	d.mu.Lock()
	d.names = append(append(d.names, rel...), 0)
	d.mu.Unlock()
}

// Files returns the paths written, sorted.
func (d *Dir) Files() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := strings.Split(string(d.names), "\x00")
	out = out[:len(out)-1] // after the last zero byte
	sort.Strings(out)
	return out
}

// Commit swaps the new folder into place of the final one.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Stat(d.final); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(d.final), "."+filepath.Base(d.final)+".old-")
		if err != nil {
			return err
		}
		os.Remove(o)
		if err := os.Rename(d.final, o); err != nil {
			return fmt.Errorf("moving the previous output aside: %w", err)
		}
		old = o
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(d.tmp, d.final); err != nil {
		if old != "" {
			os.Rename(old, d.final)
		}
		return fmt.Errorf("moving the new output into place: %w", err)
	}
	if old != "" {
		return removeAll(old)
	}
	return nil
}

// Abort removes the temporary folder.
func (d *Dir) Abort() error { return removeAll(d.tmp) }

// Memory keeps files in memory (the preview server's output).
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory target.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// WriteFile stores a copy of data.
func (m *Memory) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[rel] = bytes.Clone(data)
	m.mu.Unlock()
	return nil
}

// CopyFile reads the file into memory.
func (m *Memory) CopyFile(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	return m.WriteFile(rel, data)
}

// Get returns a file's content.
func (m *Memory) Get(rel string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[rel]
	return b, ok
}

// Delete removes files.
func (m *Memory) Delete(rel ...string) {
	m.mu.Lock()
	for _, r := range rel {
		delete(m.files, r)
	}
	m.mu.Unlock()
}

// Paths returns the stored paths, sorted.
func (m *Memory) Paths() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]string, 0, len(m.files))
	for k := range m.files {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
