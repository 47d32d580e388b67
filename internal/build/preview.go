package build

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// preview is what earlier builds of a Builder wrote, so that an Update
// rewrites only what changed, and the work a preview Update deferred. It is
// guarded by Builder.mu.
type preview struct {
	assets      map[string][32]byte     // asset output path → content sum
	resources   map[string]content.Hash // record ID → bundle hash when its files were copied
	next        *lazy                   // the lazy set being made by the running Update
	lazy        *lazy                   // the current lazy set
	laterFiles  map[string]bool         // files written by deferred whole-catalogue work
	templates   *render.Templates       // parsed templates kept between Updates
	searchFiles map[string]bool         // files of the last search index written
}

// Changed tells a preview Builder which files changed since the last Update:
// paths relative to the site folder, slash-separated (a file, or a folder
// created, removed or renamed). The next Update parses only the bundles that
// hold them again. Without Options.Preview every Load reads everything and
// Changed does nothing.
func (b *Builder) Changed(paths ...string) {
	b.noteChanged(paths)
	if b.cache != nil {
		b.cache.Invalidate(paths...)
	}
}

// Forget makes the next Update read every file again, as after a missed file
// event.
func (b *Builder) Forget() {
	b.mu.Lock()
	b.patch.structural = true
	b.mu.Unlock()
	if b.cache != nil {
		b.cache.Reset()
	}
}

// assetChanged records the content of an asset and reports whether it differs
// from what the previous build wrote at out.
func (b *Builder) assetChanged(out string, sum [32]byte) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pv.assets == nil {
		b.pv.assets = map[string][32]byte{}
	}
	old, ok := b.pv.assets[out]
	b.pv.assets[out] = sum
	return !ok || old != sum
}

// resourcesChanged reports whether a record's bundle changed since its files
// were last copied, and records it as copied.
func (b *Builder) resourcesChanged(r *catalog.Record) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pv.resources == nil {
		b.pv.resources = map[string]content.Hash{}
	}
	old, ok := b.pv.resources[r.ID]
	b.pv.resources[r.ID] = r.Hash
	return !ok || old != r.Hash
}

// lazy is the deferred work of one preview Update: the pages it did not
// render yet and the files written from the whole catalogue (search index,
// open data, sitemap, feeds). A page is rendered when it is asked for
// (Ensure) or by Flush, whichever comes first. When the next Update installs
// its own lazy set, this one is killed: it writes nothing more, and the pages
// it still held are rendered by the new one.
type lazy struct {
	b     *Builder
	r     *render.Renderer
	t     Target
	later func(Target) error

	mu    sync.Mutex
	dead  bool
	pages map[string]*site.Page // output file → page still to render

	laterMu   sync.Mutex // serializes the run of later
	laterDone bool
	laterErr  error
	stop      atomic.Bool // a newer Update is running: later stops where it can
}

// errStopped says deferred work stopped because a newer Update began
// (lazy.stop); it runs again if that Update does not replace it.
var errStopped = errors.New("build: deferred work stopped for a newer update")

// stopper returns, for deferred work writing into t, the question whether to
// stop (nil when t is not a lazy set's).
func stopper(t Target) func() bool {
	if g, ok := t.(guard); ok {
		return func() bool { return g.z.stop.Load() || g.z.isDead() }
	}
	return nil
}

// pauseLater asks the deferred whole-catalogue work of the current lazy set
// to stop, so that an Update does not share the cores with work it is about
// to make stale; resumeLater lets it run again if the Update did not replace
// the set (content errors).
func (b *Builder) pauseLater() *lazy {
	b.mu.Lock()
	z := b.pv.lazy
	b.mu.Unlock()
	if z != nil {
		z.stop.Store(true)
	}
	return z
}

func (b *Builder) resumeLater(z *lazy) {
	if z == nil {
		return
	}
	b.mu.Lock()
	current := b.pv.lazy == z
	b.mu.Unlock()
	if current {
		z.stop.Store(false)
	}
}

// renderNow returns the pages generate must render at once. In preview it
// renders none: it keeps them for the lazy set that later installs, so the
// server answers (and sends its reload message) without waiting for them.
func (b *Builder) renderNow(r *render.Renderer, t Target, todo []*site.Page) []*site.Page {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pv.next = nil
	if !b.opts.Preview {
		return todo
	}
	z := &lazy{b: b, r: r, t: t, pages: make(map[string]*site.Page, len(todo))}
	for _, pg := range todo {
		z.pages[site.File(pg.Path)] = pg
	}
	b.pv.next = z
	return nil
}

// later runs fn, which writes the files made from the whole catalogue, at
// once; in a lazy preview Update it is kept for Ensure or Flush, and the lazy
// set of this Update replaces the previous one.
func (b *Builder) later(t Target, fn func(Target) error) error {
	b.mu.Lock()
	z := b.pv.next
	b.pv.next = nil
	b.mu.Unlock()
	if z == nil {
		b.kill(nil)
		if b.opts.Preview {
			return fn(recorder{b, t})
		}
		return fn(t)
	}
	z.later = fn
	b.kill(z)
	return nil
}

// kill installs z (possibly nil) as the current lazy set and stops the old one.
func (b *Builder) kill(z *lazy) {
	b.mu.Lock()
	old := b.pv.lazy
	b.pv.lazy = z
	b.mu.Unlock()
	if old != nil {
		old.mu.Lock()
		old.dead = true
		old.mu.Unlock()
	}
}

