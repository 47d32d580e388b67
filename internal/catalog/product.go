package catalog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"math"
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

// pendingRefs keeps the raw references of a product until linking.
type pendingRefs struct {
	subject, category, subcategory  string
	subjectPos, categoryPos, subPos diag.Pos
	fields                          *fields
}

// refs holds unresolved references per product; guarded because products are
// decoded in parallel.
type refs struct {
	mu sync.Mutex
	m  map[*Product]pendingRefs
}

func (b *builder) product(bu *content.Bundle) *Product {
	tourism := bu.Kind == content.Tourism
	facts, trans, all := productFacts, productTrans, productFields
	if tourism {
		facts, trans, all = tourismFacts, tourismTrans, tourismFields
	}
	r, f, tf := b.record(bu, facts, trans, all)
	if r == nil {
		return nil
	}
	p := &Product{Record: *r, IsTourism: tourism}
	sev := diag.Error
	if p.Draft {
		sev = diag.Warning
	}
	if !tourism {
		p.Summary.Set(b.def, f.required("summary", sev, "one or two sentences shown on cards and in search results"))
	}
	// The fields are not kept until linking: they hold the file's whole YAML
	// tree, and a national catalogue's trees are hundreds of MB.
	pr := pendingRefs{}
	if tourism {
		pr.subject = f.str("subject")
		pr.category = f.str("category")
	} else {
		pr.subject = f.required("subject", sev, "the folder name of the producer under content/subjects/")
		pr.category = f.required("category", sev, "a key from content/categories.yaml, e.g. food")
	}
	pr.subjectPos = f.at("subject")
	pr.categoryPos = f.at("category")
	pr.subcategory = f.str("subcategory")
	pr.subPos = f.at("subcategory")

	// Stars, score and year.
	if n, ok := f.integer("stars", "4"); ok {
		if n < 3 || n > 5 {
			hint := "OCOP products have 3, 4 or 5 stars; leave stars out for a product that is not ranked"
			f.errorf("stars", hint, "stars must be 3, 4 or 5 (got %d)", n)
		} else {
			p.Stars = int(n)
		}
	}
	if n, ok := f.integer("score", "75"); ok {
		if n < 0 || n > 100 {
			f.errorf("score", "the score is out of 100", "score must be between 0 and 100 (got %d)", n)
		} else {
			p.Score = int(n)
			if p.Stars > 0 {
				lo, hi := scoreRange(p.Stars)
				if p.Score < lo || p.Score > hi {
					f.errorf("score", fmt.Sprintf("%d★ needs a score from %d to %d; %s", p.Stars, lo, hi, starsForScore(p.Score)),
						"score %d does not agree with %d stars", p.Score, p.Stars)
				}
			} else if !f.has("stars") {
				f.errorf("score", "add stars: (3, 4 or 5) that match the score, or remove the score", "a score is given without stars")
			}
		}
	}
	if n, ok := f.integer("rated_year", "2024"); ok {
		if n < 2018 || int(n) > b.c.Today.Year() {
			f.errorf("rated_year", fmt.Sprintf("OCOP ranks have been awarded since 2018; write a year up to %d", b.c.Today.Year()), "rated_year %d is not plausible", n)
		} else {
			p.RatedYear = int(n)
		}
	}
	if p.Stars > 0 && p.RatedYear == 0 && !f.has("rated_year") {
		f.d.Add(diag.Diagnostic{File: f.file, Line: f.keys["stars"].Line, Column: f.keys["stars"].Column, Severity: sev, Field: "rated_year",
			Message: "a ranked record needs rated_year", Hint: "add rated_year: with the year the stars were awarded, e.g. 2024"})
	}
	if p.Stars > 0 && pr.subject == "" && tourism && (f.keys["subject"] == nil || f.vals["subject"].Kind == yaml.ScalarNode) {
		at := f.keys["stars"]
		if k := f.keys["subject"]; k != nil {
			at = k
		}
		f.d.Add(diag.Diagnostic{File: f.file, Line: at.Line, Column: at.Column, Severity: sev, Field: "subject",
			Message: "a ranked record needs its subject (the operator)", Hint: "add subject: with the folder name of the operator under content/subjects/"})
	}
	if !f.has("stars") && f.has("rated_year") {
		f.errorf("rated_year", "add stars: 3, 4 or 5, or remove rated_year", "rated_year is given without stars")
	}
	p.Certificate = b.certificate(f)
	if p.Certificate != nil && p.Stars > 0 && p.RatedYear > 0 && !p.Certificate.Issued.IsZero() && p.Certificate.Issued.Year() != p.RatedYear {
		f.d.Warnf(certPos(f, "issued"), "certificate.issued", "check rated_year and the certificate date",
			"certificate issued in %d but rated_year is %d", p.Certificate.Issued.Year(), p.RatedYear)
	}
	if p.Certificate != nil && p.Stars > 0 {
		b.expiry(f, p)
	}
	p.Price = b.price(f, "price", tf, false)
	if tourism {
		p.Ticket = b.price(f, "ticket", tf, true)
	}
	p.Images = b.images(f, tf, bu)
	p.Commune = f.str("commune")
	p.LegacyCommune = f.str("legacy_commune")
	p.District = f.str("district")
	p.Tags.Set(b.def, f.strList("tags"))
	for lang, t := range tf {
		p.Tags.Set(lang, t.strList("tags"))
	}
	p.WhereToBuy = b.shops(f)
	p.Featured = f.boolean("featured")
	if tourism {
		p.TourKind = f.required("kind", sev, "one of: "+strings.Join(TourismKinds, ", "))
		if p.TourKind != "" && !slices.Contains(TourismKinds, p.TourKind) {
			hint := "use one of: " + strings.Join(TourismKinds, ", ")
			if n := nearest(p.TourKind, TourismKinds); n != "" {
				hint = fmt.Sprintf("did you mean `%s`? ", n) + hint
			}
			f.errorf("kind", hint, "unknown tourism kind %q", p.TourKind)
		}
		p.Geo = b.geo(f, "geo")
		if !f.has("geo") {
			f.missing("geo", sev, "the position for the map: geo: {lat: 11.97, lng: 108.99}")
		}
		p.OpeningHours.Set(b.def, f.str("opening_hours"))
		p.BestSeason.Set(b.def, f.str("best_season"))
		p.HowToGetThere.Set(b.def, f.str("how_to_get_there"))
		p.Activities.Set(b.def, f.strList("activities"))
		for lang, t := range tf {
			p.OpeningHours.Set(lang, t.str("opening_hours"))
			p.BestSeason.Set(lang, t.str("best_season"))
			p.HowToGetThere.Set(lang, t.str("how_to_get_there"))
			p.Activities.Set(lang, t.strList("activities"))
		}
		if pr.category == "" {
			pr.category = "tourism"
		}
	}
	b.noteProduct(p)
	b.pending(p, pr)
	return p
}

