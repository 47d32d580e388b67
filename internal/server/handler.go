package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/diag"
)

// contentTypes is the fixed table of content types by extension; anything
// else is served as application/octet-stream.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml; charset=utf-8",
	".rss":         "application/rss+xml; charset=utf-8",
	".atom":        "application/atom+xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".pdf":         "application/pdf",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".mp3":         "audio/mpeg",
	".zip":         "application/zip",
}

// ContentType returns the content type the server sends for a file name.
func ContentType(name string) string {
	if ct, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return ct
	}
	return "application/octet-stream"
}

// ServeHTTP answers one request: the event stream, a file of the output, or
// the site's 404 page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if !s.allowedHost(r.Host) {
		http.Error(w, "ocop serve answers only to its own address, "+s.base, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	file, ok := cleanPath(r.URL.Path)
	if !ok {
		s.notFound(w, r, "")
		return
	}
	// Read the generation before the file: the file is then at least as new
	// as the generation the page says it is.
	s.mu.Lock()
	gen, built := s.gen, s.built
	s.mu.Unlock()
	if !built {
		s.placeholder(w, r)
		return
	}
	name := file
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if err := s.b.Ensure(name); err != nil {
		s.renderFailed(w, r, err)
		return
	}
	data, found := s.get(name)
	if !found && path.Ext(name) == "" {
		if _, ok := s.get(name + "/index.html"); ok {
			// A folder asked for without its slash: send the browser to it,
			// so relative links resolve the way they will when published.
			target := "/" + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	if !found {
		s.notFound(w, r, file)
		return
	}
	s.send(w, r, name, data, gen, http.StatusOK)
}

// send writes a file; HTML gets its page path and generation filled in.
func (s *Server) send(w http.ResponseWriter, r *http.Request, name string, data []byte, gen, status int) {
	h := w.Header()
	h.Set("Content-Type", ContentType(name))
	if path.Ext(name) == ".html" {
		data = s.stamp(data, urlPath(name), gen)
	}
	if status == http.StatusOK {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// stamp fills in the live-reload script's tokens.
func (s *Server) stamp(data []byte, page string, gen int) []byte {
	if !bytes.Contains(data, []byte(genToken)) {
		return data
	}
	js, _ := json.Marshal(page) // escapes <, > and & too
	data = bytes.Replace(data, []byte(pageToken), js[1:len(js)-1], 1)
	return bytes.Replace(data, []byte(genToken), []byte(s.id+"-"+strconv.Itoa(gen)), 1)
}

// notFound answers with the site's 404 page in the language of the path
// (en/… → en/404.html), or the default language's.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, file string) {
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	name := "404.html"
	if first, _, ok := strings.Cut(file, "/"); ok && first != "" {
		if _, ok := s.get(first + "/404.html"); ok {
			name = first + "/404.html"
		}
	}
	data, ok := s.get(name)
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.send(w, r, name, data, gen, http.StatusNotFound)
}

// get returns an output file, rendering it first if the last build deferred
// it. A file that cannot be rendered counts as missing.
func (s *Server) get(name string) ([]byte, bool) {
	if err := s.b.Ensure(name); err != nil {
		s.failed(err)
		return nil, false
	}
	if data, ok := s.mem.Get(name); ok {
		return data, true
	}
	// Perhaps a file of the deferred data (search index, open data).
	if err := s.b.EnsureData(); err != nil {
		s.failed(err)
		return nil, false
	}
	return s.mem.Get(name)
}

// renderFailed answers a page that cannot be rendered: the error is shown in
// the overlay of every open page, this one included.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.failed(err)
	s.page(w, r, http.StatusInternalServerError, "this page cannot be rendered: "+err.Error())
}

// placeholder is served before the first build succeeded: it shows the
// overlay with the errors, if any, and reloads once the site is built.
func (s *Server) placeholder(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusServiceUnavailable, "the site "+s.opts.Src+" is not built yet")
}

// page answers with a bare page saying what is wrong; its live-reload script
// shows the overlay and reloads the page once the problem is gone.
func (s *Server) page(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	page := fmt.Sprintf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ocop serve</title></head>
<body><p>ocop serve: %s. This page reloads by itself.</p>
<script>%s</script></body></html>
`, html.EscapeString(msg), liveJS)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	data := s.stamp([]byte(page), r.URL.Path, gen)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// cleanPath checks a request path and returns it without its leading slash.
// Paths with dot segments, dot-files, empty segments, backslashes or control
// characters are refused: the output holds none, and they are how escapes
// are attempted.
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	p = p[1:]
	if p == "" {
		return "", true
	}
	for i, seg := range strings.Split(p, "/") {
		if seg == "" {
			if i == strings.Count(p, "/") { // the trailing slash of a folder
				continue
			}
			return "", false
		}
		if seg[0] == '.' {
			return "", false
		}
		if strings.ContainsAny(seg, "\\:") {
			return "", false
		}
		for _, c := range seg {
			if c < 0x20 || c == 0x7f {
				return "", false
			}
		}
	}
	return p, true
}

// allowedHost reports whether a Host header names this server: its bound
// address, localhost, 127.0.0.1 or ::1 (any IP literal when bound to every
// interface), with this server's port or none. Other names are refused, so a
// web page cannot reach the preview through DNS rebinding.
func (s *Server) allowedHost(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		}
	}
	if port != "" && port != s.port {
		return false
	}
	host = strings.ToLower(host)
	if s.hosts[host] {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return s.anyIP || s.hosts[ip.String()]
	}
	return false
}

// message is one event sent to a page.
type message struct {
	Reload bool              `json:"reload,omitempty"`
	Errors []diag.Diagnostic `json:"errors"`
	CSS    []string          `json:"css,omitempty"`
}

// maxOverlay is how many errors the overlay lists.
const maxOverlay = 100

// events streams live-reload messages to one page. The page says which path
// it shows and the generation it was served from; after every build (and at
// once) the server compares that with its state and tells the page to
// reload, to swap stylesheets, or to show or hide the error overlay.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	page := q.Get("page")
	seen := -1 // served by an earlier run of the server, or not by it: reload once built
	if id, g, ok := strings.Cut(q.Get("gen"), "-"); ok && id == s.id {
		if n, err := strconv.Atoi(g); err == nil {
			seen = n
		}
	}
	wake := make(chan struct{}, 1)
	wake <- struct{}{}
	s.mu.Lock()
	s.clients[wake] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, wake)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fl.Flush()

	cssSeen, errVer, shown := seen, -1, false
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
			continue
		case <-wake:
		}
		var m *message
		s.mu.Lock()
		switch {
		case !s.built:
			if s.errVer != errVer {
				m = &message{Errors: overlay(s.errs)}
			}
		case s.fullGen > seen || s.pageGen[page] > seen || (shown && len(s.errs) == 0):
			m = &message{Reload: true}
		default:
			var css []string
			for p, g := range s.cssGen {
				if g > cssSeen {
					css = append(css, p)
				}
			}
			cssSeen = s.gen
			if len(css) > 0 || s.errVer != errVer {
				m = &message{Errors: overlay(s.errs), CSS: css}
			}
		}
		errVer = s.errVer
		s.mu.Unlock()
		if m == nil {
			continue
		}
		shown = len(m.Errors) > 0
		data, _ := json.Marshal(m)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
			return
		}
		fl.Flush()
		if m.Reload {
			return
		}
	}
}

func overlay(ds []diag.Diagnostic) []diag.Diagnostic {
	if ds == nil {
		return []diag.Diagnostic{}
	}
	return ds[:min(len(ds), maxOverlay)]
}
