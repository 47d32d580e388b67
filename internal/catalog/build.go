package catalog

import (
	"bytes"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/markdown"
	"github.com/khanhson-ocop/ocop/internal/memo"
)

// Options control how a Catalog is built.
type Options struct {
	Drafts  bool      // publish drafts
	Today   time.Time // "today" for certificate expiry; zero means time.Now in UTC
	BaseURL string    // overrides site.yaml's base_url when set
	// Markdown converts bodies; nil means markdown.New().
	Markdown *markdown.Converter
	// BodyCache, when set, keeps converted bodies between builds (the preview
	// server and incremental builds); keys are content hashes.
	BodyCache *BodyCache
	// DecodeCache, when set, keeps decoded records between builds of the
	// same site folder (the preview server).
	DecodeCache *DecodeCache
	// Memo, when set, keeps converted bodies between runs of ocop: a body
	// converted before (and not in BodyCache) is read from it.
	Memo *memo.Table
	// SpillBodies, with Memo, keeps where each body lies in the memo's new
	// file, so that a one-off build can let go of the HTML once the memo is
	// written (Catalog.ReadBodies, DropBodies) and read it when it renders
	// the record's page.
	SpillBodies bool
}

// Catalog is the whole validated model of a site.
type Catalog struct {
	Site       *Site
	Categories []*Category
	Subjects   []*Subject // published, sorted by default-language name
	Products   []*Product // published goods, sorted by default-language name
	Tourism    []*Product // published tourism records, sorted likewise
	Pages      []*Page    // published free pages, by weight then name
	Communes   []*Commune // communes that have products or tourism, sorted by name
	Stats      *Stats
	Today      time.Time
	SiteHash   content.Hash

	category   map[string]*Category
	subject    map[string]*Subject
	orderLangs []string              // the languages of Record.ord, in its order
	geo        *geoIndex             // tourism records by latitude (nearby.go)
	communeOf  map[*Product]*Commune // the commune each listed record is in (CommuneOf)
	bodies     *memo.Values          // where bodies left in the memo are read (ReadBodies)
	nearMu     sync.Mutex
	near       map[nearKey][]*Product // NearTourism's answers
}

// Day returns the date of a build on day t (midnight UTC); today's when t is
// zero.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now().UTC()
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Category returns the category with key k, or nil.
func (c *Catalog) Category(k string) *Category { return c.category[k] }

// Subject returns the subject with slug s, or nil.
func (c *Catalog) Subject(s string) *Subject { return c.subject[s] }

// Records lists every published record: products, tourism records,
// subjects, then free pages.
func (c *Catalog) Records() []*Record {
	recs := make([]*Record, 0, len(c.Products)+len(c.Tourism)+len(c.Subjects)+len(c.Pages))
	for _, p := range c.Products {
		recs = append(recs, &p.Record)
	}
	for _, p := range c.Tourism {
		recs = append(recs, &p.Record)
	}
	for _, s := range c.Subjects {
		recs = append(recs, &s.Record)
	}
	for _, p := range c.Pages {
		recs = append(recs, &p.Record)
	}
	return recs
}

// Sorted returns records ordered for listings in lang: weight first (records
// without weight after those with one), then name in the language's collation, then slug.
func Sorted[T interface{ rec() *Record }](c *Catalog, lang string, items []T) []T {
	out := slices.Clone(items)
	li := slices.Index(c.orderLangs, lang)
	slices.SortStableFunc(out, func(a, b T) int {
		ra, rb := a.rec(), b.rec()
		wa, wb := ra.Weight, rb.Weight
		if wa != wb {
			if wa == 0 {
				return 1
			}
			if wb == 0 {
				return -1
			}
			return wa - wb
		}
		return ra.rank(li) - rb.rank(li)
	})
	return out
}

// Ranks returns the record's position in the name order of each of the
// catalogue's languages, in the site's order (shared: do not modify).
func (r *Record) Ranks() []int { return r.ord }

// rank is the record's position in the name order of the language at index
// li of the catalogue's languages (0 for a record outside the catalogue).
func (r *Record) rank(li int) int {
	if li >= 0 && li < len(r.ord) {
		return r.ord[li]
	}
	return 0
}

func (r *Record) rec() *Record { return r }

