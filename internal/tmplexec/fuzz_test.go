package tmplexec

import (
	"bytes"
	"errors"
	"html/template"
	"regexp"
	"strings"
	"testing"
)

// FuzzEscapers checks the native escapers against html/template's own, the
// probe of each chain: for any string, HTML, URL, JS or int value they
// take, the same text.
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
			for _, v := range []any{s, template.HTML(s), template.URL(s), template.JS(s), len(s)} {
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

var manyDigits = regexp.MustCompile(`[0-9]{5}`)

// FuzzMatchesHTMLTemplate compiles any template html/template accepts and
// runs it on sample(): the output must be html/template's, or the run must
// fall back (always, when html/template fails).
func FuzzMatchesHTMLTemplate(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if manyDigits.MatchString(src) {
			return // {{range 99999999}}: slow both ways, proves nothing more
		}
		std, err := template.New("page").Funcs(funcs).Parse(src)
		if err != nil {
			return
		}
		data := sample()
		var want bytes.Buffer
		stdErr := std.Execute(&want, data)
		if errors.As(stdErr, new(*template.Error)) {
			return // not escaped: nothing to compile
		}
		p, err := Compile(TreesOf(std), "page", funcs, adapt)
		if errors.Is(err, ErrUnsupported) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		err = p.Execute(&got, data)
		switch {
		case errors.Is(err, ErrFallback):
			if got.Len() != 0 {
				t.Fatalf("a run that fell back wrote %q", &got)
			}
		case err != nil:
			t.Fatal(err)
		case stdErr != nil:
			t.Fatalf("html/template failed (%v), the compiled run wrote %q", stdErr, &got)
		case got.String() != want.String():
			t.Fatalf("%q: got\n%s\nwant (html/template)\n%s", src, &got, &want)
		}
	})
}
