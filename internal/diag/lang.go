package diag

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Languages of diagnostics: English (the language of the code) and Vietnamese.
const (
	English    = "en"
	Vietnamese = "vi"
)

// LangFromEnv picks the language of messages from the locale variables:
// the first of LC_ALL, LC_MESSAGES and LANG that names a language decides
// ("C" and "POSIX" name none); Vietnamese when it starts with "vi".
func LangFromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := strings.TrimSpace(getenv(k))
		if v == "" || v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "vi") {
			return Vietnamese
		}
		return English
	}
	return English
}

// Translator turns English diagnostic messages and hints into another
// language. Messages are written in English with fmt verbs; the table maps
// each English format to its translation, and a message is matched against
// the formats (the verbs standing for any text) so that the values it names —
// field names, file names, the producer's own words — are carried over as they
// are. Parts that are themselves translatable (a hint joined from two) are
// translated too. Text no format matches is left in English.
type Translator struct {
	lang     string
	exact    map[string]string
	patterns []pattern
}

type pattern struct {
	re     *regexp.Regexp
	target string // translated format
	quoted []bool // per verb of the English format: %q (the value is kept as written)
	lits   int    // length of the literal text, to try specific formats first
}

// NewTranslator returns a Translator into lang; for English (or a language
// without a table) it leaves text as it is.
func NewTranslator(lang string) *Translator {
	t := &Translator{lang: lang, exact: map[string]string{}}
	table := tables[lang]
	for en, tr := range table {
		if !hasVerb(en) {
			t.exact[en] = tr
			continue
		}
		re, quoted, lits := compileFormat(en)
		t.patterns = append(t.patterns, pattern{re: re, target: tr, quoted: quoted, lits: lits})
	}
	slices.SortFunc(t.patterns, func(a, b pattern) int {
		return cmp.Or(cmp.Compare(b.lits, a.lits), strings.Compare(a.re.String(), b.re.String()))
	})
	return t
}

// Lang returns the language the Translator translates into.
func (t *Translator) Lang() string { return t.lang }

// Has reports whether the English format en has a translation.
func (t *Translator) Has(en string) bool {
	_, ok := tables[t.lang][en]
	return ok
}

// Text translates one message or hint.
func (t *Translator) Text(s string) string { return t.text(s, 0) }

// Sprintf formats an English format with args and translates the result.
func (t *Translator) Sprintf(format string, args ...any) string {
	return t.Text(fmt.Sprintf(format, args...))
}

func (t *Translator) text(s string, depth int) string {
	if s == "" || len(t.exact)+len(t.patterns) == 0 {
		return s
	}
	if tr, ok := t.exact[s]; ok {
		return tr
	}
	if depth > 3 {
		return s
	}
	for _, p := range t.patterns {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		args := m[1:]
		for i := range args {
			if i < len(p.quoted) && !p.quoted[i] {
				args[i] = t.text(args[i], depth+1)
			}
		}
		return fill(p.target, args)
	}
	return s
}

// Diagnostics returns copies of ds with messages and hints translated.
func (t *Translator) Diagnostics(ds []Diagnostic) []Diagnostic {
	out := slices.Clone(ds)
	for i := range out {
		out[i].Message = t.Text(out[i].Message)
		out[i].Hint = t.Text(out[i].Hint)
	}
	return out
}

// Localize returns ds with messages and hints in lang.
func Localize(ds []Diagnostic, lang string) []Diagnostic {
	if lang == "" || lang == English {
		return ds
	}
	return NewTranslator(lang).Diagnostics(ds)
}

// verbRe matches a fmt verb: flags, an optional explicit argument index,
// width, precision and the verb letter; or %%.
var verbRe = regexp.MustCompile(`%%|%[-+# 0]*(?:\[(\d+)\])?\d*(?:\.\d+)?[a-zA-Z]`)

func hasVerb(format string) bool {
	for _, m := range verbRe.FindAllString(format, -1) {
		if m != "%%" {
			return true
		}
	}
	return false
}

// Verbs returns the verbs of a format (without %%), for tests that compare a
// translation with its English original.
func Verbs(format string) []string {
	var out []string
	for _, m := range verbRe.FindAllString(format, -1) {
		if m != "%%" {
			out = append(out, m)
		}
	}
	return out
}

// compileFormat turns an English format into a regular expression with one
// group per verb.
func compileFormat(format string) (*regexp.Regexp, []bool, int) {
	var b strings.Builder
	var quoted []bool
	lits := 0
	b.WriteString(`^`)
	last := 0
	for _, loc := range verbRe.FindAllStringIndex(format, -1) {
		lit := format[last:loc[0]]
		lits += len(lit)
		b.WriteString(regexp.QuoteMeta(lit))
		v := format[loc[0]:loc[1]]
		last = loc[1]
		switch v[len(v)-1] {
		case '%':
			b.WriteString(`%`)
			continue
		case 'q':
			b.WriteString("(\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)")
			quoted = append(quoted, true)
		case 'd':
			b.WriteString(`([-+]?\d+)`)
			quoted = append(quoted, true)
		default:
			b.WriteString(`((?s:.*?))`)
			quoted = append(quoted, false)
		}
	}
	lit := format[last:]
	lits += len(lit)
	b.WriteString(regexp.QuoteMeta(lit))
	b.WriteString(`$`)
	return regexp.MustCompile(b.String()), quoted, lits
}

// fill puts already formatted args into a translated format: each verb takes
// the next arg, or the one its [n] index names.
func fill(format string, args []string) string {
	next := 0
	return verbRe.ReplaceAllStringFunc(format, func(v string) string {
		if v == "%%" {
			return "%"
		}
		i := next
		if m := verbRe.FindStringSubmatch(v); m[1] != "" {
			n, _ := strconv.Atoi(m[1])
			i = n - 1
		}
		next = i + 1
		if i < 0 || i >= len(args) {
			return v
		}
		return args[i]
	})
}
