package content

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/memo"
)

// treeCases are front matters with every part of a node a tree can have.
var treeCases = map[string]string{
	"product": `name: Mật ong Khánh Sơn # tên
summary: "Mật ong \"rừng\""
stars: 4
price:
  amount: 40000
  unit: chai 500 ml
tags: [mật ong, quà]
images:
  - file: a.jpg
    alt: >
      Chai mật ong
      trên bàn
# cuối
`,
	"tags":     "a: !!str 12\nb: !custom x\nc: ~\nd: 2024-01-02\ne: 1.5\nf: true\ng: {}\nh: []\n",
	"comments": "# head\n\na: 1 # line\n# foot\n\nb:\n  - x\n  # inside\n  - y\n",
	"literal":  "body: |\n  one\n  two\nempty: ''\nquoted: \"\"\n",
	"tagvalue": "a: '!!str'\nb: '!!int'\n",
}

func parseFront(t testing.TB, src string, offset int) *yaml.Node {
	t.Helper()
	var d diag.List
	doc := parseYAMLDoc("f.md", []byte(src), offset, &d, false)
	if doc.Failed || doc.Root == nil || len(d.Items()) > 0 {
		t.Fatalf("parse failed: %v", d.Items())
	}
	return doc.Root
}

func TestTreeRoundTrip(t *testing.T) {
	for name, src := range treeCases {
		t.Run(name, func(t *testing.T) {
			want := parseFront(t, src, 1)
			enc := encodeTree(nil, want)
			got, err := decodeTree(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				a, _ := yaml.Marshal(want)
				b, _ := yaml.Marshal(got)
				t.Fatalf("decoded tree differs:\n%s\nwant\n%s", b, a)
			}
			// Every shorter form is refused, never a wrong tree.
			for i := range len(enc) {
				if _, err := decodeTree(enc[:i]); err == nil {
					t.Fatalf("a form cut at %d of %d bytes decoded", i, len(enc))
				}
			}
		})
	}
}

// TestFrontMemo reads a file twice through one memo file: the second read
// parses nothing and gives the same front matter; a changed file is parsed.
func TestFrontMemo(t *testing.T) {
	file := filepath.Join(t.TempDir(), "memo")
	src := "---\n" + treeCases["product"] + "---\nBody.\n"
	read := func(src string) (*File, int, int) {
		tb, err := memo.Open(file, "test")
		if err != nil {
			t.Fatal(err)
		}
		var d diag.List
		f := (&parser{memo: tb}).markdown("content/products/a/index.vi.md", []byte(src), &d)
		if len(d.Items()) > 0 {
			t.Fatal(d.Items())
		}
		hits, puts := tb.Stats()
		if err := tb.Close(); err != nil {
			t.Fatal(err)
		}
		return f, hits, puts
	}
	first, hits, puts := read(src)
	if hits != 0 || puts != 1 {
		t.Fatalf("first read: %d found, %d kept; want 0, 1", hits, puts)
	}
	second, hits, puts := read(src)
	if hits != 1 || puts != 0 {
		t.Fatalf("second read: %d found, %d kept; want 1, 0", hits, puts)
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatal("the front matter read from the memo differs from the parsed one")
	}
	changed := strings.Replace(src, "stars: 4", "stars: 5", 1)
	third, hits, puts := read(changed)
	if hits != 0 || puts != 1 || third.Root.Content[5].Value != "5" {
		t.Fatalf("changed file: %d found, %d kept, stars %q; want 0, 1, 5", hits, puts, third.Root.Content[5].Value)
	}
	// A file with an error is never kept: its message comes every time.
	tb, _ := memo.Open(file, "test")
	var d diag.List
	(&parser{memo: tb}).markdown("content/products/a/index.vi.md", []byte("---\na: [\n---\n"), &d)
	if _, puts := tb.Stats(); puts != 0 || len(d.Items()) == 0 {
		t.Fatalf("broken front matter: %d kept, %d messages; want 0 kept and an error", puts, len(d.Items()))
	}
	tb.Abort()
}

func FuzzTreeRoundTrip(f *testing.F) {
	for _, src := range treeCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var d diag.List
		doc := parseYAMLDoc("f.md", []byte(src), 1, &d, false)
		if doc.Failed || doc.Root == nil {
			return
		}
		enc := encodeTree(nil, doc.Root)
		got, err := decodeTree(enc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, doc.Root) {
			t.Fatal("decoded tree differs")
		}
	})
}

// FuzzDecodeTree feeds damaged forms to the decoder: it refuses them or
// gives a tree, and never panics.
func FuzzDecodeTree(f *testing.F) {
	for _, src := range treeCases {
		var d diag.List
		f.Add(encodeTree(nil, parseYAMLDoc("f.md", []byte(src), 1, &d, false).Root))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeTree(data)
	})
}

// benchFront is a product's front matter from the example site.
func benchFront(b *testing.B) []byte {
	data, err := os.ReadFile("../../content/products/bo-sap-son-binh/index.vi.md")
	if err != nil {
		b.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(data), "---\n")
	front, _, _ := strings.Cut(rest, "\n---")
	return []byte(front + "\n")
}

func BenchmarkFrontParse(b *testing.B) {
	front := benchFront(b)
	b.ReportAllocs()
	for b.Loop() {
		var d diag.List
		parseYAMLDoc("f.md", front, 1, &d, false)
	}
}

func BenchmarkFrontDecode(b *testing.B) {
	front := benchFront(b)
	var d diag.List
	enc := encodeTree(nil, parseYAMLDoc("f.md", front, 1, &d, false).Root)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeTree(enc); err != nil {
			b.Fatal(err)
		}
	}
}
