package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []Token
	}{
		{"Cà phê", []Token{{"cà", "ca"}, {"phê", "phe"}}},
		{"CA PHÊ", []Token{{"ca", "ca"}, {"phê", "phe"}}},
		{"Đậu xanh, đường phèn!", []Token{{"đậu", "dau"}, {"xanh", "xanh"}, {"đường", "duong"}, {"phèn", "phen"}}},
		{"VietGAP-oriented 500 g", []Token{{"vietgap", "vietgap"}, {"oriented", "oriented"}, {"500", "500"}, {"g", "g"}}},
		// Decomposed input (e + combining marks) is composed first.
		{"Ca\u0300 phe\u0302", []Token{{"cà", "ca"}, {"phê", "phe"}}},
		{"  ", nil},
		{strings.Repeat("a", 50), []Token{{strings.Repeat("a", MaxTokenRunes), strings.Repeat("a", MaxTokenRunes)}}},
	}
	for _, tc := range tests {
		if got := Tokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if got := wholeText(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("the whole-text way: %q = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// wholeText is the definition Tokens follows: the whole text lowercased and
// normalised, then cut.
func wholeText(s string) []Token {
	var out []Token
	cut(norm.NFC.String(strings.ToLower(strings.ToValidUTF8(s, " "))), nil, func(t Token) { out = append(out, t) })
	return out
}

// FuzzTokens checks that cutting first and normalising word by word (with the
// memo shared across texts, as Build does) gives the words of the whole text.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Cà phê Khánh Sơn", "CA PHÊ", "Ca\u0300 phe\u0302", "a=\u0338b", "ĐẬU-xanh 500g", "\xff\xfeà", "İstanbul ΣΑΣ", "Ⅻ ⓐ ǅ"} {
		f.Add(s)
	}
	memo := map[string]Token{}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokens(s, memo), wholeText(s); !slices.Equal(got, want) {
			t.Errorf("tokens(%q) = %v, whole text %v", s, got, want)
		}
	})
}

