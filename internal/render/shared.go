package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strconv"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/qr"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// shared holds what every page of a build may show and what does not depend
// on the page: the lists behind menus and filter panels, and fragments that
// several pages repeat. It is computed once per Renderer (the catalogue does
// not change during a build), so a page costs the same however large the
// catalogue grows.
type shared struct {
	once            sync.Once
	filterGroups    []*catalog.Category
	groups          []*catalog.Category
	starRanks       []int
	filterTypes     []string
	tourismCommunes []*catalog.Commune

	// Per language, computed on first use.
	mu      sync.Mutex
	perLang map[string]*langShared

	// The data mask of each QR code made, by a hash of the code's text.
	// Hashes, not the texts: a text kept from every record page to the end
	// of the build is a small string scattered among the garbage of the
	// pages rendered meanwhile, and each holds a heap span that could
	// otherwise be freed. Two texts with the same hash (SHA-256, 128 bits)
	// would share a mask, which gives a valid code all the same.
	qrMu    sync.Mutex
	qrMasks map[[16]byte]int
}

type langShared struct {
	frags    sync.Map // template name → *fragment (Shared)
	at       sync.Map // template name → *atFragment (SharedAt)
	partials sync.Map // partialKey → *fragment (Partial)
	cards    sync.Map // *catalog.Product → *fragment (CardHTML)
	filters  sync.Map // filterKey → *fragment (Filters)
}

// common returns the shared lists, computing them on first use.
func (r *Renderer) common() *shared {
	s := &r.shared
	s.once.Do(func() {
		c := r.cat
		have := map[*catalog.Category]bool{}
		for _, p := range c.Products {
			have[p.Category] = true
		}
		for _, cat := range c.Categories {
			if cat.Key != "tourism" && have[cat] {
				s.filterGroups = append(s.filterGroups, cat)
			}
			if have[cat] || (cat.Key == "tourism" && len(c.Tourism) > 0) {
				s.groups = append(s.groups, cat)
			}
		}
		stars := map[int]bool{}
		for _, p := range c.Products {
			stars[p.Stars] = true
		}
		for _, p := range c.Tourism {
			stars[p.Stars] = true
		}
		for n := 5; n >= 3; n-- {
			if stars[n] {
				s.starRanks = append(s.starRanks, n)
			}
		}
		types := map[string]bool{}
		for _, sb := range c.Subjects {
			if len(sb.Products) > 0 {
				types[sb.Type] = true
			}
		}
		for _, t := range catalog.SubjectTypes {
			if types[t] {
				s.filterTypes = append(s.filterTypes, t)
			}
		}
		for _, cm := range c.Communes {
			for _, p := range cm.Products {
				if p.IsTourism {
					s.tourismCommunes = append(s.tourismCommunes, cm)
					break
				}
			}
		}
		s.perLang = map[string]*langShared{}
	})
	return s
}

func (r *Renderer) langShared(lang string) *langShared {
	s := r.common()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.perLang[lang]
	if l == nil {
		l = &langShared{}
		s.perLang[lang] = l
	}
	return l
}

// encodeQR returns the QR code of text. A record's code appears on its page,
// on a label sheet and in the print catalogue: the data mask chosen the first
// time (scoring the eight masks is most of the work) is kept for the others.
func (r *Renderer) encodeQR(text string) (*qr.Code, error) {
	s := r.common()
	sum := sha256.Sum256([]byte(text))
	key := [16]byte(sum[:16])
	s.qrMu.Lock()
	m, ok := s.qrMasks[key]
	s.qrMu.Unlock()
	if ok {
		return r.qr.EncodeMask(text, m)
	}
	c, err := r.qr.Encode(text)
	if err != nil {
		return nil, err
	}
	s.qrMu.Lock()
	if s.qrMasks == nil {
		s.qrMasks = map[[16]byte]int{}
	}
	s.qrMasks[key] = c.Mask
	s.qrMu.Unlock()
	return c, nil
}

// sharedKind names the template set that renders shared fragments: a clone
// of the common templates that renders no page.
const sharedKind site.Kind = "\x00shared"

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

