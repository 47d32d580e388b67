package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/memo"
	"github.com/khanhson-ocop/ocop/internal/sysfile"
)

// MaxFileSize is the largest content file read; larger ones are refused.
const MaxFileSize = 1 << 20

// MaxYAMLSize is the largest YAML document (front matter, site.yaml,
// categories.yaml) parsed; a record's fields take a few kilobytes.
const MaxYAMLSize = 64 << 10

// MaxResourceSize is the largest bundle resource (a photo, a leaflet) accepted.
const MaxResourceSize = 50 << 20

// Kind is the kind of a bundle: the folder under content/ it lives in.
type Kind string

// The bundle kinds, named after their folders.
const (
	Subjects Kind = "subjects"
	Products Kind = "products"
	Tourism  Kind = "tourism"
	Pages    Kind = "pages"
)

// Kinds lists the bundle kinds in load order.
var Kinds = [...]Kind{Subjects, Products, Tourism, Pages}

// Hash is a content hash.
type Hash [16]byte

// Doc is a parsed YAML file or front matter.
type Doc struct {
	Path string     // relative to the site folder, slash-separated
	Root *yaml.Node // the top mapping node; nil when the document is empty
	// Failed is set when the file could not be read or parsed; an error naming
	// it has been reported, so later checks stay quiet about its fields.
	Failed bool
}

// File is one Markdown file of a bundle.
type File struct {
	Doc
	Lang     string
	Body     []byte // the Markdown body
	BodyLine int    // the line on which the body starts
}

// Resource is a non-Markdown file of a bundle.
type Resource struct {
	// Name is the path relative to the bundle folder, in NFC: the name
	// records and bodies give the file (their text is composed as it is
	// read) and the name it is published under.
	Name string
	// Disk is the path relative to the bundle folder as the file system
	// spells it, when that differs from Name: a name written in decomposed
	// form (a Vietnamese keyboard's "combining" mode, macOS). Read the file
	// through DiskName.
	Disk string
	Size int64
}

// DiskName returns the path of the file relative to the bundle folder as the
// file system spells it.
func (r Resource) DiskName() string {
	if r.Disk != "" {
		return r.Disk
	}
	return r.Name
}

// Bundle is one record's folder.
type Bundle struct {
	Kind      Kind
	Slug      string
	Dir       string           // e.g. content/products/mat-ong
	Files     map[string]*File // by language code
	Resources []Resource       // sorted by name
	Hash      Hash             // over every file of the bundle
}

// ID is a bundle's stable identity, e.g. "products/mat-ong".
func (b *Bundle) ID() string { return string(b.Kind) + "/" + b.Slug }

// Source is everything read from a site folder.
type Source struct {
	Site       *Doc
	Categories *Doc
	SiteHash   Hash // over site.yaml and categories.yaml
	Bundles    []*Bundle
}

// Load reads the site folder fsys. Problems are added to diags; what could be
// read is returned even when there are errors.
func Load(fsys fs.FS, diags *diag.List) *Source {
	s := Open(fsys, diags)
	src := s.Source
	src.Bundles = make([]*Bundle, s.Len())
	s.Each(func(i int, b *Bundle) { src.Bundles[i] = b })
	src.Bundles = slices.DeleteFunc(src.Bundles, func(b *Bundle) bool { return b == nil })
	return src
}

func suggestSlug(name string) string {
	if s := i18n.Slugify(name); s != "" {
		return s
	}
	return "ten-san-pham"
}

var indexName = regexp.MustCompile(`^index(?:\.([a-z]{2,3}(?:-[a-z0-9]+)?))?\.md$`)

// parser reads content files; with a memo, it keeps the front matter it
// parses there and takes what it finds there instead of parsing again. A nil
// *parser parses everything.
type parser struct{ memo *memo.Table }

