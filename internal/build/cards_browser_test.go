package build_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/khanhson-ocop/ocop/internal/browsertest"
)

// cardLayout is what TestCardLayout measures of the first card with a photo.
type cardLayout struct {
	Beside     bool    // the photo is left of the name, level with it
	Above      bool    // the photo is above the name
	SumLines   float64 // the summary's height in lines
	CurrentSrc string  // the photo variant the browser chose
}

// TestCardLayout opens the example site's product listing in Chromium as a
// phone (412 CSS px at 2.625 device pixels each, a common Android phone) and
// as a desktop. On the phone each card is a row of a list, its photo beside
// its name, its summary cut at three lines, and the browser loads the
// narrowest variant of the photo (with the full-width card it took the
// widest); on the desktop the photo stays above the name.
func TestCardLayout(t *testing.T) {
	ctx := browsertest.New(t)
	_, root := serveExample(t)
	list := root + "san-pham/"

	const measure = `(() => {
		const a = document.querySelector('.card article:has(img.thumb[srcset])');
		const img = a.querySelector('img.thumb'), h = a.querySelector('h3'), s = a.querySelector('.sum');
		const i = img.getBoundingClientRect(), n = h.getBoundingClientRect();
		return {Beside: i.right <= n.left && i.top < n.bottom && n.top < i.bottom, Above: i.bottom <= n.top,
			SumLines: s.getBoundingClientRect().height / parseFloat(getComputedStyle(s).lineHeight), CurrentSrc: img.currentSrc};
	})()`
	for _, tc := range []struct {
		name   string
		width  int64
		scale  float64
		mobile bool
	}{{"phone", 412, 2.625, true}, {"desktop", 1280, 1, false}} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: tc.width, Height: 900, DeviceScaleFactor: tc.scale, Mobile: tc.mobile}); err != nil {
				t.Fatal(err)
			}
			do(ctx, t, list, chromedp.Navigate(list), poll(`document.readyState === 'complete'`),
				poll(`(() => { const i = document.querySelector('.card img.thumb[srcset]'); i.scrollIntoView(); return i.complete && i.currentSrc; })()`))
			got := eval[cardLayout](ctx, t, measure)
			t.Logf("%+v", got)
			if tc.mobile {
				if !got.Beside || got.SumLines > 3.05 {
					t.Errorf("on a phone the photo is not beside the name, or the summary takes %.1f lines: %+v", got.SumLines, got)
				}
				if !strings.HasSuffix(got.CurrentSrc, "-360.jpg") {
					t.Errorf("on a phone the card loads %s, want the 360 px variant", got.CurrentSrc)
				}
				return
			}
			if !got.Above {
				t.Errorf("on a desktop the photo is not above the name: %+v", got)
			}
		})
	}
}
