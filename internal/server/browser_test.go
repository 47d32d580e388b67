package server

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/khanhson-ocop/ocop/internal/browsertest"
)

// TestBrowserLiveReload drives Chromium through an edit, a broken file and its
// fix, as a producer would see them: no manual reload anywhere.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t)
	r := start(t, copySite(t, "testdata/site"), Options{})

	if err := chromedp.Do(ctx, chromedp.Navigate(r.URL()+"san-pham/ca-phe/")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.innerText.includes("Cà phê rang mộc.")`, "the product page")
	// A mark that a reload would wipe: the stylesheet swap must keep it.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.ocopMark = 1`)); err != nil {
		t.Fatal(err)
	}

	r.edit(t, product, func(s string) string {
		return strings.Replace(s, "Cà phê rang mộc.", "Cà phê rang xay bản mới.", 1)
	})
	waitFor(t, ctx, `document.body.innerText.includes("Cà phê rang xay bản mới.")`, "the edited text")
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.ocopMark = 1`)); err != nil {
		t.Fatal(err)
	}

	r.edit(t, product, func(s string) string { return strings.Replace(s, "stars: 4", "stars: [4", 1) })
	waitFor(t, ctx, `!!document.querySelector('[role="alertdialog"]')`, "the error overlay")
	r.mu.Lock()
	want := r.errs[0]
	r.mu.Unlock()
	waitFor(t, ctx, `document.querySelector('[role="alertdialog"]').innerText.includes(`+strconv.Quote(want.Message)+`)`, "the overlay to give the message")
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[role="alertdialog"]').innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`content/products/ca-phe/index\.vi\.md:\d+`).MatchString(text) {
		t.Errorf("the overlay does not name the file and line:\n%s", text)
	}
	if !strings.Contains(text, want.Hint) {
		t.Errorf("the overlay does not give the hint of %v:\n%s", want, text)
	}
	if label, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById(document.querySelector('[role="alertdialog"]').getAttribute("aria-labelledby")).textContent`)); label == "" {
		t.Errorf("the overlay has no accessible name")
	}
	// The last good page is still there under the overlay.
	waitFor(t, ctx, `document.body.innerText.includes("Cà phê rang xay bản mới.")`, "the last good page")

	r.edit(t, product, func(s string) string { return strings.Replace(s, "stars: [4", "stars: 4", 1) })
	waitFor(t, ctx, `!document.querySelector('[role="alertdialog"]') && window.ocopMark === undefined && document.readyState === "complete"`, "the overlay to go and the page to reload")
	waitFor(t, ctx, `document.body.innerText.includes("Cà phê rang xay bản mới.")`, "the page after the fix")
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.ocopMark = 1`)); err != nil {
		t.Fatal(err)
	}

	// A stylesheet change applies without a reload.
	r.edit(t, "assets/css/main.css", func(string) string { return "body{outline:3px solid rgb(1, 2, 3)}" })
	waitFor(t, ctx, `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`, "the new stylesheet")
	if mark, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.ocopMark`)); err != nil || mark != 1 {
		t.Errorf("the page reloaded for a stylesheet change (mark %d, %v)", mark, err)
	}
}

// waitFor evaluates expr in the page until it is true. Errors while the page
// reloads are expected and retried; the deadline only ends a hung test.
func waitFor(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	var last error
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: %s never became true (last error: %v)", what, expr, last)
}
