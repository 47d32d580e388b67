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