func (b *builder) pending(p *Product, pr pendingRefs) {
	b.refs.mu.Lock()
	defer b.refs.mu.Unlock()
	b.refs.m[p] = pr
}

// scoreRange returns the score range that agrees with a star rank.
func scoreRange(stars int) (int, int) {
	switch stars {
	case 3:
		return 50, 69
	case 4:
		return 70, 89
	case 5:
		return 90, 100
	}
	return 0, 100
}

func starsForScore(score int) string {
	switch {
	case score >= 90:
		return fmt.Sprintf("a score of %d means 5 stars", score)
	case score >= 70:
		return fmt.Sprintf("a score of %d means 4 stars", score)
	case score >= 50:
		return fmt.Sprintf("a score of %d means 3 stars", score)
	}
	return fmt.Sprintf("a score of %d is below the 50 needed for 3 stars", score)
}

func (b *builder) certificate(f *fields) *Certificate {
	cf := f.sub("certificate")
	if cf == nil {
		return nil
	}
	c := &Certificate{Number: cf.str("number"), Issuer: cf.str("issuer")}
	c.Issued, _ = cf.date("issued")
	exp, ok := cf.date("expires")
	if ok {
		c.Expires = exp
		if !c.Issued.IsZero() && !exp.After(c.Issued) {
			cf.errorf("expires", "the expiry date comes after the issue date", "expires %s is not after issued %s", exp.Format("2006-01-02"), c.Issued.Format("2006-01-02"))
		}
	} else if !c.Issued.IsZero() {
		c.Expires = c.Issued.AddDate(0, 36, 0)
	}
	if !c.Issued.IsZero() && c.Issued.After(b.c.Today) {
		cf.errorf("issued", "check the year: the date is in the future", "certificate issued %s is in the future", c.Issued.Format("2006-01-02"))
	}
	cf.unknown([]string{"number", "issued", "issuer", "expires", "code"}, nil, false, "")
	return c
}

