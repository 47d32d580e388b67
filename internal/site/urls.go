package site

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/i18n"
)

// Segment names a translated URL segment.
type Segment string

// The translated segments.
const (
	SegProducts Segment = "products"
	SegGroups   Segment = "groups"
	SegStars    Segment = "stars"
	SegCommunes Segment = "communes"
	SegSubjects Segment = "subjects"
	SegTourism  Segment = "tourism"
	SegStats    Segment = "statistics"
	SegSearch   Segment = "search"
	SegQR       Segment = "qr"
	SegPrint    Segment = "print"
	SegLocal    Segment = "local"
	SegTypes    Segment = "types"
)

var segments = map[string]map[Segment]string{
	"vi": {SegProducts: "san-pham", SegGroups: "nhom", SegStars: "hang-sao", SegCommunes: "xa", SegSubjects: "chu-the",
		SegTourism: "du-lich", SegStats: "thong-ke", SegSearch: "tim-kiem", SegQR: "qr", SegPrint: "ban-in", SegLocal: "dac-san-dia-phuong",
		SegTypes: "loai-chu-the"},
	"en": {SegProducts: "products", SegGroups: "groups", SegStars: "stars", SegCommunes: "communes", SegSubjects: "producers",
		SegTourism: "tourism", SegStats: "statistics", SegSearch: "search", SegQR: "qr", SegPrint: "print", SegLocal: "local-products",
		SegTypes: "producer-types"},
}

// URLs is the site's URL scheme.
type URLs struct {
	Base     *url.URL // absolute, ends in '/'
	BasePath string   // Base.Path, e.g. "/" or "/ocop/"
	Default  string
	// slugs holds the default-language slugs of categories and sub-groups,
	// made once (CategorySlug, SubgroupSlug): every card links to one.
	slugs map[any]string
}

// NewURLs returns the scheme of a catalogue.
func NewURLs(c *catalog.Catalog) *URLs {
	u := &URLs{Base: c.Site.BaseURL, BasePath: c.Site.BaseURL.Path, Default: c.Site.DefaultLang, slugs: map[any]string{}}
	for _, cat := range c.Categories {
		u.slugs[cat] = i18n.Slugify(cat.Name.At(u.Default))
		for _, g := range cat.Subgroups {
			u.slugs[g] = i18n.Slugify(g.Name.At(u.Default))
		}
	}
	return u
}

// Seg returns a segment in lang (English for languages without their own).
func (u *URLs) Seg(lang string, s Segment) string {
	if m, ok := segments[lang]; ok {
		return m[s]
	}
	return segments["en"][s]
}

// Reserved reports whether a free page's slug would clash with a listing segment.
func (u *URLs) Reserved(lang, slug string) bool {
	m, ok := segments[lang]
	if !ok {
		m = segments["en"]
	}
	for _, v := range m {
		if v == slug {
			return true
		}
	}
	return slug == "media" || slug == "data" || slug == "assets" || slug == "page" || slug == "404.html"
}

// Home returns the home path of lang: "" for the default language, "en/" for English.
func (u *URLs) Home(lang string) string {
	if lang == u.Default {
		return ""
	}
	return lang + "/"
}

// Listing returns the path of a listing in lang.
func (u *URLs) Listing(lang string, s Segment) string { return u.Home(lang) + u.Seg(lang, s) + "/" }

// Record returns the path of a record's page in lang.
func (u *URLs) Record(lang string, r *catalog.Record) string {
	slug := r.URLSlug.At(lang)
	if slug == "" {
		slug = r.URLSlug.At(u.Default)
	}
	switch r.Kind {
	case content.Products:
		return u.Listing(lang, SegProducts) + slug + "/"
	case content.Tourism:
		return u.Listing(lang, SegTourism) + slug + "/"
	case content.Subjects:
		return u.Listing(lang, SegSubjects) + slug + "/"
	}
	return u.Home(lang) + slug + "/"
}

// CategorySlug is a category's URL slug in lang: the slug of its default-language
// name in the default language, its key elsewhere.
func (u *URLs) CategorySlug(lang string, c *catalog.Category) string {
	if lang == u.Default {
		s, ok := u.slugs[c]
		if !ok {
			s = i18n.Slugify(c.Name.At(lang))
		}
		if s != "" {
			return s
		}
	}
	return c.Key
}

// SubgroupSlug is a sub-group's URL slug in lang.
func (u *URLs) SubgroupSlug(lang string, g *catalog.Subgroup) string {
	if lang == u.Default {
		s, ok := u.slugs[g]
		if !ok {
			s = i18n.Slugify(g.Name.At(lang))
		}
		if s != "" {
			return s
		}
	}
	return g.Key
}

// Category returns a category's listing path.
func (u *URLs) Category(lang string, c *catalog.Category) string {
	if c.Key == "tourism" {
		return u.Listing(lang, SegTourism)
	}
	return u.Listing(lang, SegGroups) + u.CategorySlug(lang, c) + "/"
}

// Subgroup returns a sub-group's listing path.
func (u *URLs) Subgroup(lang string, g *catalog.Subgroup) string {
	return u.Listing(lang, SegGroups) + u.CategorySlug(lang, g.Category) + "/" + u.SubgroupSlug(lang, g) + "/"
}

// Stars returns the listing path of a star rank.
func (u *URLs) Stars(lang string, n int) string {
	word := "stars"
	if lang == "vi" {
		word = "sao"
	}
	return u.Listing(lang, SegStars) + fmt.Sprintf("%d-%s/", n, word)
}

// Commune returns a commune's listing path.
func (u *URLs) Commune(lang string, c *catalog.Commune) string {
	return u.Listing(lang, SegCommunes) + c.Slug + "/"
}

// StatsYear returns the statistics page of a year.
func (u *URLs) StatsYear(lang string, y int) string {
	return u.Listing(lang, SegStats) + fmt.Sprintf("%d/", y)
}

// NotFound returns the 404 page's path in lang.
func (u *URLs) NotFound(lang string) string { return u.Home(lang) + "404.html" }

// Paged returns the path of page n (1-based) of a listing.
func Paged(path string, n int) string {
	if n <= 1 {
		return path
	}
	return fmt.Sprintf("%spage/%d/", path, n)
}

// Rel returns the root-relative URL of a path: BasePath + path.
func (u *URLs) Rel(path string) string { return u.BasePath + path }

// Abs returns the absolute URL of a path.
func (u *URLs) Abs(path string) string {
	return u.Base.Scheme + "://" + u.Base.Host + u.BasePath + path
}

// Media returns the path of a bundle file, relative to the site root.
func (u *URLs) Media(r *catalog.Record, file string) string {
	return catalog.ResourceDir(r.Kind, r.Slug) + strings.TrimPrefix(file, "./")
}

// MediaURL is Media as the path of a URL: each part of the file's name
// escaped, so that a name with a space, "#", "?" or "%" in it (which phones
// and computers allow) links to the file, not to a fragment or a query.
func (u *URLs) MediaURL(r *catalog.Record, file string) string {
	parts := strings.Split(strings.TrimPrefix(file, "./"), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return catalog.ResourceDir(r.Kind, r.Slug) + strings.Join(parts, "/")
}

// File returns the output file of a path.
func File(path string) string {
	if path == "" || strings.HasSuffix(path, "/") {
		return path + "index.html"
	}
	return path
}
