package images

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// version changes whenever the pipeline makes different files from the same
// source and parameters, so that old cache entries are not reused.
const version = "5"

// Cache keeps processed pictures in a folder, one entry per key (the SHA-256
// of the source bytes, the parameters and the mode), and an index of the
// source files it has read. A Cache is safe for concurrent use; several
// processes may share its folder.
type Cache struct {
	dir string

	mu     sync.Mutex
	loaded bool
	dirty  bool
	index  map[string]indexEntry
	seen   map[string]bool
}

// indexEntry is what the cache learnt about one source file.
type indexEntry struct {
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime"` // Unix nanoseconds
	Sum     string `json:"sha256,omitempty"`
	Info    Info   `json:"info"`
	// Version is the pipeline's version when the entry was recorded: what
	// Probe learns grows with it (Info.Opaque came with 5).
	Version string `json:"v,omitempty"`
	// Racy marks an entry recorded so soon after the file was written that a
	// later write within the file system's time resolution could go unseen;
	// it is not trusted.
	Racy bool `json:"racy,omitempty"`
}

// NewCache returns a cache kept in dir. The folder is created when the first
// entry is written.
func NewCache(dir string) *Cache {
	return &Cache{dir: dir, index: map[string]indexEntry{}, seen: map[string]bool{}}
}

// Dir returns the cache's folder.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) indexFile() string { return filepath.Join(c.dir, "index.json") }

// load reads the index once; c.mu is held.
func (c *Cache) load() {
	if c.loaded {
		return
	}
	c.loaded = true
	data, err := os.ReadFile(c.indexFile())
	if err != nil {
		return
	}
	var m map[string]indexEntry
	if json.Unmarshal(data, &m) == nil {
		c.index = m
	}
}

// lookup returns the index entry of a file if the file is unchanged.
func (c *Cache) lookup(name string, st fs.FileInfo) (indexEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.load()
	c.seen[name] = true
	e, ok := c.index[name]
	if !ok || e.Racy || e.Version != version || e.Size != st.Size() || e.ModTime != st.ModTime().UnixNano() {
		return indexEntry{}, false
	}
	return e, true
}

func (c *Cache) record(name string, st fs.FileInfo, e indexEntry) {
	e.Size, e.ModTime, e.Version = st.Size(), st.ModTime().UnixNano(), version
	e.Racy = time.Since(st.ModTime()) < 3*time.Second
	c.mu.Lock()
	c.load()
	c.index[name] = e
	c.seen[name] = true
	c.dirty = true
	c.mu.Unlock()
}

// Probe returns the header information of the file name of fsys (see Probe):
// from the index when the file's size and modification time are the ones
// recorded, else by reading the file. Files that fail are not recorded.
func (c *Cache) Probe(fsys fs.FS, name string, maxPixels int) (Info, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return Info{}, err
	}
	if e, ok := c.lookup(name, st); ok {
		return e.Info, nil
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Info{}, err
	}
	info, err := Probe(data, maxPixels)
	if err != nil {
		return info, err
	}
	c.record(name, st, indexEntry{Info: info})
	return info, nil
}

// Entry is the cache folder holding a picture's files, each named by its
// Variant.Key.
type Entry string

// Path returns the file of variant v in the entry.
func (e Entry) Path(v Variant) string { return filepath.Join(string(e), v.Key) }

// Make returns the cache entry holding the files of pic made from the file
// name of fsys, processing the file only when no entry has its key. processed
// says whether it did.
func (c *Cache) Make(fsys fs.FS, name string, pic *Picture, params Params) (entry Entry, processed bool, err error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return "", false, err
	}
	var data []byte
	e, ok := c.lookup(name, st)
	if !ok || e.Sum == "" {
		if data, err = fs.ReadFile(fsys, name); err != nil {
			return "", false, err
		}
		sum := sha256.Sum256(data)
		e.Sum = hex.EncodeToString(sum[:])
		info, err := Probe(data, params.norm().MaxPixels)
		if err != nil {
			return "", false, err
		}
		e.Info = info
		c.record(name, st, e)
	}
	entry = Entry(filepath.Join(c.dir, c.key(e.Sum, pic, params)))
	if _, err := os.Stat(string(entry)); err == nil {
		return entry, false, nil
	}
	if data == nil {
		if data, err = fs.ReadFile(fsys, name); err != nil {
			return "", false, err
		}
	}
	outs, err := Process(data, pic, params)
	if err != nil {
		return "", false, err
	}
	if err := c.write(entry, outs); err != nil {
		return "", false, err
	}
	return entry, true, nil
}

// key is the cache key of a picture of the source whose bytes hash to sum.
func (c *Cache) key(sum string, pic *Picture, params Params) string {
	h := sha256.New()
	// The output format too: the same PNG photo is published as JPEG, or
	// as PNG beside a JPEG of its name (the build's planImage).
	fmt.Fprintf(h, "ocop-images %s\x00%s\x00%s\x00%s\x00%s\x00", version, sum, params.key(), pic.Mode, pic.Out)
	return hex.EncodeToString(h.Sum(nil))
}

// write stores the files of an entry in a temporary folder and renames it
// into place, so an entry is either complete or absent.
func (c *Cache) write(entry Entry, outs []Output) error {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(c.dir, ".tmp-")
	if err != nil {
		return err
	}
	for _, o := range outs {
		if err := os.WriteFile(filepath.Join(tmp, o.Key), o.Data, 0o644); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, string(entry)); err != nil {
		os.RemoveAll(tmp)
		// Another build made the same entry at the same time.
		if _, serr := os.Stat(string(entry)); serr == nil {
			return nil
		}
		return fmt.Errorf("storing a processed image in the cache: %w", err)
	}
	return nil
}

// Save writes the index of the files seen since the cache was made (others
// are forgotten), if anything was learnt.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return nil
	}
	keep := map[string]indexEntry{}
	for name, e := range c.index {
		if c.seen[name] {
			keep[name] = e
		}
	}
	data, err := json.MarshalIndent(keep, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(c.dir, ".index-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), c.indexFile()); err != nil {
		os.Remove(f.Name())
		return err
	}
	c.dirty = false
	return nil
}

// Prune deletes the cache's entries that are not in keep (the entries a
// complete build used) and returns how many it deleted. Temporary folders
// of entries being written (by another build at the same time) and the
// index are left alone.
func (c *Cache) Prune(keep map[Entry]bool) (int, error) {
	ents, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		entry := Entry(filepath.Join(c.dir, e.Name()))
		if keep[entry] {
			continue
		}
		if err := os.RemoveAll(string(entry)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
