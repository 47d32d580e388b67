package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/schema"
)

// copySite copies the small valid site of package catalog's tests.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "catalog", "testdata", "site")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// run runs ocop with the given environment variables (SOURCE_DATE_EPOCH is
// 2026-11-28 unless set).
func run(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	env := Env{Stdout: &o, Stderr: &e, Builtin: ocop.Builtin, Getenv: func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		if k == "SOURCE_DATE_EPOCH" {
			return "1795824000"
		}
		return ""
	}}
	code = Run(args, env)
	return code, o.String(), e.String()
}

func edit(t *testing.T, path, old, repl string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%q not in %s", old, path)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(repl), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNewSkeletonsPassCheck writes a skeleton of every kind in both
// languages and checks the site: no errors, and the skeleton is a draft with
// every field the kind accepts, commented in the producer's language.
func TestNewSkeletonsPassCheck(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		for _, kind := range schema.Kinds {
			t.Run(lang+"/"+kind, func(t *testing.T) {
				dir := copySite(t)
				args := []string{"new", kind, "moi-" + kind, "--src", dir, "--name", "Tên mới"}
				if kind == "product" {
					args = append(args, "--subject", "htx-a", "--category", "food")
				}
				code, out, errs := run(t, map[string]string{"LANG": map[string]string{"vi": "vi_VN.UTF-8", "en": "en_GB.UTF-8"}[lang]}, args...)
				if code != ExitOK {
					t.Fatalf("new: exit %d\n%s%s", code, out, errs)
				}
				ck, _ := schema.ContentKind(kind)
				vi, err := os.ReadFile(filepath.Join(dir, "content", string(ck), "moi-"+kind, "index.vi.md"))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := os.Stat(filepath.Join(dir, "content", string(ck), "moi-"+kind, "index.en.md")); err != nil {
					t.Errorf("no translation file: %v", err)
				}
				if !bytes.Contains(vi, []byte("\ndraft: true\n")) {
					t.Errorf("the skeleton is not a draft")
				}
				for _, f := range catalog.Fields(ck, false) {
					if !bytes.Contains(vi, []byte("\n"+f+":")) {
						t.Errorf("field %s is missing from the skeleton", f)
					}
				}
				marker := map[string]string{"vi": "(bắt buộc)", "en": "(required)"}[lang]
				if !bytes.Contains(vi, []byte(marker)) {
					t.Errorf("comments are not in %s:\n%s", lang, vi)
				}
				code, out, errs = run(t, nil, "check", "--src", dir, "--format", "json")
				if code != ExitOK {
					t.Fatalf("check: exit %d\n%s%s", code, out, errs)
				}
				var ds []map[string]any
				if err := json.Unmarshal([]byte(out), &ds); err != nil {
					t.Fatal(err)
				}
				for _, d := range ds {
					if d["severity"] == "error" {
						t.Errorf("error: %v", d)
					}
				}
			})
		}
	}
}

func TestNewRefuses(t *testing.T) {
	dir := copySite(t)
	vi := map[string]string{"LANG": "vi_VN.UTF-8"}
	before := treeHash(t, filepath.Join(dir, "content"))
	for _, c := range []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"a Vietnamese name", vi, []string{"new", "product", "Cà phê Hòn Dung"}, `ocop new product ca-phe-hon-dung --name "Cà phê Hòn Dung"`},
		{"an English name", nil, []string{"new", "product", "Durian Honey"}, "ocop new product durian-honey"},
		{"an existing record", nil, []string{"new", "product", "mat-ong"}, "already exists"},
		{"an existing record, in Vietnamese", vi, []string{"new", "product", "mat-ong"}, "đã có"},
		{"an unknown kind", nil, []string{"new", "recipe", "x"}, "unknown kind"},
		{"an unknown subject", nil, []string{"new", "product", "x", "--subject", "nope"}, "no subject \"nope\""},
		{"an unknown category", nil, []string{"new", "product", "x", "--category", "drinks"}, "there are: food, beverages"},
		{"a page named like a listing", nil, []string{"new", "page", "san-pham"}, "used by the site itself"},
		{"no slug", nil, []string{"new", "product"}, "usage"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, c.vars, append(c.args, "--src", dir)...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errs, c.want) {
				t.Errorf("stderr does not say %q:\n%s%s", c.want, out, errs)
			}
		})
	}
	if treeHash(t, filepath.Join(dir, "content")) != before {
		t.Errorf("a refused ocop new changed the site")
	}
}

