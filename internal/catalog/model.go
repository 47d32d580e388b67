package catalog

import (
	"net/url"
	"time"

	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/i18n"
)

// Language is one of the site's languages.
type Language struct {
	Code        string
	Name        string
	Title       string
	Description string
	Strings     *i18n.Strings // UI strings, set by the renderer's loader
}

// Contact is the publishing organisation's contact.
type Contact struct {
	Organisation, Phone, Email, Address string
}

// Site holds the settings of content/site.yaml.
type Site struct {
	BaseURL     *url.URL // always ends in '/'
	DefaultLang string
	Languages   []*Language // default first
	Province    string
	District    string
	Contact     Contact
	PageSize    int
}

// Lang returns the language with the given code, or nil.
func (s *Site) Lang(code string) *Language {
	for _, l := range s.Languages {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// Codes lists the language codes, default first.
func (s *Site) Codes() []string {
	out := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		out[i] = l.Code
	}
	return out
}

// Category is an OCOP product group.
type Category struct {
	Key         string
	Group       int
	Name        Text
	Description Text
	Subgroups   []*Subgroup
	Icon        string // an emoji-free short label used for placeholders
}

// Subgroup is a sub-group of a category.
type Subgroup struct {
	Key      string
	Name     Text
	Category *Category
}

// Record is what every bundle has.
type Record struct {
	ID         string // e.g. "products/mat-ong"
	Kind       content.Kind
	Slug       string
	Dir        string        // bundle folder relative to the site
	Files      Text          // Markdown file per language
	URLSlug    Text          // URL slug per language (translated slugs honoured)
	Translated PerLang[bool] // languages with a translation file (the default always)
	Name       Text
	Summary    Text
	Body       PerLang[Body] // rendered Markdown per language (missing: use default)
	Draft      bool
	Weight     int
	Resources  []content.Resource
	Hash       content.Hash
	Line       int // line of the name field, for diagnostics
	// Untranslated lists, per language with a translation file, the
	// translatable fields the default language has and the translation lacks
	// ("name", "summary", "tags", "price.unit", "images.alt", "body" …), sorted.
	Untranslated PerLang[[]string]

	slugPos PerLang[diag.Pos] // where the URL slug of each language is written, when it is
	ord     []int             // position in each language's name order (Catalog.orderLangs)
}

// RecordOf returns the Record of a *Product, *Subject, *Page or *Record,
// and nil for anything else.
func RecordOf(v any) *Record {
	switch v := v.(type) {
	case *Product:
		return &v.Record
	case *Subject:
		return &v.Record
	case *Page:
		return &v.Record
	case *Record:
		return v
	}
	return nil
}

// HasLang reports whether the record has its own text in lang.
func (r *Record) HasLang(lang string) bool { return r.Translated.At(lang) }

// Geo is a WGS84 position.
type Geo struct{ Lat, Lng float64 }

// Certificate is an OCOP recognition decision.
type Certificate struct {
	Number  string
	Issued  time.Time
	Issuer  string
	Expires time.Time
}

// Price is a price with its unit.
type Price struct {
	Amount   int64
	Currency string
	Unit     Text
	Free     bool // tickets only
}

// Image is a photo of a bundle.
type Image struct {
	File string // relative to the bundle
	Alt  Text
}

// Shop is a place to buy.
type Shop struct {
	Name, Address, Phone, URL string
}

// Subject is an OCOP subject (producer).
type Subject struct {
	Record
	Type                                  string
	Representative                        string
	Address, Commune, District, Province  string
	Phone, Email, Website, Facebook, Zalo string
	Geo                                   *Geo
	Logo                                  string
	Founded                               int
	Products                              []*Product // published products and tourism records, sorted by name
}

// Product is a product (goods) or a tourism record; IsTourism tells which.
type Product struct {
	Record
	IsTourism     bool
	Subject       *Subject
	Category      *Category
	Subgroup      *Subgroup
	Stars         int
	Score         int
	RatedYear     int
	Certificate   *Certificate
	Price         *Price
	Images        []Image
	Commune       string
	LegacyCommune string
	District      string
	Tags          List
	WhereToBuy    []Shop
	Featured      bool

	// Tourism only.
	TourKind      string
	Geo           *Geo
	OpeningHours  Text
	Ticket        *Price
	Activities    List
	BestSeason    Text
	HowToGetThere Text
}

// Rated reports whether the record is an OCOP product (has stars).
func (p *Product) Rated() bool { return p.Stars > 0 }

// Expired reports whether the certificate has expired on day today.
func (p *Product) Expired(today time.Time) bool {
	return p.Certificate != nil && !p.Certificate.Expires.IsZero() && p.Certificate.Expires.Before(today)
}

// Position returns where the record is: its own geo, else its subject's.
func (p *Product) Position() *Geo {
	if p.Geo != nil {
		return p.Geo
	}
	if p.Subject != nil {
		return p.Subject.Geo
	}
	return nil
}

// Page is a free page.
type Page struct {
	Record
	Menu string // "header", "footer" or ""
}

// Commune is a place with products or tourism records.
type Commune struct {
	Name     string
	Slug     string
	Products []*Product // goods and tourism, sorted by name
}
