package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sourceFormats collects the English formats of every diagnostic message and
// hint written in the code base (../ is internal/): the format and hint
// arguments of Errorf and Warnf on a List, of the catalog's errorf, missing
// and required helpers, the Message and Hint of Diagnostic literals, and
// strings assigned to message and hint fields. A string built from pieces
// becomes a format with %s for each piece that is not a literal; a variable
// is followed to what the function assigns to it.
func sourceFormats(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{} // format → where
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			c := collector{fn: fn.Body, file: f, out: out, fset: fset}
			ast.Inspect(fn.Body, c.visit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type collector struct {
	fn   *ast.BlockStmt
	file *ast.File
	out  map[string][]string
	fset *token.FileSet
}

func (c *collector) add(e ast.Expr) { c.addPrefixed("", e) }

// addPrefixed adds the formats of e, each after prefix.
func (c *collector) addPrefixed(prefix string, e ast.Expr) {
	for _, p := range c.patterns(e, 0) {
		p = prefix + p
		if needsTranslation(p) {
			c.out[p] = append(c.out[p], c.fset.Position(e.Pos()).String())
		}
	}
}

// needsTranslation reports whether a format holds words, not just verbs.
func needsTranslation(p string) bool {
	rest := verbRe.ReplaceAllString(p, "")
	return strings.IndexFunc(rest, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0
}

func (c *collector) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "problem" && len(n.Args) >= 2 {
			// images.Error: the problem is shown after "photo <file> ".
			c.add(n.Args[0])
			c.addPrefixed("%s %s ", n.Args[1])
			return true
		}
		sel, ok := n.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "fmt" || id.Name == "errors" || id.Name == "log") {
			return true
		}
		args := n.Args
		switch sel.Sel.Name {
		case "Errorf", "Warnf": // (pos, field, hint, format, args...)
			if len(args) >= 4 {
				c.add(args[2])
				c.addFormat(args[3])
			}
		case "errorf": // (name, hint, format, args...)
			if len(args) >= 3 {
				c.add(args[1])
				c.addFormat(args[2])
			}
		case "missing", "required": // (name, severity, hint)
			if len(args) >= 3 {
				c.add(args[2])
			}
		}
	case *ast.CompositeLit:
		for _, e := range n.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if k, ok := kv.Key.(*ast.Ident); ok && isMessageField(k.Name) {
				c.add(kv.Value)
			}
		}
	case *ast.AssignStmt:
		for i, l := range n.Lhs {
			if sel, ok := l.(*ast.SelectorExpr); ok && isMessageField(sel.Sel.Name) && i < len(n.Rhs) {
				if n.Tok == token.ADD_ASSIGN {
					c.addPrefixed("%s", n.Rhs[i])
				} else {
					c.add(n.Rhs[i])
				}
			}
		}
	}
	return true
}

func isMessageField(name string) bool {
	switch name {
	case "Message", "Hint", "message", "hint":
		return true
	}
	return false
}

// addFormat adds a format argument: a literal, or what a variable holds.
func (c *collector) addFormat(e ast.Expr) { c.add(e) }

// patterns returns the formats an expression can produce.
func (c *collector) patterns(e ast.Expr, depth int) []string {
	if depth > 4 {
		return []string{"%s"}
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			if err == nil {
				return []string{s}
			}
		}
	case *ast.ParenExpr:
		return c.patterns(e.X, depth)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			var out []string
			for _, x := range c.patterns(e.X, depth+1) {
				for _, y := range c.patterns(e.Y, depth+1) {
					out = append(out, x+y)
				}
			}
			return out
		}
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" && sel.Sel.Name == "Sprintf" && len(e.Args) > 0 {
				return c.patterns(e.Args[0], depth+1)
			}
		}
	case *ast.Ident:
		var out []string
		for _, rhs := range c.assigned(e.Name) {
			// A variable built from itself ("x = a + x") stands for its other values.
			for _, p := range c.patterns(withoutSelf(rhs, e.Name), depth+1) {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return []string{"%s"}
}

// withoutSelf replaces references to name in e with a placeholder.
func withoutSelf(e ast.Expr, name string) ast.Expr {
	if id, ok := e.(*ast.Ident); ok && id.Name == name {
		return &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote("%s")}
	}
	if b, ok := e.(*ast.BinaryExpr); ok {
		return &ast.BinaryExpr{X: withoutSelf(b.X, name), Op: b.Op, Y: withoutSelf(b.Y, name)}
	}
	return e
}

// assigned returns the expressions assigned to a variable in the function,
// or to a constant or variable of that name declared in the file.
func (c *collector) assigned(name string) []ast.Expr {
	out := c.assignedIn(c.fn, name)
	if len(out) == 0 {
		for _, d := range c.file.Decls {
			if g, ok := d.(*ast.GenDecl); ok {
				out = append(out, c.assignedIn(g, name)...)
			}
		}
	}
	return out
}

func (c *collector) assignedIn(node ast.Node, name string) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					out = append(out, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if id.Name == name && i < len(n.Values) {
					out = append(out, n.Values[i])
				}
			}
		}
		return true
	})
	return out
}

// TestEveryFormatTranslated fails when a diagnostic message or hint written in
// the code has no Vietnamese translation.
func TestEveryFormatTranslated(t *testing.T) {
	formats := sourceFormats(t)
	if len(formats) < 50 {
		t.Fatalf("found only %d formats: the collector is broken", len(formats))
	}
	tr := NewTranslator(Vietnamese)
	var missing []string
	for f, where := range formats {
		if !tr.Has(f) {
			missing = append(missing, strconv.Quote(f)+": \"\", // "+where[0])
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%d formats have no Vietnamese translation in vi.go:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// TestTranslationsKeepVerbs checks that each translation uses the verbs of its
// English format, so that every value the message names is shown.
func TestTranslationsKeepVerbs(t *testing.T) {
	for en, vi := range tables[Vietnamese] {
		if vi == "" {
			t.Errorf("%q: empty translation", en)
			continue
		}
		ve, vv := Verbs(en), Verbs(vi)
		if len(ve) != len(vv) {
			t.Errorf("%q → %q: %d verbs, want %d", en, vi, len(vv), len(ve))
			continue
		}
		idx := regexp.MustCompile(`\[\d+\]`)
		for i := range ve {
			if !strings.Contains(vv[i], "[") && strings.TrimLeft(idx.ReplaceAllString(ve[i], ""), "%") != strings.TrimLeft(vv[i], "%") {
				t.Errorf("%q → %q: verb %d is %s, want %s", en, vi, i+1, vv[i], ve[i])
			}
		}
	}
}
