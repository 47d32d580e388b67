package render

import (
	"bytes"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/markdown"
	"github.com/khanhson-ocop/ocop/internal/site"
)

func TestP8Partials(t *testing.T) {
	src := os.Getenv("P8SRC")
	if src == "" {
		t.Skip()
	}
	var d diag.List
	s := content.Load(os.DirFS(src), &d)
	cat := catalog.Build(s, catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Markdown: markdown.New(), BodyCache: catalog.NewBodyCache()}, &d)
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	r, err := New(cat, urls, Layers{os.DirFS(src), fs.FS(ocop.Builtin)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kind := site.Kind(os.Getenv("P8KIND"))
	var sel []*site.Page
	for _, p := range pages {
		if p.Kind == kind {
			sel = append(sel, p)
		}
	}
	if len(sel) > 400 {
		sel = sel[:400]
	}
	tp := r.sets[kind]
	var buf bytes.Buffer
	for _, tt := range tp.Templates() {
		name := tt.Name()
		start := time.Now()
		n := 0
		size := 0
		for _, pg := range sel {
			buf.Reset()
			if err := tp.ExecuteTemplate(&buf, name, r.data(pg)); err != nil {
				continue
			}
			n++
			size += buf.Len()
		}
		if n > 0 {
			t.Logf("%-30s %6dµs/pg  %6d B", name, time.Since(start).Microseconds()/int64(n), size/n)
		}
	}
}

func BenchmarkP8Page(b *testing.B) {
	src := os.Getenv("P8SRC")
	if src == "" {
		b.Skip()
	}
	var d diag.List
	s := content.Load(os.DirFS(src), &d)
	cat := catalog.Build(s, catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Markdown: markdown.New(), BodyCache: catalog.NewBodyCache()}, &d)
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	r, err := New(cat, urls, Layers{os.DirFS(src), fs.FS(ocop.Builtin)}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	kind := site.Kind(os.Getenv("P8KIND"))
	var sel []*site.Page
	for _, p := range pages {
		if p.Kind == kind {
			sel = append(sel, p)
		}
	}
	var buf bytes.Buffer
	b.ResetTimer()
	i := 0
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, sel[i%len(sel)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
