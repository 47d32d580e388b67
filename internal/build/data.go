package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/output"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// data writes the open data (data/catalogue.json, data/products.csv),
// robots.txt and the RSS feed of each language (the sitemap: sitemap).
func (b *Builder) data(cat *catalog.Catalog, urls *site.URLs, r *render.Renderer, t Target) error {
	// The open data is encoded record by record (catalogue.json compact
	// when the build minifies), under the model's read lock (a preview
	// Update may copy edited records into the model meanwhile), and written
	// as it is made; its twins are made from the file after.
	err := output.WriteStream(t, "data/catalogue.json", func(w io.Writer) error {
		b.model.RLock()
		defer b.model.RUnlock()
		return writeCatalogueJSON(w, cat, urls, stopper(t), b.min != nil) // compact when minifying
	})
	if err != nil {
		return err
	}
	err = output.WriteStream(t, "data/products.csv", func(w io.Writer) error {
		b.model.RLock()
		defer b.model.RUnlock()
		return writeProductsCSV(w, cat, urls)
	})
	if err != nil {
		return err
	}
	b.model.RLock()
	feeds := map[string][]byte{}
	for _, l := range cat.Site.Codes() {
		feeds[l] = Feed(cat, urls, r.Strings(l), l)
	}
	b.model.RUnlock()
	if stop := stopper(t); stop != nil && stop() {
		return errStopped
	}
	for _, l := range cat.Site.Codes() {
		if err := b.write(t, render.FeedPath(urls, l), feeds[l]); err != nil {
			return err
		}
	}
	robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", urls.Abs("sitemap.xml"))
	return t.WriteFile("robots.txt", []byte(robots))
}

// sitemap writes the sitemap of the pages (an index of parts when there
// are too many for one file). Each part (a national catalogue's is ~19 MB)
// is minified into the output as a stream, its twins made from the file:
// minified into a buffer and compressed from it, it held three copies and a
// brotli encoder at once, the build's last high of memory.
func (b *Builder) sitemap(urls *site.URLs, pages []*site.Page, t Target) error {
	sm := func(name string, data []byte) error {
		return output.WriteStream(t, name, func(w io.Writer) error { return b.min.MinifyTo(w, name, data) })
	}
	return sitemaps(urls, pages, limits{sitemapMaxURLs, sitemapMaxBytes}, sm)
}

// folderRules writes, for a folder, .nojekyll and the _headers file of its
// cache rules: last, so that the rules cover every file of the folder.
func folderRules(urls *site.URLs, t Target) error {
	d, ok := t.(*output.Dir)
	if !ok {
		return nil
	}
	if err := d.WriteFile(".nojekyll", nil); err != nil {
		return err
	}
	return d.WriteFile("_headers", output.Headers(urls.BasePath, d.Files()))
}

func langURLs(cat *catalog.Catalog, urls *site.URLs, r *catalog.Record) map[string]string {
	m := map[string]string{}
	for _, l := range cat.Site.Codes() {
		m[l] = urls.Abs(urls.Record(l, r))
	}
	return m
}

func text(cat *catalog.Catalog, t catalog.Text) map[string]string {
	m := map[string]string{}
	for _, l := range cat.Site.Codes() {
		if v := t.In(l, cat.Site.DefaultLang); v != "" {
			m[l] = v
		}
	}
	return m
}

func translated(cat *catalog.Catalog, r *catalog.Record) []string {
	var out []string
	for _, l := range cat.Site.Codes() {
		if r.HasLang(l) {
			out = append(out, l)
		}
	}
	return out
}

