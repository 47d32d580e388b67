package render

import (
	"bytes"
	"errors"
	"html/template"
	"reflect"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/site"
	"github.com/khanhson-ocop/ocop/internal/tmplexec"
)

// programs are the compiled forms (package tmplexec) of the templates a
// Renderer executes: a page kind's base.html, each fragment of the shared
// set. html/template escapes a template on its first execution, so each is
// compiled after html/template has run it once; from then on it runs
// compiled, and a run that falls back is done by html/template again.
// newPrograms is called as soon as the sets are parsed: it takes their
// trees before any goroutine executes them (tmplexec.TreesOf).
type programs struct {
	funcs template.FuncMap
	// entries is made whole before any use and only read after.
	entries map[site.Kind]map[string]*program
}

type program struct {
	trees tmplexec.Trees // of its set, taken before anything ran
	once  sync.Once
	prog  atomic.Pointer[tmplexec.Program]
	err   atomic.Pointer[string] // why it is not compiled
}

func newPrograms(sets map[site.Kind]*template.Template) *programs {
	ps := &programs{funcs: funcs(), entries: map[site.Kind]map[string]*program{}}
	for k, set := range sets {
		trees := tmplexec.TreesOf(set)
		m := map[string]*program{}
		if k == sharedKind {
			for name := range trees {
				m[name] = &program{trees: trees}
			}
		} else {
			m[baseTemplate] = &program{trees: trees}
		}
		ps.entries[k] = m
	}
	return ps
}

const baseTemplate = "templates/base.html"

// execute runs the template name of set kind with data into buf, compiled
// when it can.
func (ps *programs) execute(set *template.Template, kind site.Kind, name string, buf *bytes.Buffer, data any) error {
	e := ps.entries[kind][name]
	if e != nil {
		if p := e.prog.Load(); p != nil {
			err := p.Execute(buf, data)
			if !errors.Is(err, tmplexec.ErrFallback) {
				return err
			}
		}
	}
	if err := set.ExecuteTemplate(buf, name, data); err != nil {
		return err
	}
	if e != nil {
		e.once.Do(func() {
			p, err := tmplexec.Compile(e.trees, name, ps.funcs, adapt)
			if err != nil {
				msg := err.Error()
				e.err.Store(&msg)
				return
			}
			e.prog.Store(p)
		})
	}
	return nil
}

// same reports whether f is the function g: the template functions are
// the methods of *Data (dataFuncs), and those that draw QR codes or read a
// body have twins that append to the output.
func same[F any](f, g F) bool {
	return reflect.ValueOf(f).Pointer() == reflect.ValueOf(g).Pointer()
}

// adapt calls the functions and methods of the commonest types without
// reflection (tmplexec.Compile; the others go through reflect.Value.Call).
func adapt(fn any) tmplexec.Func {
	switch f := fn.(type) {
	case func(*Data, string) string:
		return tmplexec.Text2(f)
	case func(int, int) int:
		return tmplexec.Direct2(f)
	case func(*Data, any) string:
		return tmplexec.Text2(f)
	case func(*Data, string) (template.HTML, error):
		if same(f, (*Data).QR) {
			return tmplexec.Append2E(f, (*Data).appendQR)
		}
		return tmplexec.Text2E(f)
	case func(*Data, time.Time) string:
		return tmplexec.Text2(f)
	case func(*Data, *catalog.Product) []*catalog.Product:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Product) (template.HTML, error):
		if same(f, (*Data).RecordQR) {
			return tmplexec.Append2E(f, (*Data).appendRecordQR)
		}
		return tmplexec.Text2E(f)
	case func(*Data, string, any) (template.HTML, error):
		return tmplexec.Text3E(f)
	case func(*Data, string) template.URL:
		return tmplexec.Text2(f)
	case func(*Data, string) template.HTML:
		return tmplexec.Text2(f)
	case func(*Data, string) bool:
		return tmplexec.Direct2(f)
	case func(*Data, any) template.HTML:
		return tmplexec.Text2(f)
	case func(*Data, any) (template.HTML, error):
		if same(f, (*Data).Body) {
			return tmplexec.Append2E(f, (*Data).appendBody)
		}
		return tmplexec.Text2E(f)
	case func(*Data, any) bool:
		return tmplexec.Direct2(f)
	case func(*Data, int) string:
		return tmplexec.Text2(f)
	case func(*Data, catalog.PerLang[string]) string:
		return tmplexec.Text2(f)
	case func(*Data, *catalog.Product) string:
		return tmplexec.Text2(f)
	case func(*Data, *catalog.Product) site.Others:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Product) Img:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Product) Badge:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Product) []Img:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Product) *catalog.Commune:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Price) string:
		return tmplexec.Text2(f)
	case func(*Data, *catalog.Product) CardData:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Product, *catalog.Product) string:
		return tmplexec.Text3(f)
	case func(*Data, *catalog.Subject) Img:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.YearStats) int:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.YearStats) []string:
		return tmplexec.Direct2(f)
	case func(*Data, *catalog.Record, string) string:
		return tmplexec.Text3(f)
	case func(*Data, string) []*catalog.Page:
		return tmplexec.Direct2(f)
	case func(*Data, int, int) int:
		return tmplexec.Direct3(f)
	case func(*Data, catalog.PerLang[[]string]) []string:
		return tmplexec.Direct2(f)
	// The helpers of funcs.
	case func(...any) (map[string]any, error): // dict
		return tmplexec.DirectVE(f)
	case func(string) string:
		return tmplexec.Text1(f)
	case func([]string, string) string:
		return tmplexec.Text2(f)
	case func(int) []int:
		return tmplexec.Direct1(f)
	// Methods called as fields: {{.FullTitle}}, {{.Crumbs}}.
	case func(*Data) string:
		return tmplexec.Text1(f)
	case func(*Data) template.HTML:
		return tmplexec.Text1(f)
	case func(*Data) bool:
		return tmplexec.Direct1(f)
	case func(*Data) []string:
		return tmplexec.Direct1(f)
	case func(*Data) []Crumb:
		return tmplexec.Direct1(f)
	case func(*Data) []template.JS:
		return tmplexec.Direct1(f)
	case func(*Data) []PagerLink:
		return tmplexec.Direct1(f)
	case func(*Data) []int:
		return tmplexec.Direct1(f)
	case func(*Data) []*catalog.Category:
		return tmplexec.Direct1(f)
	// {{.T "key" $arg}}
	case func(*Data, string, ...any) string:
		return tmplexec.Text2V(f)
	}
	return tmplexec.Func{}
}

// TemplateReport says how the templates ran: those run so far that could
// not be compiled (with why), and how many runs of compiled ones fell back
// to html/template (with the last reason).
type TemplateReport struct {
	Compiled      int
	NotCompiled   []string
	Fallbacks     int64
	FallbackCause string
}

// TemplateReport says how this Renderer's templates ran.
func (r *Renderer) TemplateReport() TemplateReport {
	var rep TemplateReport
	if r.progs == nil {
		return rep
	}
	for _, m := range r.progs.entries {
		for _, e := range m {
			if msg := e.err.Load(); msg != nil {
				rep.NotCompiled = append(rep.NotCompiled, *msg)
			}
			if p := e.prog.Load(); p != nil {
				rep.Compiled++
				if n := p.Fallbacks.Load(); n > 0 {
					rep.Fallbacks += n
					rep.FallbackCause = p.LastFallback()
				}
			}
		}
	}
	// A partial every kind uses is reported once.
	sort.Strings(rep.NotCompiled)
	rep.NotCompiled = slices.Compact(rep.NotCompiled)
	return rep
}
