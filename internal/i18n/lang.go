package i18n

import "golang.org/x/text/language"

// viBase is the base language of Vietnamese; immutable.
var viBase, _ = language.Vietnamese.Base()

// isVi reports whether lang (a BCP 47 tag such as "vi" or "vi-VN") is
// Vietnamese. Everything else, including "" and malformed tags, is English.
func isVi(lang string) bool {
	// The common tags are answered without parsing: a tag parsed on every
	// call was 1.3 % of a national catalogue's allocations.
	switch lang {
	case "":
		return false
	case "vi":
		return true
	case "en":
		return false
	}
	t, err := language.Parse(lang)
	if err != nil {
		return false
	}
	b, conf := t.Base()
	return conf == language.Exact && b == viBase
}

// tagFor returns the tag the package uses for lang: Vietnamese or English.
func tagFor(lang string) language.Tag {
	if isVi(lang) {
		return language.Vietnamese
	}
	return language.English
}
