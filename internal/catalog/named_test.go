package catalog

import (
	"slices"
	"testing"
)

func TestNamed(t *testing.T) {
	names := map[string][]string{
		"htx-cay-an-qua-son-binh": {"Hợp tác xã Cây ăn quả Sơn Bình", "Son Binh Fruit Cooperative"},
		"htx-son-binh":            {"HTX Nông nghiệp Sơn Bình"},
		"cong-ty-khanh-son":       {"Công ty Cổ phần Khánh Sơn"},
		"to-hop-tac-thanh-son":    {"Tổ hợp tác trồng chuối Thành Sơn"},
	}
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Công ty Cổ phần Khánh Sơn", []string{"cong-ty-khanh-son"}},          // the name itself
		{"CÔNG TY CP KHÁNH SƠN", []string{"cong-ty-khanh-son"}},               // case, abbreviation
		{"cty khanh son", []string{"cong-ty-khanh-son"}},                      // without diacritics
		{"THT Thành Sơn", []string{"to-hop-tac-thanh-son"}},                   // THT
		{"Son Binh Fruit Cooperative", []string{"htx-cay-an-qua-son-binh"}},   // another language
		{"HTX Sơn Bình", []string{"htx-cay-an-qua-son-binh", "htx-son-binh"}}, // both hold its words
		{"HTX Nông nghiệp Sơn Bình", []string{"htx-son-binh"}},                // one name is it exactly
		{"Hợp tác xã Ba Cụm", nil},
		{"", nil},
		{"—", nil},
	} {
		if got := newNameIndex(names).named(c.in); !slices.Equal(got, c.want) {
			t.Errorf("named(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	display := func(k string) string { return names[k][0] }
	if got, want := newNameIndex(names).list("cty khanh son", display), "`cong-ty-khanh-son` (Công ty Cổ phần Khánh Sơn)"; got != want {
		t.Errorf("list = %q, want %q", got, want)
	}
	if got := newNameIndex(names).list("Sơn", display); got != "" {
		t.Errorf("list of a word four subjects share = %q, want none", got)
	}
}
