package i18n

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLen is the longest slug ValidSlug accepts and Slugify produces.
const MaxSlugLen = 100

// dReplacer maps the Vietnamese letter đ to d. It also maps ð (U+00F0, the
// lowercase of Icelandic Ð U+00D0), which legacy Vietnamese encodings and
// careless typing often put in place of Đ. A Replacer is safe for
// concurrent use and this one is never modified.
var dReplacer = strings.NewReplacer("đ", "d", "ð", "d")

// Fold returns s lowercased with Vietnamese diacritics removed, for
// comparing and indexing names: "CÀ PHÊ Đắk Lắk" → "ca phe dak lak".
//
// Steps: lowercase, đ→d (also ð→d, see dReplacer; đ is a letter of its own, not d plus a mark, so
// NFD would not split it), NFD, drop combining marks (unicode.Mn), NFC.
// Lowercasing comes first so that case mappings that produce marks (e.g.
// "İ" → "i̇") are stripped too, which keeps Fold idempotent. Invalid UTF-8
// is replaced by U+FFFD. Slugify and search both use this one function.
func Fold(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ToLower(s)
	s = dReplacer.Replace(s)
	s = norm.NFD.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// Slugify turns a name into a URL slug: Fold, then every run of characters
// outside [a-z0-9] becomes one '-', trimmed of '-' at both ends.
// "Đặc sản Đắk Lắk" → "dac-san-dak-lak". A result longer than MaxSlugLen is
// cut, at the last '-' when the cut would split a word, so the output is
// always "" or a ValidSlug. Input with no ASCII letters or digits gives "".
func Slugify(s string) string {
	f := Fold(s)
	b := make([]byte, 0, len(f))
	dash := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, c)
		} else {
			dash = true
		}
	}
	if len(b) > MaxSlugLen {
		cut := MaxSlugLen
		if b[cut] != '-' { // the cut splits a word: back up to a word boundary
			if i := strings.LastIndexByte(string(b[:cut]), '-'); i > 0 {
				cut = i
			}
		}
		b = b[:cut]
		for len(b) > 0 && b[len(b)-1] == '-' {
			b = b[:len(b)-1]
		}
	}
	return string(b)
}

// ValidSlug reports whether s is a non-empty slug of lowercase ASCII
// letters, digits and single hyphens, neither starting nor ending with '-',
// at most MaxSlugLen bytes long.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}