// Shared renders the named template once per language and returns that HTML
// on every page: for parts of a page that depend on the language alone (the
// footer, the search box), which would otherwise be rendered again for each
// of tens of thousands of pages. The template gets the page's data without
// the page (.Page is nil): a fragment that used it would differ from page to
// page, so using it is an error.
func (d *Data) Shared(name string) (template.HTML, error) {
	return cached(&d.r.langShared(d.Lang.Code).frags, name, func() (template.HTML, error) {
		h, err := d.r.execShared(name, d.bare())
		if err != nil {
			return "", fmt.Errorf("shared %q (a shared fragment may not use .Page): %w", name, err)
		}
		return h, nil
	})
}

// atFragment is a fragment of SharedAt: its HTML on pages it does not mark
// as current, the URLs it asked Current about, and its HTML on each page
// whose URL is one of them.
type atFragment struct {
	once  sync.Once
	html  template.HTML
	asked map[string]bool
	err   error
	at    sync.Map // URL → *fragment
}

// SharedAt is Shared for a fragment that marks the page it is on, such as a
// menu with aria-current on the link to the page itself: the template may
// call .Current (but not use .Page). It is rendered once per language with
// no page current, noting the URLs .Current was asked about; a page whose URL
// is not among them gets that HTML (every .Current answered false on it, so
// the template took the same way), and a page whose URL is gets the fragment
// rendered for it, kept for that URL. The main menu then costs one lookup on
// tens of thousands of pages instead of some fifty template calls.
func (d *Data) SharedAt(name string) (template.HTML, error) {
	v, _ := d.r.langShared(d.Lang.Code).at.LoadOrStore(name, &atFragment{})
	f := v.(*atFragment)
	f.once.Do(func() {
		bd := d.bare()
		bd.asked = map[string]bool{}
		f.html, f.err = d.r.execShared(name, bd)
		f.asked = bd.asked
	})
	if f.err != nil {
		return "", fmt.Errorf("shared %q (a shared fragment may not use .Page): %w", name, f.err)
	}
	if d.Page == nil {
		return f.html, nil
	}
	here := d.URL(d.Page.Path)
	if !f.asked[here] {
		return f.html, nil
	}
	return cached(&f.at, here, func() (template.HTML, error) {
		bd := d.bare()
		bd.here = here
		return d.r.execShared(name, bd)
	})
}

// partialKey names a Partial: a template and the value it was given.
type partialKey struct {
	name string
	data any
}

// Partial renders the named template with data as its dot once per language
// and value of data, like Hugo's partialCached with a variant key: for a
// small template shown many times with few different values, such as the
// star badge (a Badge) on record pages, label sheets and the print catalogue.
// data must be comparable (a struct of strings and numbers, a string); the
// template sees only it, not the page.
func (d *Data) Partial(name string, data any) (template.HTML, error) {
	key := partialKey{name, data}
	if !isComparable(data) {
		return "", fmt.Errorf("partial %q: a %T cannot be a key (use a struct of strings and numbers)", name, data)
	}
	return cached(&d.r.langShared(d.Lang.Code).partials, key, func() (template.HTML, error) {
		return d.r.execShared(name, data)
	})
}

// bare returns the page's data without the page, for fragments that are the
// same on every page of a language.
func (d *Data) bare() *Data {
	return &Data{Lang: d.Lang, Site: d.Site, Cat: d.Cat, Def: d.Def, Code: d.Code, r: d.r}
}

// cached returns the fragment stored under key in m, rendering it with
// render the first time; pages rendered at the same time wait for it.
func cached(m *sync.Map, key any, render func() (template.HTML, error)) (template.HTML, error) {
	v, ok := m.Load(key)
	if !ok {
		v, _ = m.LoadOrStore(key, &fragment{})
	}
	f := v.(*fragment)
	f.once.Do(func() { f.html, f.err = render() })
	return f.html, f.err
}

