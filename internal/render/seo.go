package render

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// FeedPath returns the path of the RSS feed of lang: feed.xml for the default
// language, en/feed.xml for English.
func FeedPath(urls *site.URLs, lang string) string { return urls.Home(lang) + "feed.xml" }

// Feed returns the URL of the RSS feed in the page's language.
func (d *Data) Feed() string { return d.URL(FeedPath(d.r.urls, d.Lang.Code)) }

// absURL turns a root-relative URL (base path included) into an absolute one.
func (d *Data) absURL(rel string) string {
	if strings.Contains(rel, "://") {
		return rel
	}
	b := d.r.urls.Base
	return b.Scheme + "://" + b.Host + rel
}

// ShareTitle is the title shown when the page is shared (Open Graph, Twitter
// card): a ranked record's name with its stars, the page title otherwise.
func (d *Data) ShareTitle() string {
	if p := d.Page.Product; p != nil && p.Rated() {
		return d.Name(p) + " – " + d.T("badge.short", p.Stars)
	}
	if d.Page.Kind == site.Home {
		return d.Lang.Title
	}
	return d.FullTitle()
}

// ShareDescription is the text shown under a shared link: a ranked record's
// rank and year, then the page's description.
func (d *Data) ShareDescription() string {
	desc := d.Description()
	if p := d.Page.Product; p != nil && p.Rated() && p.RatedYear > 0 {
		b := d.Badge(p)
		if desc == "" {
			return b.Label
		}
		return b.Label + ". " + desc
	}
	return desc
}

// siteImages are the site's own share pictures, in order of preference: a
// site may add assets/icons/share.png (1200×630) for chat apps, which do not
// show SVG; the favicon is the last resort.
var siteImages = []string{"icons/share.png", "icons/share.jpg", "icons/logo.png", "icons/favicon.svg"}

// ShareImage returns the absolute URL of the picture shown with a shared
// link: the record's cover or the subject's logo at 1200×630 (OGImage),
// else the site's share picture or icon.
func (d *Data) ShareImage() string {
	if u := d.OGImage(); u != "" {
		return u
	}
	for _, name := range siteImages {
		if _, ok := d.r.opts.Assets[name]; ok {
			return d.absURL(d.Asset(name))
		}
	}
	return d.absURL(d.Asset("icons/favicon.svg"))
}

// HasCover reports whether the page has its own share picture (not the site icon).
func (d *Data) HasCover() bool { return d.OGImage() != "" }

// ShareImageAlt describes the share picture.
func (d *Data) ShareImageAlt() string {
	if !d.HasCover() {
		return d.Lang.Title
	}
	if p := d.Page.Product; p != nil && len(p.Images) > 0 {
		if alt := d.Text(p.Images[0].Alt); alt != "" {
			return alt
		}
		return d.Name(p)
	}
	if s := d.Page.Subject; s != nil {
		return "Logo " + d.Name(s)
	}
	return d.Lang.Title
}

// largest returns the absolute URL of the widest published variant of a
// bundle image, or "" when it was not published.
func (d *Data) largest(rec *catalog.Record, file string) string {
	pic := d.picture(rec, file)
	if pic == nil || len(pic.Variants) == 0 {
		return ""
	}
	return d.Abs(d.r.urls.Media(rec, pic.Largest().Name))
}

// OGLocale is the Open Graph locale of a language code.
func ogLocale(code string) string {
	switch code {
	case "vi":
		return "vi_VN"
	case "en":
		return "en_US"
	}
	return code
}

// OGLocale is the page's Open Graph locale, e.g. vi_VN.
func (d *Data) OGLocale() string { return ogLocale(d.Lang.Code) }

// OGAltLocales are the Open Graph locales of the page's translations.
func (d *Data) OGAltLocales() []string {
	var out []string
	for _, a := range d.Page.Alternates {
		if a.Lang != d.Lang.Code {
			out = append(out, ogLocale(a.Lang))
		}
	}
	return out
}

// obj is a JSON-LD object; json.Marshal sorts its keys, so output is stable.
type obj map[string]any

