package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/images"
	"github.com/khanhson-ocop/ocop/internal/output"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// Incremental builds across processes.
//
// After every complete build into a folder, Build writes a manifest to
// <src>/.cache/ocop/build-<hash of the output folder>.gob (never into the
// output folder, which is deployed): the fingerprint of every page, what the
// image and resource steps published, and the list of every file of the
// folder. The next Build into the same folder, with the same options and the
// same ocop executable, reads it and updates the folder in place: it renders
// and writes only the pages whose fingerprint changed, copies only the
// bundle files of records that changed, rewrites the other files only when
// their bytes differ, and deletes every file of the previous build that the
// new one does not make. The result is the folder a clean build would make.
//
// Content errors stop a build before anything is written, as for a clean
// build. The manifest is deleted before the first write and written again
// only after a complete update, so an update that fails half-way (a full disk)
// is followed by a clean build. Options.Clean (ocop build --clean) ignores the
// manifest and swaps in a new folder atomically.

// manifestVersion changes whenever the manifest's meaning changes.
const manifestVersion = 2

// manifestDir is where manifests live, relative to the site folder; the
// repository's .gitignore names /.cache/.
const manifestDir = ".cache/ocop"

type manifest struct {
	Version int
	Config  string    // what else decides the output: options, executable
	Out     string    // the output folder, absolute
	OutTime time.Time // its modification time after the build
	// Files is every file of the folder, sorted. Only those that are not
	// pages are stored (Other): the pages are Pages' keys, and listing them
	// twice made a national catalogue's manifest a third larger.
	Files []string `gob:"-"`
	Other []string
	// Pages is the fingerprint of every page, by output file.
	Pages map[string]string
	// Images is what the image step copied, by output file.
	Images map[string]images.Entry
	// Resources is the bundle hash of every record whose files were copied.
	Resources map[string]content.Hash
}

// manifestPath returns the manifest file of a build into out.
func (b *Builder) manifestPath(out string) string {
	sum := sha256.Sum256([]byte(out))
	return filepath.Join(b.opts.Src, filepath.FromSlash(manifestDir), "build-"+hex.EncodeToString(sum[:6])+".gob")
}

// config identifies what, besides the content and templates (which page
// fingerprints cover), decides the bytes of the output.
func (b *Builder) config() string {
	h := sha256.New()
	o := b.opts
	fmt.Fprintf(h, "v%d\x00%s\x00%s\x00%v\x00%v\x00%s\x00%s\x00%s\x00", manifestVersion, o.Src, o.BaseURL, o.Drafts, o.Minify,
		o.Precompress, o.Today.UTC().Format(time.DateOnly), o.ImageCache)
	// A new ocop may render the same input differently.
	h.Write([]byte(b.exe()))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// executableID identifies the running ocop by its bytes, not its path and
// time: `go run ./cmd/ocop build`, as the README says, links the same program
// into a new temporary file on every run, and incremental builds must still
// apply. Hashing the executable takes some 20 ms; a Builder does it once.
// When it cannot be read, its path, size and time stand in.
func executableID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err == nil {
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err == nil {
			return hex.EncodeToString(h.Sum(nil))
		}
	}
	if info, err := os.Stat(exe); err == nil {
		return fmt.Sprintf("%s\x00%d\x00%d", exe, info.Size(), info.ModTime().UnixNano())
	}
	return ""
}

// loadManifest returns the manifest of the last build into out, or nil when
// there is none or it does not apply (other options, another executable, a
// folder changed or replaced since).
func (b *Builder) loadManifest(out string) *manifest {
	info, err := os.Stat(out)
	if err != nil || !info.IsDir() {
		return nil // deleted since: not worth reading 7 MB at 20,000 products
	}
	data, err := os.ReadFile(b.manifestPath(out))
	if err != nil {
		return nil
	}
	var m manifest
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		return nil
	}
	if m.Version != manifestVersion || m.Config != b.config() || m.Out != out {
		return nil
	}
	m.Files = slices.Grow(m.Other, len(m.Pages))
	for f := range m.Pages {
		m.Files = append(m.Files, f)
	}
	slices.Sort(m.Files)
	if !info.ModTime().Equal(m.OutTime) {
		return nil
	}
	return &m
}

// saveManifest records a complete build into out. A manifest that cannot be
// written is removed: the next build is then a clean one.
func (b *Builder) saveManifest(cat *catalog.Catalog, out string, files []string) {
	file := b.manifestPath(out)
	info, err := os.Stat(out)
	if err != nil {
		os.Remove(file)
		return
	}
	m := manifest{Version: manifestVersion, Config: b.config(), Out: out, OutTime: info.ModTime(),
		Resources: map[string]content.Hash{}}
	b.mu.Lock()
	m.Pages = b.last
	b.mu.Unlock()
	for _, f := range files {
		if _, ok := m.Pages[f]; !ok {
			m.Other = append(m.Other, f)
		}
	}
	b.img.mu.Lock()
	m.Images = b.img.last
	b.img.mu.Unlock()
	for _, r := range cat.Records() {
		m.Resources[r.ID] = r.Hash
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&m); err != nil {
		os.Remove(file)
		return
	}
	if err := writeAtomic(file, buf.Bytes()); err != nil {
		os.Remove(file)
		return
	}
	pruneManifests(filepath.Dir(file), file, keptManifests)
}

