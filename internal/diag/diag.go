// Package diag holds diagnostics: the problems found in a site folder, as values.
//
// A Diagnostic names the file (relative to the site folder, with forward slashes),
// the line and column of the offending field, the field, a message and a plain hint.
// Checks collect diagnostics in a List; the List is sorted by file, line and column
// and printed together, so a producer sees every problem of a run at once. The same
// values feed the terminal, the JSON form, GitHub workflow annotations and the
// preview server's browser overlay.
//
// Messages are written in English with fmt verbs. WriteIn (and Localize) shows
// them in another language: vi.go maps every English format to its Vietnamese
// translation, and a test walks the code base to make sure no format is missing.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Severity says whether a diagnostic stops the build.
type Severity string

const (
	// Error makes check and build exit with status 1.
	Error Severity = "error"
	// Warning is reported but does not stop the build.
	Warning Severity = "warning"
)

// Diagnostic is one problem at one place.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Severity Severity `json:"severity"`
	Field    string   `json:"field"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint"`
}

// Pos is a place in a file.
type Pos struct {
	File         string
	Line, Column int
}

// String formats the diagnostic as file:line:col: severity: message (hint).
func (d Diagnostic) String() string { return d.stringIn(English) }

// stringIn is String with the severity named in lang.
func (d Diagnostic) stringIn(lang string) string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	sev := string(d.Severity)
	if lang == Vietnamese {
		sev = map[Severity]string{Error: "lỗi", Warning: "cảnh báo"}[d.Severity]
	}
	fmt.Fprintf(&b, ": %s: %s", sev, d.Message)
	if d.Hint != "" {
		fmt.Fprintf(&b, " (%s)", d.Hint)
	}
	return b.String()
}

// List collects diagnostics. The zero value is ready to use and safe for
// concurrent use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends diagnostics.
func (l *List) Add(d ...Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d...)
	l.mu.Unlock()
}

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, field, hint, format string, args ...any) {
	l.Add(Diagnostic{File: pos.File, Line: pos.Line, Column: pos.Column, Severity: Error,
		Field: field, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, field, hint, format string, args ...any) {
	l.Add(Diagnostic{File: pos.File, Line: pos.Line, Column: pos.Column, Severity: Warning,
		Field: field, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Items returns the diagnostics sorted by file, line, column, then message.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	Sort(out)
	return slices.Compact(out)
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool { return Count(l.Items(), Error) > 0 }

// Sort orders diagnostics by file, line, column, severity and message.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns how many diagnostics have severity s.
func Count(ds []Diagnostic, s Severity) int {
	n := 0
	for _, d := range ds {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Format names an output form of diagnostics.
type Format string

// The output forms.
const (
	Text   Format = "text"
	JSON   Format = "json"
	GitHub Format = "github"
)

// Summary returns the closing line, e.g. "2 errors, 1 warning".
func Summary(ds []Diagnostic) string { return SummaryIn(ds, English) }

// SummaryIn returns the closing line in lang.
func SummaryIn(ds []Diagnostic, lang string) string {
	e, w := Count(ds, Error), Count(ds, Warning)
	if lang == Vietnamese {
		return fmt.Sprintf("%d lỗi, %d cảnh báo", e, w)
	}
	plural := func(n int, one string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	return plural(e, "error") + ", " + plural(w, "warning")
}

// Write prints diagnostics in the given form. The text form ends with a
// summary line; JSON is a list; GitHub prints workflow annotation commands.
func Write(w io.Writer, ds []Diagnostic, f Format) error { return WriteIn(w, ds, f, English) }

// WriteIn is Write with messages, hints and the summary in lang.
func WriteIn(w io.Writer, ds []Diagnostic, f Format, lang string) error {
	return WriteLimitIn(w, ds, f, lang, 0)
}

// WriteLimitIn is WriteIn printing, in the text form, every error but at most
// warnings warnings (0: all), then how many it left out: a national
// catalogue may have thousands of expired certificates, whose lines would
// bury an error. The JSON and GitHub forms, read by programs, hold all.
func WriteLimitIn(w io.Writer, ds []Diagnostic, f Format, lang string, warnings int) error {
	ds = Localize(ds, lang)
	switch f {
	case JSON:
		if ds == nil {
			ds = []Diagnostic{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	case GitHub:
		for _, d := range ds {
			kind := "error"
			if d.Severity == Warning {
				kind = "warning"
			}
			msg := d.Message
			if d.Hint != "" {
				msg += " — " + d.Hint
			}
			if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", kind,
				ghProp(d.File), max(d.Line, 1), max(d.Column, 1), ghProp("ocop "+d.Field), ghData(msg)); err != nil {
				return err
			}
		}
		_, err := fmt.Fprintln(w, SummaryIn(ds, lang))
		return err
	default:
		shown, hidden := 0, 0
		for _, d := range ds {
			if d.Severity == Warning && warnings > 0 {
				if shown == warnings {
					hidden++
					continue
				}
				shown++
			}
			if _, err := fmt.Fprintln(w, d.stringIn(lang)); err != nil {
				return err
			}
		}
		if hidden > 0 {
			msg := fmt.Sprintf("… and %d more warnings, not shown (ocop check lists them all)", hidden)
			if lang == Vietnamese {
				msg = fmt.Sprintf("… và %d cảnh báo khác không hiện ở đây (ocop check liệt kê đầy đủ)", hidden)
			}
			if _, err := fmt.Fprintln(w, msg); err != nil {
				return err
			}
		}
		_, err := fmt.Fprintln(w, SummaryIn(ds, lang))
		return err
	}
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