// writeCatalogueJSON writes data/catalogue.json to w as the output contract
// describes: the object {"products", "site", "stats", "subjects", "tourism"}
// indented by one space, as encoding/json indents a map (keys sorted), or,
// compact, as encoding/json writes it without white space. The site's
// minifier is not run on it: its JSON minifier rewrote numbers (a price of
// 85000 became 85e3, which Python's json module, among others, reads as a
// floating-point number), and cost ~0.3 s of CPU at 20,000 products. It is
// written record by record, each record's map garbage once encoded: built
// whole, the document held some 100 MB at 20,000 products while the build's
// memory was at its peak; written to a stream (output.WriteStream), not even
// the compact document (31 MB) is. stop, when set, is asked every 256
// records (the preview server stops work an edit makes stale, and waits for
// this read of the model).
func writeCatalogueJSON(w io.Writer, cat *catalog.Catalog, urls *site.URLs, stop func() bool, compact bool) error {
	titles := map[string]string{}
	for _, l := range cat.Site.Languages {
		titles[l.Code] = l.Title
	}
	bw := &errWriter{w: w}
	// The layout's white space: line breaks, indents at depth 1 and 2, and
	// after a key's colon; none when compact.
	nl, in1, in2, colon := "\n", " ", "  ", ": "
	// Values at depth 1 (site, stats) and at depth 2 (the records) of the
	// document: indented, each encoder indents as the whole document's
	// would, the first line excepted (json.Indent adds no prefix there).
	var one bytes.Buffer
	enc1, enc2 := json.NewEncoder(&one), json.NewEncoder(&one)
	enc1.SetEscapeHTML(false)
	enc2.SetEscapeHTML(false)
	if compact {
		nl, in1, in2, colon = "", "", "", ":"
	} else {
		enc1.SetIndent(in1, " ")
		enc2.SetIndent(in2, " ")
	}
	value := func(depth int, v any) error {
		enc := enc1
		if depth == 2 {
			enc = enc2
		}
		one.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		bw.Write(one.Bytes()[:one.Len()-1]) // without Encode's newline
		return bw.err
	}
	key := func(k string) { bw.WriteString(in1 + `"` + k + `"` + colon) }
	list := func(k string, n int, item func(i int) map[string]any) error {
		key(k)
		if n == 0 {
			bw.WriteString("[]")
			return bw.err
		}
		bw.WriteString("[" + nl)
		for i := range n {
			if stop != nil && i%256 == 0 && stop() {
				return errStopped
			}
			if i > 0 {
				bw.WriteString("," + nl)
			}
			bw.WriteString(in2)
			if err := value(2, item(i)); err != nil {
				return err
			}
		}
		bw.WriteString(nl + in1 + "]")
		return bw.err
	}
	bw.WriteString("{" + nl)
	if err := list("products", len(cat.Products), func(i int) map[string]any { return recordDoc(cat, urls, cat.Products[i]) }); err != nil {
		return err
	}
	bw.WriteString("," + nl)
	key("site")
	siteDoc := map[string]any{"title": titles, "base_url": urls.Base.String(), "default_language": cat.Site.DefaultLang, "languages": cat.Site.Codes()}
	if err := value(1, siteDoc); err != nil {
		return err
	}
	bw.WriteString("," + nl)
	key("stats")
	if err := value(1, cat.Stats.JSON()); err != nil {
		return err
	}
	bw.WriteString("," + nl)
	if err := list("subjects", len(cat.Subjects), func(i int) map[string]any { return subjectDoc(cat, urls, cat.Subjects[i]) }); err != nil {
		return err
	}
	bw.WriteString("," + nl)
	if err := list("tourism", len(cat.Tourism), func(i int) map[string]any { return recordDoc(cat, urls, cat.Tourism[i]) }); err != nil {
		return err
	}
	bw.WriteString(nl + "}" + nl)
	return bw.err
}

// errWriter keeps the first error of its writer and writes nothing after it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) WriteString(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

