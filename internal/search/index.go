package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Version is the format version written in the manifest; the script refuses
// an index of another version.
const Version = 2

// Field is the weight class of indexed text.
type Field int

// The fields, best first.
const (
	Start   Field = iota // the first word of the record's name
	Name                 // the other words of its name
	Summary              // its summary and tags
	Text                 // the rest: description, category, producer, place
	numFields
)

// Doc is one searchable record in one language.
type Doc struct {
	Name    string
	Summary string
	Tags    []string
	// HTML is the record's description as rendered Markdown, indexed with
	// Text's weight. Its text is taken out while the doc is indexed, not
	// kept for every doc at once (some 50 MB at 20,000 products).
	HTML   string
	Text   []string
	Result Result // what a result shows
	Facets Facets // what the listing filters select on
}

// Result is what a search result or a filtered listing shows of a Doc. The
// JSON names are short: thousands of these are sent to browsers.
type Result struct {
	Kind     string `json:"k"`            // "p" product, "t" tourism, "s" producer
	Name     string `json:"n"`            // name in the index's language (or the default's)
	URL      string `json:"u"`            // path from the site root, e.g. "san-pham/mat-ong/"
	Stars    int    `json:"s,omitempty"`  // OCOP stars, 0 for none
	Badge    string `json:"b,omitempty"`  // the star badge's text alternative
	Short    string `json:"bs,omitempty"` // the star badge's visible text
	Expired  bool   `json:"x,omitempty"`  // the certificate has expired
	Category string `json:"c,omitempty"`  // category, tourism kind or producer type, as shown
	Producer string `json:"p,omitempty"`  // the producer's name
	Place    string `json:"m,omitempty"`  // the commune's name
	Summary  string `json:"y,omitempty"`  // the summary
	Lang     string `json:"l,omitempty"`  // the text's language when it is not the index's
}

// Facets are the values a listing filter selects on; "" and 0 mean none.
type Facets struct {
	Category string // category key
	Stars    int
	Commune  string // commune slug
	Type     string // the producer's type
}

// Options tune the index; the zero value gives the defaults.
type Options struct {
	// ShardBytes is the raw JSON size above which a shard is split by one
	// more rune of its key (default 256 KiB, some 40–50 KiB compressed). At
	// 64 KiB a 20,000-product index split common two-letter prefixes into
	// many small shards, and a keystroke that needed them waited for two
	// rounds of a browser's six connections to the host (90th percentile
	// 80 ms in TestSearchScale); at 256 KiB, 29 ms, with at most 45 KB of
	// search data before a first result either way.
	ShardBytes int
	// ChunkDocs is the number of docs per chunk file (default 32).
	ChunkDocs int
	// Stop, when set, is asked between documents; when it says true, Build
	// returns ErrStopped (the preview server stops an index that a newer
	// edit makes stale).
	Stop func() bool
}

// ErrStopped is returned by Build when Options.Stop said so.
var ErrStopped = errors.New("search: index building stopped")

// Index is a built index: its files, by path inside the index folder.
type Index struct {
	Hash  string
	Files map[string][]byte
	// Shards and FullShards list the keys of the primary and full shards.
	Shards, FullShards []string
}

// Manifest is index.json.
type Manifest struct {
	Version int      `json:"v"`
	Hash    string   `json:"h"` // of the whole index
	Docs    int      `json:"n"`
	Chunk   int      `json:"c"`
	Shards  []string `json:"t"` // primary shard keys, sorted
	Full    []string `json:"f"` // full shard keys, sorted
	// The content hash in each file's name: of the primary and full shards
	// (aligned with Shards and Full), of each doc chunk, of the facets.
	ShardHashes []string `json:"th"`
	FullHashes  []string `json:"fh"`
	ChunkHashes []string `json:"dh"`
	FacetsHash  string   `json:"xh"`
}

// variant is one unfolded form of a token: doc ids per field.
type variant struct {
	raw   string
	lists [numFields][]int32 // half the memory of []int: postings are most of an index's memory
}

