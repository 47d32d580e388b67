package site

import (
	"cmp"
	"slices"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// CommuneIndex is the listing of every commune that has records, by name,
// paginated like the other listings: the page the filter panels link to when
// they name only some communes.
const CommuneIndex Kind = "communes"

// FilterCommunes is the most communes a listing's filter panel names. A
// district has a handful; a national catalogue has hundreds, which would
// make every listing page grow with the catalogue: the panel then names the
// communes with the most records and links to the commune index.
const FilterCommunes = 20

// communeIndex adds the pages of the commune index in lang.
func (p *planner) communeIndex(lang string) {
	if len(p.c.Communes) == 0 {
		return
	}
	size := p.c.Site.PageSize
	n := max(1, (len(p.c.Communes)+size-1)/size)
	base := func(l string) string { return p.u.Listing(l, SegCommunes) }
	var paths []string
	for i := 1; i <= n; i++ {
		paths = append(paths, Paged(base(lang), i))
	}
	for i := 1; i <= n; i++ {
		pg := &Page{Kind: CommuneIndex, Lang: lang, Path: paths[i-1],
			Communes: p.c.Communes[(i-1)*size : min(i*size, len(p.c.Communes))]}
		pg.Pager = &Pager{Number: i, Count: n, First: base(lang), Pages: paths, Total: len(p.c.Communes)}
		if i > 1 {
			pg.Pager.Prev = paths[i-2]
		}
		if i < n {
			pg.Pager.Next = paths[i]
		}
		num := i
		p.add(pg, func(l string) string { return Paged(base(l), num) })
	}
}

// TopCommunes returns the communes a filter panel names, in the order of
// communes (by name): all of them when there are at most limit, else the
// limit communes with the most records (goods and tourism; tourism records
// only when tourism is set), with current (the page's own commune, may be
// nil) always among them.
func TopCommunes(communes []*catalog.Commune, tourism bool, current *catalog.Commune, limit int) []*catalog.Commune {
	if len(communes) <= limit {
		return communes
	}
	count := func(c *catalog.Commune) int {
		if !tourism {
			return len(c.Products)
		}
		n := 0
		for _, p := range c.Products {
			if p.IsTourism {
				n++
			}
		}
		return n
	}
	type ranked struct {
		i, n int
	}
	rs := make([]ranked, len(communes))
	for i, c := range communes {
		rs[i] = ranked{i, count(c)}
		if c == current {
			rs[i].n = int(^uint(0) >> 1) // always kept
		}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return cmp.Compare(b.n, a.n) })
	rs = rs[:limit]
	slices.SortFunc(rs, func(a, b ranked) int { return a.i - b.i })
	out := make([]*catalog.Commune, len(rs))
	for i, r := range rs {
		out[i] = communes[r.i]
	}
	return out
}