// Facts that may not appear in translation files, per kind.
var (
	productFacts  = []string{"subject", "category", "subcategory", "stars", "score", "rated_year", "certificate", "price", "images", "commune", "legacy_commune", "district", "where_to_buy", "featured", "draft", "weight"}
	tourismFacts  = append(slices.Clone(productFacts), "kind", "geo", "ticket")
	subjectFacts  = []string{"type", "representative", "address", "commune", "district", "province", "phone", "email", "website", "facebook", "zalo", "geo", "logo", "founded", "draft", "weight"}
	pageFacts     = []string{"menu", "weight", "draft"}
	productTrans  = []string{"name", "summary", "slug", "tags", "price", "images"}
	tourismTrans  = append(slices.Clone(productTrans), "opening_hours", "ticket", "activities", "best_season", "how_to_get_there")
	subjectTrans  = []string{"name", "summary", "slug"}
	pageTrans     = []string{"name", "summary", "slug"}
	productFields = append(slices.Clone(productFacts), "name", "summary", "tags", "slug")
	tourismFields = append(slices.Clone(tourismFacts), "name", "summary", "tags", "slug", "opening_hours", "activities", "best_season", "how_to_get_there")
	subjectFields = append(slices.Clone(subjectFacts), "name", "summary", "slug")
	pageFields    = append(slices.Clone(pageFacts), "name", "summary", "slug")
)

// SubjectTypes are the allowed subject types.
var SubjectTypes = []string{"cooperative", "cooperative-group", "enterprise", "household"}

// TourismKinds are the allowed tourism kinds.
var TourismKinds = []string{"eco-tourism", "community-tourism", "tourist-spot", "homestay", "experience"}

func set(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

type builder struct {
	opts  Options
	d     *diag.List
	c     *Catalog
	md    *markdown.Converter
	langs []string
	def   string
	refs  *refs
	// siteFailed and catFailed are set when site.yaml or categories.yaml could
	// not be read (already reported): checks that depend on them stay quiet.
	siteFailed, catFailed bool
	// subjectNames is made when a record first names an unknown subject
	// (subjectsNamed); links are resolved one record at a time.
	subjectNames nameIndex
	subjectHints map[string]string // by unknown subject (subjectHint)
}

// Build turns a Source into a Catalog, adding a diagnostic for every broken
// rule. The returned Catalog is usable only when d has no errors.
func Build(src *content.Source, opts Options, d *diag.List) *Catalog {
	each := func(fn func(i int, bu *content.Bundle)) {
		var wg sync.WaitGroup
		next := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := range next {
					fn(i, src.Bundles[i])
				}
			})
		}
		for i := range src.Bundles {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	return build(src, len(src.Bundles), each, opts, d)
}

// BuildScan is Build for a site folder being read: each bundle is decoded as
// soon as it is read and then dropped, so the parsed files of the whole site
// are never in memory at once (a national catalogue's are several hundred
// MB). The result is the Catalog Build makes of the same folder.
func BuildScan(s *content.Scan, opts Options, d *diag.List) *Catalog {
	return build(s.Source, s.Len(), s.Each, opts, d)
}