func TestFileKey(t *testing.T) {
	for in, want := range map[string]string{"ca": "ca", "a1": "a1", "ß": "_df", "中文": "_4e2d_6587"} {
		if got := fileKey(in); got != want {
			t.Errorf("fileKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// manifestOf decodes ix's index.json.
func manifestOf(t *testing.T, ix *Index) Manifest {
	t.Helper()
	var m Manifest
	if err := json.Unmarshal(ix.Files["index.json"], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// shards reads every shard of a tier of ix: token → variant → lists.
func shards(t *testing.T, ix *Index, tier string) map[string]map[string]json.RawMessage {
	t.Helper()
	keys := ix.Shards
	if tier == "f" {
		keys = ix.FullShards
	}
	hashes := manifestOf(t, ix).ShardHashes
	if tier == "f" {
		hashes = manifestOf(t, ix).FullHashes
	}
	out := map[string]map[string]json.RawMessage{}
	for i, k := range keys {
		var s map[string]map[string]json.RawMessage
		if err := json.Unmarshal(ix.Files[ShardFile(tier, k, hashes[i])], &s); err != nil {
			t.Fatalf("shard %s/%s: %v", tier, k, err)
		}
		for tok, vs := range s {
			if home := shardOf(keys, tok); home != k {
				t.Errorf("token %q is in shard %q, but the lookup rule says %q", tok, k, home)
			}
			out[tok] = vs
		}
	}
	return out
}

// shardOf is the script's rule: the longest key that is a prefix of the token.
func shardOf(keys []string, tok string) string {
	best := ""
	for _, k := range keys {
		if strings.HasPrefix(tok, k) && len(k) > len(best) {
			best = k
		}
	}
	return best
}

// undelta decodes the delta lists of a variant.
func undelta(t *testing.T, raw json.RawMessage, fields int) [][]int {
	t.Helper()
	var lists [][]int
	if fields == 1 {
		var l []int
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Fatal(err)
		}
		lists = [][]int{l}
	} else if err := json.Unmarshal(raw, &lists); err != nil {
		t.Fatal(err)
	}
	for _, l := range lists {
		for i := 1; i < len(l); i++ {
			l[i] += l[i-1]
		}
	}
	return lists
}

func testDocs() []Doc {
	return []Doc{
		{Name: "Cà phê Khánh Sơn", Summary: "Cà phê rang xay.", Text: []string{"Hạt cà phê chín."}, Result: Result{Kind: "p", Name: "Cà phê Khánh Sơn", URL: "san-pham/ca-phe/"},
			Facets: Facets{Category: "beverages", Stars: 4, Commune: "son-binh", Type: "cooperative"}},
		{Name: "Mật ong hoa cà phê", Summary: "Mật ong rừng.", Tags: []string{"quà tặng"}, HTML: "<p>Lấy từ tổ <strong>ong dú</strong>,&nbsp;Sơn&amp;Lâm</p>", Result: Result{Kind: "p", Name: "Mật ong hoa cà phê", URL: "san-pham/mat-ong/"},
			Facets: Facets{Category: "food", Stars: 3, Type: "household"}},
		{Name: "Trà vối", Summary: "Uống thay cà phê.", Text: []string{"Đậu đỏ"}, Result: Result{Kind: "t", Name: "Trà vối", URL: "du-lich/tra-voi/"},
			Facets: Facets{Category: "tourism", Commune: "son-binh"}},
	}
}

func TestBuild(t *testing.T) {
	ix, err := Build(testDocs(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := manifestOf(t, ix)
	if m.Version != Version || m.Hash != ix.Hash || m.Docs != 3 || m.Chunk != 32 || !slices.Equal(m.Shards, ix.Shards) || !slices.Equal(m.Full, ix.FullShards) {
		t.Errorf("manifest %+v", m)
	}
	// Every file but the manifest is named by its own content, and the
	// manifest names each one.
	listed := map[string]bool{"index.json": true, FacetsFile(m.FacetsHash): true}
	for i, k := range m.Shards {
		listed[ShardFile("t", k, m.ShardHashes[i])] = true
	}
	for i, k := range m.Full {
		listed[ShardFile("f", k, m.FullHashes[i])] = true
	}
	for i, h := range m.ChunkHashes {
		listed[ChunkFile(i, h)] = true
	}
	if len(listed) != len(ix.Files) {
		t.Errorf("the manifest names %d files, the index has %d", len(listed), len(ix.Files))
	}
	for name, data := range ix.Files {
		if !listed[name] {
			t.Errorf("file %s is not named by the manifest", name)
		}
		if name != "index.json" && !strings.HasSuffix(name, "."+fileHash(data)+".json") {
			t.Errorf("file %s is not named by its content hash %s", name, fileHash(data))
		}
	}

	primary := shards(t, ix, "t")
	// Every variant of "ca": only "cà"; doc 0 has it as the first word of its
	// name, doc 1 in its name, doc 2 in its summary.
	if got := slices.Sorted(maps.Keys(primary["ca"])); !slices.Equal(got, []string{"cà"}) {
		t.Fatalf("variants of ca: %v", got)
	}
	if got := fmt.Sprint(undelta(t, primary["ca"]["cà"], 3)); got != "[[0] [1] [2]]" {
		t.Errorf("postings of cà: %s", got)
	}
	// Tags count as summary; trailing empty lists are left out.
	if got := fmt.Sprint(undelta(t, primary["qua"]["quà"], 3)); got != "[[] [] [1]]" {
		t.Errorf("postings of quà: %s", got)
	}
	if got := fmt.Sprint(undelta(t, primary["mat"]["mật"], 3)); got != "[[1]]" {
		t.Errorf("postings of mật (name first, then summary of the same doc): %s", got)
	}
	full := shards(t, ix, "f")
	// A doc is in the full shards only when no better field has the word.
	if got := fmt.Sprint(undelta(t, full["hat"]["hạt"], 1)); got != "[[0]]" {
		t.Errorf("postings of hạt: %s", got)
	}
	if _, ok := full["ca"]; ok {
		t.Errorf("cà is in the full shards though every doc has it in a better field: %s", full["ca"])
	}
	if got := fmt.Sprint(undelta(t, full["dau"]["đậu"], 1)); got != "[[2]]" {
		t.Errorf("đậu folds to dau: %s", got)
	}
	// The description's HTML is indexed as text: its words, with entities
	// decoded, and none of its tags.
	for _, w := range [][2]string{{"du", "dú"}, {"son", "sơn"}, {"lam", "lâm"}} {
		if got := fmt.Sprint(undelta(t, full[w[0]][w[1]], 1)); got != "[[1]]" {
			t.Errorf("postings of %s (from the HTML): %s", w[1], got)
		}
	}
	for _, tag := range []string{"strong", "nbsp", "amp", "p"} {
		if _, ok := full[tag]; ok {
			t.Errorf("%q from the HTML's markup is indexed", tag)
		}
	}

	var chunk []Result
	if err := json.Unmarshal(ix.Files[ChunkFile(0, m.ChunkHashes[0])], &chunk); err != nil {
		t.Fatal(err)
	}
	if len(chunk) != 3 || chunk[1].URL != "san-pham/mat-ong/" {
		t.Errorf("chunk 0: %+v", chunk)
	}
	var f facetFile
	if err := json.Unmarshal(ix.Files[FacetsFile(m.FacetsHash)], &f); err != nil {
		t.Fatal(err)
	}
	want := facetFile{Kind: "ppt", Stars: "430", Category: []int{1, 2, 3}, Commune: []int{1, 0, 1}, Type: []int{1, 2, 0},
		Categories: []string{"beverages", "food", "tourism"}, Communes: []string{"son-binh"}, Types: []string{"cooperative", "household"}}
	if fmt.Sprint(f) != fmt.Sprint(want) {
		t.Errorf("facets %+v, want %+v", f, want)
	}

	again, err := Build(testDocs(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Hash != ix.Hash || !maps.EqualFunc(again.Files, ix.Files, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("two builds of the same docs differ")
	}
}

// TestSplit checks that big shards are split by one more rune and that every
// token stays reachable by the lookup rule.
func TestSplit(t *testing.T) {
	var docs []Doc
	words := []string{"ca", "cà", "các", "cách", "cam", "cảm", "can", "cần", "cao", "cáo", "cay", "cây", "c", "càng"}
	for i := range 300 {
		docs = append(docs, Doc{Name: fmt.Sprintf("%s %s", words[i%len(words)], words[(i*7)%len(words)]), Result: Result{Kind: "p"}})
	}
	ix, err := Build(docs, Options{ShardBytes: 400})
	if err != nil {
		t.Fatal(err)
	}
	deeper := 0
	for _, k := range ix.Shards {
		if n := utf8.RuneCountInString(k); n > 2 {
			deeper++
		}
		if !strings.HasPrefix(k, "c") {
			t.Errorf("unexpected shard %q", k)
		}
	}
	if deeper == 0 {
		t.Errorf("no shard was split: %v", ix.Shards)
	}
	got := shards(t, ix, "t") // checks the lookup rule for every token
	for _, w := range words {
		if _, ok := got[Tokens(w)[0].Folded]; !ok {
			t.Errorf("token of %q is in no shard (shards %v)", w, ix.Shards)
		}
	}
}

func TestBuildStops(t *testing.T) {
	docs := []Doc{{Name: "Cà phê"}, {Name: "Mật ong"}}
	if _, err := Build(docs, Options{Stop: func() bool { return true }}); !errors.Is(err, ErrStopped) {
		t.Errorf("Build with Stop saying true: %v, want ErrStopped", err)
	}
	if _, err := Build(docs, Options{Stop: func() bool { return false }}); err != nil {
		t.Errorf("Build with Stop saying false: %v", err)
	}
}

// TestBuildSeqStreams checks that BuildSeq takes docs one at a time from the
// sequence: a superseded build stops asking for more within 64 docs (the
// build's caller makes each doc when asked, and holds none), and a sequence
// gives the same index as the slice of its docs.
func TestBuildSeqStreams(t *testing.T) {
	made, stopAt := 0, 100
	seq := func(yield func(Doc) bool) {
		for i := range 1000 {
			made++
			if !yield(Doc{Name: fmt.Sprintf("mật ong %d", i), Result: Result{Kind: "p", URL: fmt.Sprintf("san-pham/%d/", i)}}) {
				return
			}
		}
	}
	if _, err := BuildSeq(seq, Options{Stop: func() bool { return made >= stopAt }}); !errors.Is(err, ErrStopped) {
		t.Fatalf("BuildSeq with Stop: %v, want ErrStopped", err)
	}
	if made > stopAt+64 {
		t.Errorf("%d docs made before the build stopped, want at most %d", made, stopAt+64)
	}
	made, stopAt = 0, 1<<30
	ix, err := BuildSeq(seq, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for d := range seq {
		docs = append(docs, d)
	}
	want, err := Build(docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Files) != len(want.Files) || ix.Hash != want.Hash {
		t.Fatalf("BuildSeq made %d files (hash %s), Build %d (hash %s)", len(ix.Files), ix.Hash, len(want.Files), want.Hash)
	}
	for name, data := range want.Files {
		if !bytes.Equal(ix.Files[name], data) {
			t.Errorf("%s differs", name)
		}
	}
}

// TestEditRenamesFewFiles edits the description of one doc in a larger index
// and checks that only the files whose content changed get new names: an
// incremental build rewrites those alone and browsers keep the rest cached.
func TestEditRenamesFewFiles(t *testing.T) {
	words := strings.Fields("cà phê mật ong trà vối sầu riêng bơ sáp tiêu đen hạt điều gạo nếp chuối sấy nước mắm rượu cần măng khô mít")
	docs := make([]Doc, 400)
	for i := range docs {
		w := func(k int) string { return words[(i*7+k*3)%len(words)] }
		docs[i] = Doc{Name: fmt.Sprintf("%s %s %d", w(0), w(1), i), Summary: w(2) + " " + w(3),
			Text: []string{fmt.Sprintf("%s %s %s lô%d", w(4), w(5), w(6), i)}, Result: Result{Kind: "p", Name: fmt.Sprint(i), URL: fmt.Sprintf("san-pham/%d/", i)}}
	}
	a, err := Build(docs, Options{ShardBytes: 2 << 10})
	if err != nil {
		t.Fatal(err)
	}
	docs[123].Text = append(docs[123].Text, "Thêm hương vị rừng")
	b, err := Build(docs, Options{ShardBytes: 2 << 10})
	if err != nil {
		t.Fatal(err)
	}
	var renamed []string
	for name := range b.Files {
		if _, ok := a.Files[name]; !ok {
			renamed = append(renamed, name)
		}
	}
	slices.Sort(renamed)
	// The full shards of "them", "huong", "vi" and "rung" (some new), and
	// nothing else: the doc's chunk shows no description.
	if len(renamed) == 0 || len(renamed) > 4 || len(a.Files) < 30 {
		t.Errorf("%d of %d files renamed by a one-doc edit: %v", len(renamed), len(a.Files), renamed)
	}
	for _, name := range renamed {
		if !strings.HasPrefix(name, "f/") {
			t.Errorf("%s renamed, though only full-text postings changed", name)
		}
	}
	if a.Hash == b.Hash {
		t.Error("the index hash did not change")
	}
}

func TestHTMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Mật ong", "Mật ong"},
		{"<p>Mật <em>ong</em></p>", " Mật  ong  "},
		{"a<br>b", "a b"},
		{"Sơn&amp;Lâm &lt;3 &#39;x&#39;", "Sơn&Lâm <3 'x'"},
		{"trước <a href=\"x>y\">sau", "trước  y\">sau"}, // a > inside quotes ends the tag, as before
		{"mở <b", "mở  "}, // an unclosed tag is dropped
	} {
		if got := htmlText(c.in); got != c.want {
			t.Errorf("htmlText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTokensOwnMemory checks that tokens, and the memo's keys, share no
// memory with the text they were cut from: the index keeps them, and a
// substring would keep the whole text (a record's body) alive with it.
func TestTokensOwnMemory(t *testing.T) {
	text := strings.Repeat("x", 64) + " cà phê Khánh Sơn 2026 sầu riêng cafe "
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	inText := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return len(s) > 0 && p >= lo && p < hi
	}
	memo := map[string]Token{}
	var got []Token
	each(text, memo, func(tk Token) { got = append(got, tk) })
	if len(got) != 9 {
		t.Fatalf("got %d tokens, want 9: %v", len(got), got)
	}
	for _, tk := range got {
		if inText(tk.Raw) || inText(tk.Folded) {
			t.Errorf("token %q shares the text's memory", tk.Raw)
		}
	}
	for k := range memo {
		if inText(k) {
			t.Errorf("memo key %q shares the text's memory", k)
		}
	}
}

func TestWordRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if got := wordRune(r); got != want {
			t.Fatalf("wordRune(%U) = %v, want %v", r, got, want)
		}
	}
}