// keptManifests is how many manifests a site keeps: one per output folder
// built into, the most recently used first. A national catalogue's is some
// 7 MB, and a publisher's CI or a benchmark that builds into a new folder
// each time would otherwise pile them up; a build into a folder whose
// manifest went is a clean build, the same output.
const keptManifests = 8

// pruneManifests deletes all but the keep most recently written manifests
// in dir, never current.
func pruneManifests(dir, current string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type old struct {
		path string
		mod  time.Time
	}
	var olds []old
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if !strings.HasPrefix(name, "build-") || !strings.HasSuffix(name, ".gob") || path == current {
			continue
		}
		if info, err := e.Info(); err == nil {
			olds = append(olds, old{path, info.ModTime()})
		}
	}
	if len(olds) < keep {
		return
	}
	slices.SortFunc(olds, func(a, b old) int { return b.mod.Compare(a.mod) })
	for _, o := range olds[keep-1:] {
		os.Remove(o.path)
	}
}

func writeAtomic(file string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".tmp-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// absOut returns out as an absolute, clean path.
func absOut(out string) string {
	if a, err := filepath.Abs(out); err == nil {
		return a
	}
	return filepath.Clean(out)
}

// buildInPlace updates out in place when the manifest of the last build into
// it (loadManifest's, which manifests delivers) applies. It reports false
// when it did nothing: Build then makes a clean build.
func (b *Builder) buildInPlace(cat *catalog.Catalog, out string, manifests <-chan *manifest, res *Result) (bool, error) {
	if b.opts.Clean {
		return false, nil
	}
	out = absOut(out)
	m := <-manifests // loadManifest(out)
	if m == nil {
		return false, nil
	}
	t, err := output.NewInPlace(out)
	if err != nil {
		return false, nil
	}
	t.Precompress = b.opts.Precompress
	committed := false
	defer func() {
		if !committed {
			t.Abort() // the folder stays as the last build left it
		}
	}()
	b.mu.Lock()
	b.last = m.Pages
	if b.pv.resources == nil {
		b.pv.resources = map[string]content.Hash{}
	}
	for id, h := range m.Resources {
		b.pv.resources[id] = h
	}
	b.mu.Unlock()
	b.img.mu.Lock()
	b.img.last = m.Images
	b.img.mu.Unlock()

	if err := b.generate(cat, t, res, true, nil); err != nil {
		return true, stopped(err)
	}

	// What a clean build would have made: everything written now, plus the
	// pages, images and bundle files that were up to date, with their twins.
	want := map[string]bool{}
	for _, f := range t.Written() {
		want[f] = true
	}
	prev := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		prev[f] = true
	}
	keep := func(f string) {
		if want[f] {
			return
		}
		want[f] = true
		for _, ext := range []string{".gz", ".br"} {
			if prev[f+ext] {
				want[f+ext] = true
			}
		}
	}
	b.mu.Lock()
	for f := range b.last {
		keep(f)
	}
	b.mu.Unlock()
	b.img.mu.Lock()
	for f := range b.img.last {
		keep(f)
	}
	b.img.mu.Unlock()
	urls := site.NewURLs(cat)
	handled := map[string]bool{}
	for _, s := range b.imageSources(cat) {
		handled[s.path()] = true
	}
	for _, r := range cat.Records() {
		for _, rs := range r.Resources {
			if !handled[r.Dir+"/"+rs.Name] {
				keep(urls.Media(r, rs.Name))
			}
		}
	}
	const nojekyll, headers = ".nojekyll", "_headers"
	want[nojekyll], want[headers] = true, true
	var stale []string
	for _, f := range m.Files {
		if !want[f] {
			stale = append(stale, f)
		}
	}
	t.Delete(stale...)
	files := make([]string, 0, len(want))
	for f := range want {
		files = append(files, f)
	}
	slices.Sort(files)
	// Written last, as by a clean build: the rules cover every file.
	if err := t.WriteFile(nojekyll, nil); err != nil {
		return true, err
	}
	if err := t.WriteFile(headers, output.Headers(urls.BasePath, files)); err != nil {
		return true, err
	}
	res.Removed = append(res.Removed, stale...)
	slices.Sort(res.Removed)
	res.Removed = slices.Compact(res.Removed)
	res.Files = len(files)
	// Only now does the folder change. Should the renames stop half way,
	// no manifest describes it, and the next build starts afresh.
	if err := os.Remove(b.manifestPath(out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return true, err
	}
	committed = true
	if err := t.Commit(); err != nil {
		return true, err
	}
	b.saveManifest(cat, out, files)
	return true, nil
}
