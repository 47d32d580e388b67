package server

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// store is the preview's output: files in memory, text compressed (a
// catalogue of thousands of products makes hundreds of megabytes of HTML,
// which compresses about tenfold). It is a build target (output.Target and
// build.Remover) and safe for concurrent use.
type store struct {
	mu    sync.RWMutex
	files map[string]entry

	writers sync.Pool // *flate.Writer
	readers sync.Pool // io.ReadCloser from flate.NewReader
}

type entry struct {
	data []byte
	size int  // uncompressed size
	z    bool // data is DEFLATE-compressed
}

func newStore() *store { return &store{files: map[string]entry{}} }

// compressible lists the extensions worth compressing.
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".xml": true, ".svg": true,
	".txt": true, ".csv": true, ".md": true, ".webmanifest": true, ".rss": true, ".atom": true,
}

func checkRel(rel string) error {
	if rel == "" || !fs.ValidPath(rel) {
		return fmt.Errorf("invalid output path %q", rel)
	}
	return nil
}

// WriteFile stores a copy of data.
func (s *store) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	e := entry{data: bytes.Clone(data), size: len(data)}
	if len(data) > 512 && compressible[strings.ToLower(path.Ext(rel))] {
		var buf bytes.Buffer
		w, _ := s.writers.Get().(*flate.Writer)
		if w == nil {
			w, _ = flate.NewWriter(&buf, flate.BestSpeed)
		} else {
			w.Reset(&buf)
		}
		w.Write(data)
		w.Close()
		s.writers.Put(w)
		if buf.Len() < len(data) {
			e = entry{data: bytes.Clone(buf.Bytes()), size: len(data), z: true}
		}
	}
	s.mu.Lock()
	s.files[rel] = e
	s.mu.Unlock()
	return nil
}

// CopyFile reads a file into the store.
func (s *store) CopyFile(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	return s.WriteFile(rel, data)
}

// Delete removes files.
func (s *store) Delete(rel ...string) {
	s.mu.Lock()
	for _, r := range rel {
		delete(s.files, r)
	}
	s.mu.Unlock()
}

// Get returns a file's content.
func (s *store) Get(rel string) ([]byte, bool) {
	s.mu.RLock()
	e, ok := s.files[rel]
	s.mu.RUnlock()
	if !ok || !e.z {
		return e.data, ok
	}
	r, _ := s.readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(bytes.NewReader(e.data))
	} else {
		r.(flate.Resetter).Reset(bytes.NewReader(e.data), nil)
	}
	out := make([]byte, e.size)
	_, err := io.ReadFull(r, out)
	s.readers.Put(r)
	if err != nil {
		return nil, false // cannot happen: the store compressed it
	}
	return out, true
}

// Paths returns the stored paths, sorted.
func (s *store) Paths() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.files))
	for k := range s.files {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Size returns the bytes held and the bytes the files would take
// uncompressed.
func (s *store) Size() (held, raw int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, e := range s.files {
		held += len(e.data)
		raw += e.size
	}
	return held, raw
}
