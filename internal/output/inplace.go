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
	"strconv"
	"sync"
	"sync/atomic"
)

// InPlace updates an existing output folder: the target of an incremental
// build. A file whose content is already there is not written again, and
// its precompressed twins are kept. Every other file is written into a
// staging folder beside the output folder, and deletions are noted, so the
// output folder does not change until Commit: then each new file is renamed
// over its old one (a reader, a web server or a deploy tool, sees the old
// file or the new one, never half of one) and the deleted ones go. An update
// that fails before Commit is dropped by Abort and leaves the folder as the
// last build left it, as Dir does with a clean build. Only Commit itself,
// its renames done one by one, can be cut short; the build deletes its
// manifest before it and writes it after, so the next build starts afresh.
type InPlace struct {
	// Precompress decides which files get precompressed twins, as for Dir.
	Precompress Precompress

	root    string
	stage   string // the staging folder, beside root, made when first needed
	next    atomic.Int64
	mu      sync.Mutex
	written map[string]bool
	removed map[string]bool
	staged  map[string]string // rel → its new content's file in stage
	drop    map[string]bool   // files (twins included) to delete at Commit
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
	removeStale(root)
	return &InPlace{root: root, written: map[string]bool{}, removed: map[string]bool{},
		staged: map[string]string{}, drop: map[string]bool{}}, nil
}

// Root returns the folder being updated.
func (p *InPlace) Root() string { return p.root }

func (p *InPlace) full(rel string) string { return filepath.Join(p.root, filepath.FromSlash(rel)) }

// temp returns the name of a new, empty file in the staging folder, readable
// by all as every published file (os.CreateTemp makes files their owner's
// only, and a file keeps its mode when renamed).
func (p *InPlace) temp() (string, error) {
	p.mu.Lock()
	if p.stage == "" {
		dir, err := os.MkdirTemp(filepath.Dir(p.root), "."+filepath.Base(p.root)+".stage-")
		if err != nil {
			p.mu.Unlock()
			return "", err
		}
		p.stage = dir
	}
	stage := p.stage
	p.mu.Unlock()
	name := filepath.Join(stage, strconv.FormatInt(p.next.Add(1), 36))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	err = f.Chmod(0o644) // whatever the umask
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return name, err
}

// put notes that tmp, in the staging folder, is the new content of rel.
func (p *InPlace) put(rel, tmp string) {
	p.mu.Lock()
	old, ok := p.staged[rel]
	p.staged[rel] = tmp
	delete(p.drop, rel)
	p.mu.Unlock()
	if ok {
		os.Remove(old)
	}
}

// forget drops what this update has staged for rel and its twins, so that
// a file written twice is compared with the folder's file again.
func (p *InPlace) forget(rel string) {
	var olds []string
	p.mu.Lock()
	for _, name := range []string{rel, rel + ".gz", rel + ".br"} {
		if t, ok := p.staged[name]; ok {
			olds = append(olds, t)
			delete(p.staged, name)
		}
		delete(p.drop, name)
	}
	p.mu.Unlock()
	for _, t := range olds {
		os.Remove(t)
	}
}

// remove notes that rel is to be deleted at Commit, if it exists.
func (p *InPlace) remove(rel string) {
	p.mu.Lock()
	p.drop[rel] = true
	p.mu.Unlock()
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

// replace stages data as the new content of rel.
func (p *InPlace) replace(rel string, data []byte) error {
	tmp, err := p.temp()
	if err == nil {
		err = os.WriteFile(tmp, data, 0o644)
	}
	if err != nil {
		if tmp != "" {
			os.Remove(tmp)
		}
		return err
	}
	p.put(rel, tmp)
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
	p.forget(rel)
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
		p.remove(name)
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

// Delete notes files to remove at Commit, with their precompressed twins;
// Commit also removes the folders they leave empty.
func (p *InPlace) Delete(rel ...string) {
	for _, r := range rel {
		if checkRel(r) != nil {
			continue
		}
		p.forget(r)
		for _, name := range []string{r, r + ".gz", r + ".br"} {
			p.mu.Lock()
			delete(p.written, name)
			p.removed[name] = true
			p.drop[name] = true
			p.mu.Unlock()
		}
	}
}

// Commit puts the update in place: every staged file is renamed over the
// folder's (its folders made first), the deleted files are removed with the
// folders they leave empty, and the staging folder goes. Nothing may be
// written while Commit or Abort runs; after either, the target takes a new
// update.
func (p *InPlace) Commit() error {
	p.mu.Lock()
	staged, drop, stage := p.staged, p.drop, p.stage
	p.staged, p.drop, p.stage = map[string]string{}, map[string]bool{}, ""
	p.mu.Unlock()
	if stage != "" {
		defer os.RemoveAll(stage)
	}
	names := make([]string, 0, len(staged))
	for rel := range staged {
		names = append(names, rel)
	}
	slices.Sort(names)
	made := map[string]bool{}
	for _, rel := range names {
		if dir := path.Dir(rel); dir != "." && !made[dir] {
			if err := os.MkdirAll(p.full(dir), 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		if err := os.Rename(staged[rel], p.full(rel)); err != nil {
			return err
		}
	}
	dirs := map[string]bool{}
	for rel := range drop {
		if err := os.Remove(p.full(rel)); err == nil {
			dirs[path.Dir(rel)] = true
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	p.prune(dirs)
	return nil
}

// Abort drops the update: the folder stays as it was.
func (p *InPlace) Abort() {
	p.mu.Lock()
	stage := p.stage
	p.staged, p.drop, p.stage = map[string]string{}, map[string]bool{}, ""
	p.mu.Unlock()
	if stage != "" {
		os.RemoveAll(stage)
	}
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
