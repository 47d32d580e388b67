package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	ocop "github.com/khanhson-ocop/ocop"
)

// wait bounds how long a test waits for the server; it is a deadline for a
// hung test, not a timing assertion.
const wait = 30 * time.Second

// copySite copies the folder from into a fresh temporary folder.
func copySite(t testing.TB, from string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// running is a Server running in the background for one test.
type running struct {
	*Server
	dir    string
	client *http.Client
}

// start runs a preview of the site folder dir until the test ends.
func start(t testing.TB, dir string, o Options) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o.Src = dir
	o.Builtin = ocop.Builtin
	if o.Today.IsZero() {
		o.Today = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	}
	if o.Log == nil {
		o.Log = testLog{t}
	}
	s, err := New(ln, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(wait):
			t.Errorf("Run did not return after its context was cancelled")
		}
	})
	select {
	case <-s.Ready():
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(5 * wait):
		t.Fatal("the first build did not finish")
	}
	return &running{Server: s, dir: dir, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("%s", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// get fetches a path and returns the status and body.
func (r *running) get(t testing.TB, p string) (int, string) {
	t.Helper()
	res, err := r.client.Get(strings.TrimSuffix(r.URL(), "/") + p)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

var genRe = regexp.MustCompile(`gen = "([^"]+)"`)

// open loads a page the way a browser does and opens its event stream.
func (r *running) open(t testing.TB, p string) (string, *stream) {
	t.Helper()
	status, body := r.get(t, p)
	if status != 200 {
		t.Fatalf("GET %s: status %d", p, status)
	}
	m := genRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s: no live-reload script in the page", p)
	}
	return body, r.events(t, p, m[1])
}

// stream is an open event stream.
type stream struct {
	msgs chan message
	errs chan error
}

func (r *running) events(t testing.TB, page, gen string) *stream {
	t.Helper()
	u := strings.TrimSuffix(r.URL(), "/") + EventsPath + "?page=" + url.QueryEscape(page) + "&gen=" + url.QueryEscape(gen)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	res, err := r.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	st := &stream{msgs: make(chan message, 16), errs: make(chan error, 1)}
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			line, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var m message
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				st.errs <- err
				return
			}
			st.msgs <- m
		}
		st.errs <- errors.Join(sc.Err(), io.EOF)
	}()
	return st
}

// next returns the next message of the stream.
func (st *stream) next(t testing.TB) message {
	t.Helper()
	select {
	case m := <-st.msgs:
		return m
	case err := <-st.errs:
		t.Fatalf("event stream ended: %v", err)
	case <-time.After(wait):
		t.Fatal("no event")
	}
	return message{}
}

// reload returns the next reload message, passing over error messages: a
// plain write truncates the file before filling it, and a build that starts
// in between sees an empty file.
func (st *stream) reload(t testing.TB) message {
	t.Helper()
	for {
		m := st.next(t)
		if m.Reload || len(m.Errors) == 0 {
			return m
		}
	}
}

