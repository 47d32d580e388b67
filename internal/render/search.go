package render

import (
	"strconv"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/search"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// Badge returns a record's star badge in lang, as its pages show it (the
// search index repeats it in its results).
func (r *Renderer) Badge(lang string, p *catalog.Product) Badge {
	return r.data(&site.Page{Lang: lang}).Badge(p)
}

// SearchIndex is the path of this language's search manifest.
func (d *Data) SearchIndex() string { return search.Dir(d.Lang.Code) + "index.json" }

// FilterScope says which listing the filter links combine on.
type FilterScope struct {
	Name string // "products" or "tourism"
	Base string // URL of the listing the filters apply to
	// F and V are the page's own filter, e.g. "stars" and "4" on a star listing.
	F, V string
}

// FilterScope returns the scope of the page's filter panel, or nil for a
// panel of plain links (the search page).
func (d *Data) FilterScope() *FilterScope {
	pg := d.Page
	s := &FilterScope{Name: "products", Base: d.Listing("products")}
	switch pg.Kind {
	case site.ProductList:
	case site.CategoryPg, site.SubgroupPg:
		s.F, s.V = "category", pg.Category.Key
	case site.StarsPg:
		s.F, s.V = "stars", strconv.Itoa(pg.Stars)
	case site.LocalPg:
		s.F, s.V = "stars", "0"
	case site.CommunePg:
		s.F, s.V = "commune", pg.Commune.Slug
	case site.TypePg:
		s.F, s.V = "type", pg.SubjectType
	case site.TourismList:
		s.Name, s.Base = "tourism", d.Listing("tourism")
	default:
		return nil
	}
	return s
}

// FilterCommunes lists the communes offered by the filter panel: those with
// tourism records on the tourism listing, all of them elsewhere; at most
// site.FilterCommunes of them, those with the most records (MoreCommunes
// then links to the commune index).
func (d *Data) FilterCommunes() []*catalog.Commune {
	all, tourism := d.Cat.Communes, d.Page.Kind == site.TourismList
	if tourism {
		all = d.r.common().tourismCommunes
	}
	return site.TopCommunes(all, tourism, d.Page.Commune, site.FilterCommunes)
}

// MoreCommunes reports whether the filter panel leaves communes out.
func (d *Data) MoreCommunes() bool {
	if d.Page.Kind == site.TourismList {
		return len(d.r.common().tourismCommunes) > site.FilterCommunes
	}
	return len(d.Cat.Communes) > site.FilterCommunes
}

// FilterTypes lists the producer types that have products or tourism records.
func (d *Data) FilterTypes() []string { return d.r.common().filterTypes }

// TypeLink is the URL of a producer type's listing.
func (d *Data) TypeLink(typ string) string { return d.URL(d.r.urls.SubjectType(d.Lang.Code, typ)) }
