package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// Data is what a template gets: one page in one language.
type Data struct {
	Page *site.Page
	Lang *catalog.Language
	Site *catalog.Site
	Cat  *catalog.Catalog
	Def  string // the default language code
	Code string // the page's language code (a field: cheaper than a method in a template)
	r    *Renderer

	// For a fragment rendered without a page (SharedAt): the URL that
	// Current reports as the page's own, and the URLs it was asked about.
	here  string
	asked map[string]bool

	lds *ldArena // while JSONLD runs
}

// T returns a UI string, formatted with args.
func (d *Data) T(key string, args ...any) string { return d.r.strings[d.Lang.Code].T(key, args...) }

// Preview reports whether the page is rendered for the preview server.
func (d *Data) Preview() bool { return d.r.opts.Preview }

// PreviewScript is the live-reload script of the preview server.
func (d *Data) PreviewScript() template.HTML { return d.r.opts.PreviewScript }

// URL returns the root-relative URL of a site path (base path included).
func (d *Data) URL(path string) string { return d.r.urls.Rel(path) }

// Abs returns the absolute URL of a site path.
func (d *Data) Abs(path string) string { return d.r.urls.Abs(path) }

// Asset returns the URL of a published asset by its logical name.
func (d *Data) Asset(name string) string {
	if p, ok := d.r.opts.Assets[name]; ok {
		return d.r.urls.Rel(p)
	}
	return d.r.urls.Rel("assets/" + name)
}

// Inline returns an inlined asset (e.g. an SVG sprite).
func (d *Data) Inline(name string) template.HTML { return d.r.opts.Inline[name] }

// URLs exposes the URL scheme.
func (d *Data) URLs() *site.URLs { return d.r.urls }

// Home is the URL of the home page in this language.
func (d *Data) Home() string { return d.URL(d.r.urls.Home(d.Lang.Code)) }

// Listing is the URL of a listing by segment name (products, tourism, subjects, statistics, search, local …).
func (d *Data) Listing(seg string) string {
	return d.URL(d.r.urls.Listing(d.Lang.Code, site.Segment(seg)))
}

// Link returns the URL of a record's page in this language.
func (d *Data) Link(rec any) string {
	switch v := rec.(type) {
	case *catalog.Product:
		return d.URL(d.r.urls.Record(d.Lang.Code, &v.Record))
	case *catalog.Subject:
		return d.URL(d.r.urls.Record(d.Lang.Code, &v.Record))
	case *catalog.Page:
		return d.URL(d.r.urls.Record(d.Lang.Code, &v.Record))
	case *catalog.Category:
		return d.URL(d.r.urls.Category(d.Lang.Code, v))
	case *catalog.Subgroup:
		return d.URL(d.r.urls.Subgroup(d.Lang.Code, v))
	case *catalog.Commune:
		return d.URL(d.r.urls.Commune(d.Lang.Code, v))
	case int:
		return d.URL(d.r.urls.Stars(d.Lang.Code, v))
	case *catalog.YearStats:
		return d.URL(d.r.urls.StatsYear(d.Lang.Code, v.Year))
	}
	return d.URL("")
}

// Media returns the URL of a bundle file.
func (d *Data) Media(rec *catalog.Record, file string) string {
	return d.URL(d.r.urls.MediaURL(rec, file))
}

// Paged returns the URL of a pager's page path.
func (d *Data) Paged(path string) string { return d.URL(path) }

// Name returns the name of a record, category, sub-group or commune in this language.
func (d *Data) Name(v any) string {
	switch v := v.(type) {
	case *catalog.Category:
		return v.Name.In(d.Lang.Code, d.Def)
	case *catalog.Subgroup:
		return v.Name.In(d.Lang.Code, d.Def)
	case *catalog.Commune:
		return v.Name
	}
	if r := catalog.RecordOf(v); r != nil {
		return r.Name.In(d.Lang.Code, d.Def)
	}
	return ""
}

// Text returns a translatable text in this language.
func (d *Data) Text(t catalog.Text) string { return t.In(d.Lang.Code, d.Def) }

// Words returns a translatable list in this language.
func (d *Data) Words(l catalog.List) []string {
	return l.In(d.Lang.Code, d.Def)
}

// Summary returns a record's summary in this language.
func (d *Data) Summary(v any) string {
	if r := catalog.RecordOf(v); r != nil {
		return r.Summary.In(d.Lang.Code, d.Def)
	}
	return ""
}