// execShared renders a named template of the shared set.
func (r *Renderer) execShared(name string, data any) (template.HTML, error) {
	t := r.sets[sharedKind]
	if t == nil {
		return "", fmt.Errorf("%q: no fragment templates", name)
	}
	// A pooled buffer, as for pages: the string is copied out of it, and a
	// new buffer per card (tens of thousands) grew from 64 bytes each time.
	buf := r.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.pool.Put(buf)
	if err := r.exec(t, sharedKind, name, buf, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// CardHTML returns a record's card (the "card" partial) in this language. A
// card is the same on every listing that shows it (links are site-rooted),
// so it is rendered once per record and language however many listings,
// pages and profiles repeat it: a listing page costs the joining of its
// cards, which keeps large catalogues fast. The partial gets a CardData whose
// D has no page.
func (d *Data) CardHTML(p *catalog.Product) (template.HTML, error) {
	return cached(&d.r.langShared(d.Lang.Code).cards, p, func() (template.HTML, error) {
		h, err := d.r.execShared("card", CardData{d.bare(), p})
		if err != nil {
			return "", fmt.Errorf("card of %s (a card may not use .D.Page): %w", p.ID, err)
		}
		return h, nil
	})
}

// filterKey identifies a listing's filter panel: what it shows depends on
// the listing (its scope; a commune's listing is scoped to its commune) and,
// for aria-current, on the page's own address, which only the first page of
// a listing can share with a link of the panel.
type filterKey struct {
	kind    site.Kind
	f, v    string
	current string
}

// Filters returns the listing's filter panel (the "filters" partial),
// rendered once for all the pages of a listing after its first.
func (d *Data) Filters() (template.HTML, error) {
	pg := d.Page
	k := filterKey{kind: pg.Kind}
	if s := d.FilterScope(); s != nil {
		k.f, k.v = s.F, s.V
	}
	if pg.Pager == nil || pg.Pager.Number <= 1 {
		k.current = pg.Path
	}
	return cached(&d.r.langShared(d.Lang.Code).filters, k, func() (template.HTML, error) {
		h, err := d.r.execShared("filters", d)
		if err != nil {
			return "", fmt.Errorf("filters of %s: %w", pg.Path, err)
		}
		return h, nil
	})
}

// ReleaseFragments forgets the cards and filter panels kept for the pages of
// the languages given, or of every language when none is (a national
// catalogue's are some 60 MB). Pages rendered afterwards render them again.
func (r *Renderer) ReleaseFragments(langs ...string) {
	s := r.common()
	s.mu.Lock()
	defer s.mu.Unlock()
	for code, l := range s.perLang {
		if len(langs) == 0 || slices.Contains(langs, code) {
			l.cards.Clear()
			l.filters.Clear()
		}
	}
}

// SiteWideKey serialises the catalogue-wide lists that parts of every page
// are made from: those behind the menus, the footer and the filter panels
// (which groups, star ranks, producer types and communes have records, and
// the rated years). A build hashes it into every page's fingerprint, so a
// change of the catalogue that leaves these lists as they were (an edit, a
// new product in a group that had some) touches only the pages that show the
// records concerned. It reads the same lists the templates get.
func (r *Renderer) SiteWideKey() []byte {
	s := r.common()
	var buf []byte
	field := func(v string) { buf = append(append(buf, v...), 0) }
	num := func(n int) { buf = append(strconv.AppendInt(buf, int64(n), 10), 0) }
	end := func() { buf = append(buf, 1) }
	for _, l := range [][]*catalog.Category{s.filterGroups, s.groups} {
		for _, c := range l {
			field(c.Key)
		}
		end()
	}
	for _, n := range s.starRanks {
		num(n)
	}
	end()
	for _, t := range s.filterTypes {
		field(t)
	}
	end()
	for _, y := range r.cat.Stats.Years {
		num(y.Year)
	}
	end()
	// A filter panel names the communes with the most records, with the
	// page's own always among them: the top limit-1 and the top limit decide
	// it for any page (site.TopCommunes).
	for _, tourism := range []bool{false, true} {
		all := r.cat.Communes
		if tourism {
			all = s.tourismCommunes
		}
		for _, n := range []int{site.FilterCommunes - 1, site.FilterCommunes} {
			for _, c := range site.TopCommunes(all, tourism, nil, n) {
				field(c.Slug)
			}
			end()
		}
		if len(all) > site.FilterCommunes { // "more communes"
			field("+")
		}
		end()
	}
	return buf
}

// isComparable reports whether v can be a map key without panicking.
func isComparable(v any) bool {
	t := reflect.TypeOf(v)
	return t == nil || t.Comparable()
}