// edit rewrites a file of the site with fn applied to its content.
func (r *running) edit(t testing.TB, rel string, fn func(string) string) {
	t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(fn(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

const product = "content/products/ca-phe/index.vi.md"

func TestLiveReload(t *testing.T) {
	r := start(t, copySite(t, "testdata/site"), Options{})

	body, st := r.open(t, "/san-pham/ca-phe/")
	if !strings.Contains(body, "Cà phê rang mộc.") {
		t.Fatalf("the product page does not show its summary")
	}
	// A subpath site (base_url https://example.org/ocop/) is served at the root.
	if strings.Contains(body, "/ocop/") {
		t.Errorf("the page still links under the published base path /ocop/")
	}
	if m := st.next(t); m.Reload || len(m.Errors) != 0 {
		t.Fatalf("first message %+v, want no reload and no errors", m)
	}

	// An edit of the product reloads its page, which then shows the new text.
	r.edit(t, product, func(s string) string {
		return strings.Replace(s, "Cà phê rang mộc.", "Cà phê rang xay mới.", 1)
	})
	if m := st.reload(t); !m.Reload {
		t.Fatalf("after an edit: %+v, want a reload", m)
	}
	body, st = r.open(t, "/san-pham/ca-phe/")
	if !strings.Contains(body, "Cà phê rang xay mới.") {
		t.Fatalf("after the reload the page does not show the new text")
	}
	if m := st.next(t); m.Reload || len(m.Errors) != 0 {
		t.Fatalf("first message after reload %+v", m)
	}

	// A page that does not show the product is not reloaded by its edit:
	// the English page of another record keeps its stream open.
	_, other := r.open(t, "/en/about/")
	other.next(t)

	// Breaking the file shows the errors, and the last good page stays.
	r.edit(t, product, func(s string) string { return strings.Replace(s, "stars: 4", "stars: [4", 1) })
	m := st.next(t)
	if m.Reload || len(m.Errors) == 0 {
		t.Fatalf("after breaking the file: %+v, want errors", m)
	}
	if d := m.Errors[0]; d.File != product || d.Line == 0 || d.Message == "" {
		t.Errorf("diagnostic %+v does not name the file and line", d)
	}
	if m := other.next(t); len(m.Errors) == 0 {
		t.Errorf("another open page did not get the errors: %+v", m)
	}
	if status, body := r.get(t, "/san-pham/ca-phe/"); status != 200 || !strings.Contains(body, "Cà phê rang xay mới.") {
		t.Errorf("while broken: status %d; the last good page must stay served", status)
	}
	// A page opened while the content is broken shows the errors at once.
	_, late := r.open(t, "/")
	if m := late.next(t); len(m.Errors) == 0 {
		t.Errorf("a page loaded while broken got %+v, want the errors", m)
	}

	// Fixing it removes the overlay by reloading the page.
	r.edit(t, product, func(s string) string { return strings.Replace(s, "stars: [4", "stars: 4", 1) })
	if m := st.reload(t); !m.Reload {
		t.Fatalf("after the fix: %+v, want a reload", m)
	}
	_, st = r.open(t, "/san-pham/ca-phe/")
	if m := st.next(t); len(m.Errors) != 0 {
		t.Fatalf("after the fix the page still gets errors: %+v", m)
	}

	// A stylesheet change swaps the stylesheet without a reload. The site's
	// own assets/ folder does not exist yet: it is noticed when created.
	r.edit(t, "assets/css/main.css", func(string) string { return "body{color:#123456}" })
	m = st.next(t)
	if m.Reload || len(m.CSS) != 1 || m.CSS[0] != "/assets/css/main.css" {
		t.Fatalf("after a CSS change: %+v, want a swap of /assets/css/main.css", m)
	}
	if _, css := r.get(t, "/assets/css/main.css"); !strings.Contains(css, "#123456") {
		t.Errorf("the stylesheet is not the new one: %.80q", css)
	}

	// A record created in a new folder is served once written.
	r.edit(t, "content/products/tra-moi/index.vi.md", func(string) string {
		data, _ := os.ReadFile(filepath.Join(r.dir, product))
		s := strings.Replace(string(data), "Cà phê Đắk", "Trà mới", 1)
		return strings.Replace(s, "[tờ rơi](../../tai-lieu.txt)", "", 1)
	})
	if m := st.reload(t); !m.Reload {
		t.Errorf("a new record did not reload the product list's pages: %+v", m)
	}
	deadline := time.Now().Add(wait)
	for {
		status, body := r.get(t, "/san-pham/tra-moi/")
		if status == 200 && strings.Contains(body, "Trà mới") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new record's page is not served (status %d)", status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDrafts(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		r := start(t, copySite(t, "testdata/site"), Options{Drafts: drafts})
		status, body := r.get(t, "/san-pham/nhap/")
		if drafts && (status != 200 || !strings.Contains(body, "Sản phẩm nháp bí mật")) {
			t.Errorf("--drafts: the draft is not served (status %d)", status)
		}
		if !drafts && (status != 404 || strings.Contains(body, "Sản phẩm nháp bí mật")) {
			t.Errorf("without --drafts: the draft is served (status %d)", status)
		}
	}
}

func TestBrokenFromTheStart(t *testing.T) {
	dir := copySite(t, "testdata/site")
	p := filepath.Join(dir, filepath.FromSlash(product))
	good, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(good), "stars: 4", "stars: [4", 1)), 0o644)
	r := start(t, dir, Options{})
	status, body := r.get(t, "/san-pham/ca-phe/")
	if status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503 before any build succeeded", status)
	}
	m := genRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the placeholder page has no live-reload script")
	}
	st := r.events(t, "/san-pham/ca-phe/", m[1])
	if m := st.next(t); len(m.Errors) == 0 || m.Errors[0].File != product {
		t.Fatalf("got %+v, want the errors", m)
	}
	os.WriteFile(p, good, 0o644)
	if m := st.reload(t); !m.Reload {
		t.Fatalf("after the fix: %+v, want a reload", m)
	}
	if status, _ := r.get(t, "/san-pham/ca-phe/"); status != 200 {
		t.Errorf("after the fix: status %d", status)
	}
}

// TestBurstMakesFewRebuilds writes many records at once, as a git pull does:
// they are coalesced into a few rebuilds, and every one is served.
func TestBurstMakesFewRebuilds(t *testing.T) {
	var mu sync.Mutex
	var rebuilds [][]string
	r := start(t, copySite(t, "testdata/site"), Options{Quiet: 100 * time.Millisecond, OnRebuild: func(b Rebuild) {
		mu.Lock()
		rebuilds = append(rebuilds, b.Paths)
		mu.Unlock()
	}})
	data, err := os.ReadFile(filepath.Join(r.dir, product))
	if err != nil {
		t.Fatal(err)
	}
	const n = 30
	for i := range n {
		body := strings.Replace(string(data), "Cà phê Đắk", fmt.Sprintf("Sản phẩm loạt %d", i), 1)
		body = strings.Replace(body, "[tờ rơi](../../tai-lieu.txt)", "", 1)
		r.edit(t, fmt.Sprintf("content/products/loat-%02d/index.vi.md", i), func(string) string { return body })
	}
	deadline := time.Now().Add(wait)
	for i := range n {
		for {
			status, body := r.get(t, fmt.Sprintf("/san-pham/loat-%02d/", i))
			if status == 200 && strings.Contains(body, fmt.Sprintf("Sản phẩm loạt %d", i)) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("record %d is not served (status %d)", i, status)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(rebuilds) < 2 || len(rebuilds) > 6 {
		t.Errorf("%d builds for a burst of %d new records, want the first build and a few more", len(rebuilds), n)
	}
}
