package build

import (
	"errors"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/site"
	"github.com/khanhson-ocop/ocop/internal/sysfile"
)

// A preview Update after an edit of a few records' text does not plan the
// site again. When only files inside record bundles changed and the
// catalogue's shape (shapeHash: which records exist, where they are listed,
// in what order, which languages they have, where they are on the map) is
// the one of the last Update, the plan of the last Update is still right:
// the changed records are copied into the last catalogue, which its pages
// point to, and the pages whose dependencies changed are rendered again.
// Anything else (a template, an asset, site.yaml, a record added, renamed,
// moved to another category or renamed so that listings reorder) takes the
// whole way, which gives the same output.

// errNotFast says the last plan cannot be reused; Update plans again.
var errNotFast = errors.New("build: the last plan cannot be reused")

// patchState is what the fast path compares with.
type patchState struct {
	shape      string                  // shapeHash of the last catalogue
	global     globals                 // globalHash of the last Update
	rec        map[string]content.Hash // record hashes of the last Update
	structural bool                    // a file outside record bundles changed since
	dirty      map[string]bool         // record folders whose files changed since
	clean      bool                    // the last Update wrote the site (no content errors)
	diags      []diag.Diagnostic       // what loading gave in the last Update that wrote
	users      map[string][]int32      // pages by record they depend on (users)
	usersOf    []*site.Page            // the plan users was made for
}

// noteChanged records which record folders the changed paths (slash-
// separated, relative to the site folder) are in, and whether one is
// outside every record folder.
func (b *Builder) noteChanged(paths []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range paths {
		p = strings.Trim(path.Clean("/"+p), "/")
		parts := strings.Split(p, "/")
		switch {
		case len(parts) >= 4 && parts[0] == "content" && strings.HasPrefix(parts[len(parts)-1], "."):
			// A hidden file in a record folder (an editor's swap file): not content.
		case len(parts) >= 4 && parts[0] == "content":
			if b.patch.dirty == nil {
				b.patch.dirty = map[string]bool{}
			}
			b.patch.dirty[strings.Join(parts[:3], "/")] = true
		default:
			// A record folder itself (created, removed, renamed), a kind
			// folder, site.yaml, a template, an asset: plan again.
			b.patch.structural = true
		}
	}
}

// settle records how an Update ended: whether it wrote the site, and then
// the shape of its catalogue and the diagnostics of loading it.
func (b *Builder) settle(wrote bool, shape string, ds []diag.Diagnostic) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ps := &b.patch
	ps.dirty = nil
	ps.clean = wrote
	if wrote {
		ps.shape, ps.diags, ps.structural = shape, ds, false
	}
}

// forget makes the next Update plan and render everything, after an Update
// that failed midway.
func (b *Builder) forget() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.patch = patchState{structural: true}
	b.last = nil
}

