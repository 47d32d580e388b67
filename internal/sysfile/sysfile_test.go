package sysfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestReadFileMax(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 100_000} {
		data := bytes.Repeat([]byte("áb\n"), n)[:n]
		name := filepath.Join(dir, "f.md")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, max := range []int64{0, 1, 512, int64(n), int64(n) + 1, 1 << 20} {
			got, err := DirFS(dir).ReadFileMax("f.md", max)
			if err != nil {
				t.Fatalf("%d bytes, max %d: %v", n, max, err)
			}
			want := data[:min(int64(n), max)]
			if !bytes.Equal(got, want) {
				t.Errorf("%d bytes, max %d: read %d bytes, want %d", n, max, len(got), len(want))
			}
		}
	}
}

func TestReadFileMaxErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	fsys := DirFS(dir)
	_, err := fsys.ReadFileMax("missing.md", 10)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != "missing.md" {
		t.Errorf("missing file: %v; want a PathError for missing.md that is ErrNotExist", err)
	}
	for _, name := range []string{"../x", "/etc/passwd", "a/../../x", ""} {
		if _, err := fsys.ReadFileMax(name, 10); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("ReadFileMax(%q): %v; want ErrInvalid", name, err)
		}
	}
	if _, err := fsys.ReadFileMax("sub", 10); err == nil {
		t.Error("reading a folder: no error")
	}
}

// TestFS checks that FS behaves as the os.DirFS it wraps.
func TestFS(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"a.md": "a", "p/index.vi.md": "vi", "p/index.en.md": "en"} {
		full := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := fstest.TestFS(DirFS(dir), "a.md", "p/index.vi.md", "p/index.en.md"); err != nil {
		t.Fatal(err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "index.html")
	for _, data := range [][]byte{bytes.Repeat([]byte("x"), 70_000), []byte("short"), nil} {
		if err := WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("wrote %d bytes, read back %d (%v)", len(data), len(got), err)
		}
	}
	st, err := os.Stat(name)
	if err != nil || st.Mode().Perm()&^0o644 != 0 {
		t.Errorf("mode %v (%v); want at most 0644", st.Mode(), err)
	}
	// The output writer makes a missing folder when told it is missing.
	err = WriteFile(filepath.Join(dir, "no", "index.html"), []byte("x"), 0o644)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("into a missing folder: %v; want ErrNotExist", err)
	}
}
