package site

import (
	"slices"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// Page kinds for print: the QR label sheets and the printable catalogue.
const (
	QRSheet Kind = "qr"
	PrintPg Kind = "print"
)

// printPageSize is the number of products on one page of the printable
// catalogue: one page for a district, a few hundred for a national catalogue,
// each small enough for a browser to print.
const printPageSize = 100

// QRSheetSize is the number of labels on one page of a QR sheet: four listing
// pages' worth, so a sheet stays a reasonable download however large the
// catalogue grows.
func QRSheetSize(c *catalog.Catalog) int { return c.Site.PageSize * 4 }

// printing adds the QR label sheets (every product and tourism record, by
// name) and the printable catalogue (every record, grouped by category in the
// order of categories.yaml, then by name) in lang.
func (p *planner) printing(lang string) {
	u := p.u
	all := slices.Concat(p.c.Products, p.c.Tourism)
	p.paginateBy(Page{Kind: QRSheet, Lang: lang}, catalog.Sorted(p.c, lang, all),
		func(l string) string { return u.Listing(l, SegQR) }, QRSheetSize(p.c))
	p.paginateBy(Page{Kind: PrintPg, Lang: lang}, PrintOrder(p.c, lang),
		func(l string) string { return u.Listing(l, SegPrint) }, printPageSize)
}

// PrintOrder returns every product and tourism record in catalogue order:
// by category as listed in categories.yaml, then as listings sort them in lang;
// records without a category come last.
func PrintOrder(c *catalog.Catalog, lang string) []*catalog.Product {
	all := catalog.Sorted(c, lang, slices.Concat(c.Products, c.Tourism))
	rank := map[*catalog.Category]int{}
	for i, cat := range c.Categories {
		rank[cat] = i
	}
	slices.SortStableFunc(all, func(a, b *catalog.Product) int {
		return catRank(rank, a) - catRank(rank, b)
	})
	return all
}

func catRank(rank map[*catalog.Category]int, p *catalog.Product) int {
	if r, ok := rank[p.Category]; ok {
		return r
	}
	return len(rank)
}

// MapSpots returns the records a page of the tourism listing draws on its
// map: its items that have a position, in the page's order. A page's map
// shows its own spots, not the catalogue's, so that it does not grow with
// the catalogue (1,000 spots made a 441 KB first page at 20,000 products).
func MapSpots(items []*catalog.Product) []*catalog.Product {
	var spots []*catalog.Product
	for _, t := range items {
		if t.Geo != nil {
			spots = append(spots, t)
		}
	}
	return spots
}

// communeLimit is how many products of its commune a tourism page lists.
const communeLimit = 12

// CommuneProducts returns the goods (not tourism records) of the commune a
// record is listed under, in listing order for lang, at most twelve; the
// page's Deps and the rendered list both come from here.
func CommuneProducts(c *catalog.Catalog, it *catalog.Product, lang string) []*catalog.Product {
	cm := c.CommuneOf(it)
	if cm == nil {
		return nil
	}
	var goods []*catalog.Product
	for _, o := range cm.Products {
		if !o.IsTourism && o != it {
			goods = append(goods, o)
		}
	}
	goods = catalog.Sorted(c, lang, goods)
	if len(goods) > communeLimit {
		goods = goods[:communeLimit]
	}
	return goods
}
