package scaffold

import (
	"bytes"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/schema"
)

func TestSkeletons(t *testing.T) {
	site := schema.Site{Categories: []schema.Group{{Key: "food", Subgroups: []string{"honey"}}, {Key: "tourism"}},
		Subjects: []string{"htx-a"}, Languages: []string{"vi", "en"}, Province: "Khánh Hòa"}
	for _, lang := range []string{"vi", "en"} {
		for _, kind := range schema.Kinds {
			files, err := Files(Options{Kind: kind, Name: `Cà phê "Hòn Dung"`, Subject: "htx-a", Lang: lang, Site: site})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 2 {
				t.Fatalf("%s: %d files", kind, len(files))
			}
			for file, data := range files {
				tr := file != "index.vi.md"
				front, _, ok := bytes.Cut(bytes.TrimPrefix(data, []byte("---\n")), []byte("\n---\n"))
				if !ok {
					t.Fatalf("%s %s: no front matter", kind, file)
				}
				var doc yaml.Node
				if err := yaml.Unmarshal(front, &doc); err != nil {
					t.Fatalf("%s %s: %v\n%s", kind, file, err, data)
				}
				m := doc.Content[0]
				var keys []string
				for i := 0; i < len(m.Content); i += 2 {
					keys = append(keys, m.Content[i].Value)
					if m.Content[i].HeadComment == "" {
						t.Errorf("%s %s: %s has no comment", kind, file, m.Content[i].Value)
					}
				}
				var want []string
				for _, f := range schema.Fields(kind, tr) {
					if !(tr && f.Name == "draft") {
						want = append(want, f.Name)
					}
				}
				if strings.Join(keys, ",") != strings.Join(want, ",") {
					t.Errorf("%s %s: fields %v, want %v", kind, file, keys, want)
				}
				var v map[string]any
				yaml.Unmarshal(front, &v)
				if !tr && v["draft"] != true {
					t.Errorf("%s: not a draft", kind)
				}
				if !tr && v["name"] != `Cà phê "Hòn Dung"` {
					t.Errorf("%s: name %q", kind, v["name"])
				}
				if kind == "subject" && !tr && v["province"] != "Khánh Hòa" {
					t.Errorf("subject: province %q", v["province"])
				}
				words := map[string]string{"vi": "bắt buộc", "en": "required"}[lang]
				if !tr && !bytes.Contains(data, []byte(words)) {
					t.Errorf("%s %s: comments not in %s", kind, file, lang)
				}
			}
		}
	}
	if _, err := Files(Options{Kind: "recipe"}); err == nil {
		t.Errorf("an unknown kind gave a skeleton")
	}
}
