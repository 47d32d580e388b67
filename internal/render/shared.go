package render

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/qr"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// shared holds what every page of a build may show and what does not depend
// on the page: the lists behind menus and filter panels, and fragments that
// several pages repeat. It is computed once per Renderer (the catalogue does
// not change during a build), so a page costs the same however large the
// catalogue grows.
type shared struct {
	once            sync.Once
	filterGroups    []*catalog.Category
	groups          []*catalog.Category
	starRanks       []int
	filterTypes     []string
	tourismCommunes []*catalog.Commune

	// Per language, computed on first use.
	mu      sync.Mutex
	perLang map[string]*langShared

	qrMasks sync.Map // QR code text → its data mask
}

type langShared struct {
	fragMu    sync.Mutex
	frags     map[string]*fragment // by template name
	spotsOnce sync.Once
	spots     []*catalog.Product
	mapOnce   sync.Once
	mapSVG    template.HTML
}

// common returns the shared lists, computing them on first use.
func (r *Renderer) common() *shared {
	s := &r.shared
	s.once.Do(func() {
		c := r.cat
		have := map[*catalog.Category]bool{}
		for _, p := range c.Products {
			have[p.Category] = true
		}
		for _, cat := range c.Categories {
			if cat.Key != "tourism" && have[cat] {
				s.filterGroups = append(s.filterGroups, cat)
			}
			if have[cat] || (cat.Key == "tourism" && len(c.Tourism) > 0) {
				s.groups = append(s.groups, cat)
			}
		}
		stars := map[int]bool{}
		for _, p := range c.Products {
			stars[p.Stars] = true
		}
		for _, p := range c.Tourism {
			stars[p.Stars] = true
		}
		for n := 5; n >= 3; n-- {
			if stars[n] {
				s.starRanks = append(s.starRanks, n)
			}
		}
		types := map[string]bool{}
		for _, sb := range c.Subjects {
			if len(sb.Products) > 0 {
				types[sb.Type] = true
			}
		}
		for _, t := range catalog.SubjectTypes {
			if types[t] {
				s.filterTypes = append(s.filterTypes, t)
			}
		}
		for _, cm := range c.Communes {
			for _, p := range cm.Products {
				if p.IsTourism {
					s.tourismCommunes = append(s.tourismCommunes, cm)
					break
				}
			}
		}
		s.perLang = map[string]*langShared{}
	})
	return s
}

func (r *Renderer) langShared(lang string) *langShared {
	s := r.common()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.perLang[lang]
	if l == nil {
		l = &langShared{}
		s.perLang[lang] = l
	}
	return l
}

// encodeQR returns the QR code of text. A record's code appears on its page,
// on a label sheet and in the print catalogue: the data mask chosen the first
// time (scoring the eight masks is most of the work) is kept for the others.
func (r *Renderer) encodeQR(text string) (*qr.Code, error) {
	s := r.common()
	if m, ok := s.qrMasks.Load(text); ok {
		return r.qr.EncodeMask(text, m.(int))
	}
	c, err := r.qr.Encode(text)
	if err != nil {
		return nil, err
	}
	s.qrMasks.Store(text, c.Mask)
	return c, nil
}

// sharedKind names the template set that renders shared fragments: a clone
// of the common templates that renders no page.
const sharedKind site.Kind = "\x00shared"

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

// Shared renders the named template once per language and returns that HTML
// on every page: for parts of a page that depend on the language alone (the
// footer, the search box), which would otherwise be rendered again for each
// of tens of thousands of pages. The template gets the page's data without
// the page (.Page is nil): a fragment that used it would differ from page to
// page, so using it is an error.
func (d *Data) Shared(name string) (template.HTML, error) {
	l := d.r.langShared(d.Lang.Code)
	l.fragMu.Lock()
	f := l.frags[name]
	if f == nil {
		if l.frags == nil {
			l.frags = map[string]*fragment{}
		}
		f = &fragment{}
		l.frags[name] = f
	}
	l.fragMu.Unlock()
	f.once.Do(func() {
		t := d.r.sets[sharedKind]
		if t == nil {
			f.err = fmt.Errorf("shared %q: no fragment templates", name)
			return
		}
		var buf bytes.Buffer
		nd := &Data{Lang: d.Lang, Site: d.Site, Cat: d.Cat, Def: d.Def, r: d.r}
		if err := t.ExecuteTemplate(&buf, name, nd); err != nil {
			f.err = fmt.Errorf("shared %q (a shared fragment may not use .Page): %w", name, err)
			return
		}
		f.html = template.HTML(buf.String())
	})
	return f.html, f.err
}