// Body returns a record's rendered body in this language (or the default's).
func (d *Data) Body(v any) (template.HTML, error) {
	r := catalog.RecordOf(v)
	if r == nil {
		return "", nil
	}
	h, err := d.Cat.BodyHTML(d.bodyOf(r))
	if err != nil {
		return "", fmt.Errorf("the text of %s: %w", r.ID, err)
	}
	return h, nil
}

// appendBody appends Body's HTML to dst (compiled templates print it there,
// read from the memo when the build let go of it).
func (d *Data) appendBody(dst []byte, v any) ([]byte, error) {
	r := catalog.RecordOf(v)
	if r == nil {
		return dst, nil
	}
	out, err := d.Cat.AppendBody(dst, d.bodyOf(r))
	if err != nil {
		return out, fmt.Errorf("the text of %s: %w", r.ID, err)
	}
	return out, nil
}

// bodyOf returns a record's body in this language, or the default's when
// it has no file in this one.
func (d *Data) bodyOf(r *catalog.Record) catalog.Body {
	if b, ok := r.Body.Get(d.Lang.Code); ok {
		return b
	}
	return r.Body.At(d.Def)
}

// Translated reports whether a record has text in this language.
func (d *Data) Translated(v any) bool {
	r := catalog.RecordOf(v)
	return r != nil && r.HasLang(d.Lang.Code)
}

// TextLang returns the language a record's text is shown in on this page.
func (d *Data) TextLang(v any) string {
	if d.Translated(v) {
		return d.Lang.Code
	}
	return d.Def
}

// Num formats a number.
func (d *Data) Num(n int) string { return i18n.FormatNumber(d.Lang.Code, int64(n)) }

// Price formats a price or ticket.
func (d *Data) Price(p *catalog.Price) string {
	if p == nil {
		return ""
	}
	if p.Free {
		return d.T("ticket.free")
	}
	return i18n.FormatPrice(d.Lang.Code, p.Amount, p.Currency)
}

// Date formats a date.
func (d *Data) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.FormatDate(d.Lang.Code, t)
}

// ISODate formats a date as YYYY-MM-DD for datetime attributes.
func (d *Data) ISODate(t time.Time) string { return t.Format("2006-01-02") }

// Tel returns a tel: URL for a phone number as written.
func (d *Data) Tel(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}

// Zalo returns the zalo.me chat link of a number.
func (d *Data) Zalo(phone string) string {
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return "https://zalo.me/" + b.String()
}

// Menu returns the free pages of a menu ("header" or "footer").
func (d *Data) Menu(name string) []*catalog.Page { return d.r.menus[name] }

// Badge describes a record's OCOP status for the star badge.
type Badge struct {
	Stars   int
	Year    int
	Expired bool
	Tourism bool
	Label   string // the text alternative, e.g. "Đạt 4 sao OCOP (2024)"
	Short   string // visible text
}

// Badge returns the badge of a product or tourism record.
func (d *Data) Badge(p *catalog.Product) Badge {
	// A badge is the key of its rendering (Partial "badge"), kept for the
	// whole build: it holds only what the badge shows, so that records with
	// the same stars, year and state share one.
	b := Badge{Stars: p.Stars, Year: p.RatedYear, Tourism: p.IsTourism}
	switch {
	case p.Stars == 0 && p.IsTourism:
		b.Label, b.Short = d.T("badge.spot"), d.T("badge.spot_short")
	case p.Stars == 0:
		b.Label, b.Short = d.T("badge.local"), d.T("badge.local_short")
	case p.Expired(d.Cat.Today):
		b.Expired = true
		b.Label = d.T("badge.expired", p.Stars, d.Date(p.Certificate.Expires))
		b.Short = d.T("badge.expired_short", p.Stars)
	default:
		b.Label = d.T("badge.label", p.Stars)
		if p.RatedYear > 0 {
			b.Label = d.T("badge.label_year", p.Stars, p.RatedYear)
		}
		b.Short = d.T("badge.short", p.Stars)
	}
	return b
}

// SubjectType returns the name of a subject type.
func (d *Data) SubjectType(t string) string { return d.T("subject_type." + t) }

// TourKind returns the name of a tourism kind.
func (d *Data) TourKind(k string) string { return d.T("tourism_kind." + k) }

// Others returns the other records of a record's producer that its page
// lists (at most twelve), and how many there are in all.
func (d *Data) Others(p *catalog.Product) site.Others { return site.ProducerOthers(p) }

