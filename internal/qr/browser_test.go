package qr_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/khanhson-ocop/ocop/internal/browsertest"
	"github.com/khanhson-ocop/ocop/internal/qr"
)

// TestBrowserDecodes draws codes the way pages show them (inline SVG at the
// stylesheet's sizes: 8rem on a record page, 7rem in the print catalogue,
// 6rem on a label, none a whole number of pixels per module) in Chromium.
// The browser must paint the code's path exactly as it paints one square
// per dark module taken from the encoder's grid, and the painting, at the
// pixel density of a phone's screen, must read back with ZXing.
func TestBrowserDecodes(t *testing.T) {
	ctx := browsertest.New(t)
	texts := []string{
		"https://ocop.khanhson.example/san-pham/sau-rieng-cap-dong-phuong-dai/",
		"https://example.org/ocop/en/tourism/ta-gu-waterfall/",
	}
	for _, text := range texts {
		c, err := qr.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, px := range []int{128, 112, 96} {
			for _, scale := range []float64{1, 2} {
				t.Run(fmt.Sprintf("%dpx×%g/%s", px, scale, text), func(t *testing.T) {
					got := shoot(t, ctx, px, scale, c.SVG("label", "qr"))
					want := shoot(t, ctx, px, scale, squares(c))
					if n := differ(got, want); n > 0 {
						t.Errorf("%d pixels differ from one square per module", n)
					}
					if scale < 2 {
						return // ZXing needs more pixels than a 1x screen has at these sizes
					}
					read, err := decodeImage(got)
					if err != nil || read != text {
						t.Errorf("read %q (%v), want %q", read, err, text)
					}
				})
			}
		}
	}
}

// squares draws c as one 1×1 rectangle per dark module, from the encoder's
// grid, with the same frame as Code.SVG.
func squares(c *qr.Code) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="qr" viewBox="0 0 %d %[1]d" shape-rendering="crispEdges"><rect width="%[1]d" height="%[1]d" fill="#fff"/>`, c.Side())
	for y := range c.Side() {
		for x := range c.Side() {
			if c.Black(x-qr.Quiet, y-qr.Quiet) {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="1" height="1"/>`, x, y)
			}
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// shoot shows svg alone on a page at px CSS pixels square and returns a
// screenshot of it at scale device pixels per CSS pixel.
func shoot(t *testing.T, ctx context.Context, px int, scale float64, svg string) image.Image {
	t.Helper()
	page := fmt.Sprintf(`<!DOCTYPE html><html><head><style>body{margin:0;background:#fff} svg{display:block;width:%dpx;height:%dpx}</style></head><body>%s</body></html>`, px, px, svg)
	if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html;charset=utf-8,"+url.PathEscape(page))); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.CSS("svg.qr"), scale))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if w, want := img.Bounds().Dx(), int(float64(px)*scale); w != want {
		t.Fatalf("screenshot is %d px wide, want %d", w, want)
	}
	return img
}

// differ counts the pixels whose grey level differs between a and b by more
// than a rounding step (a whole image when their sizes differ).
func differ(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ga, _, _, _ := a.At(x, y).RGBA()
			gb, _, _, _ := b.At(x, y).RGBA()
			if max(ga, gb)-min(ga, gb) > 0x0101 {
				n++
			}
		}
	}
	return n
}
