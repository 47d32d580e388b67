package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// streamData returns JSON-like data of at least n bytes: compressible, with
// enough variety that brotli's output depends on how it is cut into writes.
func streamData(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b []byte
	for i := 0; len(b) < n; i++ {
		b = fmt.Appendf(b, `{"id":"products/sau-rieng-%d","price":%d,"stars":%d,"commune":"Sơn Bình %d"},`, i, r.IntN(900000), 3+r.IntN(3), r.IntN(50))
	}
	return b
}

// noise returns n incompressible bytes.
func noise(n int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// pieces is a fill that writes data in uneven pieces, as an encoder does.
func pieces(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		for i, n := 0, 1; i < len(data); i, n = i+n, n*3%7919+1 {
			if _, err := w.Write(data[i:min(i+n, len(data))]); err != nil {
				return err
			}
		}
		return nil
	}
}

// tree returns the files under root and their bytes.
func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	names := func(m map[string][]byte) []string {
		var s []string
		for k := range m {
			s = append(s, k)
		}
		slices.Sort(s)
		return s
	}
	if !slices.Equal(names(got), names(want)) {
		t.Fatalf("%s: files %v, want %v", what, names(got), names(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: %s differs (%d bytes, want %d)", what, name, len(got[name]), len(b))
		}
	}
}

// TestStreamTwins checks that a file written as a stream, and its twins, are
// the bytes WriteFile writes for the same data, in a new folder and in place:
// a large file (over bigFile and over twinChunk, so brotli reads it in
// several pieces), a small one without twins and one that does not compress.
func TestStreamTwins(t *testing.T) {
	files := []struct {
		rel  string
		data []byte
	}{
		{"data/catalogue.json", streamData(2<<20 + 12345)},
		{"data/small.json", []byte(`{"a":1}`)},
		{"data/noise.json", noise(4096)},
	}
	whole := func(dir string) map[string][]byte {
		d, err := NewDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		d.Precompress = PrecompressAssets
		for _, f := range files {
			if err := d.WriteFile(f.rel, f.data); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		return tree(t, dir)
	}
	want := whole(filepath.Join(t.TempDir(), "whole"))
	if _, ok := want["data/catalogue.json.br"]; !ok {
		t.Fatalf("no twins for the large file: %v", want)
	}
	if _, ok := want["data/noise.json.gz"]; ok {
		t.Fatal("noise got a gzip twin: the test's data compresses")
	}

	dir := filepath.Join(t.TempDir(), "stream")
	d, err := NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	d.Precompress = PrecompressAssets
	for _, f := range files {
		if err := WriteStream(d, f.rel, pieces(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	if got := d.Files(); !slices.Equal(got, names) {
		t.Errorf("Files() = %v, want %v", got, names)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "new folder", tree(t, dir), want)

	// In place: the same bytes leave the files as they are; new ones
	// replace them and their twins, and a twin the new bytes do not get
	// is removed.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for name := range want {
		os.Chtimes(filepath.Join(dir, filepath.FromSlash(name)), old, old)
	}
	p, err := NewInPlace(dir)
	if err != nil {
		t.Fatal(err)
	}
	p.Precompress = PrecompressAssets
	if err := WriteStream(p, files[0].rel, pieces(files[0].data)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"data/catalogue.json", "data/catalogue.json.gz", "data/catalogue.json.br"} {
		if info, err := os.Stat(filepath.Join(dir, name)); err != nil || !info.ModTime().Equal(old) {
			t.Errorf("%s was written again (%v)", name, err)
		}
	}
	if got := p.Written(); !slices.Equal(got, []string{"data/catalogue.json", "data/catalogue.json.br", "data/catalogue.json.gz"}) {
		t.Errorf("Written() = %v", got)
	}
	files[0].data = streamData(1<<20 + 999)[7:]
	files[1].data = []byte(`{"a":2}`) // changed, still too small for twins
	files[2].data = bytes.Repeat([]byte(`{"b":2},`), 1000)
	for _, f := range files {
		if err := WriteStream(p, f.rel, pieces(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	want = whole(filepath.Join(t.TempDir(), "whole2"))
	sameTree(t, "in place", tree(t, dir), want)
	files[2].data = noise(4096)
	if err := WriteStream(p, files[2].rel, pieces(files[2].data)); err != nil {
		t.Fatal(err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	want = whole(filepath.Join(t.TempDir(), "whole3"))
	sameTree(t, "in place, twins removed", tree(t, dir), want)
}

// TestStreamFails checks that a fill that fails leaves no file behind, in a
// new folder and in place (where the old file stays), and that a target
// that is not a Streamer gets the file whole.
func TestStreamFails(t *testing.T) {
	boom := errors.New("boom")
	fail := func(w io.Writer) error {
		w.Write(bytes.Repeat([]byte("x"), 3*streamBuffer))
		return boom
	}
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := WriteStream(d, "data/a.json", fail); !errors.Is(err, boom) {
		t.Errorf("Dir: error %v, want boom", err)
	}
	if got := tree(t, d.Root()); len(got) != 0 || len(d.Files()) != 0 {
		t.Errorf("Dir: files left %v, recorded %v", got, d.Files())
	}

	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	os.WriteFile(filepath.Join(root, "data/a.json"), []byte("old"), 0o644)
	p, err := NewInPlace(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteStream(p, "data/a.json", fail); !errors.Is(err, boom) {
		t.Errorf("InPlace: error %v, want boom", err)
	}
	sameTree(t, "InPlace", tree(t, root), map[string][]byte{"data/a.json": []byte("old")})

	m := NewMemory()
	data := streamData(5000)
	if err := WriteStream(m, "data/a.json", pieces(data)); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Get("data/a.json"); !bytes.Equal(got, data) {
		t.Errorf("Memory: got %d bytes, want %d", len(got), len(data))
	}
}