// Nearby returns the tourism records near a record.
func (d *Data) Nearby(p *catalog.Product) []*catalog.Product { return site.Nearby(d.Cat, p) }

// Distance returns the distance between two records, formatted in km.
func (d *Data) Distance(a, b *catalog.Product) string {
	pa, pb := a.Position(), b.Position()
	if pa == nil || pb == nil {
		return ""
	}
	km := catalog.Distance(pa, pb)
	s := strconv.FormatFloat(km, 'f', 1, 64)
	if d.Lang.Code == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " km"
}

// CommuneOf returns the commune a record is listed under.
func (d *Data) CommuneOf(p *catalog.Product) *catalog.Commune { return d.Cat.CommuneOf(p) }

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Name, URL string
}

// Crumbs returns the breadcrumb trail of the page, home first, the page last.
func (d *Data) Crumbs() []Crumb {
	pg := d.Page
	out := []Crumb{{d.T("nav.home"), d.Home()}}
	add := func(name, url string) { out = append(out, Crumb{name, url}) }
	switch pg.Kind {
	case site.Home:
		return out[:1]
	case site.ProductPg:
		add(d.T("nav.products"), d.Listing("products"))
		if c := pg.Product.Category; c != nil {
			add(d.Name(c), d.Link(c))
		}
	case site.TourismPg:
		add(d.T("nav.tourism"), d.Listing("tourism"))
	case site.SubjectPg:
		add(d.T("nav.subjects"), d.Listing("subjects"))
	case site.CategoryPg, site.StarsPg, site.LocalPg, site.CommunePg, site.TypePg:
		add(d.T("nav.products"), d.Listing("products"))
	case site.SubgroupPg:
		add(d.T("nav.products"), d.Listing("products"))
		add(d.Name(pg.Category), d.Link(pg.Category))
	case site.StatsPg:
		add(d.T("nav.stats"), d.Listing("statistics"))
	}
	add(d.Title(), d.URL(pg.Path))
	return out
}

// Title returns the page's title (without the site name).
func (d *Data) Title() string {
	pg := d.Page
	switch pg.Kind {
	case site.Home:
		return d.Lang.Title
	case site.ProductPg, site.TourismPg:
		return d.Name(pg.Product)
	case site.SubjectPg:
		return d.Name(pg.Subject)
	case site.FreePage:
		return d.Name(pg.Free)
	case site.ProductList:
		return d.T("title.products")
	case site.CategoryPg:
		return d.Name(pg.Category)
	case site.SubgroupPg:
		return d.Name(pg.Subgroup)
	case site.StarsPg:
		return d.T("title.stars", pg.Stars)
	case site.LocalPg:
		return d.T("title.local")
	case site.CommunePg:
		return d.T("title.commune", pg.Commune.Name)
	case site.SubjectList:
		return d.T("title.subjects")
	case site.TourismList:
		return d.T("title.tourism")
	case site.StatsIndex:
		return d.T("title.stats")
	case site.StatsPg:
		return d.T("title.stats_year", pg.Year.Year)
	case site.NotFoundPg:
		return d.T("title.404")
	case site.SearchPg:
		return d.T("title.search")
	case site.TypePg:
		return d.T("title.type." + pg.SubjectType)
	case site.QRSheet:
		return d.T("title.qr")
	case site.PrintPg:
		return d.T("title.print")
	case site.CommuneIndex:
		return d.T("title.communes")
	}
	return ""
}

// FullTitle is the <title>: the page title, then the site title, with the page number.
func (d *Data) FullTitle() string {
	t := d.Title()
	if pg := d.Page.Pager; pg != nil && pg.Number > 1 {
		t = d.T("pager.title", t, pg.Number)
	}
	if d.Page.Kind == site.Home {
		return t
	}
	return t + " – " + d.Lang.Title
}

// Description is the page's meta description.
func (d *Data) Description() string {
	pg := d.Page
	switch {
	case pg.Product != nil:
		return d.Summary(pg.Product)
	case pg.Subject != nil && d.Summary(pg.Subject) != "":
		return d.Summary(pg.Subject)
	case pg.Free != nil && d.Summary(pg.Free) != "":
		return d.Summary(pg.Free)
	case pg.Category != nil && pg.Subgroup == nil && d.Text(pg.Category.Description) != "":
		return d.Text(pg.Category.Description)
	}
	return d.Lang.Description
}

// LangName returns a language's own name.
func (d *Data) LangName(code string) string {
	if l := d.Site.Lang(code); l != nil {
		return l.Name
	}
	return code
}