// quickLoad stands for Load in a preview Update when files changed only
// inside record folders and the last Update wrote the site: each changed
// record is read and checked again on its own, in the context of the last
// catalogue, and when every one stays in its place (catalog.SamePlace) it
// is copied into that catalogue. It returns the diagnostics as Load would
// give them; ok is false when the whole way must be taken. With errors in
// the diagnostics nothing was copied.
func (b *Builder) quickLoad() (reuse *planReuse, ds []diag.Diagnostic, ok bool) {
	b.mu.Lock()
	ps := &b.patch
	cat := b.Cat
	usable := b.opts.Preview && b.cache != nil && !ps.structural && ps.clean && cat != nil && b.Pages != nil && ps.rec != nil && len(ps.dirty) > 0
	dirs := slices.Sorted(maps.Keys(ps.dirty))
	lastDiags, lastRec, shape := ps.diags, ps.rec, ps.shape
	b.mu.Unlock()
	if !usable || !catalog.Day(b.opts.Today).Equal(cat.Today) {
		return nil, nil, false
	}
	opts := catalog.Options{Drafts: b.opts.Drafts, Today: b.opts.Today, BaseURL: b.opts.BaseURL, Markdown: b.md, BodyCache: b.bodies}
	fsys := sysfile.DirFS(b.opts.Src)
	var d diag.List
	var recs []any
	mini := &catalog.Catalog{Site: cat.Site}
	for _, dir := range dirs {
		old := cat.Find(dir)
		if old == nil {
			return nil, nil, false // a draft
		}
		bu, bds := b.cache.Reload(fsys, dir)
		if bu == nil {
			return nil, nil, false
		}
		rec, rds := cat.Redecode(bu, opts)
		if rec == nil || !catalog.SamePlace(old, rec) {
			return nil, nil, false
		}
		d.Add(bds...)
		d.Add(rds...)
		recs = append(recs, rec)
		switch r := rec.(type) {
		case *catalog.Product:
			mini.Products = append(mini.Products, r)
		case *catalog.Subject:
			mini.Subjects = append(mini.Subjects, r)
		case *catalog.Page:
			mini.Pages = append(mini.Pages, r)
		}
	}
	b.checkImages(mini, &d)
	for _, x := range lastDiags {
		if !inFolders(x.File, dirs) {
			d.Add(x)
		}
	}
	ds = d.Items()
	if diag.Count(ds, diag.Error) > 0 {
		return nil, ds, true
	}
	reuse = &planReuse{cat: cat, shape: shape, changed: map[string]bool{}, rec: maps.Clone(lastRec), reread: len(recs)}
	for _, rec := range recs {
		r := catalog.RecordOf(rec)
		if reuse.rec[r.ID] != r.Hash {
			reuse.changed[r.ID] = true
			reuse.rec[r.ID] = r.Hash
		}
	}
	b.model.Lock()
	defer b.model.Unlock()
	cat.Patch(recs...)
	return reuse, ds, true
}

// inFolders reports whether file is one of the folders or inside one.
func inFolders(file string, dirs []string) bool {
	for _, d := range dirs {
		if file == d || strings.HasPrefix(file, d+"/") {
			return true
		}
	}
	return false
}

// planReuse is what a preview Update that reuses the last plan knows.
type planReuse struct {
	cat     *catalog.Catalog        // the last catalogue, changed records copied in (or to be)
	shape   string                  // its shape
	changed map[string]bool         // IDs of the records whose content changed
	rec     map[string]content.Hash // every record's content hash
	reread  int                     // record folders read on their own (quickLoad)
}

// reusable returns, when the last plan can serve cat, the records whose
// content changed since the last Update; nil when it cannot.
func (b *Builder) reusable(cat *catalog.Catalog, shape string) *planReuse {
	b.mu.Lock()
	ps := &b.patch
	ok := b.opts.Preview && !ps.structural && ps.rec != nil && b.Cat != nil && b.Pages != nil && shape == ps.shape
	last, cat0 := ps.rec, b.Cat
	b.mu.Unlock()
	if !ok {
		return nil
	}
	now := recordHashes(cat)
	if len(now) != len(last) {
		return nil
	}
	changed := map[string]bool{}
	for id, h := range now {
		old, ok := last[id]
		if !ok {
			return nil
		}
		if old != h {
			changed[id] = true
		}
	}
	return &planReuse{cat: cat0, shape: shape, changed: changed, rec: now}
}

// patchInto copies the records of cat whose IDs are in changed into old, the
// catalogue of the last Update, keeping old's links (the shapes are equal,
// so they link the same records). Lazy renders of old's pages are held off
// meanwhile.
func (b *Builder) patchInto(old, cat *catalog.Catalog, changed map[string]bool) {
	var recs []any
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		if changed[p.ID] {
			recs = append(recs, p)
		}
	}
	for _, s := range cat.Subjects {
		if changed[s.ID] {
			recs = append(recs, s)
		}
	}
	for _, p := range cat.Pages {
		if changed[p.ID] {
			recs = append(recs, p)
		}
	}
	b.model.Lock()
	defer b.model.Unlock()
	old.Patch(recs...)
}