// build decodes the n bundles that each hands over (from several goroutines
// at once, with their index), then links them.
func build(src *content.Source, n int, each func(func(i int, bu *content.Bundle)), opts Options, d *diag.List) *Catalog {
	b := &builder{opts: opts, d: d, md: opts.Markdown, c: &Catalog{category: map[string]*Category{}, subject: map[string]*Subject{}, SiteHash: src.SiteHash}}
	b.siteFailed = src.Site == nil || src.Site.Failed
	b.catFailed = src.Categories == nil || src.Categories.Failed
	if b.md == nil {
		b.md = markdown.New()
	}
	b.refs = &refs{m: map[*Product]pendingRefs{}}
	if opts.SpillBodies {
		opts.Memo.Keep() // the bodies must stay readable whatever Close does
	}
	b.c.Today = Day(opts.Today)
	b.site(src.Site)
	b.categories(src.Categories)

	// Decode bundles in parallel; link them afterwards.
	type decoded struct {
		subject *Subject
		product *Product
		page    *Page
		entry   *decodedBundle
		bundle  *content.Bundle
	}
	out := make([]decoded, n)
	opts.DecodeCache.begin(decodeEnv(src, opts, b.c.Today.Format("2006-01-02")))
	each(func(i int, bu *content.Bundle) {
		out[i].subject, out[i].product, out[i].page, out[i].entry = b.decodeCached(bu)
		if opts.DecodeCache != nil {
			// Kept for the cache only: a bundle holds its files' bytes and
			// YAML trees, some 10 KB a record, which a one-off build (no
			// cache) must let go as soon as the record is decoded.
			out[i].bundle = bu
		}
	})
	if dc := opts.DecodeCache; dc != nil {
		for _, o := range out {
			dc.keep(o.bundle, o.entry)
		}
		dc.end()
	}

	var subjects []*Subject
	var products []*Product
	for _, o := range out {
		switch {
		case o.subject != nil:
			b.c.subject[o.subject.Slug] = o.subject
			subjects = append(subjects, o.subject)
		case o.product != nil:
			products = append(products, o.product)
		case o.page != nil:
			if !o.page.Draft || opts.Drafts {
				b.c.Pages = append(b.c.Pages, o.page)
			}
		}
	}
	for _, p := range products {
		b.link(p)
		if p.Draft && !opts.Drafts {
			continue
		}
		if p.IsTourism {
			b.c.Tourism = append(b.c.Tourism, p)
		} else {
			b.c.Products = append(b.c.Products, p)
		}
	}
	for _, s := range subjects {
		if !s.Draft || opts.Drafts {
			b.c.Subjects = append(b.c.Subjects, s)
		}
	}
	b.order()
	b.c.Pages = Sorted(b.c, b.def, b.c.Pages)
	for _, p := range slices.Concat(b.c.Products, b.c.Tourism) {
		if p.Subject != nil && (!p.Subject.Draft || opts.Drafts) {
			p.Subject.Products = append(p.Subject.Products, p)
		}
	}
	for _, s := range b.c.Subjects {
		s.Products = Sorted(b.c, b.def, s.Products)
	}
	b.communes()
	b.urlClashes()
	b.c.Stats = computeStats(b.c)
	b.c.geo = newGeoIndex(b.c.Tourism)
	b.c.communeOf = map[*Product]*Commune{}
	for _, cm := range b.c.Communes {
		for _, p := range cm.Products {
			b.c.communeOf[p] = cm
		}
	}
	return b.c
}

// decode reads one bundle. An unexpected failure becomes an error about the
// bundle rather than ending the program.
func (b *builder) decode(bu *content.Bundle) (s *Subject, p *Product, pg *Page) {
	defer func() {
		if r := recover(); r != nil {
			b.d.Errorf(diag.Pos{File: bu.Dir}, "", "please report this to the site's maintainers with the folder attached",
				"this record could not be checked because of an internal error: %v", r)
			s, p, pg = nil, nil, nil
		}
	}()
	switch bu.Kind {
	case content.Subjects:
		s = b.subject(bu)
	case content.Products, content.Tourism:
		p = b.product(bu)
	case content.Pages:
		pg = b.page(bu)
	}
	return s, p, pg
}

