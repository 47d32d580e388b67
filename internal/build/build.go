package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/images"
	"github.com/khanhson-ocop/ocop/internal/markdown"
	"github.com/khanhson-ocop/ocop/internal/output"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// Options configure a Builder.
type Options struct {
	Src     string    // the site folder
	BaseURL string    // overrides site.yaml's base_url
	Drafts  bool      // publish drafts
	Minify  bool      // minify HTML, CSS, JS, JSON, SVG, XML
	Today   time.Time // the build date (SOURCE_DATE_EPOCH); zero means today (UTC)
	Builtin fs.FS     // built-in templates/ and assets/
	// Preview renders for the preview server: the script is added before </body>.
	Preview       bool
	PreviewScript template.HTML
	// Precompress says which files get .gz and .br twins (output folders only).
	Precompress output.Precompress
	// Interpret renders with html/template's interpreter alone, not the
	// compiled templates (render.Options.Interpret): the same pages, slower.
	Interpret bool
	// Progress shows the progress of image processing (a terminal); nil is quiet.
	Progress io.Writer
	// ImageCache is the folder of processed images; default <Src>/.cache/ocop/images.
	ImageCache string
	// Clean makes Build write a new folder even when the manifest of the last
	// build would let it update the folder in place (incremental.go).
	Clean bool
	// GC deletes from the image cache, after a complete build, the processed
	// images that no page of it uses any more (ocop build --gc), so that a
	// cache kept between CI runs does not grow with every replaced photo.
	GC bool
	// Loaded, when set, is called by Build once the catalogue is loaded and
	// checked without errors, before anything is planned or written: when
	// the live heap is the model and little else (ocop build sizes the
	// garbage collector's memory limit from it). bodies is how many bytes
	// of the model's bodies the memo's file holds too: when Loaded returns
	// true, the build lets go of them and reads each from the memo when a
	// page shows it (slower, for a smaller heap).
	Loaded func(bodies int64) (drop bool)
}

// Builder builds one site folder, possibly many times.
type Builder struct {
	opts    Options
	md      *markdown.Converter
	bodies  *catalog.BodyCache
	decoded *catalog.DecodeCache // decoded records between Updates (preview only)
	cache   *content.Cache       // parsed bundles between Updates (preview only)
	pv      preview              // what earlier Updates wrote and deferred (preview)
	min     *output.Minifier
	img     imageState    // the image cache and what earlier builds published
	exe     func() string // executableID, computed once (incremental.go)
	seed    maphash.Seed  // of the preview's page fingerprints (pageHash)

	// model is held for reading while a lazy preview render reads the
	// catalogue, and for writing while records are copied into it (patch.go).
	model sync.RWMutex

	// State of the last successful build, for incremental rebuilds.
	mu    sync.Mutex
	patch patchState                // what a preview Update compares with (patch.go)
	last  map[string]string         // output path → fingerprint
	memo  struct{ Found, Made int } // of the last load (Result.Memo)
	// memoRead is set once a preview Builder has loaded through the memo
	// (only its first load does; loads follow one another).
	memoRead bool
	Cat      *catalog.Catalog
	// Pages is the plan of the last preview Update. A one-off build lets
	// its plan go before its end (to lower its peak of memory): plan the
	// catalogue again (site.Plan) when it is needed.
	Pages []*site.Page
}

// New returns a Builder.
func New(opts Options) *Builder {
	b := &Builder{opts: opts, md: markdown.New(), exe: sync.OnceValue(executableID), seed: maphash.MakeSeed()}
	if opts.Preview {
		// Only the preview server builds again and again: a one-off build
		// converts each body once anyway, and the cache would keep every
		// body twice (source and HTML) for the whole build.
		b.cache = content.NewCache()
		b.bodies = catalog.NewBodyCache()
		b.decoded = catalog.NewDecodeCache()
	}
	if opts.Minify {
		b.min = output.NewMinifier()
		b.min.PagesFromTemplates = true // see minifyTemplate
	}
	return b
}

