package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/khanhson-ocop/ocop/internal/i18n"
)

// abbreviations are the short forms producers write for the kinds of
// subject, folded: "HTX Sơn Bình" for "Hợp tác xã … Sơn Bình".
var abbreviations = map[string]string{
	"htx": "hop tac xa", "tht": "to hop tac", "thtx": "to hop tac", "dn": "doanh nghiep",
	"cty": "cong ty", "ct": "cong ty", "hkd": "ho kinh doanh", "cp": "co phan",
}

// words returns s folded (lowercase, no diacritics) as words, abbreviations
// spelt out.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(i18n.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		if long, ok := abbreviations[w]; ok {
			out = append(out, strings.Fields(long)...)
		} else {
			out = append(out, w)
		}
	}
	return out
}

// named returns, sorted, the keys whose names (in any language) are s, or,
// when none is, hold every word of s, ignoring case and diacritics: where a
// producer wrote a name in place of a folder name or a key ("HTX Sơn Bình"
// for htx-cay-an-qua-son-binh, "Thực phẩm" for food).
func named(s string, names map[string][]string) []string {
	want := words(s)
	if len(want) == 0 {
		return nil
	}
	var same, within []string
	for key, ns := range names {
		for _, n := range ns {
			have := words(n)
			if slices.Equal(have, want) {
				same = append(same, key)
				break
			}
			if !slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(have, w) }) {
				within = append(within, key)
				break
			}
		}
	}
	if len(same) == 0 {
		same = within
	}
	slices.Sort(same)
	return same
}

// namedList lists, for a hint, the keys of names that s names (named), each
// with its name as display gives it: "`htx-a` (Hợp tác xã A)", joined by
// " or "; "" when s names none or more than three.
func namedList(s string, names map[string][]string, display func(key string) string) string {
	keys := named(s, names)
	if len(keys) == 0 || len(keys) > 3 {
		return ""
	}
	var list []string
	for _, k := range keys {
		list = append(list, fmt.Sprintf("`%s` (%s)", k, display(k)))
	}
	return strings.Join(list, " or ")
}

// textNames returns every language's value of t, for named.
func textNames(t Text) []string {
	var out []string
	for _, l := range t.Langs() {
		out = append(out, t.At(l))
	}
	return out
}