// stalePages returns the pages of the current lazy set not rendered yet:
// their output is stale, so the next Update renders them whatever their
// fingerprint.
func (b *Builder) stalePages() map[string]bool {
	b.mu.Lock()
	z := b.pv.lazy
	b.mu.Unlock()
	if z == nil {
		return nil
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	m := make(map[string]bool, len(z.pages))
	for f := range z.pages {
		m[f] = true
	}
	return m
}

// Ensure makes the output file rel up to date before it is served: a page
// the last preview Update deferred is rendered now, and a file made from the
// whole catalogue (search index, data, sitemap) is written now if it is
// pending. It does nothing for other files and outside preview.
func (b *Builder) Ensure(rel string) error {
	b.mu.Lock()
	z := b.pv.lazy
	wrote := b.pv.laterFiles[rel]
	b.mu.Unlock()
	if z == nil {
		return nil
	}
	if err := z.render(rel); err != nil {
		return err
	}
	if wrote {
		return z.runLater()
	}
	return nil
}

// EnsureData writes the files made from the whole catalogue now, if the last
// preview Update deferred them. Ensure knows their names only once they have
// been written; the server calls EnsureData for a file it cannot find.
func (b *Builder) EnsureData() error {
	b.mu.Lock()
	z := b.pv.lazy
	b.mu.Unlock()
	if z == nil {
		return nil
	}
	return z.runLater()
}

// Flush does all the work the last preview Update deferred, pages first,
// stopping early when ctx is done or a newer Update took over. It returns
// the first rendering error.
func (b *Builder) Flush(ctx context.Context) error {
	b.mu.Lock()
	z := b.pv.lazy
	b.mu.Unlock()
	if z == nil {
		return nil
	}
	z.mu.Lock()
	files := make([]string, 0, len(z.pages))
	for f := range z.pages {
		files = append(files, f)
	}
	z.mu.Unlock()
	slices.Sort(files)
	jobs := make(chan string)
	errs := make(chan error, len(files)+1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range jobs {
				if err := z.render(f); err != nil {
					errs <- err
				}
			}
		})
	}
feed:
	for _, f := range files {
		select {
		case <-ctx.Done():
			break feed
		case jobs <- f:
		}
		if z.isDead() {
			break
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	if ctx.Err() != nil || z.isDead() {
		return nil
	}
	return z.runLater()
}

func (z *lazy) isDead() bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.dead
}

// render renders one deferred page, if file is one.
func (z *lazy) render(file string) error {
	z.mu.Lock()
	pg, ok := z.pages[file]
	dead := z.dead
	z.mu.Unlock()
	if !ok || dead {
		return nil
	}
	var buf bytes.Buffer
	z.b.model.RLock()
	err := z.r.Render(&buf, pg)
	z.b.model.RUnlock()
	if err != nil {
		return err
	}
	data, err := z.b.min.Minify(file, buf.Bytes())
	if err != nil {
		return err
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	if _, ok := z.pages[file]; !ok || z.dead {
		return nil // rendered meanwhile, or superseded
	}
	delete(z.pages, file)
	return z.t.WriteFile(file, data)
}

// runLater writes the whole-catalogue files once.
func (z *lazy) runLater() error {
	z.laterMu.Lock()
	defer z.laterMu.Unlock()
	if z.laterDone || z.later == nil {
		return z.laterErr
	}
	err := z.later(guard{z}) // it holds the model's read lock while it reads records
	if errors.Is(err, errStopped) {
		return nil // not done: run again when asked, if still current
	}
	z.laterErr = err
	z.laterDone = true
	return z.laterErr
}

// guard writes for a lazy set while it is alive, and records what it wrote.
type guard struct{ z *lazy }

func (g guard) WriteFile(rel string, data []byte) error {
	g.z.mu.Lock()
	defer g.z.mu.Unlock()
	if g.z.dead {
		return nil
	}
	g.z.b.noteLater(rel)
	return g.z.t.WriteFile(rel, data)
}

// Delete deletes files from the lazy set's target while the set is alive.
func (g guard) Delete(rel ...string) {
	g.z.mu.Lock()
	defer g.z.mu.Unlock()
	if g.z.dead {
		return
	}
	if rm, ok := g.z.t.(Remover); ok {
		rm.Delete(rel...)
	}
}

func (g guard) CopyFile(rel string, src fs.FS, name string) error {
	data, err := fs.ReadFile(src, name)
	if err != nil {
		return err
	}
	return g.WriteFile(rel, data)
}

// recorder passes writes through and records their names, so that Ensure
// knows which files the deferred work writes.
type recorder struct {
	b *Builder
	t Target
}

func (r recorder) WriteFile(rel string, data []byte) error {
	if r.b.opts.Preview {
		r.b.noteLater(rel)
	}
	return r.t.WriteFile(rel, data)
}

// Delete passes deletions through.
func (r recorder) Delete(rel ...string) {
	if rm, ok := r.t.(Remover); ok {
		rm.Delete(rel...)
	}
}

func (r recorder) CopyFile(rel string, src fs.FS, name string) error {
	if r.b.opts.Preview {
		r.b.noteLater(rel)
	}
	return r.t.CopyFile(rel, src, name)
}

func (b *Builder) noteLater(rel string) {
	b.mu.Lock()
	if b.pv.laterFiles == nil {
		b.pv.laterFiles = map[string]bool{}
	}
	b.pv.laterFiles[rel] = true
	b.mu.Unlock()
}

// templates returns the parsed-template cache of a preview Builder (nil
// otherwise: a build parses its templates once anyway).
func (b *Builder) templates() *render.Templates {
	if !b.opts.Preview {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pv.templates == nil {
		b.pv.templates = &render.Templates{}
	}
	return b.pv.templates
}
