package server

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/diag"
)

//go:embed live.js
var liveJS string

// Tokens in the live-reload script that the server fills in when it serves a
// page: the page's own path and the output generation it was served from.
const (
	pageToken = "__OCOP_PAGE__"
	genToken  = "__OCOP_GEN__"
)

// EventsPath is the URL of the live-reload event stream.
const EventsPath = "/__ocop/events"

// Options configure a Server.
type Options struct {
	Src     string    // the site folder
	Drafts  bool      // preview drafts
	Builtin fs.FS     // built-in templates/ and assets/
	Today   time.Time // the build date; zero means today (UTC)
	// Host is the name the user asked to bind to (--bind); requests naming it
	// in their Host header are answered besides the address itself.
	Host string
	// Log receives progress lines and diagnostics; nil discards them.
	Log io.Writer
	// Quiet is how long the folder must stay quiet after a file event before
	// a rebuild starts (default 10 ms): bursts of events make one rebuild.
	Quiet time.Duration
	// OnRebuild, when set, is called after every build, first one included.
	OnRebuild func(Rebuild)
}

// Rebuild describes one build of the preview.
type Rebuild struct {
	Gen      int           // the output generation after the build
	Paths    []string      // the changed files that caused it; nil for the first build
	Result   *build.Result // nil when Err is set before anything was built
	Err      error         // a template or I/O failure (not content diagnostics)
	Duration time.Duration
}

// Server is a running preview of one site folder.
type Server struct {
	opts  Options
	ln    net.Listener
	port  string
	hosts map[string]bool // allowed Host names
	anyIP bool            // bound to all interfaces: any IP literal is allowed
	base  string          // http://127.0.0.1:1313/
	id    string          // this process's instance, part of every generation token
	b     *build.Builder
	mem   *store

	mu       sync.Mutex
	built    bool           // a build succeeded
	gen      int            // output generation, incremented by each build that changed something
	fullGen  int            // generation in which every page changed
	pageGen  map[string]int // URL path → generation in which it last changed
	cssGen   map[string]int // stylesheet URL path → generation in which it last changed
	errs     []diag.Diagnostic
	errVer   int
	warnings map[string]bool // warnings already printed
	clients  map[chan struct{}]struct{}

	ready   chan struct{}  // closed after the first build
	flushes sync.WaitGroup // background rendering after a rebuild
	done    chan struct{}  // closed when Run stops
	wg      sync.WaitGroup
}

// Listen opens the server's socket on bind:port. A port in use gives an error
// saying so plainly.
func Listen(bind string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(bind, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s is already in use (is another `ocop serve` running?); stop it or choose another port with --port", addr)
		}
		if errors.Is(err, syscall.EADDRNOTAVAIL) {
			return nil, fmt.Errorf("cannot listen on %s: this computer has no such address (--bind)", addr)
		}
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// New returns a Server that will serve the site folder on ln. Nothing is
// built or served until Run.
func New(ln net.Listener, o Options) (*Server, error) {
	if o.Quiet <= 0 {
		o.Quiet = 10 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if abs, err := filepath.Abs(o.Src); err == nil {
		o.Src = abs
	}
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		return nil, fmt.Errorf("preview server: %v is not a TCP address", ln.Addr())
	}
	var idb [4]byte
	rand.Read(idb[:])
	s := &Server{
		opts: o, ln: ln, port: strconv.Itoa(tcp.Port), id: hex.EncodeToString(idb[:]),
		hosts: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
		mem:   newStore(), pageGen: map[string]int{}, cssGen: map[string]int{},
		warnings: map[string]bool{}, clients: map[chan struct{}]struct{}{},
		ready: make(chan struct{}), done: make(chan struct{}),
	}
	host := "127.0.0.1"
	switch {
	case tcp.IP.IsUnspecified():
		s.anyIP = true
	case tcp.IP != nil:
		host = tcp.IP.String()
		s.hosts[host] = true
	}
	if h := strings.ToLower(strings.Trim(o.Host, "[]")); h != "" && !net.ParseIP(h).IsUnspecified() {
		s.hosts[h] = true
	}
	s.base = "http://" + net.JoinHostPort(host, s.port) + "/"
	script := template.HTML("<script>" + liveJS + "</script>")
	s.b = build.New(build.Options{Src: o.Src, BaseURL: s.base, Drafts: o.Drafts, Today: o.Today, Builtin: o.Builtin,
		Preview: true, PreviewScript: script})
	return s, nil
}

// URL returns the address the site is served at, e.g. http://127.0.0.1:1313/.
func (s *Server) URL() string { return s.base }

// Ready is closed once the first build is done (successful or not).
func (s *Server) Ready() <-chan struct{} { return s.ready }

// Run builds the site, serves it and rebuilds it on every change until ctx is
// done; then it stops serving, closes the event streams and returns nil. It
// returns an error when the folder cannot be watched or the socket fails.
func (s *Server) Run(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.opts.Src, err)
	}
	defer w.Close()
	if err := s.watchRoots(w); err != nil {
		return err
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(s.ln) }()

	loopCtx, stop := context.WithCancel(ctx)
	defer stop()
	s.wg.Go(func() { s.loop(loopCtx, w) })

	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	stop()
	close(s.done) // event streams return, so Shutdown does not wait for them
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if e := hs.Shutdown(sctx); e != nil {
		// A connection still busy after 3 s (a browser tab reconnecting
		// its event stream as the server stops, on a loaded machine) is
		// closed: stopping the preview is not a failure.
		hs.Close()
		if err == nil && !errors.Is(e, context.DeadlineExceeded) {
			err = e
		}
	}
	s.wg.Wait()
	s.flushes.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// rebuild brings the output up to date after paths changed (nil: the first
