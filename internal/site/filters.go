package site

import (
	"slices"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// TypePg is the listing of the products and tourism records of one type of
// producer (cooperatives, enterprises …): the static page behind the
// producer-type filter, so that it works without JavaScript like the
// category, star and commune filters.
const TypePg Kind = "type"

// typeSlugs are the URL slugs of the subject types in the languages that do
// not use the type key itself.
var typeSlugs = map[string]map[string]string{
	"vi": {"cooperative": "hop-tac-xa", "cooperative-group": "to-hop-tac", "enterprise": "doanh-nghiep", "household": "ho-kinh-doanh"},
}

// SubjectType returns the listing path of a subject type.
func (u *URLs) SubjectType(lang, typ string) string {
	slug := typ
	if s, ok := typeSlugs[lang][typ]; ok {
		slug = s
	}
	return u.Listing(lang, SegTypes) + slug + "/"
}

// ByType returns the published products and tourism records whose producer
// is of type typ, in no particular order.
func ByType(c *catalog.Catalog, typ string) []*catalog.Product {
	var out []*catalog.Product
	for _, it := range slices.Concat(c.Products, c.Tourism) {
		if it.Subject != nil && it.Subject.Type == typ {
			out = append(out, it)
		}
	}
	return out
}

// types adds the listing of each subject type that has records.
func (p *planner) types(lang string) {
	for _, typ := range catalog.SubjectTypes {
		items := ByType(p.c, typ)
		if len(items) == 0 {
			continue
		}
		p.paginate(Page{Kind: TypePg, Lang: lang, SubjectType: typ}, items, func(l string) string { return p.u.SubjectType(l, typ) })
	}
}