// Build makes the index of docs (in listing order: the doc id is the index in docs).
func Build(docs []Doc, o Options) (*Index, error) { return BuildSeq(slices.Values(docs), o) }

// BuildSeq makes the index of the docs that seq yields, in listing order
// (the doc id is the order). Each doc is indexed as it comes and not kept:
// only its Result and Facets are, so that the caller need not hold every
// doc of a national catalogue at once (some 25 MB a language at 20,000
// products).
func BuildSeq(seq iter.Seq[Doc], o Options) (*Index, error) {
	if o.ShardBytes <= 0 {
		o.ShardBytes = 256 << 10
	}
	if o.ChunkDocs <= 0 {
		o.ChunkDocs = 32
	}
	// Every raw token gets a number the first time it comes: one map
	// lookup per word posted, where a map of folded tokens, one of their
	// variants and one of the words already posted for the doc took three.
	type posted struct {
		v    *variant
		doc  int32 // the last doc it was posted for, plus one
		fold string
	}
	ids := map[string]int32{} // raw token → index in toks
	var toks []posted
	memo := map[string]Token{}
	var chunks [][]byte
	rs := make([]Result, 0, o.ChunkDocs)
	var fc facetCols
	var err error
	flush := func() {
		if len(rs) == 0 || err != nil {
			return
		}
		var b []byte
		if b, err = marshal(rs); err == nil {
			chunks = append(chunks, b)
		}
		rs = rs[:0]
	}
	id := 0
	for d := range seq {
		if o.Stop != nil && id%64 == 0 && o.Stop() {
			return nil, ErrStopped
		}
		add := func(f Field, s string) {
			first := true
			each(s, memo, func(t Token) {
				if f == Start && !first {
					f = Name
				}
				first = false
				n, ok := ids[t.Raw]
				if !ok {
					n = int32(len(toks))
					ids[t.Raw] = n
					toks = append(toks, posted{v: &variant{raw: t.Raw}, fold: t.Folded})
				}
				p := &toks[n]
				if p.doc == int32(id)+1 {
					return // posted for this doc already, in a better field
				}
				p.doc = int32(id) + 1
				p.v.lists[f] = append(p.v.lists[f], int32(id))
			})
		}
		add(Start, d.Name)
		add(Summary, d.Summary)
		for _, t := range d.Tags {
			add(Summary, t)
		}
		if d.HTML != "" {
			add(Text, htmlText(d.HTML))
		}
		for _, t := range d.Text {
			add(Text, t)
		}
		rs = append(rs, d.Result)
		if len(rs) == o.ChunkDocs {
			flush()
		}
		fc.add(d)
		id++
	}
	flush()
	if err != nil {
		return nil, err
	}
	docs := id
	// folded token → raw variant → per-field doc ids.
	postings := map[string]map[string]*variant{}
	for _, p := range toks {
		vs := postings[p.fold]
		if vs == nil {
			vs = map[string]*variant{}
			postings[p.fold] = vs
		}
		vs[p.v.raw] = p.v
	}
	tokens := make([]string, 0, len(postings))
	for t := range postings {
		tokens = append(tokens, t)
	}
	slices.Sort(tokens)

	ix := &Index{Files: map[string][]byte{}}
	primary := shardSet(tokens, postings, []Field{Start, Name, Summary}, o.ShardBytes)
	full := shardSet(tokens, postings, []Field{Text}, o.ShardBytes)

	facets, err := marshal(fc.file())
	if err != nil {
		return nil, err
	}

	h := sha256.New()
	for _, set := range []map[string][]byte{primary, full} {
		for _, k := range sortedKeys(set) {
			fmt.Fprintf(h, "%s\x00%d\x00", k, len(set[k]))
			h.Write(set[k])
		}
		h.Write([]byte{1})
	}
	for _, c := range chunks {
		h.Write(c)
	}
	h.Write(facets)
	ix.Hash = hex.EncodeToString(h.Sum(nil)[:4])

	// Each file is named by its own content: an edit renames only the files
	// it changes, so an incremental build rewrites (and a deploy uploads)
	// those alone, and browsers keep the others cached.
	ix.Shards, ix.FullShards = sortedKeys(primary), sortedKeys(full)
	man := Manifest{Version: Version, Hash: ix.Hash, Docs: docs, Chunk: o.ChunkDocs, Shards: ix.Shards, Full: ix.FullShards,
		ShardHashes: make([]string, 0, len(ix.Shards)), FullHashes: make([]string, 0, len(ix.FullShards)), ChunkHashes: make([]string, 0, len(chunks))}
	for _, k := range ix.Shards {
		h := fileHash(primary[k])
		man.ShardHashes = append(man.ShardHashes, h)
		ix.Files[ShardFile("t", k, h)] = primary[k]
	}
	for _, k := range ix.FullShards {
		h := fileHash(full[k])
		man.FullHashes = append(man.FullHashes, h)
		ix.Files[ShardFile("f", k, h)] = full[k]
	}
	for i, c := range chunks {
		h := fileHash(c)
		man.ChunkHashes = append(man.ChunkHashes, h)
		ix.Files[ChunkFile(i, h)] = c
	}
	man.FacetsHash = fileHash(facets)
	ix.Files[FacetsFile(man.FacetsHash)] = facets
	m, err := marshal(man)
	if err != nil {
		return nil, err
	}
	ix.Files["index.json"] = m
	return ix, nil
}

