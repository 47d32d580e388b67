package browsertest

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// Static returns a handler that serves a built site folder the way a static
// host does: "dir/" serves dir/index.html, a missing file serves 404.html with
// status 404, and a file with a .gz twin is sent gzip-compressed to clients
// that accept it (so tests measure what a visitor downloads).
func Static(root string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		file := filepath.Join(root, filepath.FromSlash(p))
		if st, err := os.Stat(file); err == nil && st.IsDir() {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		status := http.StatusOK
		if _, err := os.Stat(file); err != nil {
			file, status = filepath.Join(root, "404.html"), http.StatusNotFound
		}
		ctype := mime.TypeByExtension(filepath.Ext(file))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Vary", "Accept-Encoding")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			if data, err := os.ReadFile(file + ".gz"); err == nil {
				w.Header().Set("Content-Encoding", "gzip")
				w.WriteHeader(status)
				w.Write(data)
				return
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(status)
		w.Write(data)
	})
}

// Serve serves the site folder root on 127.0.0.1 until the test ends and
// returns the server's URL (no trailing slash).
func Serve(t testing.TB, root string) string {
	t.Helper()
	srv := httptest.NewServer(Static(root))
	t.Cleanup(srv.Close)
	return srv.URL
}
