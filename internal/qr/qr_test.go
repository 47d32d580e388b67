package qr_test

import (
	"html"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/qr"
)

func TestSVGDecodes(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"short url", "https://ocop.khanhson.example/"},
		{"record url", "https://ocop.khanhson.example/san-pham/sau-rieng-cap-dong-phuong-dai/"},
		// With rsc.io/qr's fixed mask 0 these two were unreadable for ZXing.
		{"mask 0 unreadable (v4)", "https://ocop.khanhson.example/du-lich/thac-doc-quy/"},
		{"mask 0 unreadable (v5)", "https://ocop.khanhson.example/en/products/sau-rieng-cap-dong-phuong-dai/"},
		{"english url under a sub-path", "https://example.org/ocop/en/tourism/ta-gu-waterfall/"},
		{"percent-encoded", "https://example.org/t%C3%ACm-ki%E1%BA%BFm/?q=s%E1%BA%A7u+ri%C3%AAng"},
		{"utf-8 text", "Sầu riêng Khánh Sơn – 4 sao OCOP"},
		{"digits", "0123456789012345"},
		{"upper-case alphanumeric", "HTTPS://OCOP.EXAMPLE/QR/"},
		{"long url", "https://ocop.example.vn/" + strings.Repeat("san-pham-dac-san-", 12) + "/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := qr.Encode(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			svg := c.SVG("label", "qr")
			codes := findCodes(svg)
			if len(codes) != 1 {
				t.Fatalf("found %d QR images in %.120q", len(codes), svg)
			}
			got := codes[0]
			if len(got.Paths)+len(got.Strokes) != 1 || got.Err != nil {
				t.Errorf("want one <path>, got %d filled and %d stroked (%v)", len(got.Paths), len(got.Strokes), got.Err)
			}
			if got.Side != c.Size()+2*qr.Quiet || got.Side != c.Side() {
				t.Errorf("viewBox side %d, want %d modules + 2×%d quiet", got.Side, c.Size(), qr.Quiet)
			}
			text, err := decodeSVG(got)
			if err != nil {
				t.Fatalf("decoding: %v", err)
			}
			if text != tc.text {
				t.Errorf("decoded %q, want %q", text, tc.text)
			}
		})
	}
}

// TestPathMatchesModules checks the drawing module by module against the
// encoder, including the quiet zone.
func TestPathMatchesModules(t *testing.T) {
	c, err := qr.Encode("https://ocop.khanhson.example/du-lich/thac-ta-gu/")
	if err != nil {
		t.Fatal(err)
	}
	grid, err := modules(c.Side(), nil, []string{c.Path()})
	if err != nil {
		t.Fatal(err)
	}
	for y := range c.Side() {
		for x := range c.Side() {
			want := c.Black(x-qr.Quiet, y-qr.Quiet)
			if grid[y][x] != want {
				t.Fatalf("module (%d,%d): drawn %v, encoder %v", x, y, grid[y][x], want)
			}
		}
	}
	for i := range c.Side() {
		for _, p := range [][2]int{{i, 0}, {0, i}, {i, c.Side() - 1}, {c.Side() - 1, i}} {
			if grid[p[1]][p[0]] {
				t.Fatalf("quiet zone is dark at %v", p)
			}
		}
	}
}

func TestSVGMarkup(t *testing.T) {
	c, err := qr.Encode("https://example.org/a?b=1&c=2")
	if err != nil {
		t.Fatal(err)
	}
	svg := c.SVG(`Mã QR "của" <trang> & này`, "qr big")
	for _, want := range []string{
		`<svg class="qr big" viewBox="0 0 `,
		` role="img" aria-label="Mã QR &#34;của&#34; &lt;trang&gt; &amp; này"`,
		`<rect width="`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q:\n%.300s", want, svg)
		}
	}
	if strings.Count(svg, "<path") != 1 {
		t.Errorf("want exactly one <path>, got %d", strings.Count(svg, "<path"))
	}
	again, _ := qr.Encode("https://example.org/a?b=1&c=2")
	if again.SVG(`Mã QR "của" <trang> & này`, "qr big") != svg {
		t.Error("the same text gave different SVG")
	}
	if strings.Contains(c.SVG("x", ""), "class=") {
		t.Error("empty class still written")
	}
	// AppendSVG writes the same markup after what the buffer holds, and
	// escapes the label and class as html.EscapeString does.
	for _, label := range []string{`Mã QR "của" <trang> & này`, "it's", "", "&&<>'\""} {
		got := string(c.AppendSVG([]byte("<p>"), label, "a'b"))
		svg := c.SVG(label, "a'b")
		if got != "<p>"+svg {
			t.Errorf("AppendSVG(%q) differs from SVG:\n%.200s\n%.200s", label, got, svg)
		}
		if want := `aria-label="` + html.EscapeString(label) + `"`; !strings.Contains(svg, want) {
			t.Errorf("SVG(%q) lacks %s", label, want)
		}
		if !strings.Contains(svg, `class="a&#39;b"`) {
			t.Errorf("class not escaped: %.80s", svg)
		}
	}
}

func TestEncodeTooLong(t *testing.T) {
	if _, err := qr.Encode(strings.Repeat("x", 4000)); err == nil {
		t.Fatal("4000 bytes encoded without error; QR codes hold at most 2331 bytes at level M")
	}
}
