package build_test

// End-to-end checks of the production output (issue 5): the example site is
// built twice through the command line under a subpath base URL, then the two
// outputs are compared byte for byte, every URL in pages, sitemap, feeds and
// open data is resolved against the output, every JSON-LD block is parsed and
// its types counted, precompressed twins are checked against their originals,
// and the compressed weight of each page type is measured.

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	thtml "github.com/tdewolff/parse/v2/html"

	"github.com/tdewolff/parse/v2"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/cli"
	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/output"
)

const (
	subBase   = "https://x.github.io/ocop/"
	subPath   = "/ocop/"
	ownHost   = "ocop.khanhson.example" // site.yaml's base_url host, overridden here
	epoch     = "1795824000"            // 2026-11-28T00:00:00Z
	weightCap = 14 * 1024               // one round trip on a slow mobile link
)

// cliBuild runs `ocop build` on the example site (the repository root) into
// a new folder and returns it.
func cliBuild(t *testing.T, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	env := cli.Env{Stdout: io.Discard, Stderr: &stderr, Builtin: ocop.Builtin, Getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return epoch
		}
		return ""
	}}
	src := t.TempDir()
	if err := fixture.CopySite(src, "../.."); err != nil {
		t.Fatal(err)
	}
	args = append([]string{"build", "--src", src, "--out", out}, args...)
	if code := cli.Run(args, env); code != cli.ExitOK {
		t.Fatalf("ocop %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return out
}

// files reads every file of a folder: slash path → content.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestProductionOutput builds the example site twice, with one and with
// several threads, under a subpath base URL with every precompressed twin,
// and checks the output.
func TestProductionOutput(t *testing.T) {
	args := []string{"--base-url", subBase, "--precompress=all"}
	prev := runtime.GOMAXPROCS(1)
	a := cliBuild(t, args...)
	runtime.GOMAXPROCS(max(prev, 4))
	b := cliBuild(t, args...)
	runtime.GOMAXPROCS(prev)
	fa, fb := files(t, a), files(t, b)

	t.Run("reproducible", func(t *testing.T) {
		ka, kb := slices.Sorted(maps.Keys(fa)), slices.Sorted(maps.Keys(fb))
		if !slices.Equal(ka, kb) {
			t.Fatalf("the two builds wrote different files:\n%v\n%v", ka, kb)
		}
		diff := 0
		for _, k := range ka {
			if !bytes.Equal(fa[k], fb[k]) {
				diff++
				t.Errorf("%s differs between two builds of the same input", k)
			}
		}
		t.Logf("%d files compared byte for byte, %d differ", len(ka), diff)
	})

	o := &site{t: t, files: fa, ids: map[string]map[string]bool{}}
	o.scan()
	t.Run("links", o.checkLinks)
	t.Run("jsonld", o.checkJSONLD)
	t.Run("sitemap-feeds-data", o.checkDataFiles)
	t.Run("precompressed", o.checkTwins)
	t.Run("headers", o.checkHeaders)
	t.Run("weight", o.checkWeight)
}

// site is a built output under subBase.
type site struct {
	t     *testing.T
	files map[string][]byte
	pages []*page
	ids   map[string]map[string]bool // HTML file → element ids
}

type page struct {
	file    string
	kind    string   // from <body class="k-…">
	refs    []string // URLs in attributes, as written
	css     []string // stylesheet URLs
	jsonld  []string // JSON-LD blocks
	blocker []string // render-blocking scripts in <head>
	inline  int      // inline script elements that are not JSON-LD
}

var kindRe = regexp.MustCompile(`<body class="k-([a-z0-9-]+)`)

// svgHref finds links inside inline SVG, which the HTML lexer returns whole.
var svgHref = regexp.MustCompile(`\s(?:xlink:)?href="([^"]*)"`)

// urlAttrs are the attributes holding one URL; srcset holds several.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "poster": true, "data": true, "formaction": true, "cite": true}

// scan lexes every HTML page once.
func (o *site) scan() {
	for _, f := range slices.Sorted(maps.Keys(o.files)) {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		data := o.files[f]
		pg := &page{file: f}
		if m := kindRe.FindSubmatch(data); m != nil {
			pg.kind = string(m[1])
		}
		ids := map[string]bool{}
		l := thtml.NewLexer(parse.NewInputBytes(data))
		var tag string
		attrs := map[string]string{}
		inHead, inLD := false, false
		for {
			tt, raw := l.Next()
			switch tt {
			case thtml.ErrorToken:
				if l.Err() != io.EOF {
					o.t.Errorf("%s: %v", f, l.Err())
				}
				goto done
			case thtml.StartTagToken:
				tag = string(l.Text())
				clear(attrs)
				if tag == "head" {
					inHead = true
				}
			case thtml.AttributeToken:
				k := strings.ToLower(string(l.AttrKey()))
				v := html.UnescapeString(strings.Trim(string(l.AttrVal()), `"'`))
				attrs[k] = v
				switch {
				case urlAttrs[k]:
					pg.refs = append(pg.refs, v)
				case k == "srcset":
					for _, c := range strings.Split(v, ",") {
						if fs := strings.Fields(c); len(fs) > 0 {
							pg.refs = append(pg.refs, fs[0])
						}
					}
				case k == "content" && strings.Contains(v, "://"):
					pg.refs = append(pg.refs, v) // og:url, og:image
				case k == "id":
					ids[v] = true
				}
			case thtml.StartTagCloseToken, thtml.StartTagVoidToken:
				if tag == "link" && attrs["rel"] == "stylesheet" {
					pg.css = append(pg.css, attrs["href"])
				}
				if tag == "script" {
					inLD = attrs["type"] == "application/ld+json"
					if _, src := attrs["src"]; !src && !inLD {
						pg.inline++
					}
					_, async := attrs["async"]
					_, deferred := attrs["defer"]
					if inHead && !inLD && !async && !deferred && attrs["type"] != "module" {
						pg.blocker = append(pg.blocker, fmt.Sprintf("<script src=%q>", attrs["src"]))
					}
				}
			case thtml.TextToken:
				if tag == "script" && inLD {
					pg.jsonld = append(pg.jsonld, string(raw))
					inLD = false
				}
			case thtml.SVGToken:
				for _, m := range svgHref.FindAllSubmatch(raw, -1) {
					pg.refs = append(pg.refs, html.UnescapeString(string(m[1])))
				}
			case thtml.EndTagToken:
				if string(l.Text()) == "head" {
					inHead = false
				}
				tag = ""
			}
		}
	done:
		o.ids[f] = ids
		o.pages = append(o.pages, pg)
	}
	if len(o.pages) < 50 {
		o.t.Fatalf("only %d pages in the example site", len(o.pages))
	}
}

// resolve checks that ref, found in file from, points inside the base URL at a
// file of the output (and at an element of it, for a fragment). External
// URLs are not followed, except that none may point at site.yaml's own host.
func (o *site) resolve(from, ref string) error {
	base, _ := url.Parse(subBase + from)
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return fmt.Errorf("unparsable URL %q", ref)
	}
	switch u.Scheme {
	case "mailto", "tel", "geo", "sms", "data":
		return nil
	case "javascript":
		return fmt.Errorf("javascript: URL %q", ref)
	}
	u = base.ResolveReference(u)
	if u.Host == ownHost {
		return fmt.Errorf("%q points at site.yaml's base URL, not the --base-url override", ref)
	}
	if u.Host != "x.github.io" {
		return nil // external
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%q is not https", ref)
	}
	if !strings.HasPrefix(u.Path, subPath) {
		return fmt.Errorf("%q is outside the base path %s", ref, subPath)
	}
	rel := strings.TrimPrefix(u.Path, subPath)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if _, ok := o.files[rel]; !ok {
		return fmt.Errorf("%q: no file %s in the output", ref, rel)
	}
	if u.Fragment != "" && strings.HasSuffix(rel, ".html") && !o.ids[rel][u.Fragment] {
		return fmt.Errorf("%q: %s has no element with id %q", ref, rel, u.Fragment)
	}
	return nil
}