// certPos returns the position of the first of the certificate's fields
// that is written, or of the certificate itself.
func certPos(f *fields, names ...string) diag.Pos {
	if c := f.vals["certificate"]; c != nil && c.Kind == yaml.MappingNode {
		for _, name := range names {
			for i := 0; i+1 < len(c.Content); i += 2 {
				if c.Content[i].Value == name {
					return f.pos(c.Content[i+1])
				}
			}
		}
	}
	return f.at("certificate")
}

// expiry warns about certificates that expired or expire within 90 days.
func (b *builder) expiry(f *fields, p *Product) {
	exp := p.Certificate.Expires
	if exp.IsZero() {
		return
	}
	pos := certPos(f, "expires", "issued")
	if p.Expired(b.c.Today) {
		f.d.Warnf(pos, "certificate.expires", "ask for re-evaluation, then update stars, rated_year and certificate",
			"the OCOP certificate expired on %s; the page shows it as expired", exp.Format("2006-01-02"))
	} else if exp.Sub(b.c.Today).Hours() <= 90*24 {
		f.d.Warnf(pos, "certificate.expires", "start the re-evaluation now so the rank stays valid",
			"the OCOP certificate expires on %s, within 90 days", exp.Format("2006-01-02"))
	}
}

func (b *builder) price(f *fields, name string, tf map[string]*fields, ticket bool) *Price {
	pf := f.sub(name)
	if pf == nil {
		if f.has(name) {
			return nil
		}
		// A translation may still carry a unit; it is ignored without a price.
		return nil
	}
	p := &Price{Currency: "VND"}
	if ticket {
		p.Free = pf.boolean("free")
	}
	if n, ok := pf.integer("amount", "150000"); ok {
		if n < 0 {
			pf.errorf("amount", "write the price as a positive number of đồng, e.g. 150000", "amount must not be negative (got %d)", n)
		}
		p.Amount = n
	} else if !pf.has("amount") && !p.Free {
		pf.missing("amount", diag.Error, "the price in đồng, digits only, e.g. 150000")
	}
	if c := pf.str("currency"); c != "" {
		if len(c) != 3 || strings.ToUpper(c) != c {
			pf.errorf("currency", "write a three-letter code such as VND", "currency %q is not a currency code", c)
		}
		p.Currency = c
	}
	p.Unit.Set(b.def, pf.str("unit"))
	allowed := []string{"amount", "currency", "unit"}
	if ticket {
		allowed = append(allowed, "free")
	}
	pf.unknown(allowed, nil, false, "")
	for lang, t := range tf {
		if tp := t.sub(name); tp != nil {
			p.Unit.Set(lang, tp.str("unit"))
			tp.unknown([]string{"unit"}, set(allowed), true, f.file)
		}
	}
	return p
}

