package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/images"
	"github.com/khanhson-ocop/ocop/internal/qr"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// Options configure a Renderer.
type Options struct {
	// Preview adds the live-reload script (serve only).
	Preview bool
	// PreviewScript is the HTML inserted before </body> in preview.
	PreviewScript template.HTML
	// Assets maps logical asset names ("css/main.css") to their published paths
	// relative to the site root (fingerprinted).
	Assets map[string]string
	// Inline maps logical names of assets inlined into pages (e.g. SVG icons).
	Inline map[string]template.HTML
	// Pictures are the published images by source file relative to the site
	// (content/products/x/cover.jpg): their variants and share picture.
	Pictures map[string]*images.Picture
	// Templates, when set, keeps parsed templates between Renderers.
	Templates *Templates
	// MinifyTemplate, when set, minifies each template file before it is
	// parsed (keeping its actions), so that pages come out minified without
	// minifying every page (see output.Minifier.Template).
	MinifyTemplate func(name string, src []byte) []byte
	// Interpret renders with html/template alone, not with the compiled
	// templates (compiled.go): slower, the same output.
	Interpret bool
}

// Renderer renders pages of one catalogue.
type Renderer struct {
	cat     *catalog.Catalog
	urls    *site.URLs
	opts    Options
	sets    map[site.Kind]*template.Template
	progs   *programs // nil: html/template alone
	strings map[string]*i18n.Strings
	pool    sync.Pool
	lds     sync.Pool // of *ldArena, for JSONLD
	// Hash identifies the templates and strings, for incremental builds.
	Hash string
	// extra holds per-build shared fragments computed once (e.g. the menu).
	menus map[string][]*catalog.Page
	// qr encodes the pages' QR codes, keeping module layouts between pages.
	qr qr.Encoder
	// shared holds lists and fragments computed once per build (shared.go).
	shared shared
}

// Layers are template folders, most specific first (the site's, then built-in).
type Layers []fs.FS