func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00", p)
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestCheckLanguageAndFormats checks one mistake in every output form and
// language: text in English and Vietnamese (LANG or --lang), JSON, and
// GitHub annotations (asked for, or automatic under GitHub Actions).
func TestCheckLanguageAndFormats(t *testing.T) {
	dir := copySite(t)
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.vi.md"), "stars: 3", "stars: 6")
	const file = "content/products/mat-ong/index.vi.md"
	for _, c := range []struct {
		name   string
		vars   map[string]string
		args   []string
		stdout bool // the diagnostics are on the standard output
		want   []string
	}{
		{"text", nil, nil, false, []string{file + ":7:8: error: stars must be 3, 4 or 5 (got 6)", "1 error, 0 warnings"}},
		{"text vi", map[string]string{"LANG": "vi_VN.UTF-8"}, nil, false, []string{file + ":7:8: lỗi: stars phải là 3, 4 hoặc 5 (đang là 6)", "1 lỗi, 0 cảnh báo"}},
		{"--lang vi", nil, []string{"--lang", "vi"}, false, []string{"stars phải là 3, 4 hoặc 5"}},
		{"--lang en overrides LANG", map[string]string{"LANG": "vi_VN"}, []string{"--lang", "en"}, false, []string{"stars must be 3, 4 or 5"}},
		{"LC_ALL=C leaves LANG", map[string]string{"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, nil, false, []string{"stars phải là"}},
		{"json", nil, []string{"--format", "json"}, true, []string{`"file": "` + file + `"`, `"line": 7`, `"severity": "error"`, `"field": "stars"`}},
		{"github", nil, []string{"--format", "github"}, true, []string{"::error file=" + file + ",line=7,col=8,title=ocop stars::stars must be 3, 4 or 5 (got 6) — "}},
		{"github automatic", map[string]string{"GITHUB_ACTIONS": "true"}, nil, true, []string{"::error file=" + file + ",line=7,"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, c.vars, append([]string{"check", "--src", dir}, c.args...)...)
			if code != ExitContent {
				t.Errorf("exit %d, want %d", code, ExitContent)
			}
			got := errs
			if c.stdout {
				got = out
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			if strings.Contains(out+errs, "panic") || strings.Contains(out+errs, "goroutine") {
				t.Errorf("a Go panic was printed")
			}
		})
	}
	// The JSON form stays a plain list, with no report.
	_, out, _ := run(t, nil, "check", "--src", dir, "--format", "json")
	var ds []map[string]any
	if err := json.Unmarshal([]byte(out), &ds); err != nil || len(ds) != 1 {
		t.Errorf("JSON form: %v\n%s", err, out)
	}
}

// TestCheckReports checks the certificate and translation reports.
func TestCheckReports(t *testing.T) {
	dir := copySite(t)
	// Issued 2024-01-10: expires 2027-01-10, 43 days after 2026-11-28.
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.vi.md"), "issued: 2024-12-10", "issued: 2024-01-10")
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.vi.md"), "rated_year: 2024", "rated_year: 2024\nfeatured: true")
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.en.md"), "tags: [honey, gifts]\n", "")
	code, out, errs := run(t, nil, "check", "--src", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, w := range []string{
		"expires 2027-01-10 (in 43 days)  content/products/mat-ong/index.vi.md  Mật ong hoa sầu riêng",
		"en: 3 of 6 records not translated, 2 fields missing in 2 translations",
		"not translated: content/products/ca-phe  Cà phê Hòn Dung",
		"content/products/mat-ong/index.en.md: tags",
		"content/pages/gioi-thieu/index.en.md: summary",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	if !strings.Contains(errs, "warning: the OCOP certificate expires on 2027-01-10, within 90 days") {
		t.Errorf("no expiry warning:\n%s", errs)
	}
	_, out, _ = run(t, map[string]string{"LANG": "vi"}, "check", "--src", dir)
	if !strings.Contains(out, "sắp hết hạn 2027-01-10 (còn 43 ngày)") || !strings.Contains(out, "3 trên 6 hồ sơ chưa có bản dịch") {
		t.Errorf("Vietnamese report:\n%s", out)
	}
}

// TestFailedBuildKeepsOutput checks that a build of broken content exits 1
// and leaves the previous output byte for byte.
func TestFailedBuildKeepsOutput(t *testing.T) {
	dir := copySite(t)
	out := filepath.Join(dir, "public")
	if code, _, errs := run(t, nil, "build", "--src", dir, "--out", out); code != ExitOK {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	before := treeHash(t, out)
	edit(t, filepath.Join(dir, "content/products/mat-ong/index.vi.md"), `number: "3127/QĐ-UBND"`, `number: "3127/QĐ-UBND`)
	code, _, errs := run(t, nil, "build", "--src", dir, "--out", out)
	if code != ExitContent {
		t.Errorf("exit %d, want %d", code, ExitContent)
	}
	if !strings.Contains(errs, "content/products/mat-ong/index.vi.md:11:11: error: a value starts with \" but the quote is never closed") {
		t.Errorf("stderr:\n%s", errs)
	}
	if treeHash(t, out) != before {
		t.Errorf("the failed build changed the output")
	}
}

// TestRunRecoversPanics checks that an unexpected failure ends with a plain
// message and status 2, not a Go stack trace.
func TestRunRecoversPanics(t *testing.T) {
	var e bytes.Buffer
	code := Run([]string{"version"}, Env{Stdout: nil, Stderr: &e})
	if code != ExitUsage || !strings.Contains(e.String(), "internal error") || strings.Contains(e.String(), "goroutine") {
		t.Errorf("exit %d, stderr %q", code, e.String())
	}
}

func TestSchemaCommand(t *testing.T) {
	dir := copySite(t)
	code, out, errs := run(t, nil, "schema", "product", "--src", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	var s struct {
		Properties map[string]struct {
			AnyOf []struct {
				Enum []any `json:"enum"`
			} `json:"anyOf"`
			Enum []any `json:"enum"`
		} `json:"properties"`
		AdditionalProperties bool `json:"additionalProperties"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range s.Properties {
		names = append(names, n)
	}
	slices.Sort(names)
	want := catalog.Fields("products", false)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("properties %v, want %v", names, want)
	}
	if s.AdditionalProperties {
		t.Errorf("unknown fields are allowed")
	}
	if !slices.ContainsFunc(s.Properties["category"].AnyOf, func(a struct {
		Enum []any `json:"enum"`
	}) bool {
		return slices.Equal(a.Enum, []any{"food", "beverages"})
	}) {
		t.Errorf("category enum is not the site's goods categories: %+v", s.Properties["category"])
	}
	folder := filepath.Join(t.TempDir(), "schemas")
	if code, _, errs := run(t, nil, "schema", "--src", dir, "--out", folder); code != ExitOK {
		t.Fatalf("--out: exit %d\n%s", code, errs)
	}
	files, _ := filepath.Glob(filepath.Join(folder, "*.schema.json"))
	if len(files) != len(schema.Names()) {
		t.Errorf("wrote %d schemas, want %d", len(files), len(schema.Names()))
	}
	if code, _, _ := run(t, nil, "schema", "recipe"); code != ExitUsage {
		t.Errorf("unknown kind: exit %d", code)
	}
}
