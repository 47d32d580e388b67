package catalog_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
)

// TestImageListedTwice lists a photo twice (once as "./bia.jpg") before a
// third: one warning names the repeated line and the first, the page keeps
// each photo once, and the translation's alt texts, written in the record's
// order, stay with their photos.
func TestImageListedTwice(t *testing.T) {
	fsys := baseSite(t)
	const vi = "content/products/mat-ong/index.vi.md"
	const en = "content/products/mat-ong/index.en.md"
	viData := string(fsys[vi].Data)
	list := "images:\n  - bia.jpg\n  - {file: ./bia.jpg, alt: Lặp lại}\n  - {file: chi-tiet.jpg, alt: Nắp sáp ong}\n"
	if !strings.Contains(viData, "images: [bia.jpg]\n") {
		t.Fatal("testdata/site changed: no images line")
	}
	fsys[vi] = &fstest.MapFile{Data: []byte(strings.Replace(viData, "images: [bia.jpg]\n", list, 1))}
	fsys["content/products/mat-ong/chi-tiet.jpg"] = &fstest.MapFile{Data: fsys["content/products/mat-ong/bia.jpg"].Data}
	fsys[en] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[en].Data), "tags:",
		"images: [{alt: Cover}, {alt: Repeated}, {alt: Capped comb}]\ntags:", 1))}

	var d diag.List
	cat := catalog.Build(content.Load(fsys, &d), catalog.Options{Today: today}, &d)
	ds := d.Items()
	if len(ds) != 1 || ds[0].Severity != diag.Warning || ds[0].File != vi || ds[0].Line != 17 ||
		!strings.Contains(ds[0].Message, "bia.jpg is listed twice (also on line 16)") {
		t.Fatalf("diagnostics %v, want one warning at %s:17 naming line 16", ds, vi)
	}
	var p *catalog.Product
	for _, q := range cat.Products {
		if q.Slug == "mat-ong" {
			p = q
		}
	}
	if p == nil {
		t.Fatal("mat-ong not in the catalogue")
	}
	var got []string
	for _, img := range p.Images {
		got = append(got, img.File+"|"+img.Alt.At("vi")+"|"+img.Alt.At("en"))
	}
	want := []string{"bia.jpg||Cover", "chi-tiet.jpg|Nắp sáp ong|Capped comb"}
	if strings.Join(got, ";") != strings.Join(want, ";") {
		t.Errorf("images %q, want %q", got, want)
	}
}

// TestTagsWrittenAsText writes the tags as one line of text, the words
// separated by commas, in the record and in its translation: each word is a
// tag, as the producer meant.
func TestTagsWrittenAsText(t *testing.T) {
	fsys := baseSite(t)
	const vi = "content/products/mat-ong/index.vi.md"
	const en = "content/products/mat-ong/index.en.md"
	for name, edit := range map[string][2]string{
		vi: {"tags: [mật ong, quà biếu]\n", "tags: mật ong,  quà biếu ,\n"},
		en: {"tags: [honey, gifts]\n", "tags: honey\n"},
	} {
		data := string(fsys[name].Data)
		if !strings.Contains(data, edit[0]) {
			t.Fatalf("testdata/site changed: %s has no %q", name, edit[0])
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, edit[0], edit[1], 1))}
	}
	var d diag.List
	cat := catalog.Build(content.Load(fsys, &d), catalog.Options{Today: today}, &d)
	if ds := d.Items(); len(ds) != 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	for _, p := range cat.Products {
		if p.Slug != "mat-ong" {
			continue
		}
		if got := strings.Join(p.Tags.At("vi"), "|"); got != "mật ong|quà biếu" {
			t.Errorf("tags in vi: %q", got)
		}
		if got := strings.Join(p.Tags.At("en"), "|"); got != "honey" {
			t.Errorf("tags in en: %q", got)
		}
		return
	}
	t.Fatal("mat-ong not in the catalogue")
}

// TestTranslationListsMoreImages gives the translation more images than the
// record has: an error on the translation whose hint says how many the record
// lists, in words that fit one image as well as several.
func TestTranslationListsMoreImages(t *testing.T) {
	const en = "content/products/mat-ong/index.en.md"
	for _, tc := range []struct {
		name, record, translation, hint string
	}{
		{"one", "images: [bia.jpg]\n", "images: [{alt: Cover}, {alt: Comb}]\n",
			"list one image here at most: content/products/mat-ong/index.vi.md has one"},
		{"two", "images: [bia.jpg, chi-tiet.jpg]\n", "images: [{alt: Cover}, {alt: Comb}, {alt: Jar}]\n",
			"list at most 2 images here, in the order of content/products/mat-ong/index.vi.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := baseSite(t)
			const vi = "content/products/mat-ong/index.vi.md"
			viData := string(fsys[vi].Data)
			if !strings.Contains(viData, "images: [bia.jpg]\n") {
				t.Fatal("testdata/site changed: no images line")
			}
			fsys[vi] = &fstest.MapFile{Data: []byte(strings.Replace(viData, "images: [bia.jpg]\n", tc.record, 1))}
			fsys["content/products/mat-ong/chi-tiet.jpg"] = &fstest.MapFile{Data: fsys["content/products/mat-ong/bia.jpg"].Data}
			fsys[en] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[en].Data), "tags:", tc.translation+"tags:", 1))}
			var d diag.List
			catalog.Build(content.Load(fsys, &d), catalog.Options{Today: today}, &d)
			ds := d.Items()
			if len(ds) != 1 || ds[0].Severity != diag.Error || ds[0].File != en || ds[0].Hint != tc.hint {
				t.Fatalf("diagnostics %v, want one error on %s with the hint %q", ds, en, tc.hint)
			}
		})
	}
}

// TestBodyLinkEscaped links from a record's text to files of its folder
// whose names hold a space and a "#": written escaped, the link finds its
// file; written as the name itself, "#" ends the name, and the error, on the
// link's line, says how to write it. A missing file linked escaped is
// reported on its own line too.
func TestBodyLinkEscaped(t *testing.T) {
	fsys := baseSite(t)
	const vi = "content/products/mat-ong/index.vi.md"
	fsys["content/products/mat-ong/tờ rơi #2.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.4")}
	fsys["content/products/mat-ong/to roi.pdf"] = &fstest.MapFile{Data: []byte("%PDF-1.4")}
	data := strings.TrimRight(string(fsys[vi].Data), "\n")
	lines := strings.Count(data, "\n") + 1
	fsys[vi] = &fstest.MapFile{Data: []byte(data + "\n\n[c](<tờ rơi #2.pdf>)\n\n[a](to%20roi.pdf) [b](<tờ rơi %232.pdf>)\n\n[d](thi%E1%BA%BFu.pdf)\n")}
	var d diag.List
	catalog.Build(content.Load(fsys, &d), catalog.Options{Today: today}, &d)
	var got []string
	for _, x := range d.Items() {
		got = append(got, fmt.Sprintf("%d %s | %s", x.Line-lines, x.Message, x.Hint))
	}
	want := []string{
		`2 the text links to "tờ rơi ", which is not in the record's folder | in a link, # and ? end the file's name: to link to tờ rơi #2.pdf, write <tờ rơi %232.pdf>`,
		`6 the text links to "thiếu.pdf", which is not in the record's folder | add the file to content/products/mat-ong/ or correct the name (names are case-sensitive)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics (line after the text's last):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
