package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"math"
	"strings"
	"testing"
)

type item struct {
	Name  string
	Price int
	Tags  []string
	Next  *item
	Attrs map[string]string
	Any   any
	HTML  template.HTML
	URL   template.URL
	Stars uint8
	hide  string

	Kind   ownKind
	Named  named
	Floats []float64
	CSS    template.CSS
	Srcset template.Srcset
}

// ownKind is a string type of the data's own; named one with a String method.
type ownKind string

type named string

func (n named) String() string { return "named:" + string(n) }

func (i *item) Title() string             { return strings.ToUpper(i.Name) }
func (i item) Label(prefix string) string { return prefix + ":" + i.Name }
func (i *item) Join(sep string, parts ...string) string {
	return strings.Join(append([]string{i.Name}, parts...), sep)
}
func (i *item) Fail() (string, error) { return "", errors.New("no") }

type page struct {
	Title string
	Items []*item
	Vals  []item
	Main  *item
	None  *item
	Count int
	Map   map[string]int
	Flag  bool
	Empty []string

	appended int // calls of appendBold
}

// bold and appendBold are a function made with Append2E and its twin.
func bold(p *page, n int) (template.HTML, error) {
	b, err := appendBold(nil, nil, n)
	return template.HTML(b), err
}

func appendBold(p *page, dst []byte, n int) ([]byte, error) {
	if p != nil {
		p.appended++
	}
	if n < 0 {
		return dst, errors.New("negative")
	}
	for range n {
		dst = append(dst, "<b>x&amp;y</b>"...)
	}
	return dst, nil
}

var funcs = template.FuncMap{
	"upper": strings.ToUpper,
	"add":   func(a, b int) int { return a + b },
	"pair":  func(a string, b int) string { return fmt.Sprint(a, b) },
	"raw":   func(s string) template.HTML { return template.HTML(s) },
	"href":  func(s string) template.URL { return template.URL(s) },
	"js":    func(s string) template.JS { return template.JS(s) },
	"cat":   func(s string, more ...string) string { return s + strings.Join(more, "") },
	"list":  func(xs ...string) []string { return xs },
	"maybe": func(ok bool) (string, error) {
		if !ok {
			return "", errors.New("not ok")
		}
		return "ok", nil
	},
	"item": func(p *page) *item { return p.Main },
	"any":  func(v any) any { return v },
	"seq":  func(n int) []int { return make([]int, n) },
	"bold": bold,
}

// adapt calls some of funcs and methods without reflection; the cases run
// with it.
func adapt(fn any) Func {
	switch f := fn.(type) {
	case func(string) string:
		return Text1(f)
	case func(string) template.HTML:
		return Text1(f)
	case func(string) template.URL:
		return Text1(f)
	case func(string) template.JS:
		return Text1(f)
	case func(int, int) int:
		return Direct2(f)
	case func(string, int) string:
		return Text2(f)
	case func(bool) (string, error):
		return Direct1E(f)
	case func(*page) *item:
		return Direct1(f)
	case func(any) any:
		return Direct1(f)
	case func(*item) string: // (*item).Title
		return Direct1(f)
	case func(*item, string) string: // (*item).Label
		return Direct2(f)
	case func(*item) (string, error): // (*item).Fail
		return Direct1E(f)
	case func(*item, string, ...string) string: // (*item).Join
		return Direct2V(f)
	case func(string, ...string) string:
		return Text1V(f)
	case func(*page, int) (template.HTML, error):
		return Append2E(f, appendBold)
	}
	return Func{}
}

func sample() *page {
	a := &item{Name: "cà phê <Arabica> & \"Robusta\" +1 %41 'x'", Price: 40000, Tags: []string{"a", "b+c"},
		Attrs: map[string]string{"k": "v<"}, Any: 3, HTML: "<b>đậm</b>", URL: "javascript:alert(1)", Stars: 4,
		Kind: `product "x" <&>`, Named: "n<", Floats: []float64{108.99, 11.97, -0.5, 1e21, 1e-7, 0.1 + 0.2, 100, math.Inf(1), math.NaN()},
		CSS: "color: red", Srcset: "/a.jpg 1x, /b.jpg 2x"}
	b := &item{Name: "Sầu riêng", Price: 0, Next: a, Any: "x", URL: "/san-pham/?q=a b"}
	return &page{Title: "Khánh Sơn", Items: []*item{a, b}, Vals: []item{*a, *b}, Main: a, Count: 3,
		Map: map[string]int{"a": 1}, Flag: true}
}