// subjectDoc returns a subject's object in data/catalogue.json: maps, slices
// and strings that share nothing the model changes in place.
func subjectDoc(cat *catalog.Catalog, urls *site.URLs, s *catalog.Subject) map[string]any {
	m := map[string]any{"slug": s.Slug, "type": s.Type, "name": text(cat, s.Name), "url": langURLs(cat, urls, &s.Record),
		"address": s.Address, "province": s.Province, "translated": translated(cat, &s.Record)}
	if sum := text(cat, s.Summary); len(sum) > 0 {
		m["summary"] = sum
	}
	opt := map[string]string{"commune": s.Commune, "district": s.District, "phone": s.Phone, "email": s.Email, "website": s.Website, "facebook": s.Facebook, "zalo": s.Zalo, "representative": s.Representative}
	for k, v := range opt {
		if v != "" {
			m[k] = v
		}
	}
	if s.Geo != nil {
		m["geo"] = map[string]float64{"lat": s.Geo.Lat, "lng": s.Geo.Lng}
	}
	if s.Founded != 0 {
		m["founded"] = s.Founded
	}
	var ps []string
	for _, p := range s.Products {
		ps = append(ps, p.Slug)
	}
	m["products"] = ps
	return m
}

// recordDoc returns a product's or tourism record's object in
// data/catalogue.json.
func recordDoc(cat *catalog.Catalog, urls *site.URLs, p *catalog.Product) map[string]any {
	m := map[string]any{"slug": p.Slug, "name": text(cat, p.Name), "url": langURLs(cat, urls, &p.Record), "translated": translated(cat, &p.Record)}
	if p.IsTourism {
		m["kind"] = p.TourKind
		m["category"] = "tourism"
	} else {
		m["kind"] = "product"
		if p.Category != nil {
			m["category"] = p.Category.Key
		}
	}
	if p.Subgroup != nil {
		m["subcategory"] = p.Subgroup.Key
	}
	if p.Subject != nil {
		m["subject"] = p.Subject.Slug
	}
	if sum := text(cat, p.Summary); len(sum) > 0 {
		m["summary"] = sum
	}
	if p.Stars > 0 {
		m["stars"] = p.Stars
		m["rated_year"] = p.RatedYear
		m["expired"] = p.Expired(cat.Today)
	}
	if p.Score > 0 {
		m["score"] = p.Score
	}
	if c := p.Certificate; c != nil {
		cm := map[string]any{"number": c.Number, "issuer": c.Issuer}
		if !c.Issued.IsZero() {
			cm["issued"] = c.Issued.Format("2006-01-02")
		}
		if !c.Expires.IsZero() {
			cm["expires"] = c.Expires.Format("2006-01-02")
		}
		m["certificate"] = cm
	}
	for name, pr := range map[string]*catalog.Price{"price": p.Price, "ticket": p.Ticket} {
		if pr == nil {
			continue
		}
		pm := map[string]any{"amount": pr.Amount, "currency": pr.Currency}
		if u := text(cat, pr.Unit); len(u) > 0 {
			pm["unit"] = u
		}
		if pr.Free {
			pm["free"] = true
		}
		m[name] = pm
	}
	if cm := cat.CommuneOf(p); cm != nil {
		m["commune"] = cm.Name
	}
	if p.LegacyCommune != "" {
		m["legacy_commune"] = p.LegacyCommune
	}
	if g := p.Geo; g != nil {
		m["geo"] = map[string]float64{"lat": g.Lat, "lng": g.Lng}
	}
	var imgs []string
	for _, im := range p.Images {
		imgs = append(imgs, urls.Abs(urls.MediaURL(&p.Record, im.File)))
	}
	if imgs != nil {
		m["images"] = imgs
	}
	tags := map[string][]string{}
	for _, l := range cat.Site.Codes() {
		if w := p.Tags.At(l); len(w) > 0 {
			tags[l] = w
		}
	}
	if len(tags) > 0 {
		m["tags"] = tags
	}
	if p.Featured {
		m["featured"] = true
	}
	return m
}

