package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// TestFieldsMatchCatalog keeps the described fields in step with the fields
// package catalog accepts.
func TestFieldsMatchCatalog(t *testing.T) {
	for _, k := range Kinds {
		ck, _ := ContentKind(k)
		for _, tr := range []bool{false, true} {
			var got []string
			for _, f := range Fields(k, tr) {
				got = append(got, f.Name)
				if f.Doc["vi"] == "" || f.Doc["en"] == "" {
					t.Errorf("%s.%s: no description in both languages", k, f.Name)
				}
			}
			want := catalog.Fields(ck, tr)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s (translation %v): fields %v, catalog accepts %v", k, tr, got, want)
			}
		}
	}
}

// validate checks v against the subset of JSON Schema the schemas use.
func validate(s map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(ty string) bool { return isType(v, ty) }) {
			fail("%#v is not %v", v, types)
			return errs
		}
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(v) }) {
		fail("%v is not one of %v", v, e)
	}
	if p, ok := s["pattern"].(string); ok {
		if str, ok := v.(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
	}
	if n, ok := number(v); ok {
		if m, ok := s["minimum"].(float64); ok && n < m {
			fail("%v < %v", n, m)
		}
		if m, ok := s["maximum"].(float64); ok && n > m {
			fail("%v > %v", n, m)
		}
	}
	if alts, ok := s["anyOf"].([]any); ok {
		matched := false
		for _, alt := range alts {
			if len(validate(alt.(map[string]any), v, path)) == 0 {
				matched = true
			}
		}
		if !matched {
			fail("%#v matches no alternative", v)
		}
	}
	if m, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for k, x := range m {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(ps, x, path+"."+k)...)
			} else if s["additionalProperties"] == false {
				fail("field %s is not allowed", k)
			}
		}
		req := s["required"]
		if cond, ok := s["if"].(map[string]any); ok {
			if len(validate(cond, v, path)) == 0 {
				req = s["then"].(map[string]any)["required"]
			} else {
				req = s["else"].(map[string]any)["required"]
			}
		}
		if r, ok := req.([]any); ok {
			for _, k := range r {
				if _, ok := m[k.(string)]; !ok {
					fail("required %s is missing", k)
				}
			}
		}
	}
	if l, ok := v.([]any); ok {
		if it, ok := s["items"].(map[string]any); ok {
			for i, x := range l {
				errs = append(errs, validate(it, x, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	if c, ok := s["const"]; ok && c != v {
		fail("%v is not %v", v, c)
	}
	return errs
}

func isType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		n, ok := number(v)
		return ok && n == float64(int64(n))
	case "number":
		_, ok := number(v)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	}
	return false
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// roundTrip turns a schema into the plain values JSON decoding gives.
func roundTrip(t *testing.T, s any) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(Marshal(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// frontMatter decodes a record file's fields as a YAML language server sees
// them (dates as text).
func frontMatter(t *testing.T, data []byte) map[string]any {
	t.Helper()
	parts := bytes.SplitN(data, []byte("\n---"), 2)
	var m map[string]any
	if err := yaml.Unmarshal(bytes.TrimPrefix(parts[0], []byte("---\n")), &m); err != nil {
		t.Fatal(err)
	}
	return plain(m).(map[string]any)
}

func plain(v any) any {
	switch v := v.(type) {
	case time.Time:
		return v.Format("2006-01-02")
	case map[string]any:
		for k, x := range v {
			v[k] = plain(x)
		}
	case []any:
		for i, x := range v {
			v[i] = plain(x)
		}
	}
	return v
}

// TestExampleSiteValidates checks that every record of the example site and
// of the test site satisfies its schema: the schema never flags valid content.
func TestExampleSiteValidates(t *testing.T) {
	for _, root := range []string{"../../content", "../catalog/testdata/site/content"} {
		for _, k := range Kinds {
			ck, _ := ContentKind(k)
			files, _ := filepath.Glob(filepath.Join(root, string(ck), "*", "index.*.md"))
			if root == "../../content" && len(files) == 0 {
				t.Fatalf("no %s files under %s", k, root)
			}
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				tr := !strings.HasSuffix(f, ".vi.md")
				s, err := Record(k, tr, Site{}, "en")
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range validate(roundTrip(t, s), frontMatter(t, data), f) {
					t.Error(e)
				}
			}
		}
	}
}

// TestSchemaFindsMistakes checks that the schema flags what ocop check flags.
func TestSchemaFindsMistakes(t *testing.T) {
	site := Site{Categories: []Group{{Key: "food", Subgroups: []string{"honey"}}, {Key: "tourism"}}, Subjects: []string{"htx-a"}}
	s, _ := Record("product", false, site, "vi")
	m := roundTrip(t, s)
	good := map[string]any{"name": "x", "summary": "y", "subject": "htx-a", "category": "food", "stars": 4, "rated_year": 2024}
	if errs := validate(m, good, "good"); len(errs) > 0 {
		t.Fatalf("a good record fails: %v", errs)
	}
	for name, change := range map[string]map[string]any{
		"stars 6":          {"stars": 6},
		"a word for stars": {"stars": "bốn"},
		"unknown category": {"category": "fod"},
		"unknown subject":  {"subject": "htx-b"},
		"misspelt field":   {"stras": 4},
		"negative price":   {"price": map[string]any{"amount": -1}},
		"bad date":         {"certificate": map[string]any{"issued": "20/11/2024"}},
		"latitude":         {"geo": map[string]any{"lat": 191, "lng": 1}},
	} {
		r := map[string]any{}
		for k, v := range good {
			r[k] = v
		}
		for k, v := range change {
			r[k] = v
		}
		if name == "latitude" {
			s, _ := Record("tourism", false, site, "vi")
			delete(r, "category")
			r["kind"] = "homestay"
			if len(validate(roundTrip(t, s), r, name)) == 0 {
				t.Errorf("%s: not flagged", name)
			}
			continue
		}
		if len(validate(m, r, name)) == 0 {
			t.Errorf("%s: not flagged", name)
		}
	}
	delete(good, "summary")
	if len(validate(m, good, "missing")) == 0 {
		t.Errorf("a missing required field is not flagged")
	}
	good["draft"] = true
	if errs := validate(m, good, "draft"); len(errs) > 0 {
		t.Errorf("a draft's missing field is flagged: %v", errs)
	}
}

func TestAllSchemas(t *testing.T) {
	all := All(Site{}, "vi")
	for _, n := range Names() {
		s, ok := all[n]
		if !ok {
			t.Errorf("no schema %s", n)
			continue
		}
		m := roundTrip(t, s)
		if m["$schema"] != "http://json-schema.org/draft-07/schema#" {
			t.Errorf("%s: $schema is %v", n, m["$schema"])
		}
	}
	if _, err := Record("recipe", false, Site{}, "en"); err == nil {
		t.Errorf("an unknown kind has a schema")
	}
	var site map[string]any
	data, err := os.ReadFile("../../content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &site); err != nil {
		t.Fatal(err)
	}
	for _, e := range validate(roundTrip(t, SiteYAML("en")), site, "site.yaml") {
		t.Error(e)
	}
	var cats []any
	data, err = os.ReadFile("../../content/categories.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &cats); err != nil {
		t.Fatal(err)
	}
	for _, e := range validate(roundTrip(t, CategoriesYAML(Site{Languages: []string{"vi", "en"}}, "en")), cats, "categories.yaml") {
		t.Error(e)
	}
}

// TestProducerDocsListEveryField keeps docs/producers.*.md in step with the
// fields: each kind's table has a row for each field.
func TestProducerDocsListEveryField(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		data, err := os.ReadFile("../../docs/producers." + lang + ".md")
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		for _, k := range Kinds {
			ck, _ := ContentKind(k)
			i := strings.Index(doc, "`content/"+string(ck)+"/<")
			if i < 0 {
				t.Errorf("%s: no section for %s", lang, k)
				continue
			}
			section := doc[i:]
			if j := strings.Index(section[1:], "\n### "); j >= 0 {
				section = section[:j]
			}
			for _, f := range Fields(k, false) {
				if !strings.Contains(section, "| `"+f.Name+"`") {
					t.Errorf("docs/producers.%s.md: the %s table lacks %s", lang, k, f.Name)
				}
			}
		}
	}
}
