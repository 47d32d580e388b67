package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// memServer returns a Server (not running) whose output holds files.
func memServer(t *testing.T, files map[string]string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s, err := New(ln, Options{Src: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := s.mem.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	s.built, s.gen, s.fullGen = true, 1, 1
	return s
}

const page = `<html><body>%s<script>var page = "` + pageToken + `", gen = "` + genToken + `";</script></body></html>`

var siteFiles = map[string]string{
	"index.html":                    strings.Replace(page, "%s", "home", 1),
	"404.html":                      strings.Replace(page, "%s", "không tìm thấy", 1),
	"en/404.html":                   strings.Replace(page, "%s", "not found", 1),
	"en/index.html":                 strings.Replace(page, "%s", "english home", 1),
	"san-pham/mat-ong/index.html":   strings.Replace(page, "%s", "mật ong", 1),
	"assets/css/main.css":           "body{color:red}",
	"assets/js/search.js":           "1",
	"assets/.secret":                "dot-file",
	"data/catalogue.json":           "{}",
	"data/products.csv":             "slug\n",
	"sitemap.xml":                   "<urlset/>",
	"media/products/x/photo.jpg":    "\xff\xd8\xff",
	"media/products/x/leaflet.pdf":  "%PDF",
	"media/products/x/unknown.blob": "?",
	"icons/favicon.svg":             "<svg/>",
	"robots.txt":                    "User-agent: *",
}

func TestHandler(t *testing.T) {
	s := memServer(t, siteFiles)
	own := "127.0.0.1:" + s.port
	tests := []struct {
		name, method, target, host string
		status                     int
		contentType                string
		body                       string // a substring of the body
		location                   string
	}{
		{"home", "GET", "/", own, 200, "text/html; charset=utf-8", "home", ""},
		{"page", "GET", "/san-pham/mat-ong/", own, 200, "text/html; charset=utf-8", "mật ong", ""},
		{"index.html", "GET", "/san-pham/mat-ong/index.html", own, 200, "text/html; charset=utf-8", "mật ong", ""},
		{"page tokens filled", "GET", "/san-pham/mat-ong/", own, 200, "", `var page = "/san-pham/mat-ong/", gen = "` + s.id + `-1"`, ""},
		{"folder without slash", "GET", "/san-pham/mat-ong?x=1", own, 301, "", "", "/san-pham/mat-ong/?x=1"},
		{"head", "HEAD", "/", own, 200, "text/html; charset=utf-8", "", ""},
		{"post", "POST", "/", own, 405, "", "", ""},
		{"css", "GET", "/assets/css/main.css", own, 200, "text/css; charset=utf-8", "color:red", ""},
		{"js", "GET", "/assets/js/search.js", own, 200, "text/javascript; charset=utf-8", "", ""},
		{"json", "GET", "/data/catalogue.json", own, 200, "application/json", "{}", ""},
		{"csv", "GET", "/data/products.csv", own, 200, "text/csv; charset=utf-8", "slug", ""},
		{"xml", "GET", "/sitemap.xml", own, 200, "application/xml; charset=utf-8", "urlset", ""},
		{"svg", "GET", "/icons/favicon.svg", own, 200, "image/svg+xml", "", ""},
		{"jpeg", "GET", "/media/products/x/photo.jpg", own, 200, "image/jpeg", "", ""},
		{"pdf", "GET", "/media/products/x/leaflet.pdf", own, 200, "application/pdf", "", ""},
		{"unknown type", "GET", "/media/products/x/unknown.blob", own, 200, "application/octet-stream", "", ""},
		{"txt", "GET", "/robots.txt", own, 200, "text/plain; charset=utf-8", "User-agent", ""},
		{"missing: the site's 404", "GET", "/khong-co/", own, 404, "text/html; charset=utf-8", "không tìm thấy", ""},
		{"missing English: en/404", "GET", "/en/nothing-here/", own, 404, "text/html; charset=utf-8", "not found", ""},
		{"404 page tokens filled", "GET", "/en/nothing-here/", own, 404, "", `var page = "/en/404.html"`, ""},
		{"dot dot", "GET", "/../../etc/passwd", own, 404, "text/html; charset=utf-8", "không tìm thấy", ""},
		{"encoded dot dot", "GET", "/%2e%2e/%2e%2e/etc/passwd", own, 404, "", "không tìm thấy", ""},
		{"dot dot inside", "GET", "/assets/../index.html", own, 404, "", "không tìm thấy", ""},
		{"encoded slash dot dot", "GET", "/assets%2f..%2findex.html", own, 404, "", "", ""},
		{"backslash", "GET", "/assets\\..\\index.html", own, 404, "", "", ""},
		{"git config", "GET", "/.git/config", own, 404, "", "không tìm thấy", ""},
		{"dot-file in the output", "GET", "/assets/.secret", own, 404, "", "", ""},
		{"double slash", "GET", "//evil.example/", own, 404, "", "", ""},
		{"events path wrong method", "POST", "/__ocop/events", own, 405, "", "", ""},
		{"localhost", "GET", "/", "localhost:" + s.port, 200, "", "home", ""},
		{"ipv6 loopback", "GET", "/", "[::1]:" + s.port, 200, "", "home", ""},
		{"no port", "GET", "/", "127.0.0.1", 200, "", "home", ""},
		{"other host", "GET", "/", "evil.example:" + s.port, 403, "", "", ""},
		{"other host, no port", "GET", "/", "evil.example", 403, "", "", ""},
		{"rebinding to localhost name", "GET", "/", "localhost.evil.example:" + s.port, 403, "", "", ""},
		{"other IP", "GET", "/", "10.0.0.7:" + s.port, 403, "", "", ""},
		{"other port", "GET", "/", "127.0.0.1:1", 403, "", "", ""},
		{"absolute-form other host", "GET", "http://evil.example/", "", 403, "", "", ""},
		{"empty host", "GET", "/", "-", 403, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requestFor(t, tt.method, tt.target)
			switch tt.host {
			case "":
			case "-":
				r.Host = ""
			default:
				r.Host = tt.host
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			res := w.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (body %q)", res.StatusCode, tt.status, body)
			}
			if tt.contentType != "" && res.Header.Get("Content-Type") != tt.contentType {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), tt.contentType)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
			if tt.body != "" && !strings.Contains(string(body), tt.body) {
				t.Errorf("body %q does not contain %q", body, tt.body)
			}
			if tt.method == "HEAD" && len(body) != 0 {
				t.Errorf("HEAD answered with a body of %d bytes", len(body))
			}
			if tt.status == 404 && strings.Contains(string(body), "dot-file") {
				t.Errorf("a refused path served the dot-file")
			}
			if tt.location != "" && res.Header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), tt.location)
			}
		})
	}
}