// writeProductsCSV writes data/products.csv to out: one row per product and
// tourism record, written as a stream (some 8 MB at 20,000 products).
func writeProductsCSV(out io.Writer, cat *catalog.Catalog, urls *site.URLs) error {
	w := csv.NewWriter(out)
	langs := cat.Site.Codes()
	head := []string{"slug", "kind", "category", "subcategory", "subject", "stars", "score", "rated_year", "certificate_number", "certificate_expires", "price_amount", "price_currency", "commune", "lat", "lng"}
	for _, l := range langs {
		head = append(head, "name_"+l)
	}
	for _, l := range langs {
		head = append(head, "url_"+l)
	}
	w.Write(head)
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		kind, category, sub, subject := "product", "", "", ""
		if p.IsTourism {
			kind, category = p.TourKind, "tourism"
		} else if p.Category != nil {
			category = p.Category.Key
		}
		if p.Subgroup != nil {
			sub = p.Subgroup.Key
		}
		if p.Subject != nil {
			subject = p.Subject.Slug
		}
		num := func(n int) string {
			if n == 0 {
				return ""
			}
			return strconv.Itoa(n)
		}
		certNo, certExp, amount, cur, commune, lat, lng := "", "", "", "", "", "", ""
		if c := p.Certificate; c != nil {
			certNo = c.Number
			if !c.Expires.IsZero() {
				certExp = c.Expires.Format("2006-01-02")
			}
		}
		pr := p.Price
		if pr == nil {
			pr = p.Ticket
		}
		if pr != nil {
			amount, cur = strconv.FormatInt(pr.Amount, 10), pr.Currency
		}
		if cm := cat.CommuneOf(p); cm != nil {
			commune = cm.Name
		}
		if g := p.Position(); g != nil {
			lat, lng = strconv.FormatFloat(g.Lat, 'f', -1, 64), strconv.FormatFloat(g.Lng, 'f', -1, 64)
		}
		row := []string{p.Slug, kind, category, sub, subject, num(p.Stars), num(p.Score), num(p.RatedYear), certNo, certExp, amount, cur, commune, lat, lng}
		for _, l := range langs {
			row = append(row, p.Name.In(l, cat.Site.DefaultLang))
		}
		for _, l := range langs {
			row = append(row, urls.Abs(urls.Record(l, &p.Record)))
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// The sitemap protocol's limits on one file are 50,000 URLs and 50 MiB
// uncompressed (sitemaps.org); a national catalogue has more pages (68,306
// URLs at 20,000 products). Sizes are counted before escaping, so the byte
// limit keeps a mebibyte in hand.
const (
	sitemapMaxURLs  = 50_000
	sitemapMaxBytes = 49 << 20
)

// limits are the most URLs and bytes one sitemap file may hold.
type limits struct{ urls, bytes int }

// sitemaps writes the sitemap of pages: one sitemap.xml when it keeps within
// lim, else sitemap-1.xml, sitemap-2.xml… each within lim, and sitemap.xml
// as their index, which is where robots.txt points either way.
func sitemaps(urls *site.URLs, pages []*site.Page, lim limits, write func(name string, data []byte) error) error {
	var parts [][]*site.Page
	n, size, root := 0, 0, len(urls.Abs(""))
	for _, pg := range pages {
		e := sitemapEntry(urls, root, pg)
		if e == 0 {
			continue
		}
		if len(parts) == 0 || n == lim.urls || sitemapFrame+size+e+1 > lim.bytes { // +1: the line break after the last entry
			parts = append(parts, nil)
			n, size = 0, 0
		}
		parts[len(parts)-1] = append(parts[len(parts)-1], pg)
		n, size = n+1, size+e
	}
	if len(parts) <= 1 {
		return write("sitemap.xml", sitemap(urls, pages))
	}
	index := xml.Header + `<sitemapindex xmlns="` + sitemapNS + `">`
	for i, part := range parts {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := write(name, sitemap(urls, part)); err != nil {
			return err
		}
		index += "\n <sitemap>\n  <loc>" + xmlText(urls.Abs(name)) + "</loc>\n </sitemap>"
	}
	return write("sitemap.xml", []byte(index+"\n</sitemapindex>\n"))
}

// xmlText escapes s as XML character data.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// sitemap lists every translated page (fallback pages are left out: their
// canonical is the default-language page) with its alternates.
func sitemap(urls *site.URLs, pages []*site.Page) []byte {
	// Written URL by URL, as encoding/xml would indent the whole urlset
	// (each <url> at depth 1, its children at 2, empty elements closed by
	// an end tag) and escape it (xml.EscapeText), into a buffer of the
	// right size: at 20,000 products encoding/xml's reflection and the
	// growing of the buffer (fresh memory is slow to touch) cost 0.5 s.
	root := urls.Abs("")
	size, n := sitemapFrame, 0
	for _, pg := range pages {
		if e := sitemapEntry(urls, len(root), pg); e > 0 {
			size += e
			n++
		}
	}
	if n > 0 {
		size++ // the line break after the last </url>
	}
	// One byte more: the minifier's parser puts a NUL after its input,
	// and would copy an input without room for it.
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	esc := func(s string) {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c >= 0x7f || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' {
				xml.EscapeText(buf, []byte(s))
				return
			}
		}
		buf.WriteString(s) // nothing to escape: most addresses
	}
	link := func(lang, path string) {
		buf.WriteString(smLinkOpen)
		esc(lang)
		buf.WriteString(smHrefAttr)
		esc(root)
		esc(path)
		buf.WriteString(smLinkClose)
	}
	buf.WriteString(sitemapHead)
	for _, pg := range pages {
		if !sitemapListed(pg) {
			continue
		}
		buf.WriteString(smURLOpen)
		esc(root)
		esc(pg.Path)
		buf.WriteString(smLocClose)
		for _, a := range pg.Alternates {
			link(a.Lang, a.Path)
		}
		if p, ok := sitemapDefault(urls, pg); ok {
			link("x-default", p)
		}
		buf.WriteString(smURLClose)
	}
	if n > 0 {
		buf.WriteByte('\n')
	}
	buf.WriteString(sitemapTail)
	return buf.Bytes()
}