// Result says what a build did.
type Result struct {
	Diagnostics []diag.Diagnostic
	Pages       int // pages in the plan
	Rendered    int // pages rendered (fewer than Pages when incremental)
	Files       int // files written
	Removed     []string
	Changed     []string // output paths written (not assets)
	Images      int      // images published (photos, logos, other image files)
	Decoded     int      // images processed, not found in the image cache
	Pruned      int      // unused image cache entries deleted (Options.GC)
	Assets      []string // asset output paths whose content changed since the last Update
	Duration    time.Duration
	// Reused says a preview Update reused the last plan: only records'
	// content changed, not where they are listed (patch.go).
	Reused bool
	// Reread is how many record folders a preview Update read and checked
	// on their own instead of loading the whole site (patch.go).
	Reread int
	// Templates says how the templates ran: compiled, or not and why, and
	// the runs that fell back to html/template (render.TemplateReport).
	Templates render.TemplateReport
	// Memo counts the front matters and bodies the load took from the
	// site's memo (Found) and those it parsed or converted (Made): every
	// build's load, a preview's first; zero for the others.
	Memo struct{ Found, Made int }
}

// HasErrors reports whether the content has errors (nothing was written).
func (r *Result) HasErrors() bool { return diag.Count(r.Diagnostics, diag.Error) > 0 }

// Load reads and checks the site folder.
func (b *Builder) Load() (*catalog.Catalog, []diag.Diagnostic) {
	cat, ds, _ := b.load(false, false)
	return cat, ds
}

// load is Load, and computes the catalogue's shape (patch.go) meanwhile
// when withShape is set. With spill, the catalogue can also read its bodies
// from the memo's file (catalog.Options.SpillBodies), and let go of them,
// until its CloseBodies.
func (b *Builder) load(withShape, spill bool) (cat *catalog.Catalog, ds []diag.Diagnostic, shape string) {
	var d diag.List
	cat = b.loadCatalog(catalog.Options{Drafts: b.opts.Drafts, Today: b.opts.Today, BaseURL: b.opts.BaseURL, Markdown: b.md, BodyCache: b.bodies, DecodeCache: b.decoded, SpillBodies: spill}, &d)
	var wg sync.WaitGroup
	if withShape {
		wg.Go(func() { shape = b.shapeHash(cat) })
	}
	site.Check(cat, site.NewURLs(cat), &d)
	b.checkImages(cat, &d)
	wg.Wait()
	return cat, d.Items(), shape
}

func (b *Builder) layers() render.Layers {
	return render.Layers{os.DirFS(b.opts.Src), b.opts.Builtin}
}

// Build loads, checks and writes the whole site to out atomically.
func (b *Builder) Build(out string) (*Result, error) {
	start := time.Now()
	var manifests chan *manifest
	if !b.opts.Clean {
		// The last build's manifest is read beside the load: at 20,000
		// products its 7 MB took ~0.15 s of a rebuild's wall time after it.
		manifests = make(chan *manifest, 1)
		go func() { manifests <- b.loadManifest(absOut(out)) }()
	}
	cat, ds, _ := b.load(false, !b.opts.Preview && b.opts.Loaded != nil)
	defer cat.CloseBodies()
	res := &Result{Diagnostics: ds}
	b.mu.Lock()
	res.Memo = b.memo
	b.mu.Unlock()
	if res.HasErrors() {
		return res, nil
	}
	if b.opts.Loaded != nil && b.opts.Loaded(cat.Droppable()) {
		cat.DropBodies()
	} else {
		cat.CloseBodies()
	}
	if done, err := b.buildInPlace(cat, out, manifests, res); done {
		if err == nil {
			err = b.pruneImages(res)
		}
		res.Duration = time.Since(start)
		return res, err
	}
	dir, err := output.NewDir(out)
	if err != nil {
		return res, err
	}
	dir.Precompress = b.opts.Precompress
	if err := b.generate(cat, dir, res, false, nil); err != nil {
		dir.Abort()
		return res, stopped(err)
	}
	if err := dir.Commit(); err != nil {
		dir.Abort()
		return res, err
	}
	b.saveManifest(cat, absOut(out), dir.Files())
	err = b.pruneImages(res)
	res.Duration = time.Since(start)
	return res, err
}