func (o *site) checkLinks(t *testing.T) {
	n := 0
	for _, pg := range o.pages {
		for _, ref := range pg.refs {
			n++
			if err := o.resolve(pg.file, ref); err != nil {
				t.Errorf("%s: %v", pg.file, err)
			}
		}
	}
	t.Logf("%d URLs in %d pages resolved", n, len(o.pages))
}

// jsonURLs calls f for every string of a JSON value that looks like a URL.
func jsonURLs(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "/") {
			f(v)
		}
	case []any:
		for _, e := range v {
			jsonURLs(e, f)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			jsonURLs(v[k], f)
		}
	}
}

// jsonTypes counts the @type of every object in a JSON value.
func jsonTypes(v any, count map[string]int) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			jsonTypes(e, count)
		}
	case map[string]any:
		if s, ok := v["@type"].(string); ok {
			count[s]++
		}
		for _, e := range v {
			jsonTypes(e, count)
		}
	}
}

func (o *site) checkJSONLD(t *testing.T) {
	all := map[string]int{}      // every @type, nested included
	top := map[string]int{}      // types of the blocks themselves
	byKind := map[string][]any{} // blocks per page kind
	blocks := 0
	for _, pg := range o.pages {
		kinds := map[string]map[string]any{}
		for _, js := range pg.jsonld {
			blocks++
			if strings.Contains(strings.ToLower(js), "</script") {
				t.Errorf("%s: a JSON-LD block contains </script", pg.file)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(js), &v); err != nil {
				t.Errorf("%s: JSON-LD does not parse: %v\n%s", pg.file, err, js)
				continue
			}
			if v["@context"] != "https://schema.org" {
				t.Errorf("%s: JSON-LD @context is %v", pg.file, v["@context"])
			}
			typ, _ := v["@type"].(string)
			top[typ]++
			kinds[typ] = v
			jsonTypes(v, all)
			byKind[pg.kind] = append(byKind[pg.kind], v)
			jsonURLs(v, func(u string) {
				if err := o.resolve(pg.file, u); err != nil {
					t.Errorf("%s: JSON-LD: %v", pg.file, err)
				}
			})
		}
		if kinds["BreadcrumbList"] == nil {
			t.Errorf("%s: no BreadcrumbList", pg.file)
		}
		want := map[string][]string{"home": {"WebSite"}, "product": {"Product"}, "tourism": {"TouristAttraction"}, "subject": {"Organization", "LocalBusiness"}}[pg.kind]
		if want != nil && !slices.ContainsFunc(want, func(w string) bool { return kinds[w] != nil }) {
			t.Errorf("%s (%s): no %s block", pg.file, pg.kind, strings.Join(want, " or "))
		}
		if p := kinds["Product"]; p != nil {
			checkProduct(t, pg.file, p)
		}
		if p := kinds["TouristAttraction"]; p != nil {
			if g, ok := p["geo"].(map[string]any); !ok || g["@type"] != "GeoCoordinates" || g["latitude"] == nil || g["longitude"] == nil {
				t.Errorf("%s: TouristAttraction without GeoCoordinates: %v", pg.file, p["geo"])
			}
		}
	}
	t.Logf("%d JSON-LD blocks in %d pages; block types %v; all types %v", blocks, len(o.pages), top, all)
	for _, typ := range []string{"Product", "TouristAttraction", "BreadcrumbList", "WebSite", "Organization", "LocalBusiness", "GeoCoordinates", "Offer", "Brand"} {
		if all[typ] == 0 {
			t.Errorf("no %s anywhere in the example site", typ)
		}
	}
}