// JSONLD returns the page's structured data, one JSON-LD block per entity:
// the entity the page is about (Product, TouristAttraction, Organization or
// LocalBusiness, WebSite on the home page), then its BreadcrumbList. Each
// block is JSON with <, > and & escaped, so it can never close its script
// element.
func (d *Data) JSONLD() ([]template.JS, error) {
	var blocks []obj
	pg := d.Page
	switch {
	case pg.Kind == site.Home:
		blocks = append(blocks, d.ldWebSite())
	case pg.Kind == site.ProductPg && pg.Product != nil:
		blocks = append(blocks, d.ldProduct(pg.Product))
	case pg.Kind == site.TourismPg && pg.Product != nil:
		blocks = append(blocks, d.ldTourism(pg.Product))
	case pg.Kind == site.SubjectPg && pg.Subject != nil:
		blocks = append(blocks, d.ldSubject(pg.Subject, true))
	}
	if len(blocks) > 0 {
		// The page's own entity is known by its canonical URL (the default
		// language's page when this one is an untranslated fallback).
		blocks[0]["url"] = d.Abs(pg.Canonical)
	}
	blocks = append(blocks, d.ldCrumbs())
	out := make([]template.JS, 0, len(blocks))
	for _, b := range blocks {
		b["@context"] = "https://schema.org"
		js, err := json.Marshal(b) // escapes <, > and & as \u003c, \u003e, \u0026
		if err != nil {
			return nil, err
		}
		out = append(out, template.JS(js))
	}
	return out, nil
}

func (d *Data) ldCrumbs() obj {
	var items []obj
	for i, c := range d.Crumbs() {
		items = append(items, obj{"@type": "ListItem", "position": i + 1, "name": c.Name, "item": d.absURL(c.URL)})
	}
	return obj{"@type": "BreadcrumbList", "itemListElement": items}
}

func (d *Data) ldWebSite() obj {
	o := obj{"@type": "WebSite", "name": d.Lang.Title, "url": d.Abs(d.r.urls.Home(d.Lang.Code)), "inLanguage": d.Lang.Code}
	if d.Lang.Description != "" {
		o["description"] = d.Lang.Description
	}
	if c := d.Site.Contact; c.Organisation != "" {
		pub := obj{"@type": "Organization", "name": c.Organisation}
		setNonEmpty(pub, "telephone", c.Phone)
		setNonEmpty(pub, "email", c.Email)
		if c.Address != "" {
			pub["address"] = obj{"@type": "PostalAddress", "streetAddress": c.Address, "addressCountry": "VN"}
		}
		o["publisher"] = pub
	}
	return o
}

func setNonEmpty(o obj, k, v string) {
	if v != "" {
		o[k] = v
	}
}

func (d *Data) recordURL(r *catalog.Record) string { return d.Abs(d.r.urls.Record(d.Lang.Code, r)) }

// images returns a record's photos for JSON-LD: the widest variant of each,
// then the 1200×630 share picture.
func (d *Data) images(p *catalog.Product) []string {
	var out []string
	for _, im := range p.Images {
		if u := d.largest(&p.Record, im.File); u != "" {
			out = append(out, u)
		}
	}
	if u := d.OGImage(); u != "" && len(out) > 0 {
		out = append(out, u)
	}
	return out
}

func (d *Data) address(street, commune, province string) obj {
	if street == "" && commune == "" && province == "" {
		return nil
	}
	a := obj{"@type": "PostalAddress", "addressCountry": "VN"}
	setNonEmpty(a, "streetAddress", street)
	setNonEmpty(a, "addressLocality", commune)
	setNonEmpty(a, "addressRegion", province)
	return a
}

func geo(g *catalog.Geo) obj {
	return obj{"@type": "GeoCoordinates", "latitude": g.Lat, "longitude": g.Lng}
}