// pruneImages deletes, with Options.GC, the image cache's entries that the
// build just made did not publish from.
func (b *Builder) pruneImages(res *Result) error {
	if !b.opts.GC {
		return nil
	}
	keep := map[images.Entry]bool{}
	b.img.mu.Lock()
	for _, e := range b.img.last {
		keep[e] = true
	}
	b.img.mu.Unlock()
	n, err := b.imageCache().Prune(keep)
	res.Pruned = n
	if err != nil {
		return fmt.Errorf("deleting unused images from the cache %s: %w", b.imageCache().Dir(), err)
	}
	return nil
}

// Update loads and checks the site, then writes into t only the pages whose
// inputs changed since the last Update, and removes pages that no longer exist.
// On content errors nothing is written and the previous output stays.
func (b *Builder) Update(t Target) (*Result, error) {
	start := time.Now()
	defer b.resumeLater(b.pauseLater())
	if reuse, ds, ok := b.quickLoad(); ok {
		// Only records' content changed, read and checked on their own.
		res := &Result{Diagnostics: ds}
		if res.HasErrors() {
			b.settle(false, "", nil)
			return res, nil
		}
		if done, err := b.generateReused(t, res, reuse, ds, start); done {
			return res, err
		}
	}
	cat, ds, shape := b.load(b.opts.Preview, false)
	res := &Result{Diagnostics: ds}
	b.mu.Lock()
	res.Memo = b.memo
	b.mu.Unlock()
	if res.HasErrors() {
		b.settle(false, "", nil)
		return res, nil
	}
	if b.opts.Preview {
		if reuse := b.reusable(cat, shape); reuse != nil {
			b.patchInto(reuse.cat, cat, reuse.changed)
			if done, err := b.generateReused(t, res, reuse, ds, start); done {
				return res, err
			}
			*res = Result{Diagnostics: ds}
		}
	}
	if err := b.generate(cat, t, res, true, nil); err != nil {
		b.forget()
		return res, stopped(err)
	}
	b.settle(true, shape, ds)
	res.Duration = time.Since(start)
	return res, nil
}

// generateReused writes the pages of the last plan that reuse says changed;
// done is false when the last plan cannot serve (errNotFast) and Update must
// plan again.
func (b *Builder) generateReused(t Target, res *Result, reuse *planReuse, ds []diag.Diagnostic, start time.Time) (done bool, err error) {
	err = b.generate(reuse.cat, t, res, true, reuse)
	switch {
	case errors.Is(err, errNotFast):
		return false, nil
	case err != nil:
		b.forget()
		return true, stopped(err)
	}
	res.Reused, res.Reread = true, reuse.reread
	b.settle(true, reuse.shape, ds)
	res.Duration = time.Since(start)
	return true, nil
}

// Target is where files go: output.Dir, output.Memory, or an incremental folder.
type Target interface {
	output.Target
}

// Remover is a Target that can delete files (for incremental updates).
type Remover interface {
	Delete(rel ...string)
}

