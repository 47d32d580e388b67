package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// TestCatalogueJSONLayout checks that data/catalogue.json, written record by
// record, is laid out exactly as encoding/json indents the whole document
// (one space, keys sorted), so that an unminified build stays readable and
// deterministic: the output must equal json.Indent of its compact form, for
// a catalogue with every list filled and with lists left empty.
// TestCatalogueJSONCompact checks that the compact document, written record
// by record, is the indented document compacted whole (json.Compact), byte
// for byte, and that its numbers are written as encoding/json writes them:
// a price stays 15000, never 15e3 as the site's JSON minifier would have it.
func TestCatalogueJSONCompact(t *testing.T) {
	for _, name := range []string{"full", "empty"} {
		cat, ds := New(Options{Src: copySite(t, "testdata/mini")}).Load()
		if cat == nil {
			t.Fatalf("mini site does not load: %v", ds)
		}
		if name == "empty" {
			cat.Products, cat.Tourism, cat.Subjects = nil, nil, nil
		}
		urls := site.NewURLs(cat)
		indented, err := catalogueJSON(cat, urls, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Compact(&want, indented); err != nil {
			t.Fatal(err)
		}
		got, err := catalogueJSON(cat, urls, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: compact record by record:\n%s\ncompacted whole:\n%s", name, got, want.Bytes())
		}
		if name == "full" {
			if !bytes.Contains(got, []byte(`"amount":`)) {
				t.Fatal("the mini site has no price: the number check below checks nothing")
			}
			if m := regexp.MustCompile(`:-?[0-9.]+[eE]`).Find(got); m != nil {
				t.Errorf("a number in exponent form: %s", m)
			}
		}
	}
}

func TestCatalogueJSONLayout(t *testing.T) {
	load := func() *catalog.Catalog {
		cat, ds := New(Options{Src: copySite(t, "testdata/mini")}).Load()
		if cat == nil {
			t.Fatalf("mini site does not load: %v", ds)
		}
		return cat
	}
	cat, noTourism, empty := load(), load(), load()
	if len(cat.Products) < 2 || len(cat.Tourism) == 0 || len(cat.Subjects) == 0 {
		t.Fatalf("mini site has %d products, %d tourism records, %d subjects: the test needs each list", len(cat.Products), len(cat.Tourism), len(cat.Subjects))
	}
	noTourism.Tourism = nil
	empty.Products, empty.Tourism, empty.Subjects = nil, nil, nil
	for _, c := range []struct {
		name string
		cat  *catalog.Catalog
		n    int // records expected
	}{
		{"full", cat, len(cat.Products) + len(cat.Tourism) + len(cat.Subjects)},
		{"no tourism", noTourism, len(cat.Products) + len(cat.Subjects)},
		{"empty", empty, 0},
	} {
		name, cc := c.name, c.cat
		got, err := catalogueJSON(cc, site.NewURLs(cc), nil, false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var compact, want bytes.Buffer
		if err := json.Compact(&compact, got); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", name, err, got)
		}
		if err := json.Indent(&want, compact.Bytes(), "", " "); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: layout differs from encoding/json's:\n%s", name, got)
			continue
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(got, &doc); err != nil {
			t.Fatal(err)
		}
		keys := slices.Sorted(maps.Keys(doc))
		if !slices.Equal(keys, []string{"products", "site", "stats", "subjects", "tourism"}) {
			t.Errorf("%s: keys %v", name, keys)
		}
		n := 0
		for _, k := range []string{"products", "subjects", "tourism"} {
			var list []json.RawMessage
			if err := json.Unmarshal(doc[k], &list); err != nil || list == nil {
				t.Errorf("%s: %s is not a list (%v): %s", name, k, err, doc[k])
			}
			n += len(list)
		}
		if n != c.n {
			t.Errorf("%s: %d records, want %d", name, n, c.n)
		}
	}
}

// sitemapU and xhtmlAlt are a sitemap's <url> for encoding/xml: the
// reference the written sitemap is compared with.
type sitemapU struct {
	Loc   string     `xml:"loc"`
	Links []xhtmlAlt `xml:"xhtml:link"`
}

type xhtmlAlt struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// TestSitemapLayout checks that sitemap.xml, written URL by URL, is the
// document encoding/xml makes of the whole urlset, indented by one space,
// for the mini site's pages and for none.
func TestSitemapLayout(t *testing.T) {
	type urlset struct {
		XMLName xml.Name   `xml:"urlset"`
		NS      string     `xml:"xmlns,attr"`
		XHTML   string     `xml:"xmlns:xhtml,attr"`
		URLs    []sitemapU `xml:"url"`
	}
	cat, ds := New(Options{Src: copySite(t, "testdata/mini")}).Load()
	if cat == nil {
		t.Fatalf("mini site does not load: %v", ds)
	}
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	for _, c := range []struct {
		name  string
		pages []*site.Page
	}{{"mini", pages}, {"none", nil}, {"escaped", []*site.Page{{Kind: site.ProductPg, Lang: "vi", Translated: true, Path: "/a&b'c/",
		Alternates: []site.Alt{{Lang: "vi", Path: "/a&b'c/"}, {Lang: "en", Path: "/en/\"<x>\"/"}}}}}} {
		got := sitemap(urls, c.pages)
		if c.name != "escaped" && cap(got) != len(got)+1 {
			t.Errorf("%s: %d bytes in a buffer of %d: the size made in advance is wrong", c.name, len(got), cap(got))
		}
		// The reference: the whole urlset, decoded from the output and
		// encoded in one piece.
		var in struct {
			URLs []struct {
				Loc   string     `xml:"loc"`
				Links []xhtmlAlt `xml:"http://www.w3.org/1999/xhtml link"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(got, &in); err != nil {
			t.Fatalf("%s: not XML: %v\n%s", c.name, err, got)
		}
		us := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
		for _, u := range in.URLs {
			us.URLs = append(us.URLs, sitemapU{Loc: u.Loc, Links: u.Links})
		}
		links := 0
		for _, u := range us.URLs {
			links += len(u.Links)
		}
		if c.name == "mini" && (len(us.URLs) < 10 || links == 0) {
			t.Fatalf("%s: %d URLs with %d alternates: the test needs both", c.name, len(us.URLs), links)
		}
		var want bytes.Buffer
		want.WriteString(xml.Header)
		enc := xml.NewEncoder(&want)
		enc.Indent("", " ")
		if err := enc.Encode(us); err != nil {
			t.Fatal(err)
		}
		want.WriteString("\n")
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: layout differs from encoding/xml's:\n%s\nwant:\n%s", c.name, got, want.Bytes())
		}
	}
}

// TestSitemapSplit checks that a sitemap over the protocol's limits is
// written as parts within them, listed in order by a sitemap index at
// sitemap.xml, and that one within them is written as before.
func TestSitemapSplit(t *testing.T) {
	cat, ds := New(Options{Src: copySite(t, "testdata/mini")}).Load()
	if cat == nil {
		t.Fatalf("mini site does not load: %v", ds)
	}
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	locs := func(t *testing.T, data []byte) []string {
		var doc struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("not XML: %v\n%s", err, data)
		}
		var out []string
		for _, u := range doc.URLs {
			out = append(out, u.Loc)
		}
		return out
	}
	whole := sitemap(urls, pages)
	all := locs(t, whole)
	if len(all) < 10 {
		t.Fatalf("the mini site's sitemap has %d URLs; the test needs more", len(all))
	}
	for _, lim := range []limits{{urls: 1000, bytes: 1 << 20}, {urls: 4, bytes: 1 << 20}, {urls: 1000, bytes: 3000}, {urls: len(all), bytes: len(whole)}} {
		files := map[string][]byte{}
		var order []string
		err := sitemaps(urls, pages, lim, func(name string, data []byte) error {
			files[name] = data
			order = append(order, name)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) <= lim.urls && len(whole) <= lim.bytes {
			if !slices.Equal(order, []string{"sitemap.xml"}) || !bytes.Equal(files["sitemap.xml"], whole) {
				t.Errorf("%+v: wrote %v; want sitemap.xml alone, as before", lim, order)
			}
			continue
		}
		if order[len(order)-1] != "sitemap.xml" {
			t.Fatalf("%+v: wrote %v; want the index last", lim, order)
		}
		var index struct {
			XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
			Parts   []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
		}
		if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil {
			t.Fatalf("%+v: the index: %v\n%s", lim, err, files["sitemap.xml"])
		}
		if len(index.Parts) != len(order)-1 || len(index.Parts) < 2 {
			t.Fatalf("%+v: the index lists %d parts, %d were written", lim, len(index.Parts), len(order)-1)
		}
		var joined []string
		for i, p := range index.Parts {
			name := order[i]
			if p.Loc != urls.Abs(name) {
				t.Errorf("%+v: part %d is %s, the index says %s", lim, i+1, name, p.Loc)
			}
			part := locs(t, files[name])
			if len(part) == 0 || len(part) > lim.urls || len(files[name]) > lim.bytes {
				t.Errorf("%+v: %s has %d URLs in %d bytes", lim, name, len(part), len(files[name]))
			}
			joined = append(joined, part...)
		}
		if !slices.Equal(joined, all) {
			t.Errorf("%+v: the parts list %d URLs, the whole sitemap %d (or in another order)", lim, len(joined), len(all))
		}
	}
}

// catalogueJSON returns what writeCatalogueJSON writes.
func catalogueJSON(cat *catalog.Catalog, urls *site.URLs, stop func() bool, compact bool) ([]byte, error) {
	var b bytes.Buffer
	err := writeCatalogueJSON(&b, cat, urls, stop, compact)
	return b.Bytes(), err
}
