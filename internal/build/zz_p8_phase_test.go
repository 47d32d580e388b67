package build

import (
	"bytes"
	"regexp"
	"runtime"
	"runtime/pprof"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/render"
	"github.com/khanhson-ocop/ocop/internal/site"
	"github.com/khanhson-ocop/ocop/internal/output"
)

func TestP8Phases(t *testing.T) {
	src := os.Getenv("P8SRC")
	if src == "" {
		t.Skip()
	}
	b := New(benchOptions(src))
	t0 := time.Now()
	var d diag.List
	s := content.Load(os.DirFS(src), &d)
	t1 := time.Now()
	cat := catalog.Build(s, catalog.Options{Today: b.opts.Today, Markdown: b.md, BodyCache: b.bodies}, &d)
	t2 := time.Now()
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	t3 := time.Now()
	t.Logf("load %v catalog %v plan %v pages %d", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), len(pages))
	r, err := render.New(cat, urls, b.layers(), render.Options{Assets: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	m := output.NewMinifier()
	nosvg := minify.New()
	nosvg.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	nosvg.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	var nt time.Duration
	type acc struct{ n int; rt, mt time.Duration; size, msize int }
	by := map[site.Kind]*acc{}
	var buf bytes.Buffer
	only := os.Getenv("P8KIND")
	for _, pg := range pages {
		if only != "" && string(pg.Kind) != only {
			continue
		}
		a := by[pg.Kind]
		if a == nil {
			a = &acc{}
			by[pg.Kind] = a
		}
		buf.Reset()
		s := time.Now()
		if err := r.Render(&buf, pg); err != nil {
			t.Fatal(err)
		}
		e := time.Now()
		out, err := m.Minify("x.html", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		e2 := time.Now()
		var ob bytes.Buffer
		if err := nosvg.Minify("text/html", &ob, bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
		nt += time.Since(e2)
		if os.Getenv("P8DIFF") != "" && a.n == 0 {
			os.WriteFile("/tmp/p8/min-"+string(pg.Kind)+".html", out, 0o644)
			os.WriteFile("/tmp/p8/nosvg-"+string(pg.Kind)+".html", ob.Bytes(), 0o644)
			os.WriteFile("/tmp/p8/raw-"+string(pg.Kind)+".html", buf.Bytes(), 0o644)
		}
		a.n++
		a.rt += e.Sub(s)
		a.mt += e2.Sub(e)
		a.size += buf.Len()
		a.msize += len(out)
	}
	var tr, tm time.Duration
	for k, a := range by {
		t.Logf("%-14s n=%6d render=%8v (%5dµs/pg) minify=%8v (%5dµs/pg) size=%6d min=%6d", k, a.n, a.rt.Round(time.Millisecond), a.rt.Microseconds()/int64(a.n), a.mt.Round(time.Millisecond), a.mt.Microseconds()/int64(a.n), a.size/a.n, a.msize/a.n)
		tr += a.rt
		tm += a.mt
	}
	t.Logf("render %v minify %v nosvg-minify %v", tr, tm, nt)
}

func TestP8Plan(t *testing.T) {
	src := os.Getenv("P8SRC")
	if src == "" {
		t.Skip()
	}
	b := New(benchOptions(src))
	var d diag.List
	t0 := time.Now()
	s := content.Load(os.DirFS(src), &d)
	t1 := time.Now()
	cat := catalog.Build(s, catalog.Options{Today: b.opts.Today, Markdown: b.md, BodyCache: b.bodies}, &d)
	t2 := time.Now()
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	t3 := time.Now()
	by := map[site.Kind]int{}
	for _, p := range pages {
		by[p.Kind]++
	}
	t.Logf("load %v catalog %v plan %v pages %d %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), len(pages), by)
}

func TestP8Inc(t *testing.T) {
	src := os.Getenv("P8SRC")
	if src == "" {
		t.Skip()
	}
	b := New(benchOptions(src))
	var d diag.List
	t0 := time.Now()
	s := content.Load(os.DirFS(src), &d)
	t1 := time.Now()
	cat := catalog.Build(s, catalog.Options{Today: b.opts.Today, Markdown: b.md, BodyCache: b.bodies}, &d)
	t2 := time.Now()
	cat = catalog.Build(s, catalog.Options{Today: b.opts.Today, Markdown: b.md, BodyCache: b.bodies}, &d)
	t3 := time.Now()
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	t4 := time.Now()
	r, _ := render.New(cat, urls, b.layers(), render.Options{Assets: map[string]string{}})
	global := b.globalHash(cat, r, &assetSet{})
	recHash := recordHashes(cat)
	t5 := time.Now()
	for _, pg := range pages {
		fingerprint(global, pg, recHash)
	}
	t6 := time.Now()
	mem := output.NewMemory()
	if err := b.data(cat, urls, r, pages, mem); err != nil {
		t.Fatal(err)
	}
	t7 := time.Now()
	t.Logf("load %v catalog %v catalog-cached-md %v plan %v global %v fingerprints %v data %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4), t6.Sub(t5), t7.Sub(t6))
	for _, p := range mem.Paths() {
		v, _ := mem.Get(p)
		t.Logf("%s %d", p, len(v))
	}
}

func TestP8Rebuild(t *testing.T) {
	src, out := os.Getenv("P8SRC"), os.Getenv("P8OUT")
	if src == "" || out == "" {
		t.Skip()
	}
	start := time.Now()
	res, err := New(benchOptions(src)).Build(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s (%v)", res.Summary(), time.Since(start))
}

func TestP8Heap(t *testing.T) {
	src := os.Getenv("P8SRC")
	if src == "" {
		t.Skip()
	}
	b := New(benchOptions(src))
	cat, ds := b.Load()
	_ = ds
	urls := site.NewURLs(cat)
	pages := site.Plan(cat, urls)
	runtime.GC()
	f, _ := os.Create("/tmp/p8/heap.out")
	pprof.WriteHeapProfile(f)
	f.Close()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("pages %d heap inuse %d MB", len(pages), ms.HeapInuse>>20)
	runtime.KeepAlive(cat)
	runtime.KeepAlive(pages)
}

func TestP8Peak(t *testing.T) {
	src := os.Getenv("P8SRC")
	if src == "" {
		t.Skip()
	}
	done := make(chan bool)
	go func() {
		var max uint64
		start := time.Now()
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max*11/10 {
				max = ms.HeapAlloc
				f, _ := os.Create("/tmp/p8/peak.out")
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
				t.Logf("%v heap alloc %d MB sys %d MB", time.Since(start).Round(time.Millisecond), max>>20, ms.HeapSys>>20)
			}
		}
	}()
	o := benchOptions(src)
	o.Clean = true
	res, err := New(o).Build(filepath.Join(t.TempDir(), "out"))
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Summary())
}
