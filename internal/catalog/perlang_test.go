package catalog

import (
	"slices"
	"testing"
)

func TestPerLang(t *testing.T) {
	var tx Text
	tx.Set("vi", "Mật ong")
	tx.Set("en", "")
	tx.Set("fr", "Miel")
	tx.Set("vi", "Mật ong rừng") // replaces
	if got, want := tx.Langs(), []string{"en", "fr", "vi"}; !slices.Equal(got, want) {
		t.Fatalf("Langs() = %v, want %v (ordered by code, each once)", got, want)
	}
	if a, b := NewText("vi", "x", "en", "y"), NewText("en", "y", "vi", "x"); !slices.Equal(a, b) {
		t.Errorf("the order of Set calls shows: %v != %v", a, b)
	}
	tests := []struct {
		lang, def string
		want      string
	}{
		{"vi", "vi", "Mật ong rừng"},
		{"fr", "vi", "Miel"},
		{"en", "vi", "Mật ong rừng"}, // empty: the default's
		{"de", "vi", "Mật ong rừng"}, // missing: the default's
		{"de", "xx", ""},
	}
	for _, tc := range tests {
		if got := tx.In(tc.lang, tc.def); got != tc.want {
			t.Errorf("In(%q, %q) = %q, want %q", tc.lang, tc.def, got, tc.want)
		}
	}
	if v, ok := tx.Get("en"); !ok || v != "" {
		t.Errorf(`Get("en") = %q, %v; want "", true (set, empty)`, v, ok)
	}
	if tx.Has("de") || !tx.Has("fr") {
		t.Errorf("Has: de %v fr %v", tx.Has("de"), tx.Has("fr"))
	}
	tx.Delete("fr")
	if tx.Has("fr") || len(tx) != 2 {
		t.Errorf("after Delete: %v", tx)
	}
	var l List
	l.Set("vi", []string{"mật ong"})
	l.Set("en", nil)
	if got := l.In("en", "vi"); !slices.Equal(got, []string{"mật ong"}) {
		t.Errorf("List.In with an empty list = %v, want the default's", got)
	}
}