// fileHash is the content hash in a file's name: 32 bits of SHA-256, enough
// to tell one version of a file from the next.
func fileHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:4])
}

// ShardFile is the path of a shard in tier "t" (primary) or "f" (full).
func ShardFile(tier, key, hash string) string {
	return tier + "/" + fileKey(key) + "." + hash + ".json"
}

// ChunkFile is the path of doc chunk n.
func ChunkFile(n int, hash string) string { return "d/" + strconv.Itoa(n) + "." + hash + ".json" }

// FacetsFile is the path of the facet columns.
func FacetsFile(hash string) string { return "facets." + hash + ".json" }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// marshal is json.Marshal without HTML escaping (the files are not HTML).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// entry encodes a token's variants for the fields of a tier:
// {"raw":[[deltas of field 1],[deltas of field 2],…]} for a tier of several
// fields, {"raw":[deltas]} for a one-field tier; trailing empty lists are
// left out. A doc is listed only under the best
// field of a variant. It returns nil when no variant has a doc in these fields.
func entry(vs map[string]*variant, fields []Field) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for _, raw := range sortedKeys(vs) {
		v := vs[raw]
		empty := true
		for _, f := range fields {
			if len(v.lists[f]) > 0 {
				empty = false
			}
		}
		if empty {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		q, _ := marshal(raw)
		b.Write(q)
		b.WriteByte(':')
		if len(fields) > 1 {
			b.WriteByte('[')
		}
		last := 0
		for i, f := range fields {
			if len(v.lists[f]) > 0 {
				last = i
			}
		}
		for i, f := range fields[:last+1] {
			if i > 0 {
				b.WriteByte(',')
			}
			writeDeltas(&b, v.lists[f])
		}
		if len(fields) > 1 {
			b.WriteByte(']')
		}
	}
	b.WriteByte('}')
	if n == 0 {
		return nil
	}
	return b.Bytes()
}

func writeDeltas(b *bytes.Buffer, ids []int32) {
	b.WriteByte('[')
	var prev int32
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(id - prev)))
		prev = id
	}
	b.WriteByte(']')
}

