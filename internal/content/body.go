package content

import (
	"bytes"

	"github.com/khanhson-ocop/ocop/internal/diag"
)

// Limits on the shape of a Markdown body. A real description stays far below
// them; text past them (usually pasted or generated, sometimes hostile) would
// make the Markdown converter work for minutes, so it is refused.
const (
	// MaxNesting is how many lists and quotes may sit inside each other.
	MaxNesting = 12
	// MaxBracketsPerParagraph is how many [ one paragraph may hold.
	MaxBracketsPerParagraph = 300
	// MaxBrackets is how many [ a whole body may hold.
	MaxBrackets = 2000
	// MaxBackticksPerParagraph is how many ` one paragraph may hold.
	MaxBackticksPerParagraph = 1000
	// MaxEmphasisPerParagraph is how many emphasis marks (* _ ~) one
	// paragraph may hold.
	MaxEmphasisPerParagraph = 500
)

// checkBody refuses Markdown bodies whose shape would make conversion slow.
// line is the file line on which the body starts.
func checkBody(name string, body []byte, line int, diags *diag.List) bool {
	brackets, paraBrackets, paraTicks, paraEmph := 0, 0, 0, 0
	for n, l := range bytes.Split(body, []byte("\n")) {
		at := diag.Pos{File: name, Line: line + n}
		if len(bytes.TrimSpace(l)) == 0 {
			paraBrackets, paraTicks, paraEmph = 0, 0, 0
			continue
		}
		ind := indentOf(string(l))
		if d := nesting(l); d > MaxNesting || (ind > 4*MaxNesting && nesting(bytes.TrimLeft(l, " \t")) > 0) {
			d = max(d, ind/2)
			diags.Errorf(at, "", "use at most 12 levels of lists and quotes (> and -) inside each other",
				"the text nests lists or quotes %d levels deep", d)
			return false
		}
		b := bytes.Count(l, []byte("["))
		brackets += b
		paraBrackets += b
		paraTicks += bytes.Count(l, []byte("`"))
		for _, c := range l {
			if c == '*' || c == '_' || c == '~' {
				paraEmph++
			}
		}
		switch {
		case paraBrackets > MaxBracketsPerParagraph:
			diags.Errorf(at, "", "split the paragraph, or remove stray [ characters",
				"the paragraph has more than %d [ brackets", MaxBracketsPerParagraph)
			return false
		case brackets > MaxBrackets:
			diags.Errorf(at, "", "shorten the text, or remove stray [ characters",
				"the text has more than %d [ brackets", MaxBrackets)
			return false
		case paraTicks > MaxBackticksPerParagraph:
			diags.Errorf(at, "", "split the paragraph, or remove stray ` characters",
				"the paragraph has more than %d ` characters", MaxBackticksPerParagraph)
			return false
		case paraEmph > MaxEmphasisPerParagraph:
			diags.Errorf(at, "", "split the paragraph, or remove stray *, _ and ~ characters",
				"the paragraph has more than %d emphasis marks (*, _ or ~)", MaxEmphasisPerParagraph)
			return false
		}
	}
	return true
}

// nesting counts the quote and list markers that open containers at the start
// of a Markdown line.
func nesting(l []byte) int {
	depth := 0
	for {
		i := 0
		for i < len(l) && i < 4 && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		l = l[i:]
		switch {
		case len(l) > 0 && l[0] == '>':
			depth++
			l = l[1:]
			continue
		case len(l) > 1 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && (l[1] == ' ' || l[1] == '\t'):
			depth++
			l = l[2:]
			continue
		}
		j := 0
		for j < len(l) && j < 9 && l[j] >= '0' && l[j] <= '9' {
			j++
		}
		if j > 0 && j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
			depth++
			l = l[j+2:]
			continue
		}
		return depth
	}
}
