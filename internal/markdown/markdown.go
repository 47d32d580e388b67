// Package markdown holds the goldmark configuration used for record bodies.
//
// It is safe by default: raw HTML in Markdown is dropped (goldmark's default, never
// WithUnsafe), dangerous link schemes such as javascript: are not rendered as links,
// a level-1 heading in a body becomes level 2 (the page's name is its only h1), and
// relative links and images are resolved against the bundle's published folder so a
// body written once works on every language's page.
package markdown

import (
	"bufio"
	"bytes"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Converter turns Markdown into safe HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// bufs holds *bufio.Writer: goldmark's renderer wraps a writer that
	// is not a util.BufWriter in a new 4 KB bufio.Writer for every body
	// (2.7 % of the bytes a 5,000-product build allocated).
	bufs sync.Pool
}

// New returns a Converter with tables, strikethrough and autolinks.
func New() *Converter {
	return &Converter{md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 100))),
	)}
}

var (
	baseKey = parser.NewContextKey()
	refsKey = parser.NewContextKey()
)

// Convert renders src to HTML; relative link and image destinations are
// prefixed with base (an absolute URL path ending in '/'). It also returns the
// relative destinations found (bundle files the text refers to), so callers
// can check that they exist.
func (c *Converter) Convert(src []byte, base string) ([]byte, []string, error) {
	var buf bytes.Buffer
	ctx := parser.NewContext()
	ctx.Set(baseKey, base)
	refs := &[]string{}
	ctx.Set(refsKey, refs)
	w, _ := c.bufs.Get().(*bufio.Writer)
	if w == nil {
		w = bufio.NewWriter(&buf)
	} else {
		w.Reset(&buf)
	}
	err := c.md.Convert(src, w, parser.WithContext(ctx))
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	c.bufs.Put(w)
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), *refs, nil
}

type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	base, _ := pc.Get(baseKey).(string)
	refs, _ := pc.Get(refsKey).(*[]string)
	note := func(dest []byte) []byte {
		out, rel := resolve(dest, base)
		if rel != "" && refs != nil {
			*refs = append(*refs, rel)
		}
		return out
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 {
				n.Level = 2
			}
		case *ast.Link:
			n.Destination = note(n.Destination)
		case *ast.Image:
			n.Destination = note(n.Destination)
		}
		return ast.WalkContinue, nil
	})
}

// resolve prefixes a relative destination with base and returns the bundle
// file it names: its path without query or fragment, unescaped ("to%20roi.pdf"
// names "to roi.pdf"; a name with a space or "#" can be linked no other way
// but as <to roi.pdf>). Destinations that climb out of the bundle ("../",
// escaped or not) are cut to their last element, so they never point outside
// it.
func resolve(dest []byte, base string) ([]byte, string) {
	d := string(dest)
	if base == "" || d == "" || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "#") || strings.HasPrefix(d, "?") ||
		strings.Contains(strings.SplitN(d, "/", 2)[0], ":") {
		return dest, ""
	}
	d = strings.TrimPrefix(d, "./")
	p, rest := d, ""
	if i := strings.IndexAny(d, "?#"); i >= 0 {
		p, rest = d[:i], d[i:]
	}
	name, err := url.PathUnescape(p)
	if err != nil {
		name = p
	}
	if strings.Contains(name, "..") {
		if i := strings.LastIndex(p, "/"); i >= 0 {
			p = p[i+1:]
		}
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:]
		}
	}
	return []byte(base + p + rest), name
}
