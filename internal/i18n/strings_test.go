package i18n

import (
	"slices"
	"strings"
	"testing"
)

func mustLoad(t *testing.T, name, src string) *Strings {
	t.Helper()
	s, err := LoadStrings(name, []byte(src))
	if err != nil {
		t.Fatalf("LoadStrings(%s): %v", name, err)
	}
	return s
}

func TestLoadStringsFlat(t *testing.T) {
	s := mustLoad(t, "vi.yaml", `# UI strings
site.title: Sản phẩm OCOP
price: "Giá: %s"
stars: '%d sao'
multi: |
  dòng một
  dòng hai
yes: có
`)
	want := map[string]string{
		"site.title": "Sản phẩm OCOP",
		"price":      "Giá: %s",
		"stars":      "%d sao",
		"multi":      "dòng một\ndòng hai\n",
		"yes":        "có",
	}
	for k, v := range want {
		if got, ok := s.Get(k); !ok || got != v {
			t.Errorf("Get(%q) = %q, %v; want %q", k, got, ok, v)
		}
	}
	if s.Len() != len(want) {
		t.Errorf("Len = %d, want %d (keys %q)", s.Len(), len(want), s.Keys())
	}
}

func TestLoadStringsNested(t *testing.T) {
	s := mustLoad(t, "vi.yaml", `
nav:
  home: Trang chủ
  products: Sản phẩm
  sub:
    deep: Sâu
footer: {copy: "© 2024"}
title: OCOP
`)
	want := []string{"footer.copy", "nav.home", "nav.products", "nav.sub.deep", "title"}
	if got := s.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	if got := s.T("nav.home"); got != "Trang chủ" {
		t.Errorf("T(nav.home) = %q", got)
	}
	if got := s.T("nav.sub.deep"); got != "Sâu" {
		t.Errorf("T(nav.sub.deep) = %q", got)
	}
}

func TestLoadStringsEmpty(t *testing.T) {
	for _, src := range []string{"", "\n", "# only a comment\n", "---\n"} {
		s := mustLoad(t, "empty.yaml", src)
		if s.Len() != 0 {
			t.Errorf("LoadStrings(%q) has %d keys", src, s.Len())
		}
	}
}

func TestLoadStringsErrors(t *testing.T) {
	tests := []struct {
		name, src string
		prefix    string // the error must start with this ("name:line: ")
		contains  string
	}{
		{"bad1", "a: b\nc: d: e\n", "bad1:2: ", "mapping values"},
		{"bad2", "a: [\n", "bad2:1: ", ""},
		{"bad3", "a: b\n\tc: d\n", "bad3:2: ", ""},
		{"bad4", "a: b\nc: 'unterminated\n", "bad4:", ""},
		{"num", "a: b\ncount: 5\n", "num:2: ", "number 5"},
		{"bool", "a: b\n\nflag: true\n", "bool:3: ", "boolean"},
		{"null", "a: b\nempty:\n", "null:2: ", "null"},
		{"list", "a:\n  - x\n  - y\n", "list:2: ", "list"},
		{"nested num", "nav:\n  home: Trang chủ\n  n: 3.5\n", "nested num:3: ", `"nav.n"`},
		{"top", "- a\n- b\n", "top:1: ", "mapping"},
		{"scalar top", "hello\n", "scalar top:1: ", "mapping"},
		{"dup", "a: x\nb: y\na: z\n", "dup:3: ", "duplicate"},
		{"dup flat", "nav:\n  home: x\nnav.home: y\n", "dup flat:3: ", "duplicate"},
		{"two docs", "a: b\n---\nc: d\n", "two docs:", "more than one"},
		{"merge", "base: &b {x: y}\nother:\n  <<: *b\n", "merge:3: ", "merge"},
		{"complex key", "? [a, b]\n: c\n", "complex key:1: ", "key"},
		{"anchor", "a: b\nc: *nope\n", "anchor:2: ", "anchor"},
		{"control", "a: b\n\nc: x\x01y\n", "control:3: ", "control"},
		{"utf8", "a: ✓\nc: \xff\n", "utf8:2: ", "UTF-8"},
	}
	for _, tt := range tests {
		_, err := LoadStrings(tt.name, []byte(tt.src))
		if err == nil {
			t.Errorf("%s: LoadStrings(%q) succeeded, want error", tt.name, tt.src)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, tt.prefix) || !strings.Contains(msg, tt.contains) {
			t.Errorf("%s: error %q; want prefix %q containing %q", tt.name, msg, tt.prefix, tt.contains)
		}
		// Every error names a line: "name:N: ".
		rest := strings.TrimPrefix(msg, tt.name+":")
		if i := strings.Index(rest, ": "); i <= 0 || strings.Trim(rest[:i], "0123456789") != "" {
			t.Errorf("%s: error %q does not name a line", tt.name, msg)
		}
	}
}

func TestLoadStringsAlias(t *testing.T) {
	s := mustLoad(t, "a.yaml", "shop: &name Cửa hàng\nnav:\n  shop: *name\n")
	if got := s.T("nav.shop"); got != "Cửa hàng" {
		t.Errorf("alias: T(nav.shop) = %q", got)
	}
}

func TestMerge(t *testing.T) {
	base := mustLoad(t, "builtin.yaml", "a: A\nb: B\nnav: {home: Trang chủ}\n")
	over := mustLoad(t, "site.yaml", "b: B2\nc: C\n")
	m := base.Merge(over)
	want := map[string]string{"a": "A", "b": "B2", "c": "C", "nav.home": "Trang chủ"}
	if m.Len() != len(want) {
		t.Errorf("merged Keys = %q", m.Keys())
	}
	for k, v := range want {
		if got := m.T(k); got != v {
			t.Errorf("merged T(%q) = %q, want %q", k, got, v)
		}
	}
	// Inputs are untouched.
	if base.T("b") != "B" || base.Has("c") || over.Has("a") {
		t.Error("Merge modified an input")
	}

	var nilS *Strings
	if got := nilS.Merge(over); !slices.Equal(got.Keys(), over.Keys()) {
		t.Errorf("nil.Merge(over) keys = %q", got.Keys())
	}
	if got := base.Merge(nil); !slices.Equal(got.Keys(), base.Keys()) {
		t.Errorf("base.Merge(nil) keys = %q", got.Keys())
	}
	if got := nilS.Merge(nil); got == nil || got.Len() != 0 {
		t.Errorf("nil.Merge(nil) = %v", got)
	}
}

func TestT(t *testing.T) {
	s := mustLoad(t, "vi.yaml", "title: Sản phẩm OCOP\nstars: '%d sao'\nprice: 'Giá %s (%d sản phẩm)'\npct: '100%'\n")
	tests := []struct {
		key  string
		args []any
		want string
	}{
		{"title", nil, "Sản phẩm OCOP"},
		{"stars", []any{4}, "4 sao"},
		{"price", []any{"150.000 ₫", 3}, "Giá 150.000 ₫ (3 sản phẩm)"},
		{"pct", nil, "100%"}, // no args: returned verbatim, not run through Sprintf
		{"missing", nil, "[missing]"},
		{"nav.missing", []any{1}, "[nav.missing]"},
	}
	for _, tt := range tests {
		if got := s.T(tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%q, %v) = %q, want %q", tt.key, tt.args, got, tt.want)
		}
	}
	if !s.Has("title") || s.Has("missing") {
		t.Error("Has is wrong")
	}
	var nilS *Strings
	if nilS.T("x") != "[x]" || nilS.Has("x") || nilS.Keys() != nil || nilS.Len() != 0 {
		t.Error("nil *Strings should behave as empty")
	}
}