// cases are templates with what the compiled run does with sample().
var cases = []struct {
	name, src string
	fallback  bool // the run leaves this one to html/template
}{
	{"text", `<p>{{.Title}}</p>`, false},
	{"attr", `<p title="{{.Title}}" data-x="{{.Main.Name}}">{{.Main.Name}}</p>`, false},
	{"html value", `<div>{{.Main.HTML}}</div>`, false},
	{"html in attribute", `<p title="{{.Main.HTML}}">`, false},
	{"url filter", `<a href="{{.Main.URL}}">{{.Main.URL}}</a><a href="{{.Main.Name}}">x</a><a href="javascript:{{.Title}}">`, false},
	{"url parts", `<a href="/tim-kiem/?q={{.Main.Name}}&amp;p={{.Count}}">x</a><a href="/{{.Title}}/{{.Main.Tags}}">`, false},
	{"numbers", `{{.Count}} {{.Main.Price}} {{.Main.Stars}} {{add .Count 2}} {{1.5}} {{0x10}} {{'a'}}`, false},
	{"title", `<title>{{.Title}} – {{.Main.HTML}}</title>`, false},
	{"json-ld", `<script type="application/ld+json">{"name":{{.Title}},"n":{{.Count}},"i":{{.Main}}}</script>`, false},
	{"style", `<p style="color: {{.Title}}">`, false},
	{"srcset", `<img srcset="{{.Main.Name}} 1x, /a.jpg 2x" alt="">`, false},
	{"if else", `{{if .Flag}}yes{{else}}no{{end}}{{if .Empty}}e{{else if .Count}}c{{end}}{{if .None}}n{{end}}`, false},
	{"with", `{{with .Main}}{{.Name}}{{end}}{{with .None}}x{{else}}none{{end}}{{with $x := .Count}}{{$x}}{{end}}`, false},
	{"range", `{{range .Items}}<li>{{.Name}}</li>{{else}}empty{{end}}{{range .Empty}}x{{else}}nothing{{end}}`, false},
	{"range vars", `{{range $i, $it := .Items}}{{$i}}={{$it.Name}};{{end}}{{range $it := .Vals}}{{$it.Label "v"}}{{end}}`, false},
	{"range int", `{{range 3}}{{.}}{{end}}{{range $n := .Count}}[{{$n}}]{{end}}`, false},
	{"range map", `{{range $k, $v := .Map}}{{$k}}{{$v}}{{end}}`, true},
	{"variables", `{{$t := .Title}}{{$n := 1}}{{range .Items}}{{$n = add $n 1}}{{$t}}{{end}}{{$n}}{{$}}`, false},
	{"methods", `{{.Main.Title}} {{.Main.Label "x"}} {{.Main.Join "-" "a" "b"}} {{.Main.Join ","}} {{(index .Items 1).Title}}`, true},
	{"methods no index", `{{.Main.Title}} {{.Main.Label "x"}} {{.Main.Join "-" "a" "b"}} {{.Main.Join ","}} {{$m := .Main}}{{$m.Title}}`, false},
	{"value method on pointer", `{{range .Vals}}{{.Title}}{{end}}`, false},
	{"functions", `{{upper .Title}} {{.Title | upper}} {{pair "a" 2}} {{raw "<i>x</i>"}} {{list "a" .Title}}`, false},
	{"predefined escaper", `{{.Title | html}}`, true},
	{"text results", `<a href="{{href "javascript:x"}}" title="{{raw "<b>a&amp;b</b>"}}">{{raw "<i>i</i>"}}{{href "/a b"}}{{upper .Title}}</a><a href="{{upper "javascript:y"}}">{{cat "a" "<" .Title}}{{cat .Title}}</a><title>{{raw "<b>t</b>"}}</title>`, false},
	{"text result piped", `{{upper .Title | upper}} {{"x" | upper}}`, false},
	{"chains", `{{(item .).Name}} {{(item .).Next}} {{.Items}}`, false},
	{"and or not", `{{and .Flag .Count}} {{or .Empty .Title}} {{not .Flag}} {{and .Empty .Title}} {{or .None .Empty}}|{{if and .Main .Main.Name}}y{{end}}`, false},
	{"short circuit", `{{if and .None .None.Name}}x{{else}}safe{{end}}`, false},
	{"comparisons", `{{eq .Count 3}} {{eq .Title "x" "Khánh Sơn"}} {{ne .Count 2}} {{lt .Count 4}} {{le 3 .Count}} {{gt .Main.Stars 3}} {{ge .Count 3}} {{eq .Main.Stars 4}}`, false},
	{"compare pointers", `{{eq .Main .Main}} {{eq .None .Main}} {{eq .None nil}}`, false},
	{"len", `{{len .Items}} {{len .Title}} {{len .Map}}`, false},
	{"map field", `{{.Map.a}} {{.Map.b}} {{.Main.Attrs.k}}`, false},
	{"interface field", `{{.Main.Any}} {{with .Main.Any}}{{.}}{{end}} {{any .Title}} {{any 5}}`, false},
	{"nil field", `{{.None.Name}}`, true},
	{"error", `{{maybe false}}`, true},
	{"method error", `{{.Main.Fail}}`, true},
	{"ok result", `{{maybe true}} {{maybe .Flag}}`, false},
	{"unexported", `{{.Main.hide}}`, true},
	{"no such field", `{{.Nope}}`, true},
	{"incomparable", `{{eq .Title 3}}`, true},
	{"templates", `{{define "row"}}<tr><td>{{.Name}}</td></tr>{{end}}{{range .Items}}{{template "row" .}}{{end}}{{template "row" .Main}}{{block "b" .Count}}[{{.}}]{{end}}`, false},
	{"template without data", `{{define "x"}}<{{.}}>{{end}}{{template "x"}}`, false},
	{"printf", `{{printf "%d" .Count}}`, true},
	{"comment", `a{{/* c */}}b`, false},
	{"own string types", `<p class="{{.Main.Kind}}" title="{{.Main.Named}}">{{.Main.Kind}}{{.Main.Named}}</p><a href="/{{.Main.Kind}}?k={{.Main.Kind}}">{{with .Main.Kind}}{{.}}{{end}}</a><a href="{{.Main.Kind}}">`, false},
	{"floats", `{{range .Main.Floats}}<a href="/map?lat={{.}}" data-v="{{.}}">{{.}}</a><a href="{{.}}">{{end}}`, false},
	{"content types", `<p style="{{.Main.CSS}}"><img srcset="{{.Main.Srcset}}" alt="{{.Main.Srcset}}">{{.Main.CSS}}`, false},
	{"appended", `<div>{{bold . 2}}{{bold . 0}}</div><p title="{{bold . 1}}">x</p><a href="/{{bold . 1}}">{{with bold . 1}}{{.}}{{end}}</a>`, false},
	{"appended error", `<div>{{bold . 1}}{{bold . -1}}</div>`, true},
	{"whitespace", "<ul>\n  {{- range .Items}}\n  <li>{{.Name -}} </li>\n{{- end}}</ul>", false},
}

