package catalog

import (
	"html/template"
	"slices"
	"strings"
)

// PerLang holds a value per language code, ordered by code whatever the
// order the values were set in (so that equal values compare and print
// equal: a record's bodies are converted in no fixed order). A record has one
// or two languages: a short slice searched in order is as fast as a map for
// that and a fraction of its size (a Go map of two strings takes ~300 bytes,
// this 64), and a national catalogue holds a dozen per record — some 50 MB
// at 20,000 products, live for the whole build.
type PerLang[V any] []LangValue[V]

// LangValue is one language's value.
type LangValue[V any] struct {
	Lang  string
	Value V
}

// Get returns the value set for lang and whether there is one.
func (p PerLang[V]) Get(lang string) (V, bool) {
	for i := range p {
		if p[i].Lang == lang {
			return p[i].Value, true
		}
	}
	var zero V
	return zero, false
}

// At returns the value set for lang, or the zero value.
func (p PerLang[V]) At(lang string) V {
	v, _ := p.Get(lang)
	return v
}

// Has reports whether a value is set for lang.
func (p PerLang[V]) Has(lang string) bool {
	_, ok := p.Get(lang)
	return ok
}

// Set sets lang's value, replacing the one set before.
func (p *PerLang[V]) Set(lang string, v V) {
	i, found := slices.BinarySearchFunc(*p, lang, func(e LangValue[V], lang string) int { return strings.Compare(e.Lang, lang) })
	if found {
		(*p)[i].Value = v
		return
	}
	*p = slices.Insert(*p, i, LangValue[V]{lang, v})
}

// Delete removes lang's value.
func (p *PerLang[V]) Delete(lang string) {
	*p = slices.DeleteFunc(*p, func(e LangValue[V]) bool { return e.Lang == lang })
}

// Langs lists the languages with a value, in the order of their codes.
func (p PerLang[V]) Langs() []string {
	out := make([]string, len(p))
	for i := range p {
		out[i] = p[i].Lang
	}
	return out
}

// Text is a translatable string: its value per language code. The default
// language's value is always present for required fields.
type Text = PerLang[string]

// List is a translatable list of words.
type List = PerLang[[]string]

// In returns the value in lang, falling back to def's when lang has none or
// an empty one (an empty string or list).
func (p PerLang[V]) In(lang, def string) V {
	if v, ok := p.Get(lang); ok && !empty(v) {
		return v
	}
	return p.At(def)
}

func empty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	case template.HTML:
		return v == ""
	}
	return false
}

// NewText returns a Text of code and value pairs, for tests and literals:
// NewText("vi", "Mật ong", "en", "Honey").
func NewText(pairs ...string) Text {
	var t Text
	for i := 0; i+1 < len(pairs); i += 2 {
		t.Set(pairs[i], pairs[i+1])
	}
	return t
}
