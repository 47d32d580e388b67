package content

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlProblem is a YAML syntax error explained for a producer.
type yamlProblem struct {
	line, column int // 1-based, relative to the parsed text
	message      string
	hint         string
}

// locateBudget is how many bytes of YAML locating an error may parse: every
// cut of a small document is parsed, larger (hostile) ones are bisected, and
// past the budget the parser's own line is used, so locating stays fast.
const locateBudget = 512 << 10

// locateYAMLError finds the line a YAML syntax error is really about. The
// parser reports the start of the enclosing block (often the first line of the
// front matter), not the line the producer got wrong, so the document is cut
// after each line: the culprit is the first line from which every longer cut
// fails to parse. A quote or bracket that is opened and closed on later lines
// makes only a few cuts fail, so it is not blamed.
func locateYAMLError(data []byte, reported int, msg string) yamlProblem {
	lines := strings.Split(string(data), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	// A tab in the indentation is always wrong and easy to name.
	for i, l := range lines {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if strings.Contains(indent, "\t") && strings.TrimSpace(l) != "" && !inBlockScalar(lines, i) {
			return yamlProblem{line: i + 1, column: runeCol(l, strings.IndexByte(l, '\t')),
				message: "a tab is used to indent this line",
				hint:    "indent with spaces only: delete the tab and type spaces"}
		}
	}
	// ends[k] is the length of the first k lines.
	ends := make([]int, len(lines)+1)
	for i, l := range lines {
		ends[i+1] = ends[i] + len(l) + 1
	}
	spent := 0
	fails := func(k int) bool {
		spent += ends[k]
		var n yaml.Node
		return yaml.Unmarshal(data[:min(ends[k], len(data))], &n) != nil
	}
	fallback := max(1, min(reported, len(lines)))
	if len(lines) == 0 {
		return explainLine([]string{""}, 1, msg)
	}
	// The culprit is the last k (scanning down from the end) from which every
	// cut fails. Past the budget, bisect what is left.
	k := len(lines) - 1
	for k > 0 && spent < locateBudget/2 && fails(k) {
		k--
	}
	if k > 0 && spent >= locateBudget/2 {
		lo, hi := 1, k+1 // fails(hi) is known
		for lo < hi && spent < locateBudget {
			mid := lo + (hi-lo)/2
			if fails(mid) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if lo != hi {
			return explainLine(lines, fallback, msg)
		}
		return explainLine(lines, lo, msg)
	}
	return explainLine(lines, k+1, msg)
}

// inBlockScalar reports whether line i belongs to a block scalar (| or >),
// where tabs are text.
func inBlockScalar(lines []string, i int) bool {
	ind := indentOf(lines[i])
	for j := i - 1; j >= 0; j-- {
		l := lines[j]
		if strings.TrimSpace(l) == "" {
			continue
		}
		if indentOf(l) < ind {
			t := strings.TrimRight(stripComment(l), " \t")
			return strings.HasSuffix(t, "|") || strings.HasSuffix(t, ">") || strings.HasSuffix(t, "|-") || strings.HasSuffix(t, ">-")
		}
	}
	return false
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }

// stripComment removes a trailing comment outside quotes.
func stripComment(l string) string {
	s := scanLine(l)
	return l[:s.end]
}

// lineScan is what a rough scan of one YAML line found.
type lineScan struct {
	end         int  // where a comment starts, or len(line)
	openQuote   int  // column (0-based) of a quote never closed on the line, or -1
	afterQuote  int  // column of text following a closing quote, or -1
	openBracket int  // column of a [ or { never closed on the line, or -1
	colons      int  // ": " separators outside quotes and brackets
	secondColon int  // column of the second such separator, or -1
	hasColon    bool // a key separator outside quotes
}

// scanLine scans one line the way a producer reads it: quotes start values,
// brackets open flow lists and groups, # after a space starts a comment.
func scanLine(l string) lineScan {
	s := lineScan{end: len(l), openQuote: -1, afterQuote: -1, openBracket: -1, secondColon: -1}
	var stack []int
	valueStart := true // at a place where a value or key may start
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			s.end = i
			goto done
		case (c == '"' || c == '\'') && valueStart:
			j := i + 1
			closed := false
			for j < len(l) {
				if c == '"' && l[j] == '\\' {
					j += 2
					continue
				}
				if l[j] == c {
					if c == '\'' && j+1 < len(l) && l[j+1] == '\'' {
						j += 2
						continue
					}
					closed = true
					break
				}
				j++
			}
			if !closed {
				s.openQuote = i
				s.end = len(l)
				goto done
			}
			// What follows the closing quote must end the value.
			k := j + 1
			for k < len(l) && (l[k] == ' ' || l[k] == '\t') {
				k++
			}
			if k < len(l) && !strings.ContainsRune(",]}:#", rune(l[k])) && s.afterQuote < 0 {
				s.afterQuote = k
			}
			i = j
			valueStart = false
			continue
		case c == '[' || c == '{':
			if valueStart {
				stack = append(stack, i)
			}
		case c == ']' || c == '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case c == ':' && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t'):
			s.hasColon = true
			if len(stack) == 0 {
				s.colons++
				if s.colons == 2 {
					s.secondColon = i
				}
			}
		}
		switch {
		case c == ' ' || c == '\t':
		case c == ':' || c == '-' || c == '[' || c == '{' || c == ',' || c == '?':
			valueStart = true
			continue
		default:
			valueStart = false
			continue
		}
	}
