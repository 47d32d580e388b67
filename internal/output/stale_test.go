package output

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestStaleFoldersRemoved leaves beside an output folder what builds stopped
// half way leave (a temporary folder, a staging folder, a previous output
// moved aside) next to folders that are not theirs, then starts a clean
// build and an in-place one: each deletes the leftovers of builds into its
// own folder and nothing else.
func TestStaleFoldersRemoved(t *testing.T) {
	parent := t.TempDir()
	final := filepath.Join(parent, "public")
	names := []string{
		".public.tmp-123", ".public.stage-456", ".public.old-789", // leftovers
		"public", ".public", "public.tmp-1", ".publicity.tmp-2", ".site.tmp-3", // not leftovers
	}
	for _, n := range names {
		if err := os.MkdirAll(filepath.Join(parent, n, "a"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(parent, n, "a", "index.html"), []byte("<p>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	left := func() []string {
		es, _ := os.ReadDir(parent)
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	want := []string{".public", ".publicity.tmp-2", ".site.tmp-3", "public", "public.tmp-1"}

	p, err := NewInPlace(final)
	if err != nil {
		t.Fatal(err)
	}
	if got := left(); !slices.Equal(got, want) {
		t.Errorf("after NewInPlace: %q, want %q", got, want)
	}
	p.Abort()

	os.MkdirAll(filepath.Join(parent, ".public.tmp-999", "x"), 0o755)
	d, err := NewDir(final)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.DeleteFunc(left(), func(n string) bool { return filepath.Join(parent, n) == d.Root() })
	if !slices.Equal(got, want) {
		t.Errorf("after NewDir: %q, want %q (and its own temporary folder)", got, want)
	}
	d.Abort()
}
