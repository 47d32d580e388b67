package output

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
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
