package catalog

import (
	"slices"

	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/markdown"
)

// Redecode decodes one bundle again in the context of c, a catalogue that
// Build made: its site settings, categories, subjects and date. It returns
// the record, a *Product, *Subject or *Page linked as Build links it but not
// added to c, and the diagnostics of decoding and linking it; rec is nil
// when the bundle holds no record. The preview server uses it for an edit
// that changes only a record's content (see SamePlace and Patch).
func (c *Catalog) Redecode(bu *content.Bundle, opts Options) (rec any, diags []diag.Diagnostic) {
	var d diag.List
	b := &builder{opts: opts, d: &d, md: opts.Markdown, refs: &refs{m: map[*Product]pendingRefs{}},
		langs: c.Site.Codes(), def: c.Site.DefaultLang,
		c: &Catalog{Site: c.Site, Categories: c.Categories, category: c.category, subject: c.subject, Today: c.Today, SiteHash: c.SiteHash}}
	if b.md == nil {
		b.md = markdown.New()
	}
	s, p, pg := b.decode(bu)
	switch {
	case p != nil:
		b.link(p)
		rec = p
	case s != nil:
		rec = s
	case pg != nil:
		rec = pg
	}
	return rec, d.Items()
}

// SamePlace reports whether old, a record of a catalogue, and rec, the same
// record decoded again (Redecode), are listed in the same places, in the
// same order, under the same addresses and languages: same kind, draft
// state, links, stars, year, commune, position, weight, names, URL slugs and
// translations. Only then may rec's content replace old's in place (Patch)
// without planning the site again.
func SamePlace(old, rec any) bool {
	same := func(a, b *Record) bool {
		return a.ID == b.ID && a.Draft == b.Draft && a.Weight == b.Weight &&
			slices.Equal(a.Name, b.Name) && slices.Equal(a.URLSlug, b.URLSlug) && slices.Equal(a.Translated, b.Translated)
	}
	geo := func(a, b *Geo) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	switch o := old.(type) {
	case *Product:
		n, ok := rec.(*Product)
		return ok && same(&o.Record, &n.Record) && o.IsTourism == n.IsTourism &&
			o.Subject == n.Subject && o.Category == n.Category && o.Subgroup == n.Subgroup &&
			o.Stars == n.Stars && o.RatedYear == n.RatedYear && o.Commune == n.Commune &&
			o.TourKind == n.TourKind && o.Featured == n.Featured && geo(o.Geo, n.Geo)
	case *Subject:
		n, ok := rec.(*Subject)
		return ok && same(&o.Record, &n.Record) && o.Type == n.Type && o.Commune == n.Commune && geo(o.Geo, n.Geo)
	case *Page:
		n, ok := rec.(*Page)
		return ok && same(&o.Record, &n.Record) && o.Menu == n.Menu
	}
	return false
}

// Patch copies the content of each record of recs (a *Product, *Subject or
// *Page, from Redecode or another catalogue of the same shape) into the
// record of c with the same ID, keeping c's links and name order. The caller
// makes sure that SamePlace holds and that nothing reads c meanwhile.
func (c *Catalog) Patch(recs ...any) {
	if len(recs) == 0 {
		return
	}
	byID := make(map[string]any, len(recs))
	for _, r := range recs {
		if rr := RecordOf(r); rr != nil {
			byID[rr.ID] = r
		}
	}
	for _, o := range slices.Concat(c.Products, c.Tourism) {
		if n, ok := byID[o.ID].(*Product); ok {
			sub, cat, sg, ord := o.Subject, o.Category, o.Subgroup, o.ord
			*o = *n
			o.Subject, o.Category, o.Subgroup, o.ord = sub, cat, sg, ord
		}
	}
	for _, o := range c.Subjects {
		if n, ok := byID[o.ID].(*Subject); ok {
			prods, ord := o.Products, o.ord
			*o = *n
			o.Products, o.ord = prods, ord
		}
	}
	for _, o := range c.Pages {
		if n, ok := byID[o.ID].(*Page); ok {
			ord := o.ord
			*o = *n
			o.ord = ord
		}
	}
}

// Find returns the published record of c whose bundle folder is dir
// (content/<kind>/<slug>): a *Product, *Subject or *Page, or nil.
func (c *Catalog) Find(dir string) any {
	for _, p := range slices.Concat(c.Products, c.Tourism) {
		if p.Dir == dir {
			return p
		}
	}
	for _, s := range c.Subjects {
		if s.Dir == dir {
			return s
		}
	}
	for _, p := range c.Pages {
		if p.Dir == dir {
			return p
		}
	}
	return nil
}