// requestFor builds a request the way net/http's server parses one from the
// wire, so escapes are decoded as they would be in production.
func requestFor(t *testing.T, method, target string) *http.Request {
	t.Helper()
	raw := method + " " + target + " HTTP/1.1\r\nHost: placeholder\r\n\r\n"
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("parsing %q: %v", raw, err)
	}
	if r.URL.Host != "" {
		r.Host = r.URL.Host // absolute-form: the request names its host
	}
	return r
}

func TestCleanPath(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"/", "", true},
		{"/a/b/", "a/b/", true},
		{"/a/b.css", "a/b.css", true},
		{"a", "", false},
		{"/../x", "", false},
		{"/a/./b", "", false},
		{"/a/..", "", false},
		{"/.env", "", false},
		{"/a/.b/c", "", false},
		{"//x", "", false},
		{"/a//b", "", false},
		{"/a\\b", "", false},
		{"/c:/x", "", false},
		{"/a\x00b", "", false},
	}
	for _, tt := range tests {
		got, ok := cleanPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAllowedHostBoundToAll(t *testing.T) {
	s := memServer(t, nil)
	s.anyIP = true
	for host, want := range map[string]bool{
		"192.168.1.20:" + s.port: true,
		"[fe80::1]:" + s.port:    true,
		"localhost:" + s.port:    true,
		"evil.example:" + s.port: false,
		"192.168.1.20:1":         false,
	} {
		if got := s.allowedHost(host); got != want {
			t.Errorf("allowedHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestURLPath(t *testing.T) {
	for in, want := range map[string]string{
		"index.html":                  "/",
		"en/index.html":               "/en/",
		"san-pham/mat-ong/index.html": "/san-pham/mat-ong/",
		"404.html":                    "/404.html",
		"assets/css/main.css":         "/assets/css/main.css",
	} {
		if got := urlPath(in); got != want {
			t.Errorf("urlPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorDiag(t *testing.T) {
	d := errorDiag(errString(`rendering /x/ (product): template: templates/product.html:12:5: executing "main" at <.Nope>: can't evaluate field Nope`))
	if d.File != "templates/product.html" || d.Line != 12 || d.Column != 5 || !strings.Contains(d.Message, "Nope") {
		t.Errorf("got %+v", d)
	}
	d = errorDiag(errString(`template: templates/base.html:3: unexpected "}" in operand`))
	if d.File != "templates/base.html" || d.Line != 3 || d.Column != 0 {
		t.Errorf("got %+v", d)
	}
	d = errorDiag(errString("disk full"))
	if d.File != "" || d.Message != "disk full" || d.Severity != "error" {
		t.Errorf("got %+v", d)
	}
}

type errString string

func (e errString) Error() string { return string(e) }
