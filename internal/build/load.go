package build

import (
	"path/filepath"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/memo"
	"github.com/khanhson-ocop/ocop/internal/sysfile"
)

// loadCatalog reads the site folder and builds the catalogue. The preview
// server reads through its bundle cache (it keeps the parsed bundles between
// rebuilds); a one-off build decodes each bundle as soon as it is read and
// drops it, so that its memory holds the records, not the parsed files.
// Both take what has not changed since the last load from the site's memo.
func (b *Builder) loadCatalog(opts catalog.Options, d *diag.List) *catalog.Catalog {
	// A preview reads the memo on its first load only: after it, its own
	// caches hold what the memo would.
	var t *memo.Table
	if b.cache == nil || !b.memoRead {
		t = b.openMemo()
		b.memoRead = true
	}
	if t == nil {
		opts.SpillBodies = false
	}
	cat := b.loadWith(opts, t, d)
	if opts.SpillBodies {
		// The bodies can be read from the memo once it is written; when it
		// cannot be read, the catalogue keeps holding them.
		if v, err := t.Values(); err == nil {
			cat.ReadBodies(v)
		}
	}
	return cat
}

// loadWith loads the catalogue with the memo t (nil for none), and closes t.
func (b *Builder) loadWith(opts catalog.Options, t *memo.Table, d *diag.List) *catalog.Catalog {
	opts.Memo = t
	var cat *catalog.Catalog
	if b.cache != nil {
		cat = catalog.Build(b.cache.LoadMemo(sysfile.DirFS(b.opts.Src), d, t), opts, d)
	} else {
		scan := content.Open(sysfile.DirFS(b.opts.Src), d)
		scan.UseMemo(t)
		cat = catalog.BuildScan(scan, opts, d)
	}
	b.mu.Lock()
	b.memo.Found, b.memo.Made = t.Stats()
	b.mu.Unlock()
	// Nothing else is asked of the memo: its new file is written now, before
	// the pages are made. A memo that cannot be written only makes the next
	// build slower.
	t.Close()
	return cat
}

// memoFile is the site's memo, relative to the site folder: the front
// matter and bodies the last load parsed and converted, for the next one
// (a build, a check, a preview's first load) to take instead of parsing
// them again (memo.Table).
const memoFile = manifestDir + "/memo"

// openMemo opens the site's memo, or returns nil (no memo) when it cannot
// be written. Only this ocop's own memo is read: a memo holds the results of
// its code (executableID).
func (b *Builder) openMemo() *memo.Table {
	id := b.exe()
	if id == "" {
		return nil
	}
	t, err := memo.Open(filepath.Join(b.opts.Src, filepath.FromSlash(memoFile)), id)
	if err != nil {
		return nil
	}
	return t
}

// minifyTemplate returns how template files are minified before they are
// parsed: when minifying, pages are made from minified templates and not
// minified one by one (output.Minifier.Template).
func (b *Builder) minifyTemplate() func(string, []byte) []byte {
	if b.min == nil || !b.min.PagesFromTemplates {
		return nil
	}
	return b.min.Template
}