// safeLoadBundle is loadBundle that turns an unexpected failure into an error
// about the bundle instead of ending the program.
func (ps *parser) safeLoadBundle(fsys fs.FS, kind Kind, slug string, diags *diag.List) (b *Bundle) {
	defer func() {
		if r := recover(); r != nil {
			dir := "content/" + string(kind) + "/" + slug
			diags.Errorf(diag.Pos{File: dir}, "", "please report this to the site's maintainers with the folder attached",
				"this folder could not be read because of an internal error: %v", r)
			b = nil
		}
	}()
	return ps.loadBundle(fsys, kind, slug, diags)
}

func (ps *parser) loadBundle(fsys fs.FS, kind Kind, slug string, diags *diag.List) *Bundle {
	dir := "content/" + string(kind) + "/" + slug
	b := &Bundle{Kind: kind, Slug: slug, Dir: dir, Files: map[string]*File{}}
	h := sha256.New()
	// The folder is walked from its listing (fs.ReadDir, in name order, as
	// fs.WalkDir would) rather than with fs.WalkDir, which first stats the
	// folder: one system call per record less, 0.3 s of CPU at 20,000
	// products.
	var walk func(folder string) error
	visit := func(p string, d fs.DirEntry) error {
		rel := strings.TrimPrefix(p, dir+"/")
		base := d.Name()
		if strings.HasPrefix(base, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return walk(p)
		}
		if !d.Type().IsRegular() {
			diags.Errorf(diag.Pos{File: p}, "", "replace the link with the file itself", "%s is a link or special file; only plain files are published", rel)
			return nil
		}
		if m := indexName.FindStringSubmatch(rel); m != nil {
			lang := m[1]
			data, ok := readFile(fsys, p, diags, false)
			h.Write([]byte(p))
			h.Write(data)
			if !ok {
				// Keep a placeholder so the bundle is known to exist.
				b.Files[lang] = &File{Doc: Doc{Path: p, Failed: true}, Lang: lang}
				return nil
			}
			f := ps.markdown(p, data, diags)
			f.Lang = lang
			b.Files[lang] = f
			return nil
		}
		if strings.EqualFold(path.Ext(base), ".md") {
			// Markdown files other than the record's are neither read nor
			// published (content model: every file of a bundle other than
			// the Markdown files is published): a copy such as
			// "index.vi (1).md" holds the record's text, drafts included.
			hint := "name it index.vi.md (Vietnamese) or index.en.md (English)"
			if strings.Contains(rel, "/") {
				hint = "move the text into the record's index.vi.md or index.en.md, or delete the file"
			}
			diags.Warnf(diag.Pos{File: p}, "", hint, "%s is not read or published: only index.<lang>.md files hold a record's text", rel)
			return nil
		}
		if osFile(base) {
			return nil // the computer's, not the producer's: never published
		}
		info, err := d.Info()
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "", "", "cannot read: %v", err)
			return nil
		}
		if info.Size() > MaxResourceSize {
			diags.Errorf(diag.Pos{File: p}, "", "make the file smaller than 50 MB", "%s is too large (%d MB)", rel, info.Size()>>20)
			return nil
		}
		res := Resource{Name: rel, Size: info.Size()}
		if !i18n.PlainNFC(rel) && !norm.NFC.IsNormalString(rel) {
			res.Name, res.Disk = norm.NFC.String(rel), rel
		}
		b.Resources = append(b.Resources, res)
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", p, info.Size(), info.ModTime().UnixNano())
		return nil
	}
	walk = func(folder string) error {
		entries, err := fs.ReadDir(fsys, folder)
		if err != nil {
			if folder == dir {
				return err
			}
			diags.Errorf(diag.Pos{File: folder}, "", "", "cannot read: %v", err)
		}
		for _, d := range entries {
			if err := visit(folder+"/"+d.Name(), d); err != nil && !errors.Is(err, fs.SkipDir) {
				return err
			}
		}
		return nil
	}
	if err := walk(dir); err != nil {
		diags.Errorf(diag.Pos{File: dir}, "", "", "cannot read folder: %v", err)
	}
	slices.SortFunc(b.Resources, func(x, y Resource) int { return strings.Compare(x.Name, y.Name) })
	// Two files whose names differ only in how their letters are encoded
	// would be published under one name.
	b.Resources = slices.CompactFunc(b.Resources, func(x, y Resource) bool {
		if x.Name != y.Name {
			return false
		}
		diags.Errorf(diag.Pos{File: dir + "/" + y.DiskName()}, "", "delete one of the two files, or rename one",
			"%s and another file in the folder have the same name, written two ways (composed and decomposed letters)", x.Name)
		return true
	})
	copy(b.Hash[:], h.Sum(nil))
	return b
}

