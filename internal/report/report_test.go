package report

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
)

func TestReport(t *testing.T) {
	md := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	site, err := os.ReadFile("../catalog/testdata/site/content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	product := func(name, issued string) string {
		return "---\nname: " + name + "\nsummary: s\nsubject: htx-a\ncategory: food\nstars: 3\nrated_year: " + issued[:4] +
			"\ncertificate: {number: \"1\", issued: " + issued + "}\ntags: [a]\n---\nText.\n"
	}
	fsys := fstest.MapFS{
		"content/site.yaml":                  {Data: site},
		"content/categories.yaml":            md("- key: food\n  name: {vi: Thực phẩm, en: Food}\n"),
		"content/subjects/htx-a/index.vi.md": md("---\nname: HTX A\ntype: cooperative\naddress: x\nprovince: y\n---\n"),
		"content/subjects/htx-a/index.en.md": md("---\nname: Cooperative A\n---\n"),
		"content/products/a/index.vi.md":     md(product("A", "2023-06-01")), // expired 2026-06-01
		"content/products/b/index.vi.md":     md(product("B", "2024-01-10")), // expires 2027-01-10
		"content/products/c/index.vi.md":     md(product("C", "2024-12-10")), // expires 2027-12-10
		"content/products/c/index.en.md":     md("---\nname: C\n---\n"),
	}
	var d diag.List
	cat := catalog.Build(content.Load(fsys, &d), catalog.Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}, &d)
	if d.HasErrors() {
		t.Fatal(d.Items())
	}
	r := New(cat)
	if len(r.Certificates) != 2 || !r.Certificates[0].Expired || r.Certificates[0].Days != -180 || r.Certificates[1].Days != 43 {
		t.Errorf("certificates: %+v", r.Certificates)
	}
	if len(r.Languages) != 1 || len(r.Languages[0].Missing) != 2 || r.Languages[0].FieldsMissed != 3 {
		t.Errorf("translations: %+v", r.Languages)
	}
	var b strings.Builder
	r.WriteText(&b, "en")
	for _, w := range []string{
		"expired 2026-06-01 (180 days ago)  content/products/a/index.vi.md  A",
		"expires 2027-01-10 (in 43 days)  content/products/b/index.vi.md  B",
		"en: 2 of 4 records not translated, 3 fields missing in 1 translations",
		"content/products/c/index.en.md: body, summary, tags",
	} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("missing %q in\n%s", w, b.String())
		}
	}
	b.Reset()
	r.WriteText(&b, "vi")
	if !strings.Contains(b.String(), "đã hết hạn 2026-06-01 (180 ngày trước)") {
		t.Errorf("vi:\n%s", b.String())
	}
}