// The layout of a sitemap: its head and tail, and the pieces of an entry.
const (
	sitemapHead = xml.Header + `<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="` + xhtmlNS + `">`
	sitemapTail = "</urlset>\n"
	// sitemapFrame is the size of a sitemap without its entries.
	sitemapFrame = len(sitemapHead) + len(sitemapTail)
	smURLOpen    = "\n <url>\n  <loc>"
	smLocClose   = "</loc>"
	smLinkOpen   = "\n  <xhtml:link rel=\"alternate\" hreflang=\""
	smHrefAttr   = `" href="`
	smLinkClose  = `"></xhtml:link>`
	smURLClose   = "\n </url>"
)

// sitemapListed reports whether the sitemap lists a page.
func sitemapListed(pg *site.Page) bool {
	return pg.Translated && pg.Kind != site.NotFoundPg && pg.Kind != site.SearchPg
}

// sitemapDefault is the path of the default language's version of a page.
func sitemapDefault(urls *site.URLs, pg *site.Page) (string, bool) {
	for _, a := range pg.Alternates {
		if a.Lang == urls.Default {
			return a.Path, true
		}
	}
	return "", false
}

// sitemapEntry is the size of a page's entry in the sitemap before any
// escaping (which only unusual addresses need), 0 when it is not listed;
// root is the length of the site's absolute address.
func sitemapEntry(urls *site.URLs, root int, pg *site.Page) int {
	if !sitemapListed(pg) {
		return 0
	}
	size := len(smURLOpen) + root + len(pg.Path) + len(smLocClose) + len(smURLClose)
	for _, a := range pg.Alternates {
		size += len(smLinkOpen) + len(a.Lang) + len(smHrefAttr) + root + len(a.Path) + len(smLinkClose)
	}
	if p, ok := sitemapDefault(urls, pg); ok {
		size += len(smLinkOpen) + len("x-default") + len(smHrefAttr) + root + len(p) + len(smLinkClose)
	}
	return size
}

// The sitemap's namespaces.
const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	xhtmlNS   = "http://www.w3.org/1999/xhtml"
)