// osFile reports whether a file is one that an operating system or an
// office program leaves in folders by itself, unseen by the producer:
// Windows's thumbnail caches and folder settings, and Office's lock files
// (~$name.docx). Files whose names start with a dot (macOS's .DS_Store)
// are skipped with the rest of the hidden files.
func osFile(name string) bool {
	switch strings.ToLower(name) {
	case "thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini":
		return true
	}
	return strings.HasPrefix(name, "~$")
}

// maxReader is a file system that reads a file whole, up to a size, at less
// cost than Open (sysfile.FS).
type maxReader interface {
	ReadFileMax(name string, max int64) ([]byte, error)
}

// readMax reads at most max bytes of a file.
func readMax(fsys fs.FS, name string, max int64) ([]byte, error) {
	if r, ok := fsys.(maxReader); ok {
		return r.ReadFileMax(name, max)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return sysfile.ReadAll(f, size, max)
}

// readFile reads a content file and checks its size and encoding.
func readFile(fsys fs.FS, name string, diags *diag.List, required bool) ([]byte, bool) {
	data, err := readMax(fsys, name, MaxFileSize+1)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				diags.Errorf(diag.Pos{File: name}, "", "create it: see docs/content.md", "%s is missing", name)
			}
			return nil, false
		}
		diags.Errorf(diag.Pos{File: name}, "", "", "cannot read: %v", err)
		return nil, false
	}
	if len(data) > MaxFileSize {
		diags.Errorf(diag.Pos{File: name, Line: 1}, "", "keep the text under 1 MB; put large files such as photos beside it in the folder",
			"file is too large (over %d KB)", MaxFileSize>>10)
		return nil, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		diags.Errorf(diag.Pos{File: name, Line: 1}, "", "write the record's fields; `ocop new` makes a skeleton", "file is empty")
		return nil, false
	}
	// Nearly every file is plain composed text, which is valid UTF-8 too.
	plain := i18n.PlainNFC(data)
	if !plain && !utf8.Valid(data) {
		line, col := invalidUTF8Pos(data)
		diags.Errorf(diag.Pos{File: name, Line: line, Column: col}, "", "save the file as UTF-8 (in most editors: Save with encoding → UTF-8)",
			"file is not valid UTF-8 text")
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	// Text saved in decomposed form (macOS, some keyboards: "e" followed by combining
	// marks) is composed, so pages, sorting and the browser's find-in-page see one
	// spelling of each Vietnamese letter (W3C: content in NFC).
	if !plain && !norm.NFC.IsNormal(data) {
		data = norm.NFC.Bytes(data)
	}
	if line, col := firstControl(data); line > 0 {
		diags.Errorf(diag.Pos{File: name, Line: line, Column: col}, "", "delete the character: retype the line, or copy the text again without it",
			"the line contains an invisible control character")
		return nil, false
	}
	return data, true
}

