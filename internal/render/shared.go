package render

import (
	"html/template"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
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
}

type langShared struct {
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
