package catalog

import (
	"fmt"
	"slices"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
)

// DecodeCache keeps decoded records between builds of one site folder, for
// the preview server: a bundle that the content cache hands over unchanged
// (the same *content.Bundle) is not decoded again; a copy of its record, as
// it was before linking, is linked afresh, and the diagnostics its decoding
// gave are given again. Entries of bundles a build did not see are dropped
// at its end, and everything is dropped when what decoding depends on
// besides the bundle (site.yaml, categories.yaml, the date, the options)
// changes.
//
// The zero value is not usable; call NewDecodeCache. A nil *DecodeCache
// decodes every bundle. Builds that share a DecodeCache must not run at
// the same time (a preview Builder's Updates follow one another).
type DecodeCache struct {
	mu   sync.Mutex
	env  string
	m    map[*content.Bundle]*decodedBundle // entries the last build used
	next map[*content.Bundle]*decodedBundle // entries the running build used
	// keys holds the collation keys of record names, per language: a
	// build sorts every record by name in every language.
	keys map[string]map[string][]byte
	// order is the last name order per language: the records (IDs) and
	// names it was made of, and each record's position.
	order map[string]nameOrder
}

type nameOrder struct {
	ids, names []string
	pos        []int
}

// decodedBundle is one bundle's decoding, before linking.
type decodedBundle struct {
	s     *Subject
	p     *Product
	pg    *Page
	refs  pendingRefs
	diags []diag.Diagnostic
}

// NewDecodeCache returns an empty cache.
func NewDecodeCache() *DecodeCache {
	return &DecodeCache{m: map[*content.Bundle]*decodedBundle{}, keys: map[string]map[string][]byte{}, order: map[string]nameOrder{}}
}

// ranks returns the positions of records in lang's name order (ids and
// names aligned): those of the last build when its records and names were
// the same, else those compute returns. Builds call it for different
// languages at once, never twice for one.
func (c *DecodeCache) ranks(lang string, ids, names []string, compute func() []int) []int {
	if c == nil {
		return compute()
	}
	c.mu.Lock()
	last := c.order[lang]
	c.mu.Unlock()
	if slices.Equal(last.ids, ids) && slices.Equal(last.names, names) {
		return last.pos
	}
	pos := compute()
	c.mu.Lock()
	c.order[lang] = nameOrder{ids, names, pos}
	c.mu.Unlock()
	return pos
}

// sortKeys returns the collation keys of names in lang (the key of
// name i at index i), made by key for names not seen in the previous build.
// Builds call it for different languages at once, never twice for one.
func (c *DecodeCache) sortKeys(lang string, names []string, key func(string) []byte) [][]byte {
	out := make([][]byte, len(names))
	if c == nil {
		for i, n := range names {
			out[i] = key(n)
		}
		return out
	}
	c.mu.Lock()
	old := c.keys[lang]
	c.mu.Unlock()
	next := make(map[string][]byte, len(names))
	for i, n := range names {
		k, ok := old[n]
		if !ok {
			k = key(n)
		}
		next[n] = k
		out[i] = k
	}
	c.mu.Lock()
	c.keys[lang] = next
	c.mu.Unlock()
	return out
}

// begin starts a build whose decoding depends on env.
func (c *DecodeCache) begin(env string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if env != c.env {
		clear(c.m)
		c.env = env
	}
	c.next = make(map[*content.Bundle]*decodedBundle, len(c.m))
}

// end keeps only the entries the build used (keep).
func (c *DecodeCache) end() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.m, c.next = c.next, nil
	c.mu.Unlock()
}

// get returns the entry of bu from the last build. Builds call it from
// several goroutines at once; c.m is not written while they run.
func (c *DecodeCache) get(bu *content.Bundle) *decodedBundle {
	if c == nil {
		return nil
	}
	return c.m[bu]
}

// keep keeps entries for the next build.
func (c *DecodeCache) keep(bu *content.Bundle, e *decodedBundle) {
	if c == nil || e == nil {
		return
	}
	c.next[bu] = e
}

// decodeEnv names what decoding depends on besides the bundle itself.
func decodeEnv(src *content.Source, opts Options, today string) string {
	return fmt.Sprintf("%x\x00%s\x00%v\x00%s", src.SiteHash, today, opts.Drafts, opts.BaseURL)
}

// decodeCached decodes bu, or copies its decoding from the cache, and
// returns the cache entry to keep (nil without a cache).
func (b *builder) decodeCached(bu *content.Bundle) (*Subject, *Product, *Page, *decodedBundle) {
	dc := b.opts.DecodeCache
	if dc == nil {
		s, p, pg := b.decode(bu)
		return s, p, pg, nil
	}
	if e := dc.get(bu); e != nil {
		if len(e.diags) > 0 {
			b.d.Add(e.diags...)
		}
		s, p, pg := e.fresh(b)
		return s, p, pg, e
	}
	// Decode with a diagnostics list of its own, to keep them with the entry.
	var local diag.List
	bb := *b
	bb.d = &local
	s, p, pg := bb.decode(bu)
	e := &decodedBundle{diags: local.Items()}
	if len(e.diags) > 0 {
		b.d.Add(e.diags...)
	}
	if s != nil {
		c := *s
		e.s = &c
	}
	if p != nil {
		c := *p
		e.p = &c
		b.refs.mu.Lock()
		e.refs = b.refs.m[p]
		b.refs.mu.Unlock()
	}
	if pg != nil {
		c := *pg
		e.pg = &c
	}
	return s, p, pg, e
}

// fresh returns copies of the decoded records for one build, their links
// not made yet. The copies share the decoded texts, which nothing changes
// after decoding.
func (e *decodedBundle) fresh(b *builder) (s *Subject, p *Product, pg *Page) {
	if e.s != nil {
		c := *e.s
		s = &c
	}
	if e.p != nil {
		c := *e.p
		p = &c
		b.pending(p, e.refs)
	}
	if e.pg != nil {
		c := *e.pg
		pg = &c
	}
	return s, p, pg
}
