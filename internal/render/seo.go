package render

import (
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
	return d.Abs(d.r.urls.MediaURL(rec, pic.Largest().Name))
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

// ld is a JSON-LD object: the page's entities and the objects within them.
// Its fields are in the byte order of their keys, the order json.Marshal
// gives a map's keys, and each is left out when empty, as a key that was
// never set. A struct, not a map: a fifth of the CPU and of the memory that
// maps took to build and encode (docs/performance-log.md).
type ld struct {
	Context             string   `json:"@context,omitempty"`
	Type                string   `json:"@type,omitempty"`
	Address             *ld      `json:"address,omitempty"`
	AddressCountry      string   `json:"addressCountry,omitempty"`
	AddressLocality     string   `json:"addressLocality,omitempty"`
	AddressRegion       string   `json:"addressRegion,omitempty"`
	Award               string   `json:"award,omitempty"`
	Brand               *ld      `json:"brand,omitempty"`
	Category            string   `json:"category,omitempty"`
	Description         string   `json:"description,omitempty"`
	Email               string   `json:"email,omitempty"`
	FoundingDate        string   `json:"foundingDate,omitempty"`
	Geo                 *ldGeo   `json:"geo,omitempty"`
	Image               []string `json:"image,omitempty"`
	InLanguage          string   `json:"inLanguage,omitempty"`
	IsAccessibleForFree *bool    `json:"isAccessibleForFree,omitempty"`
	Item                string   `json:"item,omitempty"`
	ItemListElement     []ldItem `json:"itemListElement,omitempty"`
	ItemOffered         *ld      `json:"itemOffered,omitempty"`
	Location            *ld      `json:"location,omitempty"`
	Logo                string   `json:"logo,omitempty"`
	MakesOffer          []ld     `json:"makesOffer,omitempty"`
	Manufacturer        *ld      `json:"manufacturer,omitempty"`
	Name                string   `json:"name,omitempty"`
	Offers              *ld      `json:"offers,omitempty"`
	Position            int      `json:"position,omitempty"`
	Price               string   `json:"price,omitempty"`
	PriceCurrency       string   `json:"priceCurrency,omitempty"`
	Provider            *ld      `json:"provider,omitempty"`
	Publisher           *ld      `json:"publisher,omitempty"`
	SameAs              []string `json:"sameAs,omitempty"`
	Seller              *ld      `json:"seller,omitempty"`
	StreetAddress       string   `json:"streetAddress,omitempty"`
	Telephone           string   `json:"telephone,omitempty"`
	URL                 string   `json:"url,omitempty"`
}

// ldItem is a ListItem of a BreadcrumbList: on every page, so not an ld,
// which is ten times its size.
type ldItem struct {
	Type     string `json:"@type"`
	Item     string `json:"item"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

// ldGeo is a GeoCoordinates object (no field left out: 0 is a coordinate).
type ldGeo struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// JSONLD returns the page's structured data, one JSON-LD block per entity:
// the entity the page is about (Product, TouristAttraction, Organization or
// LocalBusiness, WebSite on the home page), then its BreadcrumbList. Each
// block is JSON with <, > and & escaped, so it can never close its script
// element.
func (d *Data) JSONLD() []template.JS {
	a, _ := d.r.lds.Get().(*ldArena)
	if a == nil {
		a = new(ldArena)
	}
	d.lds = a
	defer func() {
		d.lds = nil
		a.reset()
		d.r.lds.Put(a)
	}()
	blocks := d.ldBlocks()
	// One buffer for every block (a product's are some 1.5 KB), one string
	// of it, each block a piece of that string.
	buf := a.buf[:0]
	ends := make([]int, len(blocks))
	for i, b := range blocks {
		buf = b.appendJSON(buf)
		ends[i] = len(buf)
	}
	a.buf = buf
	all := string(buf)
	out := make([]template.JS, len(blocks))
	start := 0
	for i, end := range ends {
		out[i] = template.JS(all[start:end])
		start = end
	}
	return out
}

// ldArena holds the objects of one page's JSON-LD and the buffer it is
// written into, and is reused page after page (Renderer.lds): made anew for
// each page, they were a tenth of a national catalogue's allocations. Nothing
// of it outlives JSONLD, which returns a string made of the buffer.
type ldArena struct {
	objs  []ld // objects handed out, then spare room
	items []ldItem
	buf   []byte
}

// list returns n zero objects. When the room is short a larger array is
// made: the objects handed out before stay where they are.
func (a *ldArena) list(n int) []ld { return carve(&a.objs, n, 16) }

// itemList returns n zero list items, as list does.
func (a *ldArena) itemList(n int) []ldItem { return carve(&a.items, n, 8) }

// carve returns n zero elements from the spare room of *room, first
// replacing it by an array of at least least elements (twice the old one)
// when it has too little.
func carve[T any](room *[]T, n, least int) []T {
	if len(*room)+n > cap(*room) {
		*room = make([]T, 0, max(2*cap(*room), n, least))
	}
	i := len(*room)
	*room = (*room)[:i+n]
	return (*room)[i : i+n : i+n]
}

// reset lets go of what the objects refer to and makes their room spare.
func (a *ldArena) reset() {
	clear(a.objs)
	clear(a.items)
	a.objs, a.items, a.buf = a.objs[:0], a.items[:0], a.buf[:0]
}

// arena returns the page's JSON-LD arena: the pooled one while JSONLD runs,
// else (ldBlocks called on its own) one of the page's own.
func (d *Data) arena() *ldArena {
	if d.lds == nil {
		d.lds = new(ldArena)
	}
	return d.lds
}

// newLD returns a copy of o in the page's arena.
func (d *Data) newLD(o ld) *ld {
	p := &d.arena().list(1)[0]
	*p = o
	return p
}

// ldBlocks returns the page's JSON-LD entities (JSONLD).
func (d *Data) ldBlocks() []*ld {
	var blocks []*ld
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
		blocks[0].URL = d.Abs(pg.Canonical)
	}
	blocks = append(blocks, d.ldCrumbs())
	for _, b := range blocks {
		b.Context = "https://schema.org"
	}
	return blocks
}

func (d *Data) ldCrumbs() *ld {
	crumbs := d.Crumbs()
	items := d.arena().itemList(len(crumbs))
	for i, c := range crumbs {
		items[i] = ldItem{Type: "ListItem", Position: i + 1, Name: c.Name, Item: d.absURL(c.URL)}
	}
	return d.newLD(ld{Type: "BreadcrumbList", ItemListElement: items})
}

func (d *Data) ldWebSite() *ld {
	o := d.newLD(ld{Type: "WebSite", Name: d.Lang.Title, URL: d.Abs(d.r.urls.Home(d.Lang.Code)), InLanguage: d.Lang.Code, Description: d.Lang.Description})
	if c := d.Site.Contact; c.Organisation != "" {
		o.Publisher = d.newLD(ld{Type: "Organization", Name: c.Organisation, Telephone: c.Phone, Email: c.Email})
		if c.Address != "" {
			o.Publisher.Address = d.newLD(ld{Type: "PostalAddress", StreetAddress: c.Address, AddressCountry: "VN"})
		}
	}
	return o
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

func (d *Data) address(street, commune, province string) *ld {
	if street == "" && commune == "" && province == "" {
		return nil
	}
	return d.newLD(ld{Type: "PostalAddress", AddressCountry: "VN", StreetAddress: street, AddressLocality: commune, AddressRegion: province})
}

func geo(g *catalog.Geo) *ldGeo {
	return &ldGeo{Type: "GeoCoordinates", Latitude: g.Lat, Longitude: g.Lng}
}

func (d *Data) ldProduct(p *catalog.Product) *ld {
	o := d.newLD(ld{Type: "Product", Name: d.Name(p), URL: d.recordURL(&p.Record), Description: d.Summary(p), Image: d.images(p)})
	if p.Category != nil {
		cat := d.Name(p.Category)
		if p.Subgroup != nil {
			cat += " > " + d.Name(p.Subgroup)
		}
		o.Category = cat
	}
	if s := p.Subject; s != nil {
		o.Brand = d.newLD(ld{Type: "Brand", Name: d.Name(s), URL: d.recordURL(&s.Record)})
		o.Manufacturer = d.ldSubject(s, false)
	}
	if p.Rated() && p.RatedYear > 0 {
		o.Award = d.T("feed.award", p.Stars, p.RatedYear)
	}
	if pr := p.Price; pr != nil && pr.Amount > 0 {
		o.Offers = d.newLD(ld{Type: "Offer", Price: strconv.FormatInt(pr.Amount, 10), PriceCurrency: pr.Currency, URL: d.recordURL(&p.Record)})
		if s := p.Subject; s != nil {
			o.Offers.Seller = d.newLD(ld{Type: subjectType(s), Name: d.Name(s)})
		}
	}
	return o
}

func (d *Data) ldTourism(p *catalog.Product) *ld {
	o := d.newLD(ld{Type: "TouristAttraction", Name: d.Name(p), URL: d.recordURL(&p.Record), Description: d.Summary(p), Image: d.images(p)})
	if g := p.Position(); g != nil {
		o.Geo = geo(g)
	}
	commune := ""
	if c := d.CommuneOf(p); c != nil {
		commune = c.Name
	}
	o.Address = d.address("", commune, d.Site.Province)
	if t := p.Ticket; t != nil {
		free := t.Free || t.Amount == 0
		o.IsAccessibleForFree = &free
	}
	if s := p.Subject; s != nil {
		o.Provider = d.newLD(ld{Type: subjectType(s), Name: d.Name(s), URL: d.recordURL(&s.Record)})
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

func (d *Data) ldSubject(s *catalog.Subject, full bool) *ld {
	typ := subjectType(s)
	o := d.newLD(ld{Type: typ, Name: d.Name(s), URL: d.recordURL(&s.Record)})
	if !full {
		return o
	}
	o.Description = d.Summary(s)
	o.Address = d.address(s.Address, s.Commune, s.Province)
	o.Telephone = s.Phone
	o.Email = s.Email
	for _, u := range []string{s.Website, s.Facebook} {
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			o.SameAs = append(o.SameAs, u)
		}
	}
	if s.Logo != "" {
		o.Logo = d.largest(&s.Record, s.Logo)
	}
	if s.Founded > 0 {
		o.FoundingDate = strconv.Itoa(s.Founded)
	}
	if s.Geo != nil {
		if typ == "LocalBusiness" {
			o.Geo = geo(s.Geo)
		} else {
			o.Location = d.newLD(ld{Type: "Place", Geo: geo(s.Geo)})
		}
	}
	// What the subject makes, as offers (Organization has no "makesProduct"):
	// those the page lists, when a large producer's list is on pages, so
	// that its first page does not grow with its range.
	items := s.Products
	if pg := d.Page; pg != nil && pg.Pager != nil && pg.Subject == s {
		items = pg.Items
	}
	n := 0
	for _, p := range items {
		if !p.IsTourism {
			n++
		}
	}
	if n > 0 {
		o.MakesOffer = d.arena().list(n)[:0]
	}
	for _, p := range items {
		if !p.IsTourism {
			o.MakesOffer = append(o.MakesOffer, ld{Type: "Offer", ItemOffered: d.newLD(ld{Type: "Product", Name: d.Name(p), URL: d.recordURL(&p.Record)})})
		}
	}
	return o
}
