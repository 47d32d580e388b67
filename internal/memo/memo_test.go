package memo

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func open(t *testing.T, file, version string) *Table {
	t.Helper()
	tb, err := Open(file, version)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestTable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sub", "memo")
	a, b, c := KeyOf([]byte("a")), KeyOf([]byte("b")), KeyOf([]byte("c"))

	tb := open(t, file, "v1")
	if _, ok := tb.Get(a); ok {
		t.Fatal("an empty memo found a value")
	}
	tb.Put(a, []byte("alpha"))
	tb.Put(b, []byte("beta"))
	tb.Put(c, []byte("gamma"))
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}

	// The next run finds them; it asks for a and b only.
	tb = open(t, file, "v1")
	for k, want := range map[Key]string{a: "alpha", b: "beta"} {
		if v, ok := tb.Get(k); !ok || string(v) != want {
			t.Fatalf("Get = %q, %v; want %q", v, ok, want)
		}
	}
	if hits, puts := tb.Stats(); hits != 2 || puts != 0 {
		t.Fatalf("Stats = %d, %d; want 2, 0", hits, puts)
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}

	// c was not asked for, so the file no longer has it.
	tb = open(t, file, "v1")
	if _, ok := tb.Get(c); ok {
		t.Fatal("an entry no run asked for was kept")
	}
	if v, ok := tb.Get(a); !ok || string(v) != "alpha" {
		t.Fatalf("Get(a) = %q, %v after a second rewrite", v, ok)
	}
	tb.Abort()

	// Another version finds nothing.
	tb = open(t, file, "v2")
	if _, ok := tb.Get(a); ok {
		t.Fatal("a memo of another version was used")
	}
	tb.Abort()

	// Abort left the file as it was.
	tb = open(t, file, "v1")
	if _, ok := tb.Get(b); !ok {
		t.Fatal("Abort lost the previous file")
	}
	tb.Abort()
	if ents, _ := os.ReadDir(filepath.Dir(file)); len(ents) != 1 {
		t.Fatalf("the folder holds %d files, want only the memo", len(ents))
	}
}

// TestDamaged: a changed byte in a value, or a file cut short, gives misses,
// never a wrong value.
func TestDamaged(t *testing.T) {
	file := filepath.Join(t.TempDir(), "memo")
	a, b := KeyOf([]byte("a")), KeyOf([]byte("b"))
	tb := open(t, file, "v")
	tb.Put(a, []byte("first value"))
	tb.Put(b, []byte("second value"))
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	flipped := bytes.Clone(data)
	i := bytes.Index(flipped, []byte("first"))
	flipped[i] ^= 1
	os.WriteFile(file, flipped, 0o644)
	tb = open(t, file, "v")
	if v, ok := tb.Get(a); ok {
		t.Fatalf("a damaged value was returned: %q", v)
	}
	if v, ok := tb.Get(b); !ok || string(v) != "second value" {
		t.Fatalf("the undamaged value: %q, %v", v, ok)
	}
	tb.Abort()

	for n := range len(data) {
		os.WriteFile(file, data[:n], 0o644)
		tb = open(t, file, "v")
		va, oka := tb.Get(a)
		vb, okb := tb.Get(b)
		tb.Abort()
		if oka && string(va) != "first value" || okb && string(vb) != "second value" {
			t.Fatalf("file cut at %d: got %q, %q", n, va, vb)
		}
		if okb && n < len(data) {
			t.Fatalf("file cut at %d of %d: the last entry was found", n, len(data))
		}
	}
}

