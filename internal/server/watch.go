package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the site's folders whose changes trigger a rebuild.
var watched = []string{"content", "templates", "assets"}

// maxWait bounds how long a steady stream of events can delay a rebuild.
const maxWait = 500 * time.Millisecond

// watchRoots watches the site folder itself (to notice content/, templates/
// or assets/ appearing) and every folder below the watched ones.
func (s *Server) watchRoots(w *fsnotify.Watcher) error {
	if err := w.Add(s.opts.Src); err != nil {
		return fmt.Errorf("watching %s: %w", s.opts.Src, err)
	}
	for _, d := range watched {
		if _, err := s.addTree(w, filepath.Join(s.opts.Src, d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// addTree watches dir and every folder below it (but dot-folders) and returns
// the files found there, relative to the site folder, slash-separated.
func (s *Server) addTree(w *fsnotify.Watcher, dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished meanwhile
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if rel, ok := s.rel(p); ok {
				files = append(files, rel)
			}
			return nil
		}
		if err := w.Add(p); err != nil {
			return fmt.Errorf("watching %s: %w", p, err)
		}
		return nil
	})
	return files, err
}

// rel returns the slash-separated path of name relative to the site folder,
// and whether a change there matters: it lies in a watched folder (or is one)
// and is no dot-file or editor's temporary file.
func (s *Server) rel(name string) (string, bool) {
	r, err := filepath.Rel(s.opts.Src, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if !slices.Contains(watched, top) {
		return "", false
	}
	for seg := range strings.SplitSeq(r, "/") {
		if strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "#") || strings.HasSuffix(seg, "~") {
			return "", false
		}
	}
	switch base := filepath.Base(name); {
	case base == "4913", strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasSuffix(base, ".tmp"), strings.HasSuffix(base, ".crdownload"):
		return "", false
	}
	return r, true
}

// loop builds the site, then rebuilds it after every quiet burst of file
// events, until ctx is done. Events that arrive during a rebuild wait in the
// watcher and make the next one.
func (s *Server) loop(ctx context.Context, w *fsnotify.Watcher) {
	s.rebuild(ctx, nil)
	close(s.ready)
	pending := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			changed := s.event(w, ev)
			if len(changed) == 0 {
				continue
			}
			for _, c := range changed {
				pending[c] = true
			}
			if first.IsZero() {
				first = time.Now()
			}
			timer.Reset(min(s.opts.Quiet, max(maxWait-time.Since(first), 0)))
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.opts.Log, "ocop serve: watching files: %v\n", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: read everything again.
				pending[""] = true
				timer.Reset(s.opts.Quiet)
			}
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			slices.Sort(paths)
			clear(pending)
			first = time.Time{}
			s.rebuild(ctx, paths)
		}
	}
}

// event returns the paths a file event changes, watching folders that
// appeared (and returning the files already in them).
func (s *Server) event(w *fsnotify.Watcher, ev fsnotify.Event) []string {
	if ev.Op == fsnotify.Chmod {
		return nil
	}
	r, ok := s.rel(ev.Name)
	if !ok {
		return nil
	}
	out := []string{r}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			files, err := s.addTree(w, ev.Name)
			if err != nil {
				fmt.Fprintf(s.opts.Log, "ocop serve: %v\n", err)
			}
			out = append(out, files...)
		}
	}
	return out
}
