package browsertest

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian's chromium package installs the browser.
const Chromium = "/usr/bin/chromium"

// Required reports whether a missing browser must fail tests rather than
// skip them (OCOP_REQUIRE_BROWSER=1).
func Required() bool { return os.Getenv("OCOP_REQUIRE_BROWSER") == "1" }

// New starts a headless Chromium for t and returns a chromedp context for one
// tab. The browser stops when the test ends.
func New(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if Required() {
			t.Fatalf("OCOP_REQUIRE_BROWSER=1 but there is no browser: %v", err)
		}
		t.Skipf("skipping: no browser at %s (apt-get install chromium; set OCOP_REQUIRE_BROWSER=1 to fail instead)", Chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", Chromium, err)
	}
	return ctx
}
