package build

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// feedSize is the number of items in a feed: the most recently ranked records.
const feedSize = 50

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Self          atomLink  `xml:"atom:link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	Description string   `xml:"description,omitempty"`
	Category    []string `xml:"category,omitempty"`
	PubDate     string   `xml:"pubDate,omitempty"`
}

type rssGUID struct {
	Value     string `xml:",chardata"`
	Permalink string `xml:"isPermaLink,attr"`
}

// Ranked returns the OCOP-ranked records (goods and tourism) newest first:
// by rated year, then certificate date (undated last), then name in lang.
func Ranked(cat *catalog.Catalog, lang string) []*catalog.Product {
	var out []*catalog.Product
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		if p.Rated() {
			out = append(out, p)
		}
	}
	col := i18n.NewCollator(lang)
	issued := func(p *catalog.Product) time.Time {
		if p.Certificate == nil {
			return time.Time{}
		}
		return p.Certificate.Issued
	}
	slices.SortStableFunc(out, func(a, b *catalog.Product) int {
		if c := cmp.Compare(b.RatedYear, a.RatedYear); c != 0 {
			return c
		}
		if c := issued(b).Compare(issued(a)); c != 0 {
			return c
		}
		if c := col.Compare(a.Name.In(lang, cat.Site.DefaultLang), b.Name.In(lang, cat.Site.DefaultLang)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Feed returns the RSS 2.0 feed of newly ranked records in lang. Its dates
// come from the certificates, never from the clock.
func Feed(cat *catalog.Catalog, urls *site.URLs, ui *i18n.Strings, lang string) []byte {
	l := cat.Site.Lang(lang)
	def := cat.Site.DefaultLang
	ch := rssChannel{
		Title:       ui.T("feed.title", l.Title),
		Link:        urls.Abs(urls.Home(lang)),
		Self:        atomLink{Href: urls.Abs(render.FeedPath(urls, lang)), Rel: "self", Type: "application/rss+xml"},
		Description: l.Description,
		Language:    lang,
	}
	var latest time.Time
	items := Ranked(cat, lang)
	if len(items) > feedSize {
		items = items[:feedSize]
	}
	for _, p := range items {
		link := urls.Abs(urls.Record(lang, &p.Record))
		desc := ui.T("badge.label_year", p.Stars, p.RatedYear)
		if s := p.Summary.In(lang, def); s != "" {
			desc += ". " + s
		}
		it := rssItem{Title: p.Name.In(lang, def), Link: link, GUID: rssGUID{Value: link, Permalink: "true"}, Description: desc}
		if p.Category != nil {
			it.Category = append(it.Category, p.Category.Name.In(lang, def))
		}
		if p.Certificate != nil && !p.Certificate.Issued.IsZero() {
			it.PubDate = p.Certificate.Issued.Format(time.RFC1123Z)
			if p.Certificate.Issued.After(latest) {
				latest = p.Certificate.Issued
			}
		}
		ch.Items = append(ch.Items, it)
	}
	if !latest.IsZero() {
		ch.LastBuildDate = latest.Format(time.RFC1123Z)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	enc.Encode(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
	buf.WriteString("\n")
	return buf.Bytes()
}
