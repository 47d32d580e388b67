package i18n

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Collator sorts strings in a language's collation order, using
// golang.org/x/text/collate with language.Vietnamese for "vi" and
// language.English otherwise. In Vietnamese order the letters run
// a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư, and tones are a secondary
// difference (a < à < ả < ã < á < ạ).
//
// A Collator is safe for concurrent use: x/text collators keep internal
// buffers and are not, so each call borrows one from a sync.Pool.
// The zero value is not usable; call NewCollator.
type Collator struct {
	tag  language.Tag
	pool sync.Pool // of *collator for tag
}

// collator is an x/text collator with the buffer its keys are made in: a
// collate.Buffer is a 4 KB array, and a new one per key (tens of thousands
// of names sorted in each language) was most of the cost of a key.
type collator struct {
	col *collate.Collator
	buf collate.Buffer
}

// NewCollator returns a Collator for lang ("vi" for Vietnamese; any other
// value gives English).
func NewCollator(lang string) *Collator {
	c := &Collator{tag: tagFor(lang)}
	tag := c.tag
	c.pool.New = func() any { return &collator{col: collate.New(tag)} }
	return c
}

// Lang returns the language tag the Collator sorts by.
func (c *Collator) Lang() language.Tag { return c.tag }

// Compare returns -1, 0 or 1 as a sorts before, equal to, or after b.
func (c *Collator) Compare(a, b string) int {
	x := c.pool.Get().(*collator)
	defer c.pool.Put(x)
	return x.col.CompareString(a, b)
}

// Key returns a sort key for s: for any a and b, bytes.Compare(Key(a),
// Key(b)) orders like Compare(a, b). Callers can compute keys once and then
// sort with bytes.Compare. The returned slice is owned by the caller.
func (c *Collator) Key(s string) []byte {
	x := c.pool.Get().(*collator)
	defer c.pool.Put(x)
	x.buf.Reset()
	return append([]byte(nil), x.col.KeyFromString(&x.buf, s)...)
}

// Sort sorts ss in place in collation order (stable for equal strings).
func (c *Collator) Sort(ss []string) {
	keys := make(map[string][]byte, len(ss))
	for _, s := range ss {
		if _, ok := keys[s]; !ok {
			keys[s] = c.Key(s)
		}
	}
	slices.SortStableFunc(ss, func(a, b string) int { return bytes.Compare(keys[a], keys[b]) })
}
