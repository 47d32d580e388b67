package main

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"gopkg.in/yaml.v3"
)

// The floor is the least work any generator must do for a site (issue 8's
// yardstick): read each record file, parse its YAML front matter, convert
// its Markdown body, run one template, write one minimal page per file, on
// all cores. No checks, no links between records, no listings, no search
// index, no open data, no minifying. ocop-bench -floor times it beside ocop
// (as a process of its own, `ocop-bench floor -src DIR -out DIR`), so that
// the ocop figures can be read against what the machine allows that hour.

// floorPage is the one template: a page with the record's name, summary and
// body.
var floorPage = template.Must(template.New("page").Parse(`<!doctype html><html lang="{{.Lang}}"><meta charset="utf-8"><title>{{.Name}}</title>` +
	`<meta name="description" content="{{.Summary}}"><h1>{{.Name}}</h1><p>{{.Summary}}</p>{{.Body}}</html>`))

// runFloor is `ocop-bench floor`.
func runFloor(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("ocop-bench floor", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "the site folder")
	out := fl.String("out", "", "the output folder (must not exist)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("floor: -out is required")
	}
	var files []string
	for _, kind := range []string{"products", "subjects", "tourism", "pages"} {
		m, err := filepath.Glob(filepath.Join(*src, "content", kind, "*", "index.*.md"))
		if err != nil {
			return err
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	var next atomic.Int64
	var written atomic.Int64
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Linkify))
			var body, page bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) || errs[w] != nil {
					return
				}
				name, err := floorFile(*src, *out, files[i], md, &body, &page)
				if err != nil {
					errs[w] = fmt.Errorf("%s: %w", name, err)
					return
				}
				written.Add(1)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "floor: %d pages from %d files\n", written.Load(), len(files)) // the line timed reads
	return nil
}

// floorFile makes the page of one record file.
func floorFile(src, out, file string, md goldmark.Markdown, body, page *bytes.Buffer) (string, error) {
	rel, _ := filepath.Rel(filepath.Join(src, "content"), file)
	data, err := os.ReadFile(file)
	if err != nil {
		return rel, err
	}
	front, text, ok := bytes.Cut(bytes.TrimPrefix(data, []byte("---\n")), []byte("\n---\n"))
	if !ok {
		front, text = nil, data
	}
	var fm struct {
		Name, Summary string
	}
	if err := yaml.Unmarshal(front, &fm); err != nil {
		return rel, err
	}
	body.Reset()
	if err := md.Convert(text, body); err != nil {
		return rel, err
	}
	lang := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "index."), ".md")
	page.Reset()
	if err := floorPage.Execute(page, map[string]any{"Lang": lang, "Name": fm.Name, "Summary": fm.Summary, "Body": template.HTML(body.String())}); err != nil {
		return rel, err
	}
	dir := filepath.Join(out, lang, filepath.Dir(rel))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rel, err
	}
	return rel, os.WriteFile(filepath.Join(dir, "index.html"), page.Bytes(), 0o644)
}

// floorBuild times `ocop-bench floor` (this executable) on src into out,
// from nothing.
func floorBuild(src, out string) (sample, error) {
	if err := os.RemoveAll(out); err != nil {
		return sample{}, err
	}
	self, err := os.Executable()
	if err != nil {
		return sample{}, err
	}
	return timed(self, "floor", "-src", src, "-out", out)
}

// The listing floor is the least a one-off process must do, after an edit,
// to learn which file changed, when no process watched it change: read
// every folder of the content tree and the size and time of every file in
// it (what make, git status and every generator's rebuild do), on all
// cores, and nothing else. ocop-bench -floor times it (as a process of its
// own, `ocop-bench list -src DIR`) after each rebuild, beside the 300 ms
// that issue 8 asks of a rebuild.

// runList is `ocop-bench list`.
func runList(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("ocop-bench list", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "the site folder")
	if err := fl.Parse(args); err != nil {
		return err
	}
	files, dirs, err := listTree(filepath.Join(*src, "content"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "list: %d files in %d folders\n", files, dirs) // the line timed reads
	return nil
}

// listTree reads every folder under root and stats every file, with a few
// folders read at once on each core. It returns how many files and folders
// it found.
func listTree(root string) (files, dirs int64, err error) {
	var nf, nd atomic.Int64
	var mu sync.Mutex
	var first error
	fail := func(e error) {
		mu.Lock()
		if first == nil {
			first = e
		}
		mu.Unlock()
	}
	sem := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var walk func(dir string)
	walk = func(dir string) {
		sem <- struct{}{}
		entries, err := os.ReadDir(dir)
		if err != nil {
			<-sem
			fail(err)
			return
		}
		nd.Add(1)
		var sub []string
		for _, e := range entries {
			if e.IsDir() {
				sub = append(sub, filepath.Join(dir, e.Name()))
				continue
			}
			if _, err := e.Info(); err != nil { // lstat: the size and time
				fail(err)
			}
			nf.Add(1)
		}
		<-sem
		for _, d := range sub {
			wg.Go(func() { walk(d) })
		}
	}
	wg.Go(func() { walk(root) })
	wg.Wait()
	return nf.Load(), nd.Load(), first
}

// listBuild times `ocop-bench list` (this executable) on src.
func listBuild(src string) (sample, error) {
	self, err := os.Executable()
	if err != nil {
		return sample{}, err
	}
	return timed(self, "list", "-src", src)
}