func (b *builder) images(f *fields, tf map[string]*fields, bu *content.Bundle) []Image {
	v := f.get("images")
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.errorf("images", "write a list: images: [cover.jpg, detail.jpg]", "images must be a list of files")
		return nil
	}
	var out []Image
	// at[i] is the index in out of the record's i-th list item, or -1: the
	// translations' alt texts follow the items as the producer wrote them.
	at := make([]int, len(v.Content))
	first := make(map[string]int, len(v.Content)) // a file's first line
	for i, item := range v.Content {
		at[i] = -1
		var img Image
		pos := f.pos(item)
		switch item.Kind {
		case yaml.ScalarNode:
			img.File = strings.TrimSpace(item.Value)
		case yaml.MappingNode:
			inf := newFields(f.file, "images.", item, f.d)
			img.File = inf.str("file")
			img.Alt.Set(b.def, inf.str("alt"))
			pos = inf.at("file")
			if img.File == "" {
				inf.missing("file", diag.Error, "the photo's file name, e.g. cover.jpg")
				continue
			}
			inf.unknown([]string{"file", "alt"}, nil, false, "")
		default:
			f.d.Errorf(pos, "images", "write a file name or {file: x.jpg, alt: …}", "each image must be a file name")
			continue
		}
		if !b.file(f, "images", pos, img.File, bu) {
			continue
		}
		img.File = strings.TrimPrefix(img.File, "./")
		if line, ok := first[img.File]; ok {
			// Not an error: nothing is wrong on the page but a repeated photo.
			f.d.Warnf(pos, "images", "delete one of the two lines: each photo is listed once",
				"%s is listed twice (also on line %d); it is shown once", img.File, line)
			continue
		}
		first[img.File] = pos.Line
		at[i] = len(out)
		out = append(out, img)
	}
	// Alt texts from translations, in the record's order.
	for lang, t := range tf {
		tv := t.get("images")
		if tv == nil || tv.Kind != yaml.SequenceNode {
			continue
		}
		if len(tv.Content) > len(at) {
			hint := fmt.Sprintf("list at most %d images here, in the order of %s", len(at), f.file)
			if len(at) == 1 {
				hint = fmt.Sprintf("list one image here at most: %s has one", f.file)
			}
			t.errorf("images", hint, "the translation lists more images than the record")
		}
		for i, item := range tv.Content {
			if i >= len(at) {
				break
			}
			if item.Kind != yaml.MappingNode {
				t.d.Errorf(t.pos(item), "images", "write {alt: …} for each image, in the record's order", "a translation may only give each image's alt text")
				continue
			}
			inf := newFields(t.file, "images.", item, t.d)
			if alt := inf.str("alt"); at[i] >= 0 { // not a refused or repeated item
				out[at[i]].Alt.Set(lang, alt)
			}
			inf.unknown([]string{"alt"}, set([]string{"file"}), true, f.file)
		}
	}
	return out
}

func (b *builder) shops(f *fields) []Shop {
	v := f.get("where_to_buy")
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		f.errorf("where_to_buy", "write a list; each shop has name, address, phone, url", "where_to_buy must be a list")
		return nil
	}
	var out []Shop
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			f.d.Errorf(f.pos(item), "where_to_buy", "each shop is written as {name: …, address: …}", "each place to buy must be a group of fields")
			continue
		}
		sf := newFields(f.file, "where_to_buy.", item, f.d)
		s := Shop{Name: sf.required("name", diag.Error, "the shop's name"), Address: sf.str("address"), Phone: sf.str("phone"), URL: sf.str("url")}
		b.checkPhone(sf, "phone", s.Phone)
		b.checkURL(sf, "url", s.URL)
		sf.unknown([]string{"name", "address", "phone", "url"}, nil, false, "")
		out = append(out, s)
	}
	return out
}