func TestNil(t *testing.T) {
	var tb *Table
	tb.Put(KeyOf(nil), []byte("x"))
	if _, ok := tb.Get(KeyOf(nil)); ok {
		t.Fatal("a nil table found a value")
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadOrder reads a memo's values in the order they were written, in
// reverse, shuffled, and as two interleaved runs: every value is right, the
// first order reads the file a window at a time, and no order reads more
// than one read per value plus the read-ahead budget.
func TestReadOrder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "memo")
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 3000
	keys := make([]Key, n)
	vals := make([][]byte, n)
	tb := open(t, file, "v")
	for i := range n {
		keys[i] = KeyOf([]byte(strconv.Itoa(i)))
		size := 100 + rng.IntN(3000)
		if i%500 == 7 {
			size = window // larger than a window can hold
		}
		vals[i] = make([]byte, size)
		for j := range vals[i] {
			vals[i][j] = byte(rng.Uint32())
		}
		tb.Put(keys[i], vals[i])
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	inOrder := make([]int, n)
	for i := range inOrder {
		inOrder[i] = i
	}
	reversed := slices.Clone(inOrder)
	slices.Reverse(reversed)
	shuffled := slices.Clone(inOrder)
	rng.Shuffle(n, func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	var twoRuns []int
	for i := range n / 2 {
		twoRuns = append(twoRuns, i, n/2+i)
	}
	for _, tc := range []struct {
		name     string
		order    []int
		maxReads int
	}{
		{"in order", inOrder, n / 20},
		{"reversed", reversed, n},
		{"shuffled", shuffled, n + 20},
		{"two runs", twoRuns, n + 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := open(t, file, "v")
			defer tb.Abort()
			for _, i := range tc.order {
				v, ok := tb.Get(keys[i])
				if !ok || !bytes.Equal(v, vals[i]) {
					t.Fatalf("value %d: found %v, equal %v", i, ok, bytes.Equal(v, vals[i]))
				}
			}
			if tb.reads > tc.maxReads {
				t.Errorf("%d reads of the file for %d values, want at most %d", tb.reads, n, tc.maxReads)
			}
			t.Logf("%d reads for %d values", tb.reads, n)
		})
	}
}

// TestValues: after Close, the values a run found or put are read again at
// their spans, from the memo, or from the new file when it could not take
// the memo's place (Keep); a value changed since fails its check.
func TestValues(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "memo")
	vals := map[string]string{"a": "alpha", "b": "", "c": strings.Repeat("gamma ", 1000)}
	keys := map[string]Key{}
	for k := range vals {
		keys[k] = KeyOf([]byte(k))
	}
	tb := open(t, file, "v1")
	tb.Put(keys["a"], []byte(vals["a"]))
	tb.Put(keys["c"], []byte(vals["c"]))
	tb.Close()

	// The next run finds a and c, and puts b.
	tb = open(t, file, "v1")
	tb.Keep()
	tb.Get(keys["c"])
	tb.Put(keys["b"], []byte(vals["b"]))
	tb.Get(keys["a"])
	spans := map[string]Span{}
	for k, key := range keys {
		s, ok := tb.Span(key)
		if !ok || s.Len() != len(vals[k]) {
			t.Fatalf("Span(%s) = %v, %v", k, s, ok)
		}
		spans[k] = s
	}
	if _, ok := tb.Span(KeyOf([]byte("z"))); ok {
		t.Fatal("Span of a key never asked for")
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := tb.Values()
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range spans {
		got, err := v.Append([]byte("x"), s)
		if err != nil || string(got) != "x"+vals[k] {
			t.Errorf("Append(%s) = %.20q, %v", k, got, err)
		}
	}
	v.Close()
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("Values.Close removed the memo: %v", err)
	}

	// A value changed in the file fails its check.
	data, _ := os.ReadFile(file)
	i := bytes.Index(data, []byte("alpha"))
	data[i] = 'A'
	os.WriteFile(file, data, 0o644)
	v, _ = tb.Values()
	if _, err := v.Append(nil, spans["a"]); err == nil {
		t.Error("a changed value was read without an error")
	}
	v.Close()

	// The memo's place is taken by a folder: Close fails, and with Keep the
	// values are read from the new file, which Values.Close removes.
	blocked := filepath.Join(dir, "blocked")
	os.MkdirAll(filepath.Join(blocked, "x"), 0o755)
	tb = open(t, blocked, "v1")
	tb.Keep()
	tb.Put(keys["a"], []byte("alpha"))
	s, _ := tb.Span(keys["a"])
	if err := tb.Close(); err == nil {
		t.Fatal("Close put the memo in place of a folder")
	}
	v, err = tb.Values()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Append(nil, s); err != nil || string(got) != "alpha" {
		t.Errorf("Append from the new file = %q, %v", got, err)
	}
	v.Close()
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("the folder holds %d entries after Values.Close, want the memo and the folder", len(ents))
	}

	// Without Keep, a Close that fails leaves nothing to read.
	tb = open(t, blocked, "v1")
	tb.Put(keys["a"], []byte("alpha"))
	tb.Close()
	if _, err := tb.Values(); err == nil {
		t.Error("Values after a failed Close without Keep")
	}
}
