package content

import (
	"crypto/sha256"
	"io/fs"
	"runtime"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/memo"
)

// Scan is a site folder whose settings (site.yaml, categories.yaml) are read
// and whose bundles are listed, but not read yet. Each reads the bundles and
// hands them over one by one, so that a caller that turns each into
// something smaller (the catalogue's records) never holds the parsed files
// of a whole national catalogue at once: they are most of the memory a build
// would otherwise need.
type Scan struct {
	// Source holds the settings; its Bundles are left empty.
	Source *Source
	fsys   fs.FS
	diags  *diag.List
	jobs   []bundleJob
	parser *parser
}

// UseMemo makes Each take the front matter of files that have not changed
// from t, and keep there what it parses.
func (s *Scan) UseMemo(t *memo.Table) { s.parser = &parser{memo: t} }

// Open reads the settings of the site folder fsys and lists its bundles.
// Problems are added to diags.
func Open(fsys fs.FS, diags *diag.List) *Scan {
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

	ls := list(fsys)
	diags.Add(ls.diags...)
	return &Scan{Source: src, fsys: fsys, diags: diags, jobs: ls.jobs}
}

// Len is the number of bundles listed.
func (s *Scan) Len() int { return len(s.jobs) }

// Each reads the bundles on all cores and calls fn with each, and its index
// in the listing (0 ≤ i < Len), as soon as it is read. fn is called from
// several goroutines at once; it is not called for a bundle that could not be
// read at all (an error says why). Each returns when every call has returned.
func (s *Scan) Each(fn func(i int, b *Bundle)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(s.jobs), 1)) {
		wg.Go(func() {
			for i := range next {
				if b := s.parser.safeLoadBundle(s.fsys, s.jobs[i].kind, s.jobs[i].slug, s.diags); b != nil {
					fn(i, b)
				}
			}
		})
	}
	for i := range s.jobs {
		next <- i
	}
	close(next)
	wg.Wait()
}
