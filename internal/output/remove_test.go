package output

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

func TestRemoveAll(t *testing.T) {
	root := t.TempDir()
	tree := filepath.Join(root, "public")
	outside := filepath.Join(root, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A tree wider and deeper than the goroutines removing it.
	for i := range 40 {
		for j := range 5 {
			dir := filepath.Join(tree, fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", j), "c")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"index.html", filepath.Join("..", "x.json")} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("<p>"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// Links are removed, never followed.
	if err := os.Symlink(outside, filepath.Join(tree, "a0", "link")); err != nil {
		t.Fatal(err)
	}
	if err := removeAll(tree); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(tree); !os.IsNotExist(err) {
		t.Errorf("the tree is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "keep.txt")); err != nil {
		t.Errorf("a file a link pointed to was removed: %v", err)
	}
	if err := removeAll(tree); err != nil {
		t.Errorf("removing a folder that is not there: %v", err)
	}
}

// TestDirFolderTakenForMade checks the fallback of folders: a folder whose
// hash is in the set (as if another path had the same hash) but which is
// not there is made when a file is written into it.
func TestDirFolderTakenForMade(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	d.Precompress = PrecompressAll
	d.dirs.add("a/b")
	d.dirs.add("a")
	d.dirs.add("c")
	if err := d.WriteFile("a/b/index.html", bytes.Repeat([]byte("<p>Cà phê Sơn Thái</p>\n"), 200)); err != nil {
		t.Fatalf("writing into a folder taken for made: %v", err)
	}
	src := fstest.MapFS{"p.jpg": {Data: []byte("jpeg")}}
	if err := d.CopyFile("c/photo.jpg", src, "p.jpg"); err != nil {
		t.Fatalf("copying into a folder taken for made: %v", err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Files(), []string{"a/b/index.html", "a/b/index.html.br", "a/b/index.html.gz", "c/photo.jpg"}; !slices.Equal(got, want) {
		t.Errorf("files written: %q", got)
	}
	if _, err := os.Stat(filepath.Join(d.final, "a", "b", "index.html.gz")); err != nil {
		t.Errorf("the twin was not written: %v", err)
	}
}