// checkProduct checks a Product block: brand, award naming the rank and
// year, offers in VND.
func checkProduct(t *testing.T, file string, p map[string]any) {
	t.Helper()
	if b, ok := p["brand"].(map[string]any); !ok || b["name"] == "" {
		t.Errorf("%s: Product without brand: %v", file, p["brand"])
	}
	if aw, ok := p["award"].(string); ok && !regexp.MustCompile(`OCOP.*\d.*20\d\d|\d.*OCOP.*20\d\d`).MatchString(aw) {
		t.Errorf("%s: award %q does not name the rank and year", file, aw)
	}
	if of, ok := p["offers"].(map[string]any); ok {
		if of["priceCurrency"] != "VND" || of["price"] == nil {
			t.Errorf("%s: offer %v is not in VND", file, of)
		}
	}
}

type xmlLink struct {
	Href string `xml:"href,attr"`
}

func (o *site) checkDataFiles(t *testing.T) {
	// Sitemap: every loc and alternate resolves.
	var sm struct {
		URLs []struct {
			Loc   string    `xml:"loc"`
			Links []xmlLink `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(o.files["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	alts := 0
	for _, u := range sm.URLs {
		if err := o.resolve("sitemap.xml", u.Loc); err != nil || !strings.HasPrefix(u.Loc, subBase) {
			t.Errorf("sitemap.xml: %v (%s)", err, u.Loc)
		}
		for _, l := range u.Links {
			alts++
			if err := o.resolve("sitemap.xml", l.Href); err != nil || !strings.HasPrefix(l.Href, subBase) {
				t.Errorf("sitemap.xml: alternate: %v (%s)", err, l.Href)
			}
		}
	}
	if len(sm.URLs) < 50 || alts == 0 {
		t.Errorf("sitemap.xml: %d URLs, %d alternates", len(sm.URLs), alts)
	}
	// robots.txt names the sitemap.
	if !strings.Contains(string(o.files["robots.txt"]), "Sitemap: "+subBase+"sitemap.xml") {
		t.Errorf("robots.txt does not point at the sitemap:\n%s", o.files["robots.txt"])
	}
	// Feeds: one per language, items newest first, dates from certificates.
	for _, f := range []string{"feed.xml", "en/feed.xml"} {
		var feed struct {
			Channel struct {
				Links []struct {
					XMLName xml.Name
					Href    string `xml:"href,attr"`
					Text    string `xml:",chardata"`
				} `xml:"link"` // RSS <link> and <atom:link rel="self">
				Items []struct {
					Link    string `xml:"link"`
					GUID    string `xml:"guid"`
					PubDate string `xml:"pubDate"`
				} `xml:"item"`
			} `xml:"channel"`
		}
		data, ok := o.files[f]
		if !ok {
			t.Errorf("no %s", f)
			continue
		}
		if err := xml.Unmarshal(data, &feed); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		ch := feed.Channel
		if len(ch.Items) == 0 {
			t.Errorf("%s has no items", f)
		}
		var refs []string
		for _, l := range ch.Links {
			if l.XMLName.Space == "http://www.w3.org/2005/Atom" {
				refs = append(refs, l.Href)
			} else {
				refs = append(refs, l.Text)
			}
		}
		if len(refs) != 2 {
			t.Errorf("%s: want a <link> and an <atom:link>, got %v", f, ch.Links)
		}
		var last time.Time
		for i, it := range ch.Items {
			refs = append(refs, it.Link)
			if it.PubDate == "" {
				continue
			}
			d, err := time.Parse(time.RFC1123Z, it.PubDate)
			if err != nil {
				t.Errorf("%s: item %d: pubDate: %v", f, i, err)
			}
			if i > 0 && !last.IsZero() && d.After(last) && d.Year() == last.Year() {
				t.Errorf("%s: item %d (%s) is newer than the one before it", f, i, it.PubDate)
			}
			last = d
		}
		for _, r := range refs {
			if err := o.resolve(f, r); err != nil || !strings.HasPrefix(r, subBase) {
				t.Errorf("%s: %v (%s)", f, err, r)
			}
		}
		// Every page of the language links to its feed.
		feedURL := subPath + f
		for _, pg := range o.pages {
			if strings.HasPrefix(pg.file, "en/") == strings.HasPrefix(f, "en/") && !slices.Contains(pg.refs, feedURL) {
				t.Errorf("%s does not link to %s", pg.file, feedURL)
				break
			}
		}
	}
	// Open data and every other JSON file: every URL resolves.
	n := 0
	for _, f := range slices.Sorted(maps.Keys(o.files)) {
		if path.Ext(f) != ".json" {
			continue
		}
		var v any
		if err := json.Unmarshal(o.files[f], &v); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		jsonURLs(v, func(u string) {
			n++
			if err := o.resolve(f, u); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		})
	}
	rows, err := csv.NewReader(bytes.NewReader(o.files["data/products.csv"])).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("data/products.csv: %v, %d rows", err, len(rows))
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if strings.HasPrefix(cell, "http") {
				n++
				if err := o.resolve("data/products.csv", cell); err != nil {
					t.Errorf("data/products.csv: %v", err)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d URLs in the data files", n)
	}
	// Stylesheets: url() and @import point at files of the output.
	for _, f := range slices.Sorted(maps.Keys(o.files)) {
		if path.Ext(f) != ".css" {
			continue
		}
		for _, m := range cssRef.FindAllSubmatch(o.files[f], -1) {
			ref := string(bytes.Trim(slices.Concat(m[1:]...), `"' `))
			if ref == "" || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
				continue
			}
			if err := o.resolve(f, ref); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	t.Logf("%d URLs in data files resolved", n)
}

// cssRef finds url(…) and @import "…" in a stylesheet.
var cssRef = regexp.MustCompile(`url\(([^)]*)\)|@import\s*("[^"]*"|'[^']*')`)

// checkTwins checks that every .gz and .br file holds its original, and that
// assets, data files and (with --precompress=all) pages have them.
func (o *site) checkTwins(t *testing.T) {
	twins := 0
	for f, data := range o.files {
		var r io.Reader
		switch path.Ext(f) {
		case ".gz":
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if zr.Name != "" || !zr.ModTime.IsZero() {
				t.Errorf("%s: gzip header has name %q, time %v", f, zr.Name, zr.ModTime)
			}
			r = zr
		case ".br":
			r = brotli.NewReader(bytes.NewReader(data))
		default:
			continue
		}
		twins++
		got, err := io.ReadAll(r)
		orig := strings.TrimSuffix(strings.TrimSuffix(f, ".gz"), ".br")
		if err != nil || !bytes.Equal(got, o.files[orig]) {
			t.Errorf("%s does not decompress to %s (%v)", f, orig, err)
		}
	}
	for _, f := range []string{"index.html", "sitemap.xml", "data/catalogue.json", "feed.xml"} {
		for _, z := range []string{".gz", ".br"} {
			if _, ok := o.files[f+z]; !ok {
				t.Errorf("no %s%s", f, z)
			}
		}
	}
	for f := range o.files {
		if strings.HasPrefix(f, "assets/") && strings.HasSuffix(f, ".css") {
			if _, ok := o.files[f+".br"]; !ok {
				t.Errorf("no %s.br", f)
			}
		}
	}
	t.Logf("%d precompressed twins", twins)
}

func (o *site) checkHeaders(t *testing.T) {
	h := string(o.files["_headers"])
	immutable := false
	for _, line := range strings.Split(h, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, " ") {
			continue
		}
		if !strings.HasPrefix(line, subPath) {
			t.Errorf("_headers: rule %q is outside the base path", line)
		}
		if line == subPath+"assets/*" {
			immutable = true
		}
	}
	if !immutable || !strings.Contains(h, "immutable") || !strings.Contains(h, "max-age=600") {
		t.Errorf("_headers lacks the immutable asset rule or the short page rule:\n%s", h)
	}
	// Written after the search index, which is made beside the open data:
	// its shards, named by their content, are kept for a year.
	for _, lang := range []string{"vi", "en"} {
		if rule := subPath + "data/search/" + lang + "/t/*\n  Cache-Control: " + output.CacheImmutable + "\n"; !strings.Contains(h, rule) {
			t.Errorf("_headers lacks the rule %q", rule)
		}
	}
}

