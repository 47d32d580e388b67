package markdown

import (
	"slices"
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	c := New()
	for _, tc := range []struct {
		name, src     string
		want, notWant []string
		refs          []string
	}{
		{name: "raw html dropped", src: "a <script>alert(1)</script> b\n\n<iframe src=x></iframe>",
			notWant: []string{"<script", "<iframe"}},
		{name: "dangerous links", src: "[x](javascript:alert(1)) [y](vbscript:z) [z](data:text/html,hi)",
			notWant: []string{"javascript:", "vbscript:", "data:text/html"}},
		{name: "h1 becomes h2", src: "# Title\n\n## Sub", want: []string{"<h2>Title</h2>", "<h2>Sub</h2>"}, notWant: []string{"<h1>"}},
		{name: "relative resolved", src: "![a](anh.jpg) [b](./to-roi.pdf#p2)",
			want: []string{`src="/ocop/media/products/x/anh.jpg"`, `href="/ocop/media/products/x/to-roi.pdf#p2"`}, refs: []string{"anh.jpg", "to-roi.pdf"}},
		{name: "escape attempt cut", src: "[a](../../../etc/passwd)", want: []string{`href="/ocop/media/products/x/passwd"`}, refs: []string{"passwd"}},
		{name: "escaped names", src: "[a](t%E1%BB%9D%20r%C6%A1i%20%232.pdf) [b](<to roi.pdf>) [c](%2e%2e/%2e%2e/etc/passwd)",
			want: []string{`href="/ocop/media/products/x/t%E1%BB%9D%20r%C6%A1i%20%232.pdf"`, `href="/ocop/media/products/x/to%20roi.pdf"`, `href="/ocop/media/products/x/passwd"`},
			refs: []string{"tờ rơi #2.pdf", "to roi.pdf", "passwd"}},
		{name: "absolute kept", src: "[a](https://example.org/) [b](/khac/) [c](#top)",
			want: []string{`href="https://example.org/"`, `href="/khac/"`, `href="#top"`}},
		{name: "table", src: "|a|b|\n|-|-|\n|1|2|", want: []string{"<table>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, refs, err := c.Convert([]byte(tc.src), "/ocop/media/products/x/")
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			for _, w := range tc.want {
				if !strings.Contains(s, w) {
					t.Errorf("output lacks %q:\n%s", w, s)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(strings.ToLower(s), w) {
					t.Errorf("output contains %q:\n%s", w, s)
				}
			}
			if !slices.Equal(refs, tc.refs) {
				t.Errorf("refs = %q, want %q", refs, tc.refs)
			}
		})
	}
}

func FuzzConvert(f *testing.F) {
	f.Add("# a\n\n<script>x</script> [l](javascript:x)")
	f.Add("![i](../../a.png)")
	c := New()
	f.Fuzz(func(t *testing.T, src string) {
		out, _, err := c.Convert([]byte(src), "/m/")
		if err != nil {
			return
		}
		if strings.Contains(strings.ToLower(string(out)), "<script") {
			t.Fatalf("script in output of %q", src)
		}
	})
}
