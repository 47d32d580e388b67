package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// InPlace updates an existing output folder: the target of an incremental
// build. Every file is written under a temporary name beside its final one and
// renamed over it, so a reader (a web server, a deploy tool) sees the old file
// or the new one, never half of one. A file whose content is already there is
// not written again, and its precompressed twins are kept.
//
// Unlike Dir, the folder as a whole is not swapped: an interrupted update
// leaves some files new and some old, which is why the build deletes its
// manifest before an update and writes it only after a complete one.
type InPlace struct {
	// Precompress decides which files get precompressed twins, as for Dir.
	Precompress Precompress

	root    string
	dirs    sync.Map
	mu      sync.Mutex
	written map[string]bool
	removed map[string]bool
	zip     compressors
}

// NewInPlace returns a target that updates the folder root, which must exist.
func NewInPlace(root string) (*InPlace, error) {
	root = filepath.Clean(root)
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", root)
	}
	return &InPlace{root: root, written: map[string]bool{}, removed: map[string]bool{}}, nil
}

// Root returns the folder being updated.
func (p *InPlace) Root() string { return p.root }

func (p *InPlace) full(rel string) string { return filepath.Join(p.root, filepath.FromSlash(rel)) }

func (p *InPlace) mkdir(rel string) error {
	dir := path.Dir(rel)
	if dir == "." {
		return nil
	}
	if _, ok := p.dirs.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(p.full(dir), 0o755); err != nil {
		return err
	}
	p.dirs.Store(dir, true)
	return nil
}

func (p *InPlace) note(rel string) {
	p.mu.Lock()
	p.written[rel] = true
	delete(p.removed, rel)
	p.mu.Unlock()
}

// same reports whether the file rel holds exactly data.
func (p *InPlace) same(rel string, data []byte) bool {
	f, err := os.Open(p.full(rel))
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	old := make([]byte, len(data))
	if _, err := io.ReadFull(f, old); err != nil {
		return false
	}
	return bytes.Equal(old, data)
}

// replace writes data to rel through a temporary file and a rename.
func (p *InPlace) replace(rel string, data []byte) error {
	if err := p.mkdir(rel); err != nil {
		return err
	}
	final := p.full(rel)
	tmp, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), final)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// unchanged notes rel, whose bytes are already in place, and, when its twins
// are wanted, those it has: unchanged file, unchanged twins.
func (p *InPlace) unchanged(rel string, wants bool) {
	p.note(rel)
	if !wants {
		return
	}
	for _, ext := range []string{".gz", ".br"} {
		if info, err := os.Stat(p.full(rel + ext)); err == nil && info.Mode().IsRegular() {
			p.note(rel + ext)
		}
	}
}

// WriteFile writes a file (and its twins) unless it already holds data.
func (p *InPlace) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	wants := p.Precompress.Wants(rel)
	if p.same(rel, data) {
		p.unchanged(rel, wants)
		return nil
	}
	if err := p.replace(rel, data); err != nil {
		return err
	}
	p.note(rel)
	var tw map[string][]byte
	if wants {
		var err error
		if tw, err = p.zip.twins(rel, data); err != nil {
			return err
		}
	}
	for _, ext := range []string{".gz", ".br"} {
		name := rel + ext
		if z, ok := tw[name]; ok {
			if err := p.replace(name, z); err != nil {
				return err
			}
			p.note(name)
			continue
		}
		// A twin the new content does not get (too small, or not worth it).
		if err := os.Remove(p.full(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// CopyFile copies a file from src into the output.
func (p *InPlace) CopyFile(rel string, src fs.FS, name string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	return p.WriteFile(rel, data)
}

// Delete removes files and their precompressed twins, then the folders they
// leave empty.
func (p *InPlace) Delete(rel ...string) {
	dirs := map[string]bool{}
	for _, r := range rel {
		if checkRel(r) != nil {
			continue
		}
		for _, name := range []string{r, r + ".gz", r + ".br"} {
			os.Remove(p.full(name))
			p.mu.Lock()
			delete(p.written, name)
			p.removed[name] = true
			p.mu.Unlock()
		}
		dirs[path.Dir(r)] = true
	}
	p.prune(dirs)
}

// prune removes the given folders, deepest first, and their parents, as long
// as they are empty.
func (p *InPlace) prune(dirs map[string]bool) {
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	// Deepest first, so that a parent is tried after its children.
	slices.SortFunc(list, func(a, b string) int { return len(b) - len(a) })
	for _, d := range list {
		for d != "." && d != "/" && d != "" {
			if os.Remove(p.full(d)) != nil {
				break // not empty (or gone): its parents are not empty either
			}
			p.dirs.Delete(d)
			d = path.Dir(d)
		}
	}
}

// Written returns the files written (or found already up to date) so far,
// twins included, sorted.
func (p *InPlace) Written() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.written))
	for f := range p.written {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// Removed returns the files deleted so far, twins included, sorted.
func (p *InPlace) Removed() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]string, 0, len(p.removed))
	for f := range p.removed {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}