// build) and wakes every open page.
func (s *Server) rebuild(ctx context.Context, paths []string) {
	start := time.Now()
	s.b.Changed(paths...)
	res, err := s.b.Update(s.mem)
	var errs []diag.Diagnostic
	switch {
	case err != nil:
		errs = []diag.Diagnostic{errorDiag(err)}
	case res.HasErrors():
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
	}
	s.mu.Lock()
	wasBroken := len(s.errs) > 0
	if len(errs) == 0 {
		first := !s.built
		if first || len(res.Changed)+len(res.Removed)+len(res.Assets) > 0 {
			s.gen++
		}
		for _, f := range slices.Concat(res.Changed, res.Removed) {
			s.pageGen[urlPath(f)] = s.gen
		}
		for _, a := range res.Assets {
			if path.Ext(a) == ".css" {
				s.cssGen[urlPath(a)] = s.gen
			} else {
				first = true // a script or an image: reload every page
			}
		}
		if first {
			s.fullGen = s.gen
		}
		s.built = true
	}
	if !slices.Equal(s.errs, errs) {
		s.errs = errs
		s.errVer++
	}
	gen := s.gen
	s.wakeAll()
	s.mu.Unlock()
	d := time.Since(start)
	s.report(paths, res, err, errs, wasBroken, d)
	if s.opts.OnRebuild != nil {
		s.opts.OnRebuild(Rebuild{Gen: gen, Paths: paths, Result: res, Err: err, Duration: d})
	}
	if len(errs) == 0 {
		// Render the pages the build deferred, before anyone asks for them.
		s.flushes.Go(func() {
			t0 := time.Now()
			if err := s.b.Flush(ctx); err != nil {
				s.failed(err)
			} else if paths == nil && ctx.Err() == nil {
				fmt.Fprintf(s.opts.Log, "ocop serve: all %d pages rendered in %.1f s\n", res.Pages, time.Since(t0).Seconds())
			}
		})
	}
}

// failed shows a rendering error found after a build (a template that fails
// on some page) on the terminal and in every open page.
func (s *Server) failed(err error) {
	d := errorDiag(err)
	s.mu.Lock()
	if len(s.errs) == 1 && s.errs[0] == d {
		s.mu.Unlock()
		return
	}
	s.errs = []diag.Diagnostic{d}
	s.errVer++
	s.wakeAll()
	s.mu.Unlock()
	diag.Write(s.opts.Log, []diag.Diagnostic{d}, diag.Text)
}

// wakeAll tells every event stream to look at the state again. s.mu is held.
func (s *Server) wakeAll() {
	for c := range s.clients {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// report prints the outcome of a build on the terminal: errors in full,
// warnings once, and a line of what was rebuilt.
func (s *Server) report(paths []string, res *build.Result, err error, errs []diag.Diagnostic, wasBroken bool, d time.Duration) {
	w := s.opts.Log
	if len(errs) > 0 {
		diag.Write(w, errs, diag.Text)
		if err != nil {
			fmt.Fprintf(w, "ocop serve: the site cannot be built; still serving the last good pages\n")
		} else {
			fmt.Fprintf(w, "ocop serve: the content has errors; still serving the last good pages\n")
		}
		return
	}
	var fresh []diag.Diagnostic
	s.mu.Lock()
	for _, x := range res.Diagnostics {
		if k := x.String(); !s.warnings[k] {
			s.warnings[k] = true
			fresh = append(fresh, x)
		}
	}
	s.mu.Unlock()
	if len(fresh) > 0 {
		diag.Write(w, fresh, diag.Text)
	}
	if wasBroken {
		fmt.Fprintln(w, "ocop serve: the errors are fixed")
	}
	if paths == nil {
		fmt.Fprintf(w, "ocop serve: planned %d pages in %d ms; each is rendered when first asked for, the rest in the background\n", res.Pages, d.Milliseconds())
		return
	}
	what := paths[0]
	for _, p := range paths {
		if path.Ext(p) != "" { // a file says more than its folder
			what = p
			break
		}
	}
	if len(paths) > 1 {
		what = fmt.Sprintf("%s and %d more", what, len(paths)-1)
	}
	fmt.Fprintf(w, "ocop serve: %s changed: %d of %d pages changed, rebuilt in %d ms\n", what, len(res.Changed), res.Pages, d.Milliseconds())
}

var templateErr = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: (.*)$`)

// errorDiag turns a build failure (usually a template error) into a
// diagnostic for the overlay and the terminal.
func errorDiag(err error) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Severity: diag.Error, Message: msg}
	if m := templateErr.FindStringSubmatch(msg); m != nil {
		d.File = m[1]
		d.Line, _ = strconv.Atoi(m[2])
		d.Column, _ = strconv.Atoi(m[3])
		d.Message = m[4]
	}
	return d
}

// urlPath returns the URL path at which an output file is served:
// vi/san-pham/index.html → /vi/san-pham/.
func urlPath(file string) string {
	if file == "index.html" {
		return "/"
	}
	if strings.HasSuffix(file, "/index.html") {
		return "/" + strings.TrimSuffix(file, "index.html")
	}
	return "/" + file
}
