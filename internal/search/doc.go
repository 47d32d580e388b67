// Package search builds the static, per-language search index that the
// site's own script (assets/js/search.js) reads in the browser. No server, no
// third-party service and no tool other than ocop is needed: the index is a
// set of small JSON files written next to the pages.
//
// # What is searched
//
// A Doc is one product, tourism record or producer in one language. Its text
// has three weights: the name, the summary (tags and the names in the other
// languages count as summary), and the rest (the description, category,
// producer, place). Names rank above summaries above descriptions, and the
// first word of a name counts a little more than the others ("Cà phê rang
// xay" before "Mật ong hoa cà phê" for "cà phê").
//
// # Tokens and folding
//
// Text is lowercased, put in NFC and cut into tokens at every rune that is not
// a letter, digit or mark. Each token is indexed under its folded form
// (i18n.Fold, the same function that makes slugs: "Cà phê" → "ca phe", "đ" →
// "d") and keeps its unfolded form as a variant, so "ca phe", "cà phê" and
// "CA PHÊ" all find "Cà phê", and a query typed with diacritics ranks the
// records that have those very diacritics first. The script folds queries the
// same way (lowercase, đ/ð → d, NFD, drop marks, NFC).
//
// # Files
//
// For language L the index lives under data/search/L/ (build.SearchDir):
//
//	index.json            the manifest: version, hash, doc count, chunk size, shard keys, file hashes
//	t/<key>.<hash>.json   primary shards: postings of names, summaries and tags
//	f/<key>.<hash>.json   full shards: postings of the rest (descriptions …)
//	d/<n>.<hash>.json     doc chunks: what a result shows (name, URL, badge, category, producer …)
//	facets.<hash>.json    one column per facet (kind, category, stars, commune, producer type)
//
// Only the manifest has a stable name (served with a short cache); every other
// file is named by the hash of its own content, which the manifest lists, so
// hosts may cache it forever. An edit of one record renames only the few files
// it changes: an incremental build rewrites those alone, a deploy (rsync,
// aws s3 sync) uploads those alone, and a returning visitor's browser still
// has the others.
//
// A shard holds the folded tokens that start with its key: the first two runes
// of a token at first; a shard that grows past Options.ShardBytes is split by
// one more rune (up to four), leaving the shorter tokens in the shard of the
// shorter key. A token therefore lives in the shard of the longest key that is
// a prefix of it, and a prefix p needs the shards whose keys start with p plus
// the one of the longest key that is a prefix of p. One-rune tokens have
// one-rune keys; a one-rune query word matches whole words only.
//
// A shard is a JSON object: folded token → unfolded variant → lists of doc ids,
// delta-encoded. Primary shards hold up to three lists per variant (first word
// of the name, rest of the name, summary; trailing empty lists left out),
// full shards one (the rest); a doc appears only under its best field of the
// variant (the first word of the name being a field of its own), and not at all in the full shards when it is already in the primary
// ones. Doc ids follow the listing order of the language (catalog.Sorted:
// weight, then name), products and tourism first, producers after, so a
// filtered listing is simply the matching ids in order, and results with
// similar names share doc chunks.
//
// # In the browser
//
// The script is deferred and tiny; the manifest is fetched when the search box
// gets focus, shards and chunks when a query needs them. As the visitor types,
// every word must match (AND); the last word matches as a prefix once it has
// two letters. A doc scores, per query word, its best field weight (first
// word of the name 20, rest of the name 16, summary 4, the rest 1), times 0.5–1 for a prefix match (by how much of the word
// was typed), times 0.6 when the query word has diacritics that differ from
// the doc's; scores add up over the words, ties go to listing order. Results
// from the primary shards are shown at once; the full shards are fetched next
// and the results refined. Before the first result the browser downloads the
// manifest, the primary shards of the query's words and the chunks of the
// shown results: on a generated 20,000-product catalogue 16–54 KB gzip-compressed
// for the queries of TestSearchScale in internal/build, which measures it:
//
//	OCOP_SEARCH_SCALE=20000 go test ./internal/build -run TestSearchScale -v
//
// # Filters
//
// The listing pages offer filters by category, stars, commune and producer
// type as plain links to the static listing of each single value (category,
// star, commune and producer-type pages), so every filter works without
// JavaScript. The script turns those links into combinable filters on the
// all-products and tourism listings: it keeps the choice in the query string
// (?category=food&stars=4&commune=…&type=cooperative, language-neutral keys
// that survive a language switch), reads facets.json, and renders the matching
// records from the doc chunks, a page at a time.
package search

// Dir is the folder of lang's index, from the site root.
func Dir(lang string) string { return "data/search/" + lang + "/" }
