package render

import (
	"html/template"
	"strconv"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/geomap"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// QR returns an inline SVG QR code of an absolute URL, labelled for screen
// readers as the code of this page.
func (d *Data) QR(url string) (template.HTML, error) {
	b, err := d.appendQR(nil, url)
	return template.HTML(b), err
}

// appendQR appends QR's code to dst (compiled templates print it there).
func (d *Data) appendQR(dst []byte, url string) ([]byte, error) {
	c, err := d.r.encodeQR(url)
	if err != nil {
		return dst, err
	}
	return c.AppendSVG(dst, d.T("qr.label", url), "qr"), nil
}

// RecordQR returns the QR code of a record's canonical URL in this language,
// labelled with the record's name (for label sheets and the print catalogue).
func (d *Data) RecordQR(p *catalog.Product) (template.HTML, error) {
	b, err := d.appendRecordQR(nil, p)
	return template.HTML(b), err
}

// appendRecordQR appends RecordQR's code to dst.
func (d *Data) appendRecordQR(dst []byte, p *catalog.Product) ([]byte, error) {
	url := d.CanonicalURL(p)
	c, err := d.r.encodeQR(url)
	if err != nil {
		return dst, err
	}
	return c.AppendSVG(dst, d.T("qr.record", d.Name(p), url), "qr"), nil
}

// CanonicalURL returns the absolute canonical URL of a record's page in this
// language: the page itself when the record is translated, else the
// default-language page (as the page's own canonical link says).
func (d *Data) CanonicalURL(p *catalog.Product) string {
	lang := d.Lang.Code
	if !p.HasLang(lang) {
		lang = d.Def
	}
	return d.r.urls.Abs(d.r.urls.Record(lang, &p.Record))
}

// MapSpots lists the tourism records on the page's map (those it lists that
// have a position), in the order of its numbered pins.
func (d *Data) MapSpots() []*catalog.Product {
	return site.MapSpots(d.Page.Items)
}

// Map returns the map of the page's tourism records as inline SVG: one
// numbered pin per spot, linking to its page, numbered as MapSpots.
func (d *Data) Map() template.HTML {
	spots := d.MapSpots()
	pins := make([]geomap.Pin, len(spots))
	for i, s := range spots {
		pins[i] = geomap.Pin{Lat: s.Geo.Lat, Lng: s.Geo.Lng, Label: strconv.Itoa(i + 1),
			Title: strconv.Itoa(i+1) + ". " + d.Name(s), Href: d.Link(s)}
	}
	return template.HTML(geomap.Draw(pins, geomap.Options{Label: d.T("map.label"), Class: "overview"}))
}

// CommuneProducts returns the goods of a record's commune shown on its page.
func (d *Data) CommuneProducts(p *catalog.Product) []*catalog.Product {
	return site.CommuneProducts(d.Cat, p, d.Lang.Code)
}

// PrintGroup is one category's run of records in the print catalogue.
type PrintGroup struct {
	Category *catalog.Category // nil for records without a category
	Items    []*catalog.Product
}

// PrintGroups splits the page's records into runs of one category each (the
// print catalogue lists them in category order).
func (d *Data) PrintGroups() []PrintGroup {
	var out []PrintGroup
	for _, p := range d.Page.Items {
		if n := len(out); n > 0 && out[n-1].Category == p.Category {
			out[n-1].Items = append(out[n-1].Items, p)
			continue
		}
		out = append(out, PrintGroup{Category: p.Category, Items: []*catalog.Product{p}})
	}
	return out
}

// ShortURL returns a URL without its scheme, for printing under a code.
func (d *Data) ShortURL(url string) string {
	for _, p := range []string{"https://", "http://"} {
		if len(url) > len(p) && url[:len(p)] == p {
			return url[len(p):]
		}
	}
	return url
}