// Languages returns the site's languages.
func (d *Data) Languages() []*catalog.Language { return d.Site.Languages }

// Sentences returns the natural-language summary of a year's statistics.
func (d *Data) Sentences(y *catalog.YearStats) []string {
	if y == nil {
		return nil
	}
	var stars []string
	for i := len(y.ByStars) - 1; i >= 0; i-- {
		s := y.ByStars[i]
		stars = append(stars, d.T("stats.star_part", d.count(s.Count, "word.product"), s.Stars))
	}
	place := d.Site.District
	if place == "" {
		place = d.Site.Province
	}
	out := []string{d.T("stats.lead", y.Year, d.count(y.Products, "word.ocop_product"), d.count(y.Subjects, "word.subject"), place, d.list(stars))}
	var groups []string
	for _, g := range y.ByGroup {
		groups = append(groups, d.T("stats.group_part", d.Name(g.Category), d.count(g.Products, "word.product"), d.count(g.Subjects, "word.subject"), d.types(g.SubjectTypes)))
	}
	if len(groups) > 0 {
		out = append(out, d.T("stats.groups", strings.Join(groups, "; ")))
	}
	if len(y.SubjectTypes) > 0 {
		out = append(out, d.T("stats.types", d.types(y.SubjectTypes)))
	}
	return out
}

// count returns "1 product" or "9 products": key.one or key.other with the number.
func (d *Data) count(n int, key string) string {
	if n == 1 {
		return d.T(key+".one", d.Num(n))
	}
	return d.T(key+".other", d.Num(n))
}

func (d *Data) types(tc []catalog.TypeCount) string {
	var parts []string
	for _, t := range tc {
		parts = append(parts, d.count(t.Count, "subject_type_count."+t.Type))
	}
	return d.list(parts)
}

// list joins items as "a, b and c" in this language.
func (d *Data) list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + d.T("word.and") + " " + items[len(items)-1]
}

// Percent returns n/total as a whole percentage.
func (d *Data) Percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (n*100 + total/2) / total
}

// Max returns the largest count of a set of groups, for scaling bars.
func (d *Data) MaxGroup(y *catalog.YearStats) int {
	m := 0
	for _, g := range y.ByGroup {
		m = max(m, g.Products)
	}
	return m
}

// FilterGroups lists the categories with goods, for the filter bar.
func (d *Data) FilterGroups() []*catalog.Category { return d.r.common().filterGroups }

// Groups lists the categories that have published records (goods or
// tourism), so that no link points at a listing that does not exist.
func (d *Data) Groups() []*catalog.Category { return d.r.common().groups }

// StarRanks lists the star ranks that have records.
func (d *Data) StarRanks() []int { return d.r.common().starRanks }

// Current reports whether a URL is the page's own (for aria-current).
func (d *Data) Current(url string) bool {
	if d.Page == nil { // a fragment shared by pages (SharedAt)
		if d.asked != nil {
			d.asked[url] = true
		}
		return d.here != "" && url == d.here
	}
	return d.URL(d.Page.Path) == url
}

// Years lists the rated years, newest first.
func (d *Data) Years() []*catalog.YearStats { return d.Cat.Stats.Years }

// BuildDate is today's date as used by the build (SOURCE_DATE_EPOCH or UTC date).
func (d *Data) BuildDate() string { return d.Date(d.Cat.Today) }

// CardData is what the card partial gets.
type CardData struct {
	D *Data
	P *catalog.Product
}

// Card pairs the page's data with a record for the card partial.
func (d *Data) Card(p *catalog.Product) CardData { return CardData{d, p} }

// PagerLink is one link of a pager window.
type PagerLink struct {
	Num     int
	Path    string
	Current bool
	Gap     bool
}

// PagerLinks returns a window of page links: the first, the last, and two on
// each side of the current page, with gaps between, so a pager stays small
// however long the listing grows.
func (d *Data) PagerLinks() []PagerLink {
	pg := d.Page.Pager
	if pg == nil {
		return nil
	}
	var out []PagerLink
	last := 0
	for i := 1; i <= pg.Count; i++ {
		if i != 1 && i != pg.Count && (i < pg.Number-2 || i > pg.Number+2) {
			continue
		}
		if last != 0 && i != last+1 {
			out = append(out, PagerLink{Gap: true})
		}
		out = append(out, PagerLink{Num: i, Path: pg.Pages[i-1], Current: i == pg.Number})
		last = i
	}
	return out
}
