package diag

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestLangFromEnv(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{nil, English},
		{map[string]string{"LANG": "vi_VN.UTF-8"}, Vietnamese},
		{map[string]string{"LANG": "vi"}, Vietnamese},
		{map[string]string{"LANG": "en_US.UTF-8"}, English},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "vi_VN"}, English},
		{map[string]string{"LC_ALL": "C", "LANG": "vi_VN"}, Vietnamese},
		{map[string]string{"LC_ALL": "C.UTF-8", "LC_MESSAGES": "vi_VN"}, Vietnamese},
		{map[string]string{"LANG": "POSIX"}, English},
	} {
		if got := LangFromEnv(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	tr := NewTranslator(Vietnamese)
	for _, c := range []struct{ en, vi string }{
		{`stars must be 3, 4 or 5 (got 6)`, `stars phải là 3, 4 hoặc 5 (đang là 6)`},
		{`unknown field "stras" is ignored`, `trường lạ "stras" bị bỏ qua`},
		// A hint joined from two translatable parts.
		{"did you mean `food`? use one of: food, beverages", "có phải ý bạn là `food`? dùng một trong: food, beverages"},
		// A value that names a kind of value is translated too.
		{`name must be text, not a list`, `name phải là chữ, không phải một danh sách`},
		// The producer's own words stay as written, even when they look like a message.
		{`field "file is empty" is written twice`, `trường "file is empty" được viết hai lần`},
		{`4★ needs a score from 70 to 89; a score of 58 means 3 stars`, `hạng 4★ cần điểm từ 70 đến 89; điểm 58 tương ứng hạng 3 sao`},
		// Text with no translation is left alone.
		{`something nobody wrote`, `something nobody wrote`},
		{``, ``},
	} {
		if got := tr.Text(c.en); got != c.vi {
			t.Errorf("%q\n got %q\nwant %q", c.en, got, c.vi)
		}
	}
	if got := NewTranslator(English).Text("file is empty"); got != "file is empty" {
		t.Errorf("English changed: %q", got)
	}
}

func TestFill(t *testing.T) {
	if got := fill("%[2]s trước %[1]q, rồi %s", []string{`"a"`, "b"}); got != `b trước "a", rồi b` {
		t.Errorf("fill: %q", got)
	}
}

func TestWriteIn(t *testing.T) {
	ds := []Diagnostic{{File: "content/a/index.vi.md", Line: 3, Column: 1, Severity: Error, Field: "stars",
		Message: "stars must be 3, 4 or 5 (got 6)", Hint: "OCOP products have 3, 4 or 5 stars; leave stars out for a product that is not ranked"}}
	var b bytes.Buffer
	WriteIn(&b, ds, Text, Vietnamese)
	for _, w := range []string{"content/a/index.vi.md:3:1: lỗi: stars phải là 3, 4 hoặc 5 (đang là 6) (sản phẩm OCOP", "1 lỗi, 0 cảnh báo"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("missing %q in %q", w, b.String())
		}
	}
	b.Reset()
	WriteIn(&b, ds, GitHub, Vietnamese)
	if !strings.HasPrefix(b.String(), "::error file=content/a/index.vi.md,line=3,col=1,title=ocop stars::stars phải là") {
		t.Errorf("github: %q", b.String())
	}
	b.Reset()
	WriteIn(&b, ds, JSON, Vietnamese)
	if !strings.Contains(b.String(), `"severity": "error"`) || !strings.Contains(b.String(), "phải là") {
		t.Errorf("json: %q", b.String())
	}
	if ds[0].Message != "stars must be 3, 4 or 5 (got 6)" {
		t.Errorf("WriteIn changed its argument")
	}
}

func TestWriteLimitIn(t *testing.T) {
	var ds []Diagnostic
	for i := range 5 {
		ds = append(ds, Diagnostic{File: fmt.Sprintf("content/p%d/index.vi.md", i), Line: 1, Column: 1, Severity: Warning, Message: fmt.Sprintf("warning %d", i)})
	}
	ds = append(ds, Diagnostic{File: "content/z/index.vi.md", Line: 2, Column: 1, Severity: Error, Message: "the error"})
	tests := []struct {
		limit      int
		lang       string
		want, miss []string
	}{
		{0, English, []string{"warning 0", "warning 4", "the error", "1 error, 5 warnings"}, []string{"not shown"}},
		{2, English, []string{"warning 0", "warning 1", "the error", "… and 3 more warnings, not shown (ocop check lists them all)", "1 error, 5 warnings"}, []string{"warning 2"}},
		{2, Vietnamese, []string{"… và 3 cảnh báo khác không hiện ở đây", "1 lỗi, 5 cảnh báo"}, []string{"warning 2"}},
		{5, English, []string{"warning 4", "the error"}, []string{"not shown"}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := WriteLimitIn(&b, ds, Text, tt.lang, tt.limit); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("limit %d, %s: missing %q in\n%s", tt.limit, tt.lang, w, b.String())
			}
		}
		for _, m := range tt.miss {
			if strings.Contains(b.String(), m) {
				t.Errorf("limit %d, %s: %q should not be in\n%s", tt.limit, tt.lang, m, b.String())
			}
		}
	}
	// Programs get every warning.
	var b bytes.Buffer
	WriteLimitIn(&b, ds, GitHub, English, 2)
	if n := strings.Count(b.String(), "::warning file="); n != 5 {
		t.Errorf("github: %d warnings, want 5", n)
	}
}