func gzipSize(t *testing.T, data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// checkWeight measures each page's HTML plus its CSS, each gzipped, as a
// browser fetches them on a first visit, and reports the heaviest page of
// each type. A product page must fit in 14 KB; no page may have a
// render-blocking script.
func (o *site) checkWeight(t *testing.T) {
	type heaviest struct {
		file      string
		html, css int
		n         int
	}
	worst := map[string]*heaviest{}
	cssSize := map[string]int{} // each stylesheet is measured once
	for _, pg := range o.pages {
		if len(pg.blocker) > 0 {
			t.Errorf("%s: render-blocking script in <head>: %v", pg.file, pg.blocker)
		}
		h := gzipSize(t, o.files[pg.file])
		c := 0
		for _, css := range pg.css {
			u, _ := url.Parse(subBase)
			ref, _ := url.Parse(css)
			rel := strings.TrimPrefix(u.ResolveReference(ref).Path, subPath)
			data, ok := o.files[rel]
			if !ok {
				t.Errorf("%s: stylesheet %s not in the output", pg.file, css)
				continue
			}
			if _, ok := cssSize[rel]; !ok {
				cssSize[rel] = gzipSize(t, data)
			}
			c += cssSize[rel]
		}
		w := worst[pg.kind]
		if w == nil {
			w = &heaviest{}
			worst[pg.kind] = w
		}
		w.n++
		if h+c > w.html+w.css {
			w.file, w.html, w.css = pg.file, h, c
		}
		if pg.kind == "product" && h+c > weightCap {
			t.Errorf("%s: HTML %d B + CSS %d B gzipped = %d B, over the %d B budget", pg.file, h, c, h+c, weightCap)
		}
	}
	if worst["product"] == nil {
		t.Fatal("no product pages found (no <body class=\"k-product\">)")
	}
	for _, k := range slices.Sorted(maps.Keys(worst)) {
		w := worst[k]
		t.Logf("%-12s %3d pages, heaviest %5d B gzipped (HTML %5d + CSS %4d) %s", k, w.n, w.html+w.css, w.html, w.css, w.file)
	}
}

// TestJSONLDEscapes gives a product a name and summary that try to close the
// JSON-LD script element and checks that every block still parses, keeps the
// text exactly, and that no script element is added to the page.
func TestJSONLDEscapes(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("testdata/mini")); err != nil {
		t.Fatal(err)
	}
	const evil = `Cà phê </script><script>alert(1)</script> & "Đắk" <!--`
	f := filepath.Join(src, "content/products/ca-phe/index.vi.md")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("name: Cà phê Đắk\n"), []byte("name: '"+evil+"'\n"), 1)
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.New(build.Options{Src: src, Minify: true, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Builtin: ocop.Builtin}).Build(out)
	if err != nil || res.HasErrors() {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	o := &site{t: t, files: files(t, out), ids: map[string]map[string]bool{}}
	o.scan()
	var pg *page
	for _, p := range o.pages {
		if p.file == "san-pham/ca-phe/index.html" {
			pg = p
		}
	}
	if pg == nil {
		t.Fatal("no page san-pham/ca-phe/index.html")
	}
	if pg.inline != 0 || len(pg.jsonld) != 2 {
		t.Errorf("%d inline scripts besides %d JSON-LD blocks: the name opened a script", pg.inline, len(pg.jsonld))
	}
	found := false
	for _, js := range pg.jsonld {
		if strings.Contains(js, "</") || strings.Contains(js, "<!--") {
			t.Errorf("a JSON-LD block holds markup: %s", js)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, js)
		}
		if v["@type"] == "Product" {
			found = true
			if v["name"] != evil {
				t.Errorf("Product name = %q, want %q", v["name"], evil)
			}
		}
	}
	if !found {
		t.Error("no Product block")
	}
}