// generate writes the pages of cat into t. With reuse (preview only), cat is
// the last Update's catalogue with the changed records copied into it, and
// the last plan is reused (patch.go); errNotFast says it cannot be.
func (b *Builder) generate(cat *catalog.Catalog, t Target, res *Result, incremental bool, reuse *planReuse) error {
	urls := site.NewURLs(cat)
	imgs, err := b.images(cat, urls, t, res, incremental)
	if err != nil {
		return err
	}
	assets, err := b.assets(t, incremental)
	if err != nil {
		return err
	}
	res.Assets = assets.changed
	r, err := render.New(cat, urls, b.layers(), render.Options{Preview: b.opts.Preview, PreviewScript: b.opts.PreviewScript, Assets: assets.paths, Pictures: imgs.pictures, Templates: b.templates(), MinifyTemplate: b.minifyTemplate(), Interpret: b.opts.Interpret})
	if err != nil {
		return err
	}
	defer func() { res.Templates = r.TemplateReport() }()
	global := b.globalHash(cat, r, assets)
	var recHash map[string]content.Hash
	if reuse != nil {
		recHash = reuse.rec // the patched catalogue's, already made
	} else {
		recHash = recordHashes(cat)
	}
	b.mu.Lock()
	last := b.last
	b.mu.Unlock()
	stale := b.stalePages()
	var pages, todo []*site.Page
	var next map[string]string // output file → fingerprint, for the next build
	var fps []string           // the pages' fingerprints, made into next after rendering
	if reuse != nil {
		pages, todo, next, err = b.reusePlan(global, reuse.changed, recHash, stale)
		if err != nil {
			return err
		}
	} else {
		pages = site.Plan(cat, urls)
		fps = fingerprints(global, pages, recHash, b.pageHash)
		for i, pg := range pages {
			if incremental && last != nil {
				if file := site.File(pg.Path); last[file] == fps[i] && !stale[file] {
					continue
				}
			}
			todo = append(todo, pg)
		}
		if !b.opts.Preview {
			// Dependencies serve fingerprints, made now, and the preview's
			// partial rebuilds; a build lets them go before rendering (at
			// 20,000 products ~25 MB of the live heap, twice that at the peak).
			for _, pg := range pages {
				pg.Deps = nil
			}
		}
	}
	res.Pages = len(pages)
	if b.opts.Preview && reuse == nil {
		b.users(pages) // made now, so that the first edit after a plan does not wait for it
	}
	var written atomic.Int64
	// A language's cards and filter panels are let go once its pages are
	// written (the plan lists the pages language by language), so that
	// a build does not hold every language's at once.
	left := map[string]*atomic.Int64{}
	if !b.opts.Preview {
		for _, pg := range todo {
			if left[pg.Lang] == nil {
				left[pg.Lang] = new(atomic.Int64)
			}
			left[pg.Lang].Add(1)
		}
	}
	var firstErr error
	var errMu sync.Mutex
	jobs := make(chan *site.Page, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for pg := range jobs {
				buf.Reset()
				err := r.Render(&buf, pg)
				if err == nil {
					err = b.write(t, site.File(pg.Path), buf.Bytes())
				}
				if n := left[pg.Lang]; n != nil && n.Add(-1) == 0 {
					r.ReleaseFragments(pg.Lang)
				}
				if err != nil {
					errMu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					errMu.Unlock()
					continue
				}
				written.Add(1)
			}
		})
	}
	for _, pg := range b.renderNow(r, t, todo) {
		jobs <- pg
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	res.Rendered = int(written.Load())
	if !b.opts.Preview {
		// Every page is written: the cards and panels kept for them are
		// garbage before the search index and open data are made.
		r.ReleaseFragments()
		// Rendering left the heap's spans full of holes; collect and give
		// the free memory back now, so that the search index and the open
		// data grow from the live heap and not from rendering's leftovers:
		// at 20,000 products the peak fell by
		// ~90 MiB (1,411-1,414 → 1,321-1,322 MiB) for one more collection.
		// A rebuild that rendered a few pages left no such holes, and the
		// forced collection of a whole catalogue's heap cost it ~0.2 s.
		if 4*res.Rendered >= len(pages) {
			debug.FreeOSMemory()
		}
	}
	if next == nil {
		// Made now rather than with the fingerprints: its keys (at 20,000
		// products ~10 MB with the map) would be live while pages render,
		// when the heap is at its largest.
		next = make(map[string]string, len(pages))
		for i, pg := range pages {
			next[site.File(pg.Path)] = fps[i]
		}
	}
	for _, pg := range todo {
		res.Changed = append(res.Changed, site.File(pg.Path))
	}
	if err := b.resources(cat, urls, t, incremental, imgs.handled); err != nil {
		return err
	}
	if err := b.later(t, func(t Target) error {
		// Side by side: each language's index is made on one core, the
		// open data on one, and the heap, now without the cards, has room
		// for both.
		var searchErr error
		var wg sync.WaitGroup
		wg.Go(func() { searchErr = b.searchIndex(cat, urls, r, t) })
		smErr := b.sitemap(urls, pages, t)
		if !b.opts.Preview {
			// The sitemap was the plan's last use in a one-off build: let
			// it go (≈ 25 MB at 20,000 products) before the open data is
			// made beside the search index, where the build's memory
			// peaks.
			pages, todo = nil, nil
		}
		var dataErr error
		if smErr == nil {
			dataErr = b.data(cat, urls, r, t)
		}
		wg.Wait()
		if err := errors.Join(smErr, dataErr, searchErr); err != nil {
			return err
		}
		return folderRules(urls, t)
	}); err != nil {
		return err
	}
	if incremental && last != nil {
		for file := range last {
			if _, ok := next[file]; !ok {
				res.Removed = append(res.Removed, file)
			}
		}
		slices.Sort(res.Removed)
		if rm, ok := t.(Remover); ok {
			rm.Delete(res.Removed...)
		}
	}
	b.mu.Lock()
	b.last, b.Cat, b.Pages = next, cat, pages
	b.patch.global, b.patch.rec = global, recHash
	b.mu.Unlock()
	if d, ok := t.(*output.Dir); ok {
		res.Files = len(d.Files())
	}
	return nil
}

