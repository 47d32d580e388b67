package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/fixture"
)

// TestFloor runs the least-work generator on a generated site: one page per
// record file, each holding the record's name and its body as HTML, and a
// record with broken front matter is an error naming its file.
func TestFloor(t *testing.T) {
	src := t.TempDir()
	if err := fixture.Generate(src, fixture.Options{Products: 40, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	md, err := filepath.Glob(filepath.Join(src, "content", "*", "*", "index.*.md"))
	if err != nil || len(md) < 40 {
		t.Fatalf("%d record files (%v)", len(md), err)
	}
	out := filepath.Join(t.TempDir(), "floor")
	var stderr bytes.Buffer
	if err := runFloor([]string{"-src", src, "-out", out}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	var pages []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			pages = append(pages, p)
		}
		return err
	})
	if len(pages) != len(md) || !strings.Contains(stderr.String(), "floor: ") {
		t.Fatalf("%d pages from %d record files (%q)", len(pages), len(md), stderr.String())
	}
	rec := filepath.Join(src, "content", "products")
	entries, _ := os.ReadDir(rec)
	slug := entries[0].Name()
	page, err := os.ReadFile(filepath.Join(out, "vi", "products", slug, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(rec, slug, "index.vi.md"))
	var name string
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "name: "); ok {
			name = strings.Trim(v, `"'`)
			break
		}
	}
	if name == "" || !strings.Contains(string(page), "<h1>"+name+"</h1>") || !strings.Contains(string(page), "<p>") {
		t.Errorf("page of %s lacks its name %q or body:\n%.400s", slug, name, page)
	}

	os.WriteFile(filepath.Join(rec, slug, "index.vi.md"), []byte("---\nname: [unclosed\n---\nx\n"), 0o644)
	err = runFloor([]string{"-src", src, "-out", filepath.Join(t.TempDir(), "f2")}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join("products", slug, "index.vi.md")) {
		t.Errorf("broken front matter: error %v, want one naming the file", err)
	}
}

// TestList checks that the listing floor counts every file and folder of
// the content tree, as filepath.WalkDir does, and fails on a site without
// one.
func TestList(t *testing.T) {
	src := t.TempDir()
	if err := fixture.Generate(src, fixture.Options{Products: 40, Seed: 1, Photos: true}); err != nil {
		t.Fatal(err)
	}
	var files, dirs int
	filepath.WalkDir(filepath.Join(src, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil {
			if d.IsDir() {
				dirs++
			} else {
				files++
			}
		}
		return err
	})
	var stderr bytes.Buffer
	if err := runList([]string{"-src", src}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("list: %d files in %d folders\n", files, dirs); stderr.String() != want || files < 80 {
		t.Errorf("got %q, want %q", stderr.String(), want)
	}
	if err := runList([]string{"-src", filepath.Join(src, "nowhere")}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("a site without a content folder was listed")
	}
}