func (d *Data) ldProduct(p *catalog.Product) obj {
	o := obj{"@type": "Product", "name": d.Name(p), "url": d.recordURL(&p.Record)}
	setNonEmpty(o, "description", d.Summary(p))
	if imgs := d.images(p); len(imgs) > 0 {
		o["image"] = imgs
	}
	if p.Category != nil {
		cat := d.Name(p.Category)
		if p.Subgroup != nil {
			cat += " > " + d.Name(p.Subgroup)
		}
		o["category"] = cat
	}
	if s := p.Subject; s != nil {
		o["brand"] = obj{"@type": "Brand", "name": d.Name(s), "url": d.recordURL(&s.Record)}
		o["manufacturer"] = d.ldSubject(s, false)
	}
	if p.Rated() && p.RatedYear > 0 {
		o["award"] = d.T("feed.award", p.Stars, p.RatedYear)
	}
	if pr := p.Price; pr != nil && pr.Amount > 0 {
		offer := obj{"@type": "Offer", "price": strconv.FormatInt(pr.Amount, 10), "priceCurrency": pr.Currency, "url": d.recordURL(&p.Record)}
		if s := p.Subject; s != nil {
			offer["seller"] = obj{"@type": subjectType(s), "name": d.Name(s)}
		}
		o["offers"] = offer
	}
	return o
}

func (d *Data) ldTourism(p *catalog.Product) obj {
	o := obj{"@type": "TouristAttraction", "name": d.Name(p), "url": d.recordURL(&p.Record)}
	setNonEmpty(o, "description", d.Summary(p))
	if imgs := d.images(p); len(imgs) > 0 {
		o["image"] = imgs
	}
	if g := p.Position(); g != nil {
		o["geo"] = geo(g)
	}
	commune := ""
	if c := d.CommuneOf(p); c != nil {
		commune = c.Name
	}
	if a := d.address("", commune, d.Site.Province); a != nil {
		o["address"] = a
	}
	if t := p.Ticket; t != nil {
		o["isAccessibleForFree"] = t.Free || t.Amount == 0
	}
	if s := p.Subject; s != nil {
		o["provider"] = obj{"@type": subjectType(s), "name": d.Name(s), "url": d.recordURL(&s.Record)}
	}
	return o
}

// subjectType is the schema.org type of a subject: a household business is a
// LocalBusiness, the others (enterprises, cooperatives, cooperative groups)
// are Organizations.
func subjectType(s *catalog.Subject) string {
	if s.Type == "household" {
		return "LocalBusiness"
	}
	return "Organization"
}

func (d *Data) ldSubject(s *catalog.Subject, full bool) obj {
	typ := subjectType(s)
	o := obj{"@type": typ, "name": d.Name(s), "url": d.recordURL(&s.Record)}
	if !full {
		return o
	}
	setNonEmpty(o, "description", d.Summary(s))
	if a := d.address(s.Address, s.Commune, s.Province); a != nil {
		o["address"] = a
	}
	setNonEmpty(o, "telephone", s.Phone)
	setNonEmpty(o, "email", s.Email)
	var same []string
	for _, u := range []string{s.Website, s.Facebook} {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			same = append(same, u)
		}
	}
	if len(same) > 0 {
		o["sameAs"] = same
	}
	if s.Logo != "" {
		if u := d.largest(&s.Record, s.Logo); u != "" {
			o["logo"] = u
		}
	}
	if s.Founded > 0 {
		o["foundingDate"] = strconv.Itoa(s.Founded)
	}
	if s.Geo != nil {
		if typ == "LocalBusiness" {
			o["geo"] = geo(s.Geo)
		} else {
			o["location"] = obj{"@type": "Place", "geo": geo(s.Geo)}
		}
	}
	// What the subject makes, as offers (Organization has no "makesProduct").
	var offers []obj
	for _, p := range s.Products {
		if !p.IsTourism {
			offers = append(offers, obj{"@type": "Offer", "itemOffered": obj{"@type": "Product", "name": d.Name(p), "url": d.recordURL(&p.Record)}})
		}
	}
	if len(offers) > 0 {
		o["makesOffer"] = offers
	}
	return o
}
