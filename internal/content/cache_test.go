package content

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/khanhson-ocop/ocop/internal/diag"
)

func cacheSite() fstest.MapFS {
	md := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"content/site.yaml":                      md("base_url: https://example.org/\n"),
		"content/categories.yaml":                md("- key: food\n"),
		"content/products/mat-ong/index.vi.md":   md("---\nname: Mật ong\n---\nNgọt.\n"),
		"content/products/mat-ong/index.en.md":   md("---\nname: Honey\n---\nSweet.\n"),
		"content/products/mat-ong/anh.jpg":       md("jpeg"),
		"content/products/ca-phe/index.vi.md":    md("---\nname: Cà phê\n---\n"),
		"content/products/hong/index.vi.md":      md("---\nname: [Hỏng\n---\n"),
		"content/products/Sai Ten/index.vi.md":   md("---\nname: x\n---\n"),
		"content/products/le.md":                 md("---\nname: x\n---\n"),
		"content/subjects/htx-a/index.vi.md":     md("---\nname: HTX A\n---\n"),
		"content/pages/gioi-thieu/index.vi.md":   md("---\nname: Giới thiệu\n---\n"),
		"content/products/.an/index.vi.md":       md("---\nname: ẩn\n---\n"),
		"content/tourism/thac/index.vi.md":       md("---\nname: Thác\n---\n"),
		"content/tourism/thac/anh/nho/small.jpg": md("jpeg"),
	}
}

// same checks that a cached load reads what a fresh Load reads.
func same(t *testing.T, step string, c *Cache, fsys fstest.MapFS) {
	t.Helper()
	var want, got diag.List
	w := Load(fsys, &want)
	g := c.Load(fsys, &got)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: the cached load differs from Load", step)
	}
	if !reflect.DeepEqual(got.Items(), want.Items()) {
		t.Errorf("%s: diagnostics\n got %v\nwant %v", step, got.Items(), want.Items())
	}
	if len(want.Items()) == 0 {
		t.Errorf("%s: the site should have diagnostics (a broken file, a bad folder name)", step)
	}
}

func TestCacheMatchesLoad(t *testing.T) {
	fsys := cacheSite()
	c := NewCache()
	same(t, "first load", c, fsys)
	same(t, "nothing changed", c, fsys)

	tests := []struct {
		name   string
		change func(fstest.MapFS)
		paths  []string
	}{
		{"edit a file", func(f fstest.MapFS) {
			f["content/products/mat-ong/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Mật ong rừng\n---\nNgọt.\n")}
		}, []string{"content/products/mat-ong/index.vi.md"}},
		{"fix a broken file", func(f fstest.MapFS) {
			f["content/products/hong/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Hồng\n---\n")}
		}, []string{"content/products/hong/index.vi.md"}},
		{"add a translation", func(f fstest.MapFS) {
			f["content/products/ca-phe/index.en.md"] = &fstest.MapFile{Data: []byte("---\nname: Coffee\n---\n")}
		}, []string{"content/products/ca-phe/index.en.md"}},
		{"a resource deep in a bundle", func(f fstest.MapFS) {
			f["content/tourism/thac/anh/nho/small.jpg"] = &fstest.MapFile{Data: []byte("bigger jpeg")}
		}, []string{"content/tourism/thac/anh/nho/small.jpg"}},
		{"remove a bundle", func(f fstest.MapFS) {
			delete(f, "content/subjects/htx-a/index.vi.md")
		}, []string{"content/subjects/htx-a"}},
		{"new bundle, only its folder named", func(f fstest.MapFS) {
			f["content/products/moi/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Mới\n---\n")}
		}, []string{"content/products/moi"}},
		{"a stray file in a kind folder", func(f fstest.MapFS) {
			f["content/tourism/ghi-chu.md"] = &fstest.MapFile{Data: []byte("---\nname: x\n---\n")}
		}, []string{"content/tourism/ghi-chu.md"}},
		{"a kind folder changed", func(f fstest.MapFS) {
			f["content/products/mat-ong/index.en.md"] = &fstest.MapFile{Data: []byte("---\nname: Wild honey\n---\n")}
			f["content/products/ca-phe/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Cà phê rang\n---\n")}
		}, []string{"content/products"}},
		{"everything forgotten", func(f fstest.MapFS) {
			f["content/pages/gioi-thieu/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Về chúng tôi\n---\n")}
		}, []string{""}},
		{"site.yaml is always read", func(f fstest.MapFS) {
			f["content/site.yaml"] = &fstest.MapFile{Data: []byte("base_url: https://example.net/\n")}
		}, nil},
	}
	for _, tt := range tests {
		tt.change(fsys)
		c.Invalidate(tt.paths...)
		same(t, tt.name, c, fsys)
	}
}

func TestCacheKeepsUnchangedBundles(t *testing.T) {
	fsys := cacheSite()
	c := NewCache()
	var d diag.List
	first := c.Load(fsys, &d)
	// Changed on disk but not reported: the cache keeps what it read.
	fsys["content/products/ca-phe/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Đổi\n---\n")}
	fsys["content/products/mat-ong/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Đổi\n---\n")}
	c.Invalidate("content/products/mat-ong/index.vi.md")
	second := c.Load(fsys, &d)
	find := func(s *Source, slug string) *Bundle {
		for _, b := range s.Bundles {
			if b.Slug == slug {
				return b
			}
		}
		t.Fatalf("no bundle %s", slug)
		return nil
	}
	if find(first, "ca-phe") != find(second, "ca-phe") {
		t.Errorf("an unchanged bundle was read again")
	}
	if find(first, "mat-ong") == find(second, "mat-ong") {
		t.Errorf("a changed bundle was not read again")
	}
	if got := find(second, "mat-ong").Files["vi"].Root.Content[1].Value; got != "Đổi" {
		t.Errorf("the changed bundle's name is %q", got)
	}
	// The kind folders' listing is kept too until a folder is reported.
	fsys["content/products/moi/index.vi.md"] = &fstest.MapFile{Data: []byte("---\nname: Mới\n---\n")}
	c.Invalidate("content/products/ca-phe/index.vi.md")
	if n := len(c.Load(fsys, &d).Bundles); n != len(second.Bundles) {
		t.Errorf("an unreported folder was listed: %d bundles, %d before", n, len(second.Bundles))
	}
	c.Invalidate("content/products/moi")
	if n := len(c.Load(fsys, &d).Bundles); n != len(second.Bundles)+1 {
		t.Errorf("a reported new folder was not listed: %d bundles, %d before", n, len(second.Bundles))
	}
}