// link resolves a product's references.
func (b *builder) link(p *Product) {
	pr := b.refs.m[p]
	f := pr.fields
	if pr.subject != "" {
		s := b.c.subject[pr.subject]
		if s == nil {
			b.d.Errorf(pr.subjectPos, "subject", b.subjectHint(pr.subject), "unknown subject %q", pr.subject)
		} else {
			if s.Draft && !p.Draft && !b.opts.Drafts {
				b.d.Errorf(pr.subjectPos, "subject", "publish the subject (remove draft: true) or mark this record as a draft too",
					"subject %q is a draft, so this published record would link to a missing page", pr.subject)
			}
			p.Subject = s
		}
	}
	if pr.category != "" && !b.catFailed {
		c := b.c.category[pr.category]
		switch {
		case c == nil:
			hint := "use one of: " + strings.Join(b.categoryKeys(), ", ")
			if n := nearest(pr.category, b.categoryKeys()); n != "" {
				hint = fmt.Sprintf("did you mean `%s`? ", n) + hint
			} else if l := b.categoriesNamed(pr.category); l != "" {
				hint = fmt.Sprintf("write the category's key, not its name: %s", l)
			}
			b.d.Errorf(pr.categoryPos, "category", hint, "unknown category %q", pr.category)
		case p.IsTourism && c.Key != "tourism":
			b.d.Errorf(pr.categoryPos, "category", "remove category: tourism records are always in the tourism group, or move this record to content/products/",
				"a tourism record cannot be in category %q", pr.category)
		case !p.IsTourism && c.Key == "tourism":
			b.d.Errorf(pr.categoryPos, "category", "move the folder to content/tourism/ or choose a goods category",
				"category tourism is for records under content/tourism/")
		default:
			p.Category = c
		}
	}
	if pr.subcategory != "" && p.Category != nil {
		for _, sg := range p.Category.Subgroups {
			if sg.Key == pr.subcategory {
				p.Subgroup = sg
			}
		}
		if p.Subgroup == nil {
			var keys []string
			for _, sg := range p.Category.Subgroups {
				keys = append(keys, sg.Key)
			}
			hint := fmt.Sprintf("sub-groups of %s: %s", p.Category.Key, strings.Join(keys, ", "))
			if len(keys) == 0 {
				hint = fmt.Sprintf("category %s has no sub-groups; remove subcategory", p.Category.Key)
			} else if n := nearest(pr.subcategory, keys); n != "" {
				hint = fmt.Sprintf("did you mean `%s`? ", n) + hint
			} else if l := subgroupsNamed(p.Category, pr.subcategory, b.def); l != "" {
				hint = fmt.Sprintf("write the sub-group's key, not its name: %s", l)
			}
			b.d.Errorf(pr.subPos, "subcategory", hint, "unknown sub-group %q of category %q", pr.subcategory, p.Category.Key)
		}
	}
	_ = f
}