// TestMatchesHTMLTemplate runs each case through html/template and the
// compiled program and wants the same bytes, and a fallback exactly where
// the case says.
func TestMatchesHTMLTemplate(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			std := template.Must(template.New("page").Funcs(funcs).Parse(tc.src))
			data := sample()
			var want bytes.Buffer
			stdErr := std.Execute(&want, data)
			p, err := Compile(TreesOf(std), "page", funcs, adapt)
			if errors.Is(err, ErrUnsupported) {
				if !tc.fallback {
					t.Fatalf("Compile: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := bytes.NewBufferString("before|")
			err = p.Execute(got, data)
			if tc.fallback {
				if !errors.Is(err, ErrFallback) {
					t.Fatalf("want a fallback, got %v and %q (html/template: %q, %v)", err, got, &want, stdErr)
				}
				if got.String() != "before|" {
					t.Fatalf("a run that fell back wrote %q", got)
				}
				return
			}
			if stdErr != nil {
				t.Fatalf("html/template failed: %v", stdErr)
			}
			if err != nil {
				t.Fatalf("Execute: %v (%s)", err, p.LastFallback())
			}
			if g := strings.TrimPrefix(got.String(), "before|"); g != want.String() {
				t.Errorf("got\n%s\nwant (html/template)\n%s", g, &want)
			}
		})
	}
}

// TestAppendInContent checks that a function made with Append2E is appended
// to the output in element content, and only there: in an attribute, a URL
// or a pipeline its string is escaped as html/template escapes it
// (TestMatchesHTMLTemplate's "appended" case checks the bytes).
func TestAppendInContent(t *testing.T) {
	std := template.Must(template.New("page").Funcs(funcs).Parse(
		`<div>{{bold . 2}}</div><p title="{{bold . 1}}">{{with bold . 1}}{{.}}{{end}}</p><a href="/{{bold . 1}}">{{bold . 3}}</a>`))
	var want bytes.Buffer
	if err := std.Execute(&want, sample()); err != nil { // escapes the trees
		t.Fatal(err)
	}
	p, err := Compile(TreesOf(std), "page", funcs, adapt)
	if err != nil {
		t.Fatal(err)
	}
	data := sample()
	var out bytes.Buffer
	if err := p.Execute(&out, data); err != nil {
		t.Fatal(err)
	}
	if data.appended != 2 {
		t.Errorf("the twin ran %d times, want 2 (the two actions in element content)", data.appended)
	}
	if out.String() != want.String() {
		t.Errorf("got\n%s\nwant (html/template)\n%s", &out, &want)
	}
}

// TestUnsupportedSaysWhere checks that what Compile leaves to html/template
// is named with its file, line and column.
func TestUnsupportedSaysWhere(t *testing.T) {
	std := template.Must(template.New("page").Parse("<p>{{.}}</p>\n<p>{{printf \"%d\" 1}}</p>"))
	if err := std.Execute(new(bytes.Buffer), "x"); err != nil {
		t.Fatal(err)
	}
	_, err := Compile(TreesOf(std), "page", nil, nil)
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Compile: %v, want ErrUnsupported", err)
	}
	if !strings.HasPrefix(err.Error(), "page:2:5: printf") {
		t.Errorf("error %q does not start with page:2:5: printf", err)
	}
}