func (b *Builder) write(t Target, rel string, data []byte) error {
	out, err := b.min.Minify(rel, data)
	if err != nil {
		return err
	}
	return t.WriteFile(rel, out)
}

// globals are what page fingerprints hold besides the page's own records.
type globals struct {
	// siteWide covers what any page may show: templates and strings, site
	// settings, assets, menus, and the catalogue-wide lists of menus, footers
	// and filter panels (render.SiteWideKey). It is all of the catalogue in
	// the fingerprint of a page whose dependencies are complete
	// (site.Page.DepsComplete).
	siteWide string
	// whole adds the catalogue's shape (which records are listed where): for
	// the pages made from the whole catalogue (home, statistics, communes).
	whole string
}

// pick returns the global part of pg's fingerprint.
func (g globals) pick(pg *site.Page) string {
	if pg.DepsComplete() {
		return g.siteWide
	}
	return g.whole
}

// globalHash returns the globals of a catalogue's pages.
func (b *Builder) globalHash(cat *catalog.Catalog, r *render.Renderer, a *assetSet) globals {
	h := b.newHash()
	fmt.Fprintf(h, "%s\x00%x\x00%s\x00%v\x00%s\x00", r.Hash, cat.SiteHash, a.hash, b.opts.Preview, cat.Today.Format("2006-01-02"))
	// Field by field, each ended by a zero byte, into one buffer: this runs
	// over the whole catalogue on every rebuild, and fmt costs more than
	// the hashing.
	buf := make([]byte, 0, 64<<10)
	langs := cat.Site.Codes()
	field := func(s string) { buf = append(append(buf, s...), 0) }
	num := func(n int) { buf = append(strconv.AppendInt(buf, int64(n), 10), 0) }
	flush := func() {
		if len(buf) > 60<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	for _, p := range cat.Pages {
		if p.Menu != "" {
			// What menus show of a free page, on every page: its name and
			// address in each language (not its text).
			field(p.ID)
			field(p.Menu)
			for _, l := range langs {
				field(p.Name.At(l))
			}
			slugs(&buf, langs, p.URLSlug)
		}
	}
	buf = append(buf, r.SiteWideKey()...)
	h.Write(buf)
	buf = buf[:0]
	siteWide := h.Sum(nil)
	h.Write([]byte{0})
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		field(p.ID)
		c, g, sub := links(p)
		field(c)
		field(g)
		field(sub)
		num(p.Stars)
		num(p.RatedYear)
		field(p.Commune)
		slugs(&buf, langs, p.URLSlug)
		if p.Featured {
			field("true")
		} else {
			field("false")
		}
		flush()
	}
	for _, s := range cat.Subjects {
		field(s.ID)
		field(s.Type)
		field(s.Commune)
		slugs(&buf, langs, s.URLSlug)
		flush()
	}
	h.Write(buf)
	whole := h.Sum(nil)
	short := func(sum []byte) string { return hex.EncodeToString(sum[:min(12, len(sum))]) }
	return globals{siteWide: short(siteWide), whole: short(whole)}
}

