// Package browsertest starts a headless Chromium for tests that drive pages
// with chromedp.
//
// Tests call New; it returns a chromedp context for one tab of a fresh browser
// (its own user data folder, no network chatter of its own) that closes when
// the test ends. Where /usr/bin/chromium is missing the test is skipped with a
// message saying so, except when OCOP_REQUIRE_BROWSER=1, when it fails: CI sets
// that so a missing browser cannot pass for a green run.
package browsertest
