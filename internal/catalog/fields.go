package catalog

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/khanhson-ocop/ocop/internal/diag"
)

// fields reads the keys of one YAML mapping with positions, reporting problems.
type fields struct {
	file   string
	prefix string // for nested mappings, e.g. "certificate."
	node   *yaml.Node
	keys   map[string]*yaml.Node
	vals   map[string]*yaml.Node
	order  []string
	used   map[string]bool
	d      *diag.List
	quiet  bool // the file could not be parsed (already reported): no "missing" reports
}

func newFields(file, prefix string, n *yaml.Node, d *diag.List) *fields {
	// Sized for the mapping's fields, not grown one doubling at a time:
	// 12 % fewer allocations decoding a catalogue (BenchmarkBuild), the same
	// time.
	size := 0
	if n != nil {
		size = len(n.Content) / 2
	}
	f := &fields{file: file, prefix: prefix, node: n, keys: make(map[string]*yaml.Node, size), vals: make(map[string]*yaml.Node, size),
		used: make(map[string]bool, size), order: make([]string, 0, size), d: d}
	if n == nil {
		return f
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if prev, dup := f.keys[k.Value]; dup {
			d.Errorf(f.pos(k), prefix+k.Value, fmt.Sprintf("delete one of them (the first is on line %d)", prev.Line),
				"field %q is written twice", prefix+k.Value)
			continue
		}
		f.keys[k.Value] = k
		f.vals[k.Value] = v
		f.order = append(f.order, k.Value)
	}
	return f
}

func (f *fields) pos(n *yaml.Node) diag.Pos {
	if n == nil {
		if f.node != nil {
			return diag.Pos{File: f.file, Line: f.node.Line, Column: f.node.Column}
		}
		return diag.Pos{File: f.file, Line: 1}
	}
	return diag.Pos{File: f.file, Line: n.Line, Column: n.Column}
}

// at returns the position of a field's value, or of the mapping when absent.
func (f *fields) at(name string) diag.Pos {
	if v, ok := f.vals[name]; ok {
		return f.pos(v)
	}
	return f.pos(nil)
}

func (f *fields) has(name string) bool {
	v, ok := f.vals[name]
	return ok && !isNull(v)
}

func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Tag == "!!null"
}

func (f *fields) get(name string) *yaml.Node {
	f.used[name] = true
	v, ok := f.vals[name]
	if !ok || isNull(v) {
		return nil
	}
	return v
}

func (f *fields) errorf(name, hint, format string, args ...any) {
	f.d.Errorf(f.at(name), f.prefix+name, hint, format, args...)
}

func (f *fields) missing(name string, severity diag.Severity, hint string) {
	if f.quiet {
		return
	}
	pos := f.pos(nil)
	msg := fmt.Sprintf("required field %q is missing", f.prefix+name)
	f.d.Add(diag.Diagnostic{File: pos.File, Line: pos.Line, Column: pos.Column, Severity: severity, Field: f.prefix + name, Message: msg, Hint: hint})
}

// str reads a text field. A number or date written there is accepted as text.
func (f *fields) str(name string) string {
	v := f.get(name)
	if v == nil {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		f.errorf(name, "write it as one line of text", "%s must be text, not %s", f.prefix+name, kindName(v))
		return ""
	}
	return strings.TrimSpace(v.Value)
}

// required reads a text field that must be present.
func (f *fields) required(name string, sev diag.Severity, hint string) string {
	s := f.str(name)
	if s == "" && f.keys[name] == nil {
		f.missing(name, sev, hint)
	} else if s == "" && f.vals[name] != nil && f.vals[name].Kind == yaml.ScalarNode {
		f.d.Add(diag.Diagnostic{File: f.file, Line: f.keys[name].Line, Column: f.keys[name].Column, Severity: sev,
			Field: f.prefix + name, Message: fmt.Sprintf("field %q is empty", f.prefix+name), Hint: hint})
	}
	return s
}

// thousands matches a whole number written with dots between its thousands,
// the Vietnamese way: 85.000, 1.250.000.
var thousands = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)

// integer reads a whole number field; ok is false when absent or wrong.
// example is a value that fits the field, for the hint of an error.
func (f *fields) integer(name, example string) (int64, bool) {
	v := f.get(name)
	if v == nil {
		return 0, false
	}
	if v.Kind != yaml.ScalarNode {
		f.errorf(name, fmt.Sprintf("write a whole number such as %s", example), "%s must be a number, not %s", f.prefix+name, kindName(v))
		return 0, false
	}
	s := strings.ReplaceAll(v.Value, "_", "")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if thousands.MatchString(s) {
			// "85.000" is eighty-five thousand in Vietnamese, 85 to YAML.
			f.errorf(name, fmt.Sprintf("write digits only: %s", strings.ReplaceAll(s, ".", "")),
				"%s is written %s: a dot between thousands reads as a decimal point", f.prefix+name, s)
			return 0, false
		}
		if fl, ferr := strconv.ParseFloat(s, 64); ferr == nil && fl == math.Trunc(fl) && math.Abs(fl) < 1e15 {
			return int64(fl), true
		}
		hint := fmt.Sprintf("write digits only, without dots, commas, spaces or units, e.g. %s", example)
		f.errorf(name, hint, "%s must be a whole number (got %q)", f.prefix+name, v.Value)
		return 0, false
	}
	return n, true
}