// ReadFile returns the first layer's copy of name.
func (l Layers) ReadFile(name string) ([]byte, error) {
	var firstErr error
	for _, fsys := range l {
		if fsys == nil {
			continue
		}
		b, err := fs.ReadFile(fsys, name)
		if err == nil {
			return b, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// Glob returns the names matching pattern in any layer, sorted, without repeats.
func (l Layers) Glob(pattern string) []string {
	var out []string
	for _, fsys := range l {
		if fsys == nil {
			continue
		}
		m, _ := fs.Glob(fsys, pattern)
		out = append(out, m...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Kinds lists every page kind with its template file.
var Kinds = []site.Kind{site.Home, site.ProductList, site.CategoryPg, site.SubgroupPg, site.StarsPg, site.LocalPg, site.CommunePg,
	site.SubjectList, site.SubjectPg, site.ProductPg, site.TourismList, site.TourismPg, site.FreePage, site.StatsIndex,
	site.StatsPg, site.NotFoundPg, site.SearchPg, site.QRSheet, site.PrintPg, site.TypePg, site.CommuneIndex}

// New parses the templates and UI strings in layers (each holding templates/…).
func New(c *catalog.Catalog, urls *site.URLs, layers Layers, opts Options) (*Renderer, error) {
	r := &Renderer{cat: c, urls: urls, opts: opts, sets: map[site.Kind]*template.Template{}, strings: map[string]*i18n.Strings{}}
	r.pool.New = func() any { return new(bytes.Buffer) }
	h := newHasher()
	for _, lang := range c.Site.Codes() {
		var merged *i18n.Strings
		// Built-in first, site's over it.
		for i := len(layers) - 1; i >= 0; i-- {
			if layers[i] == nil {
				continue
			}
			name := "templates/i18n/" + lang + ".yaml"
			data, err := fs.ReadFile(layers[i], name)
			if err != nil {
				continue
			}
			h.add(name, data)
			s, err := i18n.LoadStrings(name, data)
			if err != nil {
				return nil, err
			}
			merged = merged.Merge(s)
		}
		if merged == nil {
			// A language without strings falls back to English ones.
			data, err := layers.ReadFile("templates/i18n/en.yaml")
			if err != nil {
				return nil, fmt.Errorf("templates/i18n/%s.yaml: no UI strings for language %q", lang, lang)
			}
			merged, err = i18n.LoadStrings("templates/i18n/en.yaml", data)
			if err != nil {
				return nil, err
			}
		}
		r.strings[lang] = merged
	}
	sets, progs, err := parseTemplates(layers, h, opts.Templates, opts.MinifyTemplate)
	if err != nil {
		return nil, err
	}
	r.sets = sets
	if !opts.Interpret {
		r.progs = progs
	}
	r.Hash = h.sum()
	r.menus = map[string][]*catalog.Page{}
	for _, p := range c.Pages {
		if p.Menu != "" {
			r.menus[p.Menu] = append(r.menus[p.Menu], p)
		}
	}
	return r, nil
}

// Strings returns the UI strings of lang.
func (r *Renderer) Strings(lang string) *i18n.Strings { return r.strings[lang] }

// Render writes the HTML of page pg to w.
func (r *Renderer) Render(w io.Writer, pg *site.Page) error {
	t := r.sets[pg.Kind]
	if t == nil {
		return fmt.Errorf("no template for page kind %q", pg.Kind)
	}
	d := r.data(pg)
	buf := r.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.pool.Put(buf)
	if err := r.exec(t, pg.Kind, baseTemplate, buf, d); err != nil {
		return fmt.Errorf("rendering %s (%s): %w", pg.Path, pg.Kind, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// exec runs the template name of the set of kind.
func (r *Renderer) exec(set *template.Template, kind site.Kind, name string, buf *bytes.Buffer, data any) error {
	if r.progs == nil {
		return set.ExecuteTemplate(buf, name, data)
	}
	return r.progs.execute(set, kind, name, buf, data)
}

func (r *Renderer) data(pg *site.Page) *Data {
	lang := r.cat.Site.Lang(pg.Lang)
	return &Data{Page: pg, r: r, Lang: lang, Site: r.cat.Site, Cat: r.cat, Def: r.cat.Site.DefaultLang, Code: lang.Code}
}

// dataFuncs makes every method of *Data that takes arguments a template
// function of the same name in lower camel case that takes the Data first:
// {{name . $p}} is {{.Name $p}}, {{isoDate $ .Issued}} is {{$.ISODate .Issued}}
// (T, variadic, has t for its form without arguments). text/template looks
// a method up by name on every call, and reflect builds the method's type
// each time; a function is found in a map. The built-in templates call the
// functions (a product page 6 % faster, a listing page 14 %: docs/
// performance-log.md); a site's templates may use either.
func dataFuncs() template.FuncMap {
	m := template.FuncMap{}
	t := reflect.TypeFor[*Data]()
	for i := range t.NumMethod() {
		meth := t.Method(i)
		if meth.Type.NumIn() < 2 || meth.Name == "T" {
			continue
		}
		m[lowerCamel(meth.Name)] = meth.Func.Interface()
	}
	return m
}

// lowerCamel lowers a Go name's leading capital, or its leading initialism:
// Name → name, URL → url, ISODate → isoDate, CardHTML → cardHTML.
func lowerCamel(s string) string {
	n := 0
	for n < len(s) && 'A' <= s[n] && s[n] <= 'Z' {
		n++
	}
	if n > 1 && n < len(s) {
		n-- // the last capital starts the next word
	}
	return strings.ToLower(s[:n]) + s[n:]
}

func funcs() template.FuncMap {
	m := template.FuncMap{
		// t is .T for a string without arguments: {{t . "key"}}, the same
		// text. dataFuncs says why functions; T, variadic, also costs a
		// slice for its arguments: about 0.8 µs, 180 bytes and five
		// allocations more than t (docs/performance-log.md).
		"t": func(d *Data, key string) string { return d.T(key) },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return a - b },
		"mul":  func(a, b int) int { return a * b },
		"join": strings.Join,
		"base": path.Base,
		"pct": func(n, total int) int {
			if total == 0 {
				return 0
			}
			return n * 100 / total
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key/value pairs")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
	for name, f := range dataFuncs() {
		if _, dup := m[name]; dup {
			panic("render: two template functions named " + name)
		}
		m[name] = f
	}
	return m
}