// links returns the keys of a record's category and sub-group and its
// subject's ID, "" for those it has not.
func links(p *catalog.Product) (category, subgroup, subject string) {
	if p.Category != nil {
		category = p.Category.Key
	}
	if p.Subgroup != nil {
		subgroup = p.Subgroup.Key
	}
	if p.Subject != nil {
		subject = p.Subject.ID
	}
	return category, subgroup, subject
}

// newHash returns the hash of global and shape fingerprints: SHA-256 for a
// build (the manifest keeps them), the seeded maphash in preview.
func (b *Builder) newHash() hash.Hash {
	if b.opts.Preview {
		h := &maphash.Hash{}
		h.SetSeed(b.seed)
		return h
	}
	return sha256.New()
}

// slugs appends a record's URL slugs in the site's languages, each ended by
// a zero byte.
func slugs(buf *[]byte, langs []string, m catalog.Text) {
	for _, l := range langs {
		*buf = append(append(*buf, m.At(l)...), 0)
	}
	*buf = append(*buf, 0)
}

func recordHashes(cat *catalog.Catalog) map[string]content.Hash {
	m := map[string]content.Hash{}
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		m[p.ID] = p.Hash
	}
	for _, s := range cat.Subjects {
		m[s.ID] = s.Hash
	}
	for _, p := range cat.Pages {
		m[p.ID] = p.Hash
	}
	return m
}