// rank returns the position of each record in lang's name order (ties by ID).
func (b *builder) rank(lang string, recs []*Record, names []string) []int {
	col := i18n.NewCollator(lang)
	keys := b.opts.DecodeCache.sortKeys(lang, names, col.Key)
	idx := make([]int, len(recs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int {
		if c := bytes.Compare(keys[x], keys[y]); c != 0 {
			return c
		}
		return strings.Compare(recs[x].ID, recs[y].ID)
	})
	pos := make([]int, len(recs))
	for p, i := range idx {
		pos[i] = p
	}
	return pos
}

// order computes every record's position in each language's name order,
// the languages on their own cores.
func (b *builder) order() {
	var recs []*Record
	for _, s := range b.c.Subjects {
		recs = append(recs, &s.Record)
	}
	for _, p := range slices.Concat(b.c.Products, b.c.Tourism) {
		recs = append(recs, &p.Record)
	}
	for _, p := range b.c.Pages {
		recs = append(recs, &p.Record)
	}
	b.c.orderLangs = slices.Clone(b.langs)
	for _, r := range recs {
		r.ord = make([]int, len(b.langs))
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	var wg sync.WaitGroup
	for li, lang := range b.langs {
		wg.Go(func() {
			names := make([]string, len(recs))
			for i, r := range recs {
				names[i] = r.Name.In(lang, b.def)
			}
			pos := b.opts.DecodeCache.ranks(lang, ids, names, func() []int {
				return b.rank(lang, recs, names)
			})
			for i, r := range recs {
				r.ord[li] = pos[i]
			}
		})
	}
	wg.Wait()
	b.c.Subjects = Sorted(b.c, b.def, b.c.Subjects)
	b.c.Products = Sorted(b.c, b.def, b.c.Products)
	b.c.Tourism = Sorted(b.c, b.def, b.c.Tourism)
}

func (b *builder) site(doc *content.Doc) {
	s := &Site{DefaultLang: "vi", PageSize: 24}
	b.c.Site = s
	b.def = "vi"
	if doc == nil || doc.Root == nil {
		if doc != nil && !doc.Failed {
			b.d.Errorf(diag.Pos{File: doc.Path, Line: 1}, "", "see docs/content.md for the fields of site.yaml", "site.yaml has no settings")
		}
		s.BaseURL, _ = url.Parse("/")
		s.Languages = []*Language{{Code: "vi", Name: "Tiếng Việt"}}
		b.langs = []string{"vi"}
		return
	}
	f := newFields(doc.Path, "", doc.Root, b.d)
	base := f.required("base_url", diag.Error, "the address where the site will be published, e.g. https://example.org/ocop/")
	if b.opts.BaseURL != "" {
		base = b.opts.BaseURL
	}
	u, err := url.Parse(base)
	if base != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		if b.opts.BaseURL != "" {
			b.d.Errorf(diag.Pos{File: "--base-url"}, "base_url", "write a full address such as https://example.org/ocop/", "--base-url %q is not a full http(s) address", base)
		} else {
			f.errorf("base_url", "write a full address such as https://example.org/ocop/", "base_url %q is not a full http(s) address", base)
		}
		u, _ = url.Parse("/")
	}
	if u == nil {
		u, _ = url.Parse("/")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	s.BaseURL = u
	if dl := f.str("default_language"); dl != "" {
		s.DefaultLang = dl
	}
	b.def = s.DefaultLang
	if v := f.get("languages"); v != nil {
		if v.Kind != yaml.SequenceNode {
			f.errorf("languages", "write a list of languages, each with code, name and title", "languages must be a list")
		} else {
			for _, item := range v.Content {
				lf := newFields(doc.Path, "languages.", item, b.d)
				l := &Language{Code: lf.required("code", diag.Error, "a two-letter code such as vi or en"), Name: lf.str("name"),
					Title: lf.required("title", diag.Error, "the site's title in this language"), Description: lf.str("description")}
				lf.unknown([]string{"code", "name", "title", "description"}, nil, false, "")
				if l.Code == "" {
					continue
				}
				if l.Code != strings.ToLower(l.Code) || len(l.Code) < 2 || len(l.Code) > 8 || !i18n.ValidSlug(l.Code) {
					lf.errorf("code", "use a lowercase language code such as vi or en", "language code %q is not valid", l.Code)
					continue
				}
				if s.Lang(l.Code) != nil {
					lf.errorf("code", "list each language once", "language %q is listed twice", l.Code)
					continue
				}
				if l.Name == "" {
					l.Name = l.Code
				}
				s.Languages = append(s.Languages, l)
			}
		}
	}
	if s.Lang(s.DefaultLang) == nil {
		if len(s.Languages) > 0 || f.has("languages") {
			f.errorf("default_language", "add it to languages or choose one of them", "default_language %q is not among languages", s.DefaultLang)
		}
		s.Languages = append([]*Language{{Code: s.DefaultLang, Name: s.DefaultLang}}, s.Languages...)
	}
	// Default language first, the rest in the order written.
	slices.SortStableFunc(s.Languages, func(x, y *Language) int {
		if x.Code == s.DefaultLang {
			return -1
		}
		if y.Code == s.DefaultLang {
			return 1
		}
		return 0
	})
	b.langs = s.Codes()
	if r := f.sub("region"); r != nil {
		s.Province, s.District = r.str("province"), r.str("district")
		r.unknown([]string{"province", "district", "commune"}, nil, false, "")
	}
	if c := f.sub("contact"); c != nil {
		s.Contact = Contact{Organisation: c.str("organisation"), Phone: c.str("phone"), Email: c.str("email"), Address: c.str("address")}
		c.unknown([]string{"organisation", "phone", "email", "address"}, nil, false, "")
	}
	if n, ok := f.integer("page_size", "24"); ok {
		if n < 1 || n > 500 {
			f.errorf("page_size", "choose a number from 1 to 500, e.g. 24", "page_size must be between 1 and 500 (got %d)", n)
		} else {
			s.PageSize = int(n)
		}
	}
	f.unknown([]string{"base_url", "default_language", "languages", "region", "contact", "page_size", "title"}, nil, false, "")
}

func (b *builder) text(f *fields, name string) Text {
	var t Text
	for _, l := range b.langs {
		if f == nil {
			continue
		}
		t.Set(l, f.str(l))
	}
	_ = name
	return t
}

func (b *builder) categories(doc *content.Doc) {
	if doc == nil || doc.Failed {
		return
	}
	if doc.Root == nil {
		b.d.Errorf(diag.Pos{File: doc.Path, Line: 1}, "", "list the product groups; see docs/content.md", "categories.yaml is empty")
		return
	}
	root := doc.Root
	if root.Kind != yaml.SequenceNode {
		// content.Load only accepts mappings for front matter; categories is a list.
		b.d.Errorf(diag.Pos{File: doc.Path, Line: root.Line}, "", "write a list: each group starts with `- key: …`", "categories.yaml must be a list of groups")
		return
	}
	for _, item := range root.Content {
		f := newFields(doc.Path, "", item, b.d)
		if item.Kind != yaml.MappingNode {
			b.d.Errorf(f.pos(item), "", "each group starts with `- key: …`", "each item of categories.yaml must be a group of fields")
			continue
		}
		c := &Category{Key: f.required("key", diag.Error, "a short stable name such as food")}
		if g, ok := f.integer("group", "2"); ok {
			c.Group = int(g)
		}
		c.Name = b.text(f.sub("name"), "name")
		if c.Name.At(b.def) == "" {
			f.errorf("name", fmt.Sprintf("write name: {%s: …}", b.def), "category %q has no name in %s", c.Key, b.def)
		}
		c.Description = b.text(f.sub("description"), "description")
		c.Icon = f.str("icon")
		if v := f.get("subgroups"); v != nil && v.Kind == yaml.SequenceNode {
			for _, si := range v.Content {
				sf := newFields(doc.Path, "subgroups.", si, b.d)
				sg := &Subgroup{Key: sf.required("key", diag.Error, "a short stable name"), Category: c}
				sg.Name = b.text(sf.sub("name"), "name")
				if sg.Name.At(b.def) == "" {
					sg.Name.Set(b.def, sg.Key)
				}
				sf.unknown([]string{"key", "name", "description"}, nil, false, "")
				if sg.Key != "" && !i18n.ValidSlug(sg.Key) {
					sf.errorf("key", fmt.Sprintf("use %q", i18n.Slugify(sg.Key)), "sub-group key %q must be lowercase letters, digits and hyphens", sg.Key)
				}
				c.Subgroups = append(c.Subgroups, sg)
			}
		}
		f.unknown([]string{"key", "group", "name", "description", "subgroups", "icon"}, nil, false, "")
		if c.Key == "" {
			continue
		}
		if !i18n.ValidSlug(c.Key) {
			f.errorf("key", fmt.Sprintf("use %q", i18n.Slugify(c.Key)), "category key %q must be lowercase letters, digits and hyphens", c.Key)
			continue
		}
		if b.c.category[c.Key] != nil {
			f.errorf("key", "each key once", "category %q is listed twice", c.Key)
			continue
		}
		b.c.category[c.Key] = c
		b.c.Categories = append(b.c.Categories, c)
	}
	slices.SortStableFunc(b.c.Categories, func(x, y *Category) int { return x.Group - y.Group })
}

// record reads what every bundle has and the translation files.
func (b *builder) record(bu *content.Bundle, facts, trans, all []string) (*Record, *fields, map[string]*fields) {
	r := &Record{ID: bu.ID(), Kind: bu.Kind, Slug: bu.Slug, Dir: bu.Dir, Resources: bu.Resources, Hash: bu.Hash}
	def := bu.Files[b.def]
	if def == nil {
		def = bu.Files[""]
	}
	if def == nil {
		for lang, f := range bu.Files {
			b.d.Errorf(diag.Pos{File: f.Path, Line: 1}, "", fmt.Sprintf("add index.%s.md with the record's facts, or delete this file", b.def),
				"translation file has no record: %s/index.%s.md is missing", bu.Dir, b.def)
			_ = lang
		}
		if len(bu.Files) == 0 {
			b.d.Errorf(diag.Pos{File: bu.Dir}, "", fmt.Sprintf("add index.%s.md, or delete the folder", b.def), "folder has no index.%s.md", b.def)
		}
		return nil, nil, nil
	}
	if _, both := bu.Files[""]; both && bu.Files[b.def] != nil {
		b.d.Errorf(diag.Pos{File: bu.Files[""].Path, Line: 1}, "", "keep only index."+b.def+".md", "both index.md and index.%s.md exist", b.def)
	}
	r.Files.Set(b.def, def.Path)
	r.Translated.Set(b.def, true)
	f := newFields(def.Path, "", def.Root, b.d)
	f.quiet = def.Failed
	tf := map[string]*fields{}
	for lang, file := range bu.Files {
		if lang == "" || lang == b.def {
			continue
		}
		if !slices.Contains(b.langs, lang) {
			if b.siteFailed {
				continue
			}
			b.d.Errorf(diag.Pos{File: file.Path, Line: 1}, "", "rename it to one of: index."+strings.Join(b.langs, ".md, index.")+".md",
				"language %q is not one of the site's languages", lang)
			continue
		}
		r.Files.Set(lang, file.Path)
		r.Translated.Set(lang, true)
		tf[lang] = newFields(file.Path, "", file.Root, b.d)
		tf[lang].quiet = file.Failed
		tf[lang].unknown(trans, set(facts), true, def.Path)
	}
	f.unknown(all, nil, false, "")
	r.Draft = f.boolean("draft")
	sev := diag.Error
	if r.Draft {
		sev = diag.Warning
	}
	r.Name.Set(b.def, f.required("name", sev, "the name shown as the page title"))
	if k := f.keys["name"]; k != nil {
		r.Line = k.Line
	}
	r.Summary.Set(b.def, f.str("summary"))
	if w, ok := f.integer("weight", "10"); ok {
		r.Weight = int(w)
	}
	r.URLSlug.Set(b.def, bu.Slug)
	if s := f.str("slug"); s != "" {
		if !i18n.ValidSlug(s) {
			f.errorf("slug", fmt.Sprintf("use %q", i18n.Slugify(s)), "slug %q must be lowercase letters, digits and hyphens", s)
		} else {
			r.URLSlug.Set(b.def, s)
			r.slugPos.Set(b.def, f.pos(f.keys["slug"]))
		}
	}
	for lang, t := range tf {
		r.Name.Set(lang, t.str("name"))
		if r.Name.At(lang) == "" {
			r.Name.Set(lang, r.Name.At(b.def))
			r.missing(lang, "name")
			if t.keys["name"] == nil && !t.quiet {
				b.d.Warnf(t.pos(nil), "name", "add name: with the translated name", "translation has no name; the %s name is shown", b.def)
			}
		}
		r.Summary.Set(lang, t.str("summary"))
		r.URLSlug.Set(lang, r.URLSlug.At(b.def))
		if p, ok := r.slugPos.Get(b.def); ok {
			r.slugPos.Set(lang, p)
		}
		if s := t.str("slug"); s != "" {
			if !i18n.ValidSlug(s) {
				t.errorf("slug", fmt.Sprintf("use %q", i18n.Slugify(s)), "slug %q must be lowercase letters, digits and hyphens", s)
			} else {
				r.URLSlug.Set(lang, s)
				r.slugPos.Set(lang, t.pos(t.keys["slug"]))
			}
		}
	}
	for _, lang := range b.langs {
		if _, ok := r.URLSlug.Get(lang); !ok {
			r.URLSlug.Set(lang, r.URLSlug.At(b.def))
			if p, ok := r.slugPos.Get(b.def); ok {
				r.slugPos.Set(lang, p)
			}
		}
	}
	// Bodies, converted once per language.
	for lang, file := range bu.Files {
		if lang == "" {
			lang = b.def
		}
		if !r.Translated.At(lang) {
			continue
		}
		var body Body
		var refs []string
		var err error
		if b.opts.SpillBodies && b.opts.Memo != nil {
			body, refs, err = spillBody(b.md, file.Body, b.resourceBase(bu), b.opts.Memo)
		} else {
			body.html, refs, err = b.opts.BodyCache.convert(b.md, file.Body, b.resourceBase(bu), b.opts.Memo)
		}
		if err != nil {
			b.d.Errorf(diag.Pos{File: file.Path, Line: file.BodyLine}, "", "simplify the text below the closing --- line", "the text cannot be converted: %v", err)
		}
		for _, ref := range refs {
			if !slices.ContainsFunc(bu.Resources, func(r content.Resource) bool { return r.Name == ref }) {
				b.d.Errorf(diag.Pos{File: file.Path, Line: bodyLine(file, ref)}, "", missingLinkHint(bu, ref),
					"the text links to %q, which is not in the record's folder", ref)
			}
		}
		r.Body.Set(lang, body)
	}
	b.noteBody(r, bu)
	return r, f, tf
}

// missingLinkHint says how to mend a link to ref, a file the bundle does not
// have: when a file of the bundle is ref followed by "#" or "?", which a link
// takes for a fragment or a query, how to write the link to it.
func missingLinkHint(bu *content.Bundle, ref string) string {
	for _, r := range bu.Resources {
		rest, ok := strings.CutPrefix(r.Name, ref)
		if !ok || (!strings.HasPrefix(rest, "#") && !strings.HasPrefix(rest, "?")) {
			continue
		}
		link := strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F").Replace(r.Name)
		if strings.ContainsAny(link, " ()") {
			link = "<" + link + ">"
		}
		return fmt.Sprintf("in a link, # and ? end the file's name: to link to %s, write %s", r.Name, link)
	}
	return "add the file to " + bu.Dir + "/ or correct the name (names are case-sensitive)"
}

// bodyLine returns the line of the body on which ref first appears, as
// written or escaped ("to%20roi.pdf" for "to roi.pdf").
func bodyLine(f *content.File, ref string) int {
	lines := strings.Split(string(f.Body), "\n")
	for i, l := range lines {
		if strings.Contains(l, ref) {
			return f.BodyLine + i
		}
	}
	for i, l := range lines {
		if u, err := url.PathUnescape(l); err == nil && strings.Contains(u, ref) {
			return f.BodyLine + i
		}
	}
	return f.BodyLine
}

// resourceBase is the absolute URL path of a bundle's published folder. It is
// the same for every language so that translations share the files.
func (b *builder) resourceBase(bu *content.Bundle) string {
	return b.c.Site.BaseURL.Path + ResourceDir(bu.Kind, bu.Slug)
}

// ResourceDir is where a bundle's files are published, relative to the site root.
func ResourceDir(kind content.Kind, slug string) string {
	return "media/" + string(kind) + "/" + slug + "/"
}

func (b *builder) geo(f *fields, name string) *Geo {
	g := f.sub(name)
	if g == nil {
		return nil
	}
	lat, ok1 := g.float("lat")
	lng, ok2 := g.float("lng")
	if !g.has("lat") {
		g.missing("lat", diag.Error, "latitude in degrees, e.g. 11.97")
	}
	if !g.has("lng") {
		g.missing("lng", diag.Error, "longitude in degrees, e.g. 108.99")
	}
	g.unknown([]string{"lat", "lng"}, nil, false, "")
	if !ok1 || !ok2 {
		return nil
	}
	bad := false
	if lat < -90 || lat > 90 {
		g.errorf("lat", "latitude is between -90 and 90; Viet Nam lies between 8 and 24", "lat %v is out of range", lat)
		bad = true
	}
	if lng < -180 || lng > 180 {
		g.errorf("lng", "longitude is between -180 and 180; Viet Nam lies between 102 and 110", "lng %v is out of range", lng)
		bad = true
	}
	if bad {
		return nil
	}
	return &Geo{Lat: lat, Lng: lng}
}

// file checks that a name refers to a file of the bundle.
func (b *builder) file(f *fields, field string, at diag.Pos, name string, bu *content.Bundle) bool {
	clean := strings.TrimPrefix(name, "./")
	if clean == "" || strings.HasPrefix(clean, "/") || strings.Contains(clean, "\\") || slices.Contains(strings.Split(clean, "/"), "..") || strings.Contains(clean, "://") {
		b.d.Errorf(at, field, "put the file in the record's folder and write just its name, e.g. photo.jpg",
			"%q is outside the record's folder", name)
		return false
	}
	for _, r := range bu.Resources {
		if r.Name == clean {
			return true
		}
	}
	hint := "add the file to " + bu.Dir + "/ or correct the name (names are case-sensitive)"
	for _, r := range bu.Resources {
		if strings.EqualFold(r.Name, clean) {
			hint = fmt.Sprintf("did you mean %q? names are case-sensitive", r.Name)
		}
	}
	b.d.Errorf(at, field, hint, "file %q is not in %s", name, bu.Dir)
	return false
}

func (b *builder) subject(bu *content.Bundle) *Subject {
	r, f, tf := b.record(bu, subjectFacts, subjectTrans, subjectFields)
	if r == nil {
		return nil
	}
	s := &Subject{Record: *r}
	sev := diag.Error
	if s.Draft {
		sev = diag.Warning
	}
	s.Type = f.required("type", sev, "one of: "+strings.Join(SubjectTypes, ", "))
	if s.Type != "" && !slices.Contains(SubjectTypes, s.Type) {
		hint := "use one of: " + strings.Join(SubjectTypes, ", ")
		if n := nearest(s.Type, SubjectTypes); n != "" {
			hint = fmt.Sprintf("did you mean `%s`? ", n) + hint
		}
		f.errorf("type", hint, "unknown subject type %q", s.Type)
	}
	s.Representative = f.str("representative")
	s.Address = f.required("address", sev, "the street address, village or hamlet")
	s.Commune, s.District = f.str("commune"), f.str("district")
	s.Province = f.required("province", sev, "e.g. Khánh Hòa")
	s.Phone, s.Email, s.Website, s.Facebook = f.str("phone"), f.str("email"), f.str("website"), f.str("facebook")
	s.Zalo = f.str("zalo")
	b.checkPhone(f, "phone", s.Phone)
	b.checkPhone(f, "zalo", s.Zalo)
	b.checkURL(f, "website", s.Website)
	b.checkURL(f, "facebook", s.Facebook)
	if s.Email != "" && (!strings.Contains(s.Email, "@") || strings.ContainsAny(s.Email, " <>\"")) {
		f.errorf("email", "write an address such as name@example.com", "email %q is not an e-mail address", s.Email)
	}
	s.Geo = b.geo(f, "geo")
	if logo := f.str("logo"); logo != "" && b.file(f, "logo", f.at("logo"), logo, bu) {
		s.Logo = strings.TrimPrefix(logo, "./")
	}
	if y, ok := f.integer("founded", "2015"); ok {
		if y < 1900 || y > int64(b.c.Today.Year()) {
			f.errorf("founded", "write the year, e.g. 2015", "founded year %d is not plausible", y)
		} else {
			s.Founded = int(y)
		}
	}
	_ = tf
	b.noteTexts(&s.Record, map[string]Text{"summary": s.Summary}, nil)
	return s
}

func (b *builder) checkPhone(f *fields, name, v string) {
	if v == "" {
		return
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" .-+()", r):
		default:
			f.errorf(name, "write only digits, spaces, dots, hyphens and a leading +, e.g. 0258 3870 123", "%s %q is not a phone number", name, v)
			return
		}
	}
	if digits < 8 || digits > 15 {
		f.errorf(name, "a Vietnamese number has 10 digits, e.g. 0912 345 678", "%s %q has %d digits", name, v, digits)
	}
}

func (b *builder) checkURL(f *fields, name, v string) {
	if v == "" {
		return
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		f.errorf(name, "write the full address, starting with https://", "%s %q is not a web address", name, v)
	}
}

func (b *builder) page(bu *content.Bundle) *Page {
	r, f, _ := b.record(bu, pageFacts, pageTrans, pageFields)
	if r == nil {
		return nil
	}
	p := &Page{Record: *r, Menu: f.str("menu")}
	if p.Menu != "" && p.Menu != "header" && p.Menu != "footer" {
		f.errorf("menu", "write header or footer, or leave it out", "menu must be header or footer (got %q)", p.Menu)
		p.Menu = ""
	}
	b.noteTexts(&p.Record, map[string]Text{"summary": p.Summary}, nil)
	return p
}
