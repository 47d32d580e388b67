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

// nameIndex holds the words of each key's names (in every language), for
// named: made once, it answers each name written in place of a key without
// folding every name again (a catalogue may have 10,000 subjects, and a
// generator error as many records naming them wrongly).
type nameIndex map[string][][]string

func newNameIndex(names map[string][]string) nameIndex {
	ix := make(nameIndex, len(names))
	for key, ns := range names {
		for _, n := range ns {
			ix[key] = append(ix[key], words(n))
		}
	}
	return ix
}

// named returns, sorted, the keys whose names are s, or, when none is, hold
// every word of s, ignoring case and diacritics: where a producer wrote a name
// in place of a folder name or a key ("HTX Sơn Bình" for
// htx-cay-an-qua-son-binh, "Thực phẩm" for food).
func (ix nameIndex) named(s string) []string {
	want := words(s)
	if len(want) == 0 {
		return nil
	}
	var same, within []string
	for key, names := range ix {
		for _, have := range names {
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

// list lists, for a hint, the keys that s names (named), each with its name
// as display gives it: "`htx-a` (Hợp tác xã A)", joined by " or "; "" when
// s names none or more than three.
func (ix nameIndex) list(s string, display func(key string) string) string {
	keys := ix.named(s)
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