func (b *builder) subjectSlugs() []string {
	out := make([]string, 0, len(b.c.subject))
	for k := range b.c.subject {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// subjectHint is the hint for an unknown subject s: the slug it is a slip
// of, or the subjects it names. Each s is looked into once: a subject
// renamed or removed leaves every record of it naming the old slug, and a
// catalogue may have 10,000 subjects to compare it with.
func (b *builder) subjectHint(s string) string {
	if h, ok := b.subjectHints[s]; ok {
		return h
	}
	hint := "write the folder name of a subject under content/subjects/"
	if n := nearest(s, b.subjectSlugs()); n != "" {
		hint = fmt.Sprintf("did you mean `%s`?", n)
	} else if l := b.subjectsNamed(s); l != "" {
		hint = fmt.Sprintf("write the subject's folder name, not its name: %s", l)
	}
	if b.subjectHints == nil {
		b.subjectHints = map[string]string{}
	}
	b.subjectHints[s] = hint
	return hint
}

// subjectsNamed lists the subjects that s names (nameIndex.list).
func (b *builder) subjectsNamed(s string) string {
	if b.subjectNames == nil {
		names := make(map[string][]string, len(b.c.subject))
		for slug, sub := range b.c.subject {
			names[slug] = textNames(sub.Name)
		}
		b.subjectNames = newNameIndex(names)
	}
	return b.subjectNames.list(s, func(slug string) string { return b.c.subject[slug].Name.In(b.def, b.def) })
}

// categoriesNamed lists the categories that s names (nameIndex.list).
func (b *builder) categoriesNamed(s string) string {
	names := map[string][]string{}
	for _, c := range b.c.Categories {
		names[c.Key] = textNames(c.Name)
	}
	return newNameIndex(names).list(s, func(key string) string { return b.c.category[key].Name.In(b.def, b.def) })
}

// subgroupsNamed lists the sub-groups of c that s names (nameIndex.list).
func subgroupsNamed(c *Category, s, def string) string {
	names := map[string][]string{}
	byKey := map[string]*Subgroup{}
	for _, sg := range c.Subgroups {
		names[sg.Key], byKey[sg.Key] = textNames(sg.Name), sg
	}
	return newNameIndex(names).list(s, func(key string) string { return byKey[key].Name.In(def, def) })
}

func (b *builder) categoryKeys() []string {
	var out []string
	for _, c := range b.c.Categories {
		out = append(out, c.Key)
	}
	return out
}

// communes groups published records by commune.
func (b *builder) communes() {
	byName := map[string]*Commune{}
	slugOf := map[string]string{} // a few communes for thousands of records
	for _, p := range slices.Concat(b.c.Products, b.c.Tourism) {
		name := p.Commune
		if name == "" && p.Subject != nil {
			name = p.Subject.Commune
		}
		if name == "" {
			continue
		}
		slug, ok := slugOf[name]
		if !ok {
			slug = i18n.Slugify(name)
			slugOf[name] = slug
		}
		c := byName[slug]
		if c == nil {
			c = &Commune{Name: name, Slug: slug}
			byName[slug] = c
			b.c.Communes = append(b.c.Communes, c)
		}
		c.Products = append(c.Products, p)
	}
	col := i18n.NewCollator(b.def)
	slices.SortFunc(b.c.Communes, func(x, y *Commune) int { return col.Compare(x.Name, y.Name) })
}

// CommuneOf returns the commune a record is listed under, or nil.
func (c *Catalog) CommuneOf(p *Product) *Commune {
	if cm, ok := c.communeOf[p]; ok {
		return cm // every page shows several: no slug, no search
	}
	name := p.Commune
	if name == "" && p.Subject != nil {
		name = p.Subject.Commune
	}
	slug := i18n.Slugify(name)
	for _, cm := range c.Communes {
		if cm.Slug == slug {
			return cm
		}
	}
	return nil
}

// urlClashes reports two records that would be published at the same URL.
func (b *builder) urlClashes() {
	reported := map[string]bool{} // one report per place and other record, whatever the language
	for _, lang := range b.langs {
		type place struct {
			kind content.Kind
			slug string
		}
		seen := make(map[place]*Record, len(b.c.Products)+len(b.c.Tourism)+len(b.c.Subjects)+len(b.c.Pages))
		check := func(r *Record, kind content.Kind) {
			key := place{kind, r.URLSlug.At(lang)}
			prev := seen[key]
			if prev == nil {
				seen[key] = r
				return
			}
			// Blame the record whose slug: field makes the clash.
			blame, other := r, prev
			if _, ok := r.slugPos.Get(lang); !ok {
				if _, ok := prev.slugPos.Get(lang); ok {
					blame, other = prev, r
				}
			}
			pos, ok := blame.slugPos.Get(lang)
			if !ok {
				file := blame.Files.At(lang)
				if file == "" {
					file = blame.Files.At(b.def)
				}
				pos = diag.Pos{File: file, Line: 1}
			}
			k := fmt.Sprint(pos, other.ID)
			if reported[k] {
				return
			}
			reported[k] = true
			b.d.Errorf(pos, "slug", "change this slug: field, or rename one of the folders",
				"%s would be published at the same address as %s (%s, in %s)", blame.Dir, other.Dir, r.URLSlug.At(lang), lang)
		}
		for _, p := range b.c.Products {
			check(&p.Record, content.Products)
		}
		for _, p := range b.c.Tourism {
			check(&p.Record, content.Tourism)
		}
		for _, s := range b.c.Subjects {
			check(&s.Record, content.Subjects)
		}
		for _, p := range b.c.Pages {
			check(&p.Record, content.Pages)
		}
	}
}

// BodyCache keeps converted Markdown bodies between builds, keyed by a hash of
// the source and the link base. The zero value is not usable; use NewBodyCache.
// A nil *BodyCache converts every time.
type BodyCache struct {
	mu sync.Mutex
	m  map[string]converted
}

// NewBodyCache returns an empty cache.
func NewBodyCache() *BodyCache { return &BodyCache{m: map[string]converted{}} }

type converted struct {
	html template.HTML
	refs []string
}

// convert converts a body, or takes it from the cache, or from the memo t
// (either may be nil).
func (c *BodyCache) convert(md *markdown.Converter, src []byte, base string, t *memo.Table) (template.HTML, []string, error) {
	var key string
	if c != nil {
		key = base + "\x00" + string(src)
		c.mu.Lock()
		h, ok := c.m[key]
		c.mu.Unlock()
		if ok {
			return h.html, h.refs, nil
		}
	}
	html, refs, err := convertMemo(md, src, base, t)
	if err != nil {
		return "", nil, err
	}
	if c != nil {
		c.mu.Lock()
		c.m[key] = converted{html, refs}
		c.mu.Unlock()
	}
	return html, refs, nil
}

// convertMemo converts a body, or takes it from the memo t when a build
// before converted the same text (t may be nil).
func convertMemo(md *markdown.Converter, src []byte, base string, t *memo.Table) (template.HTML, []string, error) {
	html, refs, _, err := convertKey(md, src, base, t)
	return html, refs, err
}

// convertKey is convertMemo, and gives the body's key in the memo.
func convertKey(md *markdown.Converter, src []byte, base string, t *memo.Table) (template.HTML, []string, memo.Key, error) {
	var key memo.Key
	if t != nil {
		key = memo.KeyOf([]byte("body"), []byte(base), src)
		if enc, ok := t.Get(key); ok {
			if html, refs, ok := decodeBody(enc); ok {
				return html, refs, key, nil
			}
		}
	}
	out, refs, err := convertWithin(md, src, base)
	if err != nil {
		return "", nil, key, err
	}
	t.Put(key, encodeBody(out, refs))
	return template.HTML(out), refs, key, nil
}

// Body is a record's converted Markdown in one language: its HTML, held in
// the catalogue, and, when the load kept it in the memo's file
// (Options.SpillBodies), where it lies there, so that the catalogue can let
// go of it (DropBodies) and read it back when a page shows it (AppendBody).
type Body struct {
	html template.HTML
	at   memo.Span // the memo's value (encodeBody's), when at.Len() > 0
	skip int       // the value's bytes before the HTML: the links it makes
}

// IsEmpty reports whether the body has no HTML.
func (b Body) IsEmpty() bool { return b.html == "" && b.at.Len() == b.skip }

// InMemory reports whether the catalogue holds the HTML (not only the memo).
func (b Body) InMemory() bool { return b.html != "" || b.at.Len() == 0 }

// ReadBodies gives the catalogue the memo file its load kept bodies in
// (Options.SpillBodies): memo.Table.Values, after the table's Close.
func (c *Catalog) ReadBodies(v *memo.Values) { c.bodies = v }

// CloseBodies closes what ReadBodies gave: bodies DropBodies let go of can
// no longer be read.
func (c *Catalog) CloseBodies() error {
	if c == nil || c.bodies == nil {
		return nil
	}
	err := c.bodies.Close()
	c.bodies = nil
	return err
}

// Droppable returns how many bytes of HTML DropBodies would let go of: the
// bodies the memo's file holds too, when the catalogue can read it.
func (c *Catalog) Droppable() int64 {
	if c.bodies == nil {
		return 0
	}
	var n int64
	for _, r := range c.Records() {
		for _, b := range r.Body {
			if b.Value.html != "" && b.Value.at.Len() > 0 {
				n += int64(len(b.Value.html))
			}
		}
	}
	return n
}

// DropBodies lets go of the HTML of every body the memo's file holds too:
// AppendBody reads it from there. The bodies of a national catalogue are
// 30-100 MB that the heap then need not hold while pages are rendered.
func (c *Catalog) DropBodies() {
	if c.bodies == nil {
		return
	}
	for _, r := range c.Records() {
		for i, b := range r.Body {
			if b.Value.at.Len() > 0 {
				r.Body[i].Value.html = ""
			}
		}
	}
}

// AppendBody appends b's HTML to dst.
func (c *Catalog) AppendBody(dst []byte, b Body) ([]byte, error) {
	if b.InMemory() {
		return append(dst, b.html...), nil
	}
	if c.bodies == nil {
		return dst, errors.New("the text was left in the memo, and the memo is not open")
	}
	start := len(dst)
	dst, err := c.bodies.Append(dst, b.at)
	if err != nil {
		return dst, err
	}
	n := copy(dst[start:], dst[start+b.skip:])
	return dst[:start+n], nil
}

// BodyHTML returns b's HTML.
func (c *Catalog) BodyHTML(b Body) (template.HTML, error) {
	if b.InMemory() {
		return b.html, nil
	}
	buf, err := c.AppendBody(make([]byte, 0, b.at.Len()), b)
	return template.HTML(buf), err
}

// spillBody converts a body, or takes it from the memo t, and returns it
// with where t's new file keeps it; an empty one, or one t did not keep (it
// could not write), is held in memory only.
func spillBody(md *markdown.Converter, src []byte, base string, t *memo.Table) (Body, []string, error) {
	html, refs, key, err := convertKey(md, src, base, t)
	if err != nil || html == "" {
		return Body{html: html}, refs, err
	}
	// The value, found or put, is encodeBody's: the links, then the HTML.
	at, ok := t.Span(key)
	if !ok || at.Len() < len(html) {
		return Body{html: html}, refs, nil
	}
	return Body{html: html, at: at, skip: at.Len() - len(html)}, refs, nil
}

// encodeBody gives the memo form of a converted body: the number of files
// it links to, each name's length and name, then the HTML.
func encodeBody(html []byte, refs []string) []byte {
	buf := make([]byte, 0, len(html)+8+16*len(refs))
	buf = binary.AppendUvarint(buf, uint64(len(refs)))
	for _, r := range refs {
		buf = binary.AppendUvarint(buf, uint64(len(r)))
		buf = append(buf, r...)
	}
	return append(buf, html...)
}

// decodeBody reads what encodeBody wrote.
func decodeBody(enc []byte) (template.HTML, []string, bool) {
	n, w := binary.Uvarint(enc)
	if w <= 0 || n > uint64(len(enc)) {
		return "", nil, false
	}
	enc = enc[w:]
	var refs []string
	for range n {
		l, w := binary.Uvarint(enc)
		if w <= 0 || l > uint64(len(enc)-w) {
			return "", nil, false
		}
		refs = append(refs, string(enc[w:w+int(l)]))
		enc = enc[w+int(l):]
	}
	return template.HTML(enc), refs, true
}

// ConvertTimeout bounds the conversion of one Markdown body. Real text takes
// milliseconds; content.Load already refuses the shapes known to be slow, so
// this only guards against ones not yet known.
const ConvertTimeout = 3 * time.Second

// convertWithin converts a body, giving up after ConvertTimeout. A conversion
// that is given up runs on in the background until it ends.
func convertWithin(md *markdown.Converter, src []byte, base string) ([]byte, []string, error) {
	type result struct {
		out  []byte
		refs []string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("internal error: %v", r)}
			}
		}()
		out, refs, err := md.Convert(src, base)
		done <- result{out, refs, err}
	}()
	t := time.NewTimer(ConvertTimeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r.out, r.refs, r.err
	case <-t.C:
		return nil, nil, fmt.Errorf("it takes longer than %v; simplify deeply nested lists, quotes or links", ConvertTimeout)
	}
}

// Distance returns the great-circle distance between two positions in km.
func Distance(a, b *Geo) float64 {
	const r = earthRadiusKm
	rad := math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLng := (b.Lng - a.Lng) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}
