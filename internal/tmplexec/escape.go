// The escapers in this file are copied from Go's html/template (html.go,
// url.go), Copyright 2011 The Go Authors, under the BSD-style license in
// LICENSE-GO; only their fast path for a single string is kept here.

package tmplexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// escaper is one of html/template's escaping functions, by the name it has
// in an escaped tree (without "_html_template_").
type escaper string

// chain is the escapers html/template appended to one action, in order.
type chain struct {
	key   string // the names joined by ","
	steps []escaper
	probe *probe
}

// probes are small templates in which html/template puts exactly one known
// chain of escapers around {{.}}; a value the native escapers do not take
// goes through the probe of its chain.
var probeSources = []string{
	`{{.}}`,
	`<p title="{{.}}">`,
	`<title>{{.}}</title>`,
	`<a href="{{.}}">`,
	`<a href="/?q={{.}}">`,
	`<a href="/{{.}}">`,
	`<script type="application/ld+json">{{.}}</script>`,
	`<p style="color: {{.}}">`,
	`<img srcset="{{.}}">`,
	`<p title={{.}}>`,
	`<script>var x = {{.}};</script>`,
	`<script>var x = "{{.}}";</script>`,
	`<style>p { color: {{.}} }</style>`,
}

// probe runs one escaper chain through html/template.
type probe struct {
	t              *template.Template
	prefix, suffix string
}

func (p *probe) escape(v any) (string, error) {
	var b bytes.Buffer
	if err := p.t.Execute(&b, v); err != nil {
		return "", err
	}
	s := b.String()
	if !strings.HasPrefix(s, p.prefix) || !strings.HasSuffix(s[len(p.prefix):], p.suffix) {
		return "", fmt.Errorf("probe %q: unexpected output %q", p.t.Name(), s)
	}
	return s[len(p.prefix) : len(s)-len(p.suffix)], nil
}

// probes escapes each probe source and indexes it by the chain it got.
func probes() (map[string]*probe, error) {
	m := map[string]*probe{}
	for _, src := range probeSources {
		t, err := template.New(src).Parse(src)
		if err != nil {
			return nil, err
		}
		// Escaping happens on the first execution.
		if err := t.Execute(new(bytes.Buffer), ""); err != nil {
			return nil, err
		}
		var names []string
		for _, n := range t.Tree.Root.Nodes {
			a, ok := n.(*parse.ActionNode)
			if !ok {
				continue
			}
			for _, c := range a.Pipe.Cmds[1:] {
				names = append(names, strings.TrimPrefix(c.Args[0].(*parse.IdentifierNode).Ident, escPrefix))
			}
		}
		i := strings.Index(src, "{{.}}")
		m[strings.Join(names, ",")] = &probe{t: t, prefix: src[:i], suffix: src[i+len("{{.}}"):]}
	}
	return m, nil
}

const escPrefix = "_html_template_"

// apply escapes v through the chain: natively when the value is one the
// escapers take directly (a string, template.HTML, template.URL or
// template.JS, an int),
// through the chain's probe otherwise.
func (c *chain) apply(v any) (string, error) {
	s, ok := c.native(v)
	if ok {
		return s, nil
	}
	if c.probe == nil {
		return "", ErrFallback
	}
	return c.probe.escape(v)
}

func (c *chain) native(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return c.nativeText(v, plainText)
	case template.HTML:
		return c.nativeText(string(v), htmlText)
	case template.URL:
		return c.nativeText(string(v), urlText)
	case template.JS:
		return c.nativeText(string(v), jsText)
	case int:
		return c.nativeText(strconv.Itoa(v), plainText)
	case float64:
		// fmt.Sprint's form of a float64, which html/template prints.
		return c.nativeText(strconv.FormatFloat(v, 'g', -1, 64), plainText)
	}
	// A string type of the data's own (a page's kind, say) without methods
	// prints as its string; html/template's own string types are content of
	// a kind, and a String method would be called.
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String && rv.Type().NumMethod() == 0 && rv.Type().PkgPath() != "html/template" {
		return c.nativeText(rv.String(), plainText)
	}
	return "", false
}

// nativeText escapes s, a value of kind k, or reports that it cannot.
func (c *chain) nativeText(s string, k textKind) (string, bool) {
	html, url, js := k == htmlText, k == urlText, k == jsText
	for i, e := range c.steps {
		if i > 0 {
			html, url, js = false, false, false // every escaper returns plain text
		}
		if js && e != "jsvalescaper" {
			return "", false
		}
		switch e {
		case "jsvalescaper":
			if !js {
				return "", false // anything else is marshalled as JSON
			}
			// template.JS goes in as it is (JSON-LD made by json.Marshal).
		case "htmlescaper":
			if !html {
				s = htmlReplacer(s, htmlReplacementTable)
			}
		case "attrescaper":
			if html {
				return "", false // html/template strips the tags first
			}
			s = htmlReplacer(s, htmlReplacementTable)
		case "rcdataescaper":
			if html {
				s = htmlReplacer(s, htmlNormReplacementTable)
			} else {
				s = htmlReplacer(s, htmlReplacementTable)
			}
		case "urlfilter":
			if html {
				return "", false
			}
			if !url && !isSafeURL(s) {
				s = "#" + filterFailsafe
			}
		case "urlnormalizer":
			if html {
				return "", false
			}
			s = processURL(s, true)
		case "urlescaper":
			if html {
				return "", false
			}
			s = processURL(s, url)
		default:
			return "", false
		}
	}
	return s, true
}

// filterFailsafe is html/template's replacement for an unsafe value.
const filterFailsafe = "ZgotmplZ"

var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlReplacer is html/template's htmlReplacer with badRunes true, reading
// bytes where it decodes runes: every rune its tables replace is ASCII, and
// in UTF-8 no byte of another rune (nor an invalid byte, which it leaves
// alone) is below 0x80, so the result is the same. Decoding was a fifth of
// the escaping's time on Vietnamese text.
func htmlReplacer(s string, replacementTable []string) string {
	written := 0
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) < len(replacementTable) {
			if repl := replacementTable[c]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s) + 16)
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + 1
			}
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// processURL is html/template's urlProcessor for a string.
func processURL(s string, norm bool) string {
	written := 0
	var b strings.Builder
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
