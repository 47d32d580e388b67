package i18n

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Strings holds one language's UI strings, loaded from a YAML file of flat
// key: value pairs (e.g. templates/i18n/vi.yaml); nested maps are flattened
// with '.'. A *Strings is immutable once built, so it is safe for
// concurrent use. A nil *Strings behaves as an empty set.
type Strings struct {
	m map[string]string
}

// yamlLine extracts the line number from a yaml.v3 error message
// ("yaml: line 3: ...").
var yamlLine = regexp.MustCompile(`line (\d+): `)

// LoadStrings parses YAML data: a mapping of string keys to string values,
// where nested mappings are flattened with '.' (`nav: {home: Trang chủ}`
// gives key "nav.home"). name is used only in error messages, which have
// the form "name:line: message". Empty data gives an empty Strings.
//
// Rejected, with the line: YAML syntax errors, a top level that is not a
// mapping, values that are not strings (numbers, booleans, null, lists;
// quote them), duplicate keys (also after flattening), empty keys and
// multiple documents.
func LoadStrings(name string, data []byte) (*Strings, error) {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &Strings{m: map[string]string{}}, nil
		}
		return nil, yamlErr(name, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s:%d: more than one YAML document", name, extra.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlErr(name, data, err)
	}

	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return &Strings{m: map[string]string{}}, nil
		}
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &Strings{m: map[string]string{}}, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: top level must be a mapping of keys to strings, found %s", name, root.Line, kindName(root))
	}
	s := &Strings{m: map[string]string{}}
	lines := map[string]int{} // key → line where it was defined, for duplicate errors
	if err := s.flatten(name, "", root, lines, 0); err != nil {
		return nil, err
	}
	return s, nil
}

// maxDepth bounds nesting (and alias chains) so hostile input cannot
// recurse without end.
const maxDepth = 32

func (s *Strings) flatten(name, prefix string, n *yaml.Node, lines map[string]int, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%s:%d: nesting deeper than %d levels", name, n.Line, maxDepth)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s:%d: key must be a plain string, found %s", name, k.Line, kindName(k))
		}
		if k.Tag == "!!merge" {
			return fmt.Errorf("%s:%d: merge keys (<<) are not supported", name, k.Line)
		}
		if k.Value == "" || k.Tag == "!!null" {
			return fmt.Errorf("%s:%d: empty key", name, k.Line)
		}
		key := k.Value
		if prefix != "" {
			key = prefix + "." + key
		}
		for hops := 0; v.Kind == yaml.AliasNode; hops++ {
			if hops > maxDepth || v.Alias == nil {
				return fmt.Errorf("%s:%d: %q: unresolvable alias", name, v.Line, key)
			}
			v = v.Alias
		}
		switch {
		case v.Kind == yaml.MappingNode:
			if err := s.flatten(name, key, v, lines, depth+1); err != nil {
				return err
			}
		case v.Kind == yaml.ScalarNode && v.Tag == "!!str":
			if prev, dup := lines[key]; dup {
				return fmt.Errorf("%s:%d: duplicate key %q (first defined on line %d)", name, k.Line, key, prev)
			}
			lines[key] = k.Line
			s.m[key] = v.Value
		default:
			return fmt.Errorf("%s:%d: %q: value must be a string, found %s", name, v.Line, key, kindName(v))
		}
	}
	return nil
}

// kindName describes a node for error messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null (write \"\" for an empty string)"
		case "!!int", "!!float":
			return "number " + n.Value + " (quote it)"
		case "!!bool":
			return "boolean " + n.Value + " (quote it)"
		}
		return "scalar " + n.Tag
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// yamlErr rewrites a yaml.v3 error as "name:line: message". yaml.v3 puts
// the line in the text of most errors ("yaml: line 3: ..."); for the few
// that lack it (bad bytes, unknown anchors) the line is found in data by
// errLine. If that fails too, the error reads "name: message".
func yamlErr(name string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		line, _ := strconv.Atoi(msg[m[2]:m[3]])
		rest := msg[:m[0]] + msg[m[1]:]
		return fmt.Errorf("%s:%d: %s", name, line, rest)
	}
	if line := errLine(msg, data); line > 0 {
		return fmt.Errorf("%s:%d: %s", name, line, msg)
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// unknownAnchor matches yaml.v3's error for an alias with no anchor.
var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// errLine finds the line of a yaml.v3 error whose message carries none:
// the first byte yaml rejects (invalid UTF-8 or a control character), or
// the first use of an unknown anchor. It returns 0 if it cannot tell.
func errLine(msg string, data []byte) int {
	off := -1
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		off = strings.Index(string(data), "*"+m[1])
	} else if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control character") {
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if (r == utf8.RuneError && size == 1) || !yamlPrintable(r) {
				off = i
				break
			}
			i += size
		}
	}
	if off < 0 {
		return 0
	}
	return 1 + strings.Count(string(data[:off]), "\n")
}

// yamlPrintable mirrors the YAML 1.2 c-printable set that yaml.v3 enforces.
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return false
	case r >= 0xd800 && r <= 0xdfff, r == 0xfffe, r == 0xffff:
		return false
	}
	return true
}

// Merge returns a new Strings holding the keys of s and over, where keys of
// over replace those of s (site strings over built-in ones). Either may be
// nil; neither is modified.
func (s *Strings) Merge(over *Strings) *Strings {
	out := &Strings{m: make(map[string]string, s.Len()+over.Len())}
	if s != nil {
		for k, v := range s.m {
			out.m[k] = v
		}
	}
	if over != nil {
		for k, v := range over.m {
			out.m[k] = v
		}
	}
	return out
}

// T returns the string for key, formatted with fmt.Sprintf if args are
// given. A missing key returns "[key]" so it is visible in output.
func (s *Strings) T(key string, args ...any) string {
	v, ok := s.Get(key)
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(v, args...)
	}
	return v
}

// Get returns the raw string for key and whether it exists.
func (s *Strings) Get(key string) (string, bool) {
	if s == nil {
		return "", false
	}
	v, ok := s.m[key]
	return v, ok
}

// Has reports whether the key exists.
func (s *Strings) Has(key string) bool {
	_, ok := s.Get(key)
	return ok
}

// Len returns the number of keys.
func (s *Strings) Len() int {
	if s == nil {
		return 0
	}
	return len(s.m)
}

// Keys returns the keys in sorted (byte) order.
func (s *Strings) Keys() []string {
	if s == nil {
		return nil
	}
	keys := make([]string, 0, len(s.m))
	for k := range s.m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
