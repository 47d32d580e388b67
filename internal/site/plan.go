package site

import (
	"slices"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// Kind is the kind of a page; it names the template that renders it.
type Kind string

// The page kinds.
const (
	Home        Kind = "home"
	ProductList Kind = "products"
	CategoryPg  Kind = "category"
	SubgroupPg  Kind = "subgroup"
	StarsPg     Kind = "stars"
	LocalPg     Kind = "local"
	CommunePg   Kind = "commune"
	SubjectList Kind = "subjects"
	SubjectPg   Kind = "subject"
	ProductPg   Kind = "product"
	TourismList Kind = "tourism-list"
	TourismPg   Kind = "tourism"
	FreePage    Kind = "page"
	StatsIndex  Kind = "stats-index"
	StatsPg     Kind = "stats"
	NotFoundPg  Kind = "404"
	SearchPg    Kind = "search"
)

// Alt is the same page in another language.
type Alt struct {
	Lang, Path string
}

// Pager describes a listing's pagination.
type Pager struct {
	Number, Count int
	First         string // path of page 1
	Prev, Next    string // paths, "" at the ends
	Pages         []string
	Total         int // items over all pages
}

// Page is one page to render.
type Page struct {
	Kind Kind
	Lang string
	Path string
	// Switch links to the same page in every language (always present: an
	// untranslated record still has a fallback page). Alternates lists only
	// real translations, for hreflang; it is empty for a fallback page.
	Switch     []Alt
	Alternates []Alt
	// Canonical is the canonical path: the page itself, or the default-language
	// page for a fallback.
	Canonical  string
	Translated bool

	Product  *catalog.Product
	Subject  *catalog.Subject
	Free     *catalog.Page
	Category *catalog.Category
	Subgroup *catalog.Subgroup
	Stars    int
	Commune  *catalog.Commune
	Year     *catalog.YearStats
	// SubjectType is the producer type of a TypePg listing.
	SubjectType string

	Items    []*catalog.Product
	Subjects []*catalog.Subject
	Communes []*catalog.Commune // a CommuneIndex page's communes
	Pager    *Pager

	// Deps lists the record IDs whose data the page shows.
	Deps []string
	// Count is a number the page shows that its Deps do not decide: how
	// many other records its producer has, of which a record's page lists
	// only a few (ProducerOthers). It is part of the page's fingerprint.
	Count int
}

// DepsComplete reports whether the page shows nothing of the catalogue but
// its own records, Items, Subjects and Deps (with their subjects) and the
// lists every page may show (the groups, star ranks, producer types, communes
// and years that have records: render.SiteWideKey). Such a page changes only
// when one of those does; the others (the home page, statistics, the commune
// index, free pages) are made from the whole catalogue and change with it.
// A new kind of page is not complete until it is listed here.
func (pg *Page) DepsComplete() bool {
	switch pg.Kind {
	case ProductPg, TourismPg, SubjectPg,
		ProductList, CategoryPg, SubgroupPg, StarsPg, LocalPg, CommunePg, TypePg, TourismList, SubjectList,
		QRSheet, PrintPg, SearchPg, NotFoundPg:
		return true
	}
	return false
}

// Plan lists every page of a catalogue, in a stable order.
func Plan(c *catalog.Catalog, u *URLs) []*Page {
	// Each language is planned on its own core (the catalogue and the URL
	// scheme are only read), then the languages are joined in their order.
	langs := c.Site.Codes()
	parts := make([][]*Page, len(langs))
	alts := recordAlts(c, u, langs)
	one := func(i int) {
		p := &planner{c: c, u: u, langs: langs, alts: alts}
		p.plan(langs[i])
		parts[i] = p.pages
	}
	if len(c.Products)+len(c.Tourism)+len(c.Subjects) < 500 {
		for i := range langs {
			one(i) // a small site: not worth the goroutines
		}
	} else {
		var wg sync.WaitGroup
		for i := range langs {
			wg.Go(func() { one(i) })
		}
		wg.Wait()
	}
	return slices.Concat(parts...)
}

// plan adds the pages of one language.
func (p *planner) plan(lang string) {
	u := p.u
	p.home(lang)
	p.listings(lang)
	p.types(lang)
	p.communeIndex(lang)
	p.records(lang)
	p.stats(lang)
	p.printing(lang)
	p.add(&Page{Kind: NotFoundPg, Lang: lang, Path: u.NotFound(lang)}, func(l string) string { return u.NotFound(l) })
	p.add(&Page{Kind: SearchPg, Lang: lang, Path: u.Listing(lang, SegSearch)}, func(l string) string { return u.Listing(l, SegSearch) })
}

type planner struct {
	c     *catalog.Catalog
	u     *URLs
	langs []string
	alts  map[*catalog.Record]*recAlts // shared by the languages' planners, read only
	pages []*Page
}

// add appends a page available in every language at pathIn(lang).
func (p *planner) add(pg *Page, pathIn func(lang string) string) {
	pg.Translated = true
	pg.Canonical = pg.Path
	sw := make([]Alt, len(p.langs))
	for i, l := range p.langs {
		sw[i] = Alt{Lang: l, Path: pathIn(l)}
	}
	// One slice for both lists: pages only read them.
	pg.Switch, pg.Alternates = sw, sw
	p.pages = append(p.pages, pg)
}

// recAlts are a record's page addresses, made once for the pages of all
// languages, which share them (and their strings): at 20,000 products,
// making them for each page kept some 15 MB more for the whole build.
type recAlts struct {
	sw  []Alt // the record's page in every language (Page.Switch)
	alt []Alt // the languages it is written in, nil below two (Page.Alternates)
	def int   // the default language's index in sw
}

// recordAlts makes the addresses of every record with pages.
func recordAlts(c *catalog.Catalog, u *URLs, langs []string) map[*catalog.Record]*recAlts {
	recs := c.Records()
	m := make(map[*catalog.Record]*recAlts, len(recs))
	for _, r := range recs {
		a := &recAlts{sw: make([]Alt, len(langs))}
		n := 0
		for i, l := range langs {
			a.sw[i] = Alt{Lang: l, Path: u.Record(l, r)}
			if l == u.Default {
				a.def = i
			}
			if r.HasLang(l) {
				n++
			}
		}
		switch {
		case n == len(langs):
			a.alt = a.sw
		case n >= 2:
			for _, x := range a.sw {
				if r.HasLang(x.Lang) {
					a.alt = append(a.alt, x)
				}
			}
		}
		m[r] = a
	}
	return m
}

func ids(items []*catalog.Product) []string {
	out := make([]string, 0, len(items)*2)
	for _, it := range items {
		out = append(out, it.ID)
		if it.Subject != nil {
			out = append(out, it.Subject.ID)
		}
	}
	return out
}

func (p *planner) home(lang string) {
	pg := &Page{Kind: Home, Lang: lang, Path: p.u.Home(lang)}
	var featured []*catalog.Product
	for _, it := range slices.Concat(p.c.Products, p.c.Tourism) {
		if it.Featured {
			featured = append(featured, it)
		}
	}
	featured = catalog.Sorted(p.c, lang, featured)
	if len(featured) > 12 {
		featured = featured[:12]
	}
	pg.Items = featured
	pg.Year = p.c.Stats.Latest()
	pg.Deps = ids(featured)
	if pg.Year != nil {
		pg.Deps = append(pg.Deps, ids(pg.Year.Records)...)
	}
	p.add(pg, p.u.Home)
}

// paginate adds the pages of one listing.
func (p *planner) paginate(proto Page, items []*catalog.Product, pathIn func(lang string) string) {
	p.paginateBy(proto, catalog.Sorted(p.c, proto.Lang, items), pathIn, p.c.Site.PageSize)
}

// paginateBy adds the pages of a listing of items in the given order, size per page.
func (p *planner) paginateBy(proto Page, items []*catalog.Product, pathIn func(lang string) string, size int) {
	n := max(1, (len(items)+size-1)/size)
	base := pathIn(proto.Lang)
	var paths []string
	for i := 1; i <= n; i++ {
		paths = append(paths, Paged(base, i))
	}
	for i := 1; i <= n; i++ {
		pg := proto
		pg.Path = paths[i-1]
		pg.Items = items[(i-1)*size : min(i*size, len(items))]
		pg.Pager = newPager(paths, i, len(items))
		pg.Deps = ids(pg.Items)
		num := i
		p.add(&pg, func(l string) string {
			// Other languages have the same number of pages.
			return Paged(pathIn(l), num)
		})
	}
}

func (p *planner) listings(lang string) {
	u := p.u
	p.paginate(Page{Kind: ProductList, Lang: lang}, p.c.Products, func(l string) string { return u.Listing(l, SegProducts) })
	for _, cat := range p.c.Categories {
		var items []*catalog.Product
		if cat.Key == "tourism" {
			continue
		}
		for _, it := range p.c.Products {
			if it.Category == cat {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue
		}
		p.paginate(Page{Kind: CategoryPg, Lang: lang, Category: cat}, items, func(l string) string { return u.Category(l, cat) })
		for _, sg := range cat.Subgroups {
			var sub []*catalog.Product
			for _, it := range items {
				if it.Subgroup == sg {
					sub = append(sub, it)
				}
			}
			if len(sub) > 0 {
				p.paginate(Page{Kind: SubgroupPg, Lang: lang, Category: cat, Subgroup: sg}, sub, func(l string) string { return u.Subgroup(l, sg) })
			}
		}
	}
	all := slices.Concat(p.c.Products, p.c.Tourism)
	for n := 5; n >= 3; n-- {
		var items []*catalog.Product
		for _, it := range all {
			if it.Stars == n {
				items = append(items, it)
			}
		}
		if len(items) > 0 {
			p.paginate(Page{Kind: StarsPg, Lang: lang, Stars: n}, items, func(l string) string { return u.Stars(l, n) })
		}
	}
	var local []*catalog.Product
	for _, it := range all {
		if !it.Rated() {
			local = append(local, it)
		}
	}
	if len(local) > 0 {
		p.paginate(Page{Kind: LocalPg, Lang: lang}, local, func(l string) string { return u.Listing(l, SegLocal) })
	}
	for _, cm := range p.c.Communes {
		p.paginate(Page{Kind: CommunePg, Lang: lang, Commune: cm}, cm.Products, func(l string) string { return u.Commune(l, cm) })
	}
	p.paginate(Page{Kind: TourismList, Lang: lang}, p.c.Tourism, func(l string) string { return u.Listing(l, SegTourism) })
	// Subjects listing (not paginated by products: by subjects).
	subjects := catalog.Sorted(p.c, lang, p.c.Subjects)
	size := p.c.Site.PageSize
	n := max(1, (len(subjects)+size-1)/size)
	base := func(l string) string { return u.Listing(l, SegSubjects) }
	var paths []string
	for i := 1; i <= n; i++ {
		paths = append(paths, Paged(base(lang), i))
	}
	for i := 1; i <= n; i++ {
		pg := &Page{Kind: SubjectList, Lang: lang, Path: paths[i-1], Subjects: subjects[(i-1)*size : min(i*size, len(subjects))]}
		pg.Pager = &Pager{Number: i, Count: n, First: base(lang), Pages: paths, Total: len(subjects)}
		if i > 1 {
			pg.Pager.Prev = paths[i-2]
		}
		if i < n {
			pg.Pager.Next = paths[i]
		}
		for _, s := range pg.Subjects {
			// A subject's card counts its products.
			pg.Deps = append(pg.Deps, s.ID)
			for _, o := range s.Products {
				pg.Deps = append(pg.Deps, o.ID)
			}
		}
		num := i
		p.add(pg, func(l string) string { return Paged(base(l), num) })
	}
}

// addRecord adds a record's page in lang, with alternates only for translations.
func (p *planner) addRecord(pg *Page, r *catalog.Record) {
	a := p.alts[r]
	pg.Switch = a.sw
	pg.Path = a.sw[slices.Index(p.langs, pg.Lang)].Path
	pg.Translated = r.HasLang(pg.Lang)
	if pg.Translated {
		pg.Canonical = pg.Path
		pg.Alternates = a.alt
	} else {
		pg.Canonical = a.sw[a.def].Path
	}
	pg.Deps = append([]string{r.ID}, pg.Deps...)
	p.pages = append(p.pages, pg)
}

func (p *planner) records(lang string) {
	for _, it := range slices.Concat(p.c.Products, p.c.Tourism) {
		kind := ProductPg
		if it.IsTourism {
			kind = TourismPg
		}
		pg := &Page{Kind: kind, Lang: lang, Product: it}
		if it.Subject != nil {
			// The producer and the few of its other records the page lists,
			// not all of them: a producer of thousands of records would
			// give each of their pages thousands of dependencies.
			pg.Deps = append(pg.Deps, it.Subject.ID)
			o := ProducerOthers(it)
			for _, r := range o.Items {
				pg.Deps = append(pg.Deps, r.ID)
			}
			pg.Count = o.Total
		}
		pg.Deps = append(pg.Deps, NearbyDeps(p.c, it)...)
		if it.IsTourism {
			pg.Deps = append(pg.Deps, ids(CommuneProducts(p.c, it, lang))...)
		}
		p.addRecord(pg, &it.Record)
	}
	for _, s := range p.c.Subjects {
		pg := &Page{Kind: SubjectPg, Lang: lang, Subject: s}
		for _, o := range s.Products {
			pg.Deps = append(pg.Deps, o.ID)
		}
		p.addRecord(pg, &s.Record)
		if size := p.c.Site.PageSize; size > 0 && len(s.Products) > size {
			p.pageRecord(pg, s.Products, size)
		}
	}
	for _, fp := range p.c.Pages {
		p.addRecord(&Page{Kind: FreePage, Lang: lang, Free: fp}, &fp.Record)
	}
}

// pageRecord splits the list of a record's page (first, just added) into
// pages of size items, as listings are: first keeps its address and the
// first items, and pages 2, 3… follow at first's address + page/N/ in every
// language, translated or falling back as first does. A producer with
// hundreds of products gets pages of them, not one page that grows with its
// range.
func (p *planner) pageRecord(first *Page, items []*catalog.Product, size int) {
	n := (len(items) + size - 1) / size
	paths := make([]string, n)
	for i := range paths {
		paths[i] = Paged(first.Path, i+1)
	}
	paged := func(alts []Alt, i int) []Alt {
		if alts == nil {
			return nil
		}
		out := make([]Alt, len(alts))
		for j, a := range alts {
			out[j] = Alt{Lang: a.Lang, Path: Paged(a.Path, i)}
		}
		return out
	}
	proto := *first
	for i := 1; i <= n; i++ {
		pg := first
		if i > 1 {
			c := proto
			pg = &c
			pg.Path = paths[i-1]
			pg.Canonical = Paged(proto.Canonical, i)
			pg.Switch = paged(proto.Switch, i)
			pg.Alternates = paged(proto.Alternates, i)
			p.pages = append(p.pages, pg)
		}
		pg.Items = items[(i-1)*size : min(i*size, len(items))]
		pg.Pager = newPager(paths, i, len(items))
		// Each page shows the record and its own items (the pager's total
		// is part of the fingerprint): not the dependencies of all pages.
		pg.Deps = make([]string, 0, 1+len(pg.Items))
		pg.Deps = append(pg.Deps, proto.Deps[0])
		for _, it := range pg.Items {
			pg.Deps = append(pg.Deps, it.ID)
		}
	}
}

// newPager returns the pager of page i (from 1) of the pages at paths,
// which list total items.
func newPager(paths []string, i, total int) *Pager {
	pg := &Pager{Number: i, Count: len(paths), First: paths[0], Pages: paths, Total: total}
	if i > 1 {
		pg.Prev = paths[i-2]
	}
	if i < len(paths) {
		pg.Next = paths[i]
	}
	return pg
}

// othersLimit is how many of its producer's other records a record's page
// lists.
const othersLimit = 12

// Others is what a record's page shows of its producer's other records.
type Others struct {
	// Items are the first othersLimit of them, in the producer's order.
	Items []*catalog.Product
	// Total is how many there are.
	Total int
}

// ProducerOthers returns the producer's other records that a record's page
// lists, and how many there are in all; the page's Deps and the rendered
// list both come from here. However large the producer's range, a page
// lists at most othersLimit of them and links to the producer's page.
func ProducerOthers(it *catalog.Product) Others {
	s := it.Subject
	if s == nil {
		return Others{}
	}
	o := Others{Total: len(s.Products)}
	if slices.Contains(s.Products, it) {
		o.Total--
	}
	for _, r := range s.Products {
		if len(o.Items) == othersLimit {
			break
		}
		if r != it {
			o.Items = append(o.Items, r)
		}
	}
	return o
}

// NearbyDeps lists records shown as "nearby" on a record's page; the
// renderer's nearby lists are computed from the same function so dependencies
// and output cannot drift apart.
func NearbyDeps(c *catalog.Catalog, it *catalog.Product) []string {
	var out []string
	for _, o := range Nearby(c, it) {
		out = append(out, o.ID)
	}
	return out
}

// Nearby returns up to six tourism records nearest to it (other than itself),
// within 50 km, nearest first.
func Nearby(c *catalog.Catalog, it *catalog.Product) []*catalog.Product {
	return c.NearTourism(it.Position(), it, 50, 6)
}

func (p *planner) stats(lang string) {
	u := p.u
	if len(p.c.Stats.Years) == 0 {
		return
	}
	idx := &Page{Kind: StatsIndex, Lang: lang, Path: u.Listing(lang, SegStats), Year: p.c.Stats.Latest()}
	for _, y := range p.c.Stats.Years {
		idx.Deps = append(idx.Deps, ids(y.Records)...)
	}
	p.add(idx, func(l string) string { return u.Listing(l, SegStats) })
	// A year's page lists its ranked records a page at a time (a national
	// catalogue ranks thousands a year); the sentences and charts, which
	// every record's rank and group feed (the global fingerprint covers
	// those), are on the first page.
	for _, y := range p.c.Stats.Years {
		p.paginateBy(Page{Kind: StatsPg, Lang: lang, Year: y}, y.Records, func(l string) string { return u.StatsYear(l, y.Year) }, p.c.Site.PageSize)
	}
}