done:
	if len(stack) > 0 && s.openQuote < 0 {
		s.openBracket = stack[0]
	}
	return s
}

// explainLine names what is wrong with line n (1-based) in words.
func explainLine(lines []string, n int, msg string) yamlProblem {
	l := lines[n-1]
	s := scanLine(l)
	p := yamlProblem{line: n, column: indentOf(l) + 1}
	switch {
	case s.openQuote >= 0:
		q := string(l[s.openQuote])
		p.column = runeCol(l, s.openQuote)
		p.message = "a value starts with " + q + " but the quote is never closed on this line"
		p.hint = "end the value with " + q + " as well, or remove the quote"
	case s.afterQuote >= 0:
		p.column = runeCol(l, s.afterQuote)
		p.message = "there is text after the closing quote"
		p.hint = "put the whole value inside the quotes"
	case s.openBracket >= 0:
		p.column = runeCol(l, s.openBracket)
		p.message = "a bracket ([ or {) is opened on this line but never closed"
		p.hint = "close it on the same line, e.g. [one, two] or {amount: 150000, unit: hộp}"
	case s.colons >= 2:
		p.column = runeCol(l, s.secondColon)
		p.message = "the value contains a colon followed by a space"
		p.hint = `put the value in double quotes, e.g. opening_hours: "Mở cửa: 7:00–17:00"`
	case strings.Contains(msg, "already defined"):
		p.message = "a field is written twice"
		p.hint = "each field may appear once: delete one of them"
	case !s.hasColon && !strings.HasPrefix(strings.TrimSpace(l), "-") && strings.TrimSpace(stripComment(l)) != "":
		p.message = "this line is not a field: a colon is missing"
		p.hint = "write the field as name: value, with a space after the colon; text that continues a value goes in quotes on one line"
	case n > 1 && wrongIndent(lines, n):
		p.message = "this line is indented differently from the fields around it"
		p.hint = "fields of the same group start in the same column; use spaces, two per level"
	case strings.Contains(msg, "control characters"):
		p.message = "the line contains an invisible control character"
		p.hint = "retype the line"
	default:
		p.message = "the fields cannot be read: " + msg
		p.hint = "check the indentation and the quotes on this line and the line above"
	}
	return p
}

// runeCol is the 1-based column, in characters, of byte offset i of l.
func runeCol(l string, i int) int { return utf8.RuneCountInString(l[:i]) + 1 }

// wrongIndent reports whether line n (1-based) is indented unlike any line it
// could belong to: deeper than a field that already has a value, or at a
// column no earlier field uses.
func wrongIndent(lines []string, n int) bool {
	ind := indentOf(lines[n-1])
	prev := -1
	for j := n - 2; j >= 0; j-- {
		if t := strings.TrimSpace(stripComment(lines[j])); t != "" {
			prev = j
			break
		}
	}
	if prev < 0 {
		return ind > 0
	}
	pl := strings.TrimRight(stripComment(lines[prev]), " \t")
	pind := indentOf(pl)
	if ind > pind {
		// Deeper: only after "key:" with nothing after it, or a list item.
		return !strings.HasSuffix(pl, ":") && !strings.HasPrefix(strings.TrimSpace(pl), "- ")
	}
	if ind == pind {
		return false
	}
	for j := prev; j >= 0; j-- {
		t := strings.TrimSpace(stripComment(lines[j]))
		if t == "" {
			continue
		}
		if i := indentOf(lines[j]); i == ind {
			return false
		} else if i < ind {
			return true
		}
	}
	return true
}

// firstControl returns the 1-based line and column of the first control
// character other than tab and newline, or 0, 0.
func firstControl(data []byte) (int, int) {
	i := bytes.IndexFunc(data, func(r rune) bool {
		return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f
	})
	if i < 0 {
		return 0, 0
	}
	line := 1 + bytes.Count(data[:i], []byte("\n"))
	return line, utf8.RuneCount(data[bytes.LastIndexByte(data[:i], '\n')+1:i]) + 1
}