func invalidUTF8Pos(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// markdown splits front matter from body and parses the front matter,
// through the parser's memo.
func (ps *parser) markdown(name string, data []byte, diags *diag.List) *File {
	f := &File{Doc: Doc{Path: name}}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.Equal(bytes.TrimRight(first, " \t"), []byte("---")) {
		diags.Errorf(diag.Pos{File: name, Line: 1, Column: 1}, "", "put a line with three dashes (---) first, then the fields, then another --- line",
			"the file must start with front matter between two --- lines")
		f.Body = data
		f.BodyLine = 1
		f.Failed = true
		if !checkBody(name, f.Body, f.BodyLine, diags) {
			f.Body = nil
		}
		return f
	}
	// Find the closing --- line.
	off, line := 0, 2
	end := -1
	for off < len(rest) {
		nl := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if nl < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+nl]
		}
		t := bytes.TrimRight(l, " \t")
		if bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("...")) {
			end = off
			break
		}
		if nl < 0 {
			off = len(rest)
			break
		}
		off += nl + 1
		line++
	}
	if end < 0 {
		diags.Errorf(diag.Pos{File: name, Line: 1, Column: 1}, "", "add a line with three dashes (---) after the last field",
			"the front matter is never closed")
		f.Failed = true
		return f
	}
	front := rest[:end]
	bodyStart := end + bytes.IndexByte(rest[end:], '\n') + 1
	if bytes.IndexByte(rest[end:], '\n') < 0 {
		bodyStart = len(rest)
	}
	f.Body = rest[bodyStart:]
	f.BodyLine = line + 1
	if !checkBody(name, f.Body, f.BodyLine, diags) {
		f.Body = nil
	}
	f.Root, f.Failed = ps.front(name, front, diags)
	return f
}

// front parses a Markdown file's front matter, which starts on line 2.
func (ps *parser) front(name string, data []byte, diags *diag.List) (root *yaml.Node, failed bool) {
	if ps == nil || ps.memo == nil {
		d := parseYAMLDoc(name, data, 1, diags, false)
		return d.Root, d.Failed
	}
	key := frontKey(data, 1)
	if enc, ok := ps.memo.Get(key); ok {
		if root, err := decodeTree(enc); err == nil {
			return root, false
		}
	}
	var d diag.List
	doc := parseYAMLDoc(name, data, 1, &d, false)
	if doc.Root != nil && !doc.Failed && len(d.Items()) == 0 {
		ps.memo.Put(key, encodeTree(nil, doc.Root))
	}
	diags.Add(d.Items()...)
	return doc.Root, doc.Failed
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAMLDoc parses data as a YAML mapping (or a list, when list is set);
// offset is added to every line.
func parseYAMLDoc(name string, data []byte, offset int, diags *diag.List, list bool) *Doc {
	d := &Doc{Path: name}
	if len(data) > MaxYAMLSize {
		diags.Errorf(diag.Pos{File: name, Line: 1 + offset}, "", "keep the fields short; long text belongs in the body, below the closing --- line",
			"the fields are too long (over %d KB)", MaxYAMLSize>>10)
		d.Failed = true
		return d
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := 1, err.Error()
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		p := locateYAMLError(data, line, msg)
		diags.Errorf(diag.Pos{File: name, Line: p.line + offset, Column: p.column}, "", p.hint, "%s", p.message)
		d.Failed = true
		return d
	}
	if len(root.Content) == 0 {
		return d
	}
	top := root.Content[0]
	shift(top, offset)
	if bad := findAlias(top); bad != nil {
		diags.Errorf(diag.Pos{File: name, Line: bad.Line, Column: bad.Column}, "", "write the value out in full instead of using & and *",
			"YAML anchors and aliases (& and *) are not allowed in content files")
		d.Failed = true
		return d
	}
	if list && top.Kind == yaml.SequenceNode {
		d.Root = top
		return d
	}
	if top.Kind != yaml.MappingNode {
		diags.Errorf(diag.Pos{File: name, Line: top.Line, Column: top.Column}, "", "write one field per line as `name: value`",
			"expected fields (name: value), found %s", kindName(top))
		d.Failed = true
		return d
	}
	d.Root = top
	return d
}

func shift(n *yaml.Node, offset int) {
	n.Line += offset
	for _, c := range n.Content {
		shift(c, offset)
	}
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "fields"
	case yaml.ScalarNode:
		return fmt.Sprintf("the text %q", n.Value)
	}
	return "something else"
}
