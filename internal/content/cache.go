package content

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/i18n"
	"github.com/khanhson-ocop/ocop/internal/memo"
)

// Cache keeps parsed bundles between loads of one site folder, so that the
// preview server re-reads only the bundles whose files changed. It is told what
// changed (Invalidate); everything else is taken from the previous load.
// site.yaml, categories.yaml and the kind folders' listings are read on every
// load, so new, removed and renamed bundles are always noticed.
//
// The zero value is not usable; call NewCache. A Cache is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	bundles map[string]*cachedBundle // by bundle folder, e.g. content/products/mat-ong
	// listing is the bundle folders found by the last Load, with the
	// diagnostics the kind folders gave; nil when a folder of records may
	// have been created, removed or renamed since (Invalidate).
	listing *listing
}

type listing struct {
	jobs  []bundleJob
	diags []diag.Diagnostic
}

// bundleJob is a bundle folder to read.
type bundleJob struct {
	kind Kind
	slug string
	dir  string
}

type cachedBundle struct {
	b     *Bundle
	diags []diag.Diagnostic
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{bundles: map[string]*cachedBundle{}} }

// list reads the kind folders.
func list(fsys fs.FS) *listing {
	var d diag.List
	ls := &listing{}
	for _, k := range Kinds {
		dir := "content/" + string(k)
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				d.Errorf(diag.Pos{File: dir}, "", "", "cannot read folder: %v", err)
			}
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			p := dir + "/" + name
			if !e.IsDir() {
				d.Errorf(diag.Pos{File: p}, "", "make a folder "+dir+"/"+suggestSlug(strings.TrimSuffix(name, path.Ext(name)))+"/ and put index.vi.md in it",
					"every record must be a folder with index.<lang>.md inside, not a single file")
				continue
			}
			if !i18n.ValidSlug(name) {
				s := suggestSlug(name)
				d.Errorf(diag.Pos{File: p}, "", fmt.Sprintf("rename the folder to %q", s),
					"folder name %q is not a valid slug: use lowercase letters a–z, digits and hyphens only", name)
				continue
			}
			ls.jobs = append(ls.jobs, bundleJob{k, name, p})
		}
	}
	ls.diags = d.Items()
	return ls
}

// Invalidate forgets the bundles that hold the given paths (slash-separated,
// relative to the site folder): a file of a bundle, a subfolder or the bundle
// folder itself. A kind folder or anything above it forgets every bundle
// below it. Other paths are ignored.
func (c *Cache) Invalidate(paths ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range paths {
		p = strings.Trim(path.Clean("/"+p), "/")
		parts := strings.SplitN(p, "/", 4)
		if p == "" || parts[0] == "content" && len(parts) < 4 {
			c.listing = nil // a record folder may have come or gone
		}
		if len(parts) >= 3 && parts[0] == "content" {
			delete(c.bundles, strings.Join(parts[:3], "/"))
			continue
		}
		// "content", "content/products", "" (the site folder): forget what is below.
		for dir := range c.bundles {
			if p == "" || strings.HasPrefix(dir, p+"/") {
				delete(c.bundles, dir)
			}
		}
	}
}

// Reset forgets every bundle.
func (c *Cache) Reset() {
	c.mu.Lock()
	c.listing = nil
	clear(c.bundles)
	c.mu.Unlock()
}

// Load reads the site folder fsys like the package function Load, reusing the
// bundles (and their diagnostics) that were not invalidated since they were
// read.
func (c *Cache) Load(fsys fs.FS, diags *diag.List) *Source {
	return c.LoadMemo(fsys, diags, nil)
}

// LoadMemo is Load that takes from t the front matter of the files it reads
// and keeps there what it parses (a preview's first load).
func (c *Cache) LoadMemo(fsys fs.FS, diags *diag.List, t *memo.Table) *Source {
	var ps *parser
	if t != nil {
		ps = &parser{memo: t}
	}
	src := &Source{}
	h := sha256.New()
	for _, name := range []string{"content/site.yaml", "content/categories.yaml"} {
		data, ok := readFile(fsys, name, diags, true)
		h.Write(data)
		if !ok {
			continue
		}
		d := parseYAMLDoc(name, data, 0, diags, name == "content/categories.yaml")
		if name == "content/site.yaml" {
			src.Site = d
		} else {
			src.Categories = d
		}
	}
	copy(src.SiteHash[:], h.Sum(nil))

	c.mu.Lock()
	ls := c.listing
	c.mu.Unlock()
	if ls == nil {
		ls = list(fsys)
		c.mu.Lock()
		c.listing = ls
		c.mu.Unlock()
	}
	diags.Add(ls.diags...)
	jobs := ls.jobs

	c.mu.Lock()
	out := make([]*cachedBundle, len(jobs))
	var todo []int
	keep := make(map[string]bool, len(jobs))
	for i, j := range jobs {
		keep[j.dir] = true
		if cb, ok := c.bundles[j.dir]; ok {
			out[i] = cb
			continue
		}
		todo = append(todo, i)
	}
	for dir := range c.bundles {
		if !keep[dir] {
			delete(c.bundles, dir)
		}
	}
	c.mu.Unlock()

	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Go(func() {
			for i := range next {
				var d diag.List
				b := ps.safeLoadBundle(fsys, jobs[i].kind, jobs[i].slug, &d)
				out[i] = &cachedBundle{b: b, diags: d.Items()}
			}
		})
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()

	c.mu.Lock()
	for _, i := range todo {
		c.bundles[jobs[i].dir] = out[i]
	}
	c.mu.Unlock()

	src.Bundles = make([]*Bundle, 0, len(out))
	for _, cb := range out {
		diags.Add(cb.diags...)
		if cb.b != nil {
			src.Bundles = append(src.Bundles, cb.b)
		}
	}
	return src
}

// Reload reads one bundle folder (content/<kind>/<slug>) again, keeps it,
// and returns it with the diagnostics reading it gave; nil when the folder
// holds no record any more or is not a record folder. The listing of the
// kind folders is not read: the preview server calls Reload for folders
// whose files changed, not for folders that came or went.
func (c *Cache) Reload(fsys fs.FS, dir string) (*Bundle, []diag.Diagnostic) {
	parts := strings.Split(dir, "/")
	if len(parts) != 3 || parts[0] != "content" || !slices.Contains(Kinds[:], Kind(parts[1])) || !i18n.ValidSlug(parts[2]) {
		return nil, nil
	}
	var d diag.List
	b := (*parser)(nil).safeLoadBundle(fsys, Kind(parts[1]), parts[2], &d)
	if b == nil {
		return nil, d.Items()
	}
	cb := &cachedBundle{b: b, diags: d.Items()}
	c.mu.Lock()
	c.bundles[dir] = cb
	c.mu.Unlock()
	return b, cb.diags
}
