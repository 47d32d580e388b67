package tmplexec

import (
	"html/template"
	"strings"
	"testing"
)

// FuzzEscapers checks the native escapers against html/template's own, the
// probe of each chain: for any string, HTML or URL value they take, the
// same text.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "cà phê <b>&amp;</b> \"x\" 'y' +1", "javascript:alert(1)", "/a b?q=c&d=%41%zz", "\x00\xff\ufdd0", "mailto:x@y", "HTTP://a:b/c"} {
		f.Add(s)
	}
	ps, err := probes()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for key, p := range ps {
			c := &chain{key: key, probe: p}
			for _, name := range strings.Split(key, ",") {
				c.steps = append(c.steps, escaper(name))
			}
			for _, v := range []any{s, template.HTML(s), template.URL(s), len(s)} {
				got, ok := c.native(v)
				if !ok {
					continue
				}
				want, err := p.escape(v)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s of %T %q: got %q, html/template %q", key, v, s, got, want)
				}
			}
		}
	})
}