func (f *fields) float(name string) (float64, bool) {
	v := f.get(name)
	if v == nil {
		return 0, false
	}
	if v.Kind != yaml.ScalarNode {
		f.errorf(name, "write a decimal number such as 11.97", "%s must be a number, not %s", f.prefix+name, kindName(v))
		return 0, false
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		f.errorf(name, "write a decimal number with a dot, e.g. 11.97", "%s must be a number (got %q)", f.prefix+name, v.Value)
		return 0, false
	}
	return x, true
}

func (f *fields) boolean(name string) bool {
	v := f.get(name)
	if v == nil {
		return false
	}
	switch strings.ToLower(v.Value) {
	case "true", "yes", "on":
		return true
	case "false", "no", "off":
		return false
	}
	f.errorf(name, "write true or false", "%s must be true or false (got %q)", f.prefix+name, v.Value)
	return false
}

// date reads a YYYY-MM-DD date.
func (f *fields) date(name string) (time.Time, bool) {
	v := f.get(name)
	if v == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(v.Value))
	if err != nil || v.Kind != yaml.ScalarNode {
		f.errorf(name, "write the date as year-month-day, e.g. 2024-11-20, and check that the day exists",
			"%s is not a valid date (got %q)", f.prefix+name, v.Value)
		return time.Time{}, false
	}
	return t, true
}

// strList reads a list of strings; a single string is a list of its
// comma-separated parts.
func (f *fields) strList(name string) []string {
	v := f.get(name)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.ScalarNode {
		// "tags: cà phê, quà biếu" is two words, as the producer meant.
		var out []string
		for _, w := range strings.Split(v.Value, ",") {
			if w = strings.TrimSpace(w); w != "" {
				out = append(out, w)
			}
		}
		return out
	}
	if v.Kind != yaml.SequenceNode {
		f.errorf(name, "write a list: [word one, word two]", "%s must be a list", f.prefix+name)
		return nil
	}
	var out []string
	for _, c := range v.Content {
		if c.Kind != yaml.ScalarNode {
			f.d.Errorf(f.pos(c), f.prefix+name, "write each item as text", "each item of %s must be text", f.prefix+name)
			continue
		}
		if s := strings.TrimSpace(c.Value); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sub returns the fields of a nested mapping.
func (f *fields) sub(name string) *fields {
	v := f.get(name)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		f.errorf(name, "write it as fields indented under "+name+":", "%s must be a group of fields, not %s", f.prefix+name, kindName(v))
		return nil
	}
	return newFields(f.file, f.prefix+name+".", v, f.d)
}

// unknown warns about keys not in allowed, suggesting the nearest allowed one.
func (f *fields) unknown(allowed []string, facts map[string]bool, translation bool, defaultFile string) {
	for _, k := range f.order {
		if slices.Contains(allowed, k) {
			continue
		}
		key := f.keys[k]
		if translation && facts[k] {
			f.d.Errorf(f.pos(key), f.prefix+k, "move it to "+defaultFile+" and keep only translatable text here (name, summary, slug …)",
				"%q is a fact and must not be written in a translation file", f.prefix+k)
			continue
		}
		if prev, ok := f.cutNumber(k); ok {
			// {amount: 85,000} reads amount 85 and a field "000".
			f.d.Errorf(f.pos(key), f.prefix+prev, "write the number without a comma: 85000 for an amount (digits only), 11.97 for a coordinate (a dot)",
				"%s is cut at the comma: inside { } a comma separates fields, so %s reads %s and a field %q", f.prefix+prev, f.prefix+prev, f.vals[prev].Value, k)
			continue
		}
		hint := "check the spelling, or remove the field"
		if s := nearest(k, allowed); s != "" {
			hint = fmt.Sprintf("did you mean `%s`?", f.prefix+s)
		}
		f.d.Warnf(f.pos(key), f.prefix+k, hint, "unknown field %q is ignored", f.prefix+k)
	}
}

// cutNumber reports whether field k of a { } group is the rest of the number
// before it, cut at a comma ("{lat: 11,97}", "{amount: 85,000}"): k is digits
// with no value, and the field before it is a whole number. It returns that
// field's name.
func (f *fields) cutNumber(k string) (string, bool) {
	v := f.vals[k]
	if f.node == nil || f.node.Style&yaml.FlowStyle == 0 || v.Tag != "!!null" || v.Value != "" ||
		strings.Trim(k, "0123456789") != "" {
		return "", false
	}
	i := slices.Index(f.order, k)
	if i < 1 {
		return "", false
	}
	prev := f.order[i-1]
	if pv := f.vals[prev]; pv.Kind != yaml.ScalarNode || pv.Tag != "!!int" {
		return "", false
	}
	return prev, true
}

// nearest returns the allowed name closest to s, if close enough to be a slip.
func nearest(s string, allowed []string) string {
	best, bestD := "", 1<<30
	n := utf8.RuneCountInString(s)
	for _, a := range allowed {
		if diff := n - utf8.RuneCountInString(a); diff >= bestD || -diff >= bestD {
			continue // the distance is at least the difference in length
		}
		if d := editDistance(s, a); d < bestD {
			best, bestD = a, d
		}
	}
	if bestD <= max(1, len([]rune(best))/3) {
		return best
	}
	return ""
}

// editDistance is the Damerau–Levenshtein (optimal string alignment) distance.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a group of fields"
	}
	return fmt.Sprintf("%q", n.Value)
}