// reusePlan returns the pages of the last Update and those of them to render
// again: pages that depend on a changed record, and pages the last lazy set
// had not rendered yet. next gets the fingerprints.
func (b *Builder) reusePlan(global globals, changed map[string]bool, rec map[string]content.Hash, stale map[string]bool) (pages, todo []*site.Page, next map[string]string, err error) {
	b.mu.Lock()
	pages, last, lastGlobal := b.Pages, b.last, b.patch.global
	b.mu.Unlock()
	if global != lastGlobal || last == nil {
		return nil, nil, nil, errNotFast
	}
	// Updated in place (a 5,000-product catalogue has 37,000 pages): on a
	// failure Update forgets the fingerprints.
	next = last
	users := b.users(pages)
	dirty := map[int]bool{}
	for id := range changed {
		for _, i := range users[id] {
			dirty[int(i)] = true
		}
	}
	if len(stale) > 0 {
		for i, pg := range pages {
			if stale[site.File(pg.Path)] {
				dirty[i] = true
			}
		}
	}
	var scratch []byte
	for _, i := range slices.Sorted(maps.Keys(dirty)) {
		pg := pages[i]
		todo = append(todo, pg)
		next[site.File(pg.Path)] = fingerprint(global, pg, rec, b.pageHash, &scratch)
	}
	return pages, todo, next, nil
}

// users returns, for the plan pages, the pages that depend on each record
// (indexes into pages). It is made once per plan: edits that reuse the plan
// look up their records instead of reading every page's dependencies.
func (b *Builder) users(pages []*site.Page) map[string][]int32 {
	b.mu.Lock()
	defer b.mu.Unlock()
	ps := &b.patch
	if ps.users != nil && len(ps.usersOf) == len(pages) && (len(pages) == 0 || &ps.usersOf[0] == &pages[0]) {
		return ps.users
	}
	m := map[string][]int32{}
	for i, pg := range pages {
		for _, id := range pg.Deps {
			if l := m[id]; len(l) == 0 || l[len(l)-1] != int32(i) {
				m[id] = append(l, int32(i))
			}
		}
	}
	ps.users, ps.usersOf = m, pages
	return m
}

// shapeHash covers what the plan of a catalogue is made from besides what
// globalHash covers: the name order in each language, weights, the
// languages each record is written in, positions, tourism kinds and menus.
func (b *Builder) shapeHash(cat *catalog.Catalog) string {
	var buf []byte
	field := func(s string) { buf = append(append(buf, s...), 0) }
	num := func(n int) { buf = append(strconv.AppendInt(buf, int64(n), 10), 0) }
	geo := func(g *catalog.Geo) {
		if g == nil {
			field("-")
			return
		}
		buf = strconv.AppendFloat(buf, g.Lat, 'g', -1, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, g.Lng, 'g', -1, 64)
		buf = append(buf, 0)
	}
	langs := cat.Site.Codes()
	record := func(r *catalog.Record) {
		// ID, weight and rank in each language's name order decide where
		// the record is listed.
		field(r.ID)
		num(r.Weight)
		for _, n := range r.Ranks() {
			num(n)
		}
		slugs(&buf, langs, r.URLSlug)
		for _, l := range langs {
			if r.Translated.At(l) {
				field(l)
			}
		}
		buf = append(buf, 0)
	}
	field(cat.Today.Format("2006-01-02"))
	buf = append(buf, cat.SiteHash[:]...)
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		record(&p.Record)
		// The links, which the last catalogue keeps when records are
		// copied into it: they must be the same.
		c, g, sub := links(p)
		field(c)
		field(g)
		field(sub)
		num(p.Stars)
		num(p.RatedYear)
		field(p.Commune)
		field(p.TourKind)
		geo(p.Geo)
		if p.Featured {
			field("f")
		}
	}
	for _, s := range cat.Subjects {
		record(&s.Record)
		field(s.Type)
		field(s.Commune)
		geo(s.Geo)
	}
	for _, p := range cat.Pages {
		record(&p.Record)
		field(p.Menu)
	}
	return b.pageHash(buf)
}
