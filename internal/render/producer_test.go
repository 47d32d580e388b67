package render

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/site"
)

// TestProducerSection renders a product page whose producer has other
// products: all are linked up to twelve; beyond, twelve are, then a link to
// the producer's page with the count (a large producer's product pages must
// not grow with its range).
func TestProducerSection(t *testing.T) {
	for _, c := range []struct {
		products, links int
		all             bool
	}{{1, 0, false}, {5, 4, false}, {13, 12, false}, {14, 12, true}, {25, 12, true}} {
		pages, r := testRenderer(t, "")
		cat := r.cat
		if len(cat.Products) < c.products {
			t.Fatalf("%d products, want %d", len(cat.Products), c.products)
		}
		s := cat.Products[0].Subject
		s.Products = nil
		for _, p := range cat.Products[:c.products] {
			p.Subject = s
			s.Products = append(s.Products, p)
		}
		var pg *site.Page
		for _, x := range pages {
			if x.Kind == site.ProductPg && x.Lang == "en" && x.Product == cat.Products[0] {
				pg = x
			}
		}
		var buf bytes.Buffer
		if err := r.Render(&buf, pg); err != nil {
			t.Fatal(err)
		}
		sec := regexp.MustCompile(`(?s)<section class="producer".*?</section>`).FindString(buf.String())
		if sec == "" {
			t.Fatalf("%d products: no producer section", c.products)
		}
		links := regexp.MustCompile(`(?s)<ul class="links">.*?</ul>`).FindString(sec)
		if n := strings.Count(links, "<li>"); n != c.links {
			t.Errorf("%d products: %d links to other products, want %d", c.products, n, c.links)
		}
		all := "See all " + strconv.Itoa(c.products) + " products on the producer"
		if got := strings.Contains(sec, all); got != c.all {
			t.Errorf("%d products: link %q shown %v, want %v\n%s", c.products, all, got, c.all, sec)
		}
		if c.links > 0 && !strings.Contains(sec, "<h3>") {
			t.Errorf("%d products: no heading over the links", c.products)
		}
	}
}

// TestProducerPages plans and renders the page of a producer with more
// products than page_size: its list is split into pages at page/N/ in every
// language, the profile on the first, a pager on each.
func TestProducerPages(t *testing.T) {
	_, r := testRenderer(t, "")
	c := r.cat
	c.Site.PageSize = 4
	s := c.Products[0].Subject
	s.Products = nil
	for _, p := range c.Products[:10] {
		p.Subject = s
		s.Products = append(s.Products, p)
	}
	var mine []*site.Page
	for _, pg := range site.Plan(c, r.urls) {
		if pg.Kind == site.SubjectPg && pg.Subject == s {
			mine = append(mine, pg)
		}
	}
	if len(mine) != 6 {
		t.Fatalf("%d pages of the producer, want 3 in each of 2 languages", len(mine))
	}
	for _, pg := range mine {
		num, base := pg.Pager.Number, mine[0].Path
		if pg.Lang != mine[0].Lang {
			base = mine[3].Path
		}
		if want := site.Paged(base, num); pg.Path != want {
			t.Errorf("page %d (%s) at %s, want %s", num, pg.Lang, pg.Path, want)
		}
		for _, a := range pg.Switch {
			if !strings.HasSuffix(a.Path, site.Paged("/", num)) {
				t.Errorf("page %d (%s): language switch to %s, not the same page", num, pg.Lang, a.Path)
			}
		}
		var buf bytes.Buffer
		if err := r.Render(&buf, pg); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		cards := strings.Count(html, `<li class="card">`)
		if want := []int{4, 4, 2}[num-1]; cards != want {
			t.Errorf("page %d (%s): %d cards, want %d", num, pg.Lang, cards, want)
		}
		// The structured data offers what the page lists, not the whole
		// range on every page.
		if offers := strings.Count(html, `"@type":"Offer"`); offers != cards {
			t.Errorf("page %d (%s): %d offers in the JSON-LD for %d cards", num, pg.Lang, offers, cards)
		}
		if got := strings.Contains(html, `aria-labelledby="contact-h"`); got != (num == 1) {
			t.Errorf("page %d (%s): contact section %v", num, pg.Lang, got)
		}
		if !strings.Contains(html, `<nav class="pager"`) || strings.Contains(html, `rel="prev"`) != (num > 1) {
			t.Errorf("page %d (%s): pager or its prev link wrong", num, pg.Lang)
		}
	}
}