// shardSet groups the tokens' entries for fields into shards: key → JSON.
func shardSet(tokens []string, postings map[string]map[string]*variant, fields []Field, limit int) map[string][]byte {
	type item struct {
		token string
		json  []byte
	}
	var items []item
	for _, t := range tokens {
		if e := entry(postings[t], fields); e != nil {
			items = append(items, item{t, e})
		}
	}
	out := map[string][]byte{}
	write := func(key string, its []item) {
		if len(its) == 0 {
			return
		}
		var b bytes.Buffer
		b.WriteByte('{')
		for i, it := range its {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := marshal(it.token)
			b.Write(q)
			b.WriteByte(':')
			b.Write(it.json)
		}
		b.WriteByte('}')
		out[key] = b.Bytes()
	}
	var split func(key string, n int, its []item)
	split = func(key string, n int, its []item) {
		size := 0
		for _, it := range its {
			size += len(it.token) + len(it.json) + 4
		}
		if size <= limit || n >= 4 {
			write(key, its)
			return
		}
		// Tokens no longer than the key stay; the others go one rune deeper.
		var short, long []item
		for _, it := range its {
			if utf8.RuneCountInString(it.token) <= n {
				short = append(short, it)
			} else {
				long = append(long, it)
			}
		}
		write(key, short)
		groupBy(long, n+1, func(it item) string { return it.token }, func(k string, g []item) { split(k, n+1, g) })
	}
	// Top level: one-rune tokens under one-rune keys, the rest by two runes.
	groupBy(items, 2, func(it item) string { return it.token }, func(k string, g []item) {
		split(k, max(2, utf8.RuneCountInString(k)), g)
	})
	return out
}

// groupBy calls fn for each run of items sharing the first n runes of
// key(item), in order (items are sorted by token).
func groupBy[T any](items []T, n int, key func(T) string, fn func(string, []T)) {
	start := 0
	for i := 1; i <= len(items); i++ {
		if i == len(items) || prefix(key(items[i]), n) != prefix(key(items[start]), n) {
			fn(prefix(key(items[start]), n), items[start:i])
			start = i
		}
	}
}

// facetColumns encodes the facets as columns aligned with doc ids.
type facetFile struct {
	Kind       string   `json:"k"` // one letter per doc: p, t, s
	Stars      string   `json:"s"` // one digit per doc
	Category   []int    `json:"c"` // index+1 into Categories, 0 none
	Commune    []int    `json:"m"` // index+1 into Communes
	Type       []int    `json:"t"` // index+1 into Types
	Categories []string `json:"cv"`
	Communes   []string `json:"mv"`
	Types      []string `json:"tv"`
}

// facetCols gathers the facet columns doc by doc.
type facetCols struct {
	f            facetFile
	kinds, stars []byte
	cm, mm, tm   map[string]int
}

func (c *facetCols) add(d Doc) {
	if c.cm == nil {
		c.cm, c.mm, c.tm = map[string]int{}, map[string]int{}, map[string]int{}
	}
	idx := func(vals *[]string, m map[string]int, v string) int {
		if v == "" {
			return 0
		}
		if i, ok := m[v]; ok {
			return i
		}
		*vals = append(*vals, v)
		m[v] = len(*vals)
		return len(*vals)
	}
	k := d.Result.Kind
	if k == "" {
		k = "p"
	}
	f := &c.f
	c.kinds = append(c.kinds, k[0])
	c.stars = append(c.stars, byte('0'+min(max(d.Facets.Stars, 0), 9)))
	f.Category = append(f.Category, idx(&f.Categories, c.cm, d.Facets.Category))
	f.Commune = append(f.Commune, idx(&f.Communes, c.mm, d.Facets.Commune))
	f.Type = append(f.Type, idx(&f.Types, c.tm, d.Facets.Type))
}

// file returns the columns, aligned with doc ids (empty, not null, without docs).
func (c *facetCols) file() facetFile {
	f := c.f
	f.Kind, f.Stars = string(c.kinds), string(c.stars)
	for _, col := range []*[]int{&f.Category, &f.Commune, &f.Type} {
		if *col == nil {
			*col = []int{}
		}
	}
	return f
}

// htmlText returns the text of rendered Markdown: tags dropped (a space in
// their place), entities decoded.
func htmlText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		h = h[i+j+1:]
	}
	return html.UnescapeString(b.String())
}