// fingerprints returns the fingerprint of every page, on all cores (a
// rebuild of a large catalogue fingerprints tens of thousands of pages).
func fingerprints(g globals, pages []*site.Page, rec map[string]content.Hash, sum func([]byte) string) []string {
	out := make([]string, len(pages))
	workers := runtime.GOMAXPROCS(0)
	if len(pages) < 2000 {
		workers = 1 // a small site: not worth the goroutines
	}
	chunk := (len(pages) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(pages); lo += chunk {
		hi := min(lo+chunk, len(pages))
		wg.Go(func() {
			var buf []byte // one per worker: home and statistics pages list every record
			for i := lo; i < hi; i++ {
				out[i] = fingerprint(g, pages[i], rec, sum, &buf)
			}
		})
	}
	wg.Wait()
	return out
}

// fingerprint sums a page's inputs, written into *scratch (kept between
// calls, so that its memory is allocated once and not for every page).
func fingerprint(g globals, pg *site.Page, rec map[string]content.Hash, sum func([]byte) string, scratch *[]byte) string {
	// Written field by field, each ended by a zero byte (fmt would cost as
	// much as the hashing: this runs for every page of every build).
	buf := (*scratch)[:0]
	defer func() { *scratch = buf }()
	field := func(s string) {
		buf = append(append(buf, s...), 0)
	}
	field(g.pick(pg))
	field(string(pg.Kind))
	field(pg.Lang)
	field(pg.Path)
	if pg.Pager != nil {
		buf = strconv.AppendInt(buf, int64(pg.Pager.Number), 10)
		buf = append(buf, '/')
		buf = strconv.AppendInt(buf, int64(pg.Pager.Count), 10)
		buf = append(buf, '/')
		buf = strconv.AppendInt(buf, int64(pg.Pager.Total), 10)
		buf = append(buf, 0)
	}
	for _, it := range pg.Items {
		buf = append(buf, 'i')
		field(it.ID)
	}
	for _, s := range pg.Subjects {
		buf = append(buf, 's')
		field(s.ID)
	}
	for _, id := range pg.Deps {
		hh := rec[id]
		buf = append(append(buf, id...), hh[:]...)
	}
	if pg.Count != 0 {
		buf = append(buf, 'n')
		buf = strconv.AppendInt(buf, int64(pg.Count), 10)
		buf = append(buf, 0)
	}
	return sum(buf)
}

// pageHash sums the inputs of a page. A build's fingerprints outlive the
// process (the manifest), so they are SHA-256; a preview server's stay in
// its memory, so they use the faster seeded maphash (a rebuild after every
// keystroke fingerprints every page of the catalogue).
func (b *Builder) pageHash(buf []byte) string {
	if b.opts.Preview {
		return strconv.FormatUint(maphash.Bytes(b.seed, buf), 36)
	}
	sum := sha256.Sum256(buf)
	return string(sum[:16]) // raw bytes: only compared, never shown
}

// resources publishes every bundle file of published records, except the
// images that images.go publishes (skip).
func (b *Builder) resources(cat *catalog.Catalog, urls *site.URLs, t Target, incremental bool, skip map[string]bool) error {
	src := bundleFS(b.opts.Src, cat)
	for _, r := range cat.Records() {
		if incremental && !b.resourcesChanged(r) {
			continue
		}
		for _, res := range r.Resources {
			if skip[r.Dir+"/"+res.Name] {
				continue
			}
			if err := t.CopyFile(urls.Media(r, res.Name), src, r.Dir+"/"+res.Name); err != nil {
				return fmt.Errorf("%s/%s: %w", r.Dir, res.Name, err)
			}
		}
	}
	return nil
}

// assetSet is the published assets: logical name → fingerprinted path.
type assetSet struct {
	paths   map[string]string
	hash    string
	changed []string // output paths whose content changed since the last build
}

// assets publishes assets/ (the site's over the built-in ones), minified and
// fingerprinted.
func (b *Builder) assets(t Target, incremental bool) (*assetSet, error) {
	set := &assetSet{paths: map[string]string{}}
	names := map[string]fs.FS{}
	layers := []fs.FS{b.opts.Builtin, os.DirFS(b.opts.Src)} // later wins
	for _, l := range layers {
		if l == nil {
			continue
		}
		fs.WalkDir(l, "assets", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			names[p] = l
			return nil
		})
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, assetsLast)
	h := sha256.New()
	for _, p := range keys {
		data, err := fs.ReadFile(names[p], p)
		if err != nil {
			return nil, err
		}
		if path.Ext(p) == ".css" {
			data = rewriteCSSRefs(p, data, set.paths)
		}
		data, err = b.min.Minify(p, data)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		hx := hex.EncodeToString(sum[:4])
		ext := path.Ext(p)
		out := strings.TrimSuffix(p, ext) + "." + hx + ext
		if b.opts.Preview {
			out = p // stable names: a stylesheet is swapped in place, pages stay as they are
		}
		if b.assetChanged(out, sum) {
			set.changed = append(set.changed, out)
		}
		logical := strings.TrimPrefix(p, "assets/")
		set.paths[logical] = out
		h.Write([]byte(out))
		if err := t.WriteFile(out, data); err != nil {
			return nil, err
		}
	}
	set.hash = hex.EncodeToString(h.Sum(nil)[:8])
	return set, nil
}

// Summary returns the closing line of a build.
func (r *Result) Summary() string {
	imgs := ""
	if r.Images > 0 {
		imgs = fmt.Sprintf(", %d images (%d processed)", r.Images, r.Decoded)
	}
	if r.Pruned > 0 {
		imgs += fmt.Sprintf(", %d unused cached images deleted", r.Pruned)
	}
	return fmt.Sprintf("built %d pages (%d rendered, %d files%s) in %d ms", r.Pages, r.Rendered, r.Files, imgs, r.Duration.Milliseconds())
}

var _ io.Writer = (*bytes.Buffer)(nil)
var _ = filepath.Join
