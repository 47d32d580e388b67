package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// ErrUnsupported is returned by Compile for a template it does not run.
var ErrUnsupported = errors.New("tmplexec: unsupported template")

// ErrFallback is returned by Execute when a run met something it leaves to
// html/template; nothing was written.
var ErrFallback = errors.New("tmplexec: fall back to html/template")

// Program is a compiled template and the templates it calls. It is safe
// for concurrent use.
type Program struct {
	root *proc
	// states are reused between runs: a new one's stacks were 2 KB of
	// garbage per page (some 400 MB at 20,000 products).
	states sync.Pool
	// Fallbacks counts the runs that returned ErrFallback.
	Fallbacks atomic.Int64
	last      atomic.Pointer[string]
}

// LastFallback says why the last run that fell back did.
func (p *Program) LastFallback() string {
	if s := p.last.Load(); s != nil {
		return *s
	}
	return ""
}

// proc is one compiled template.
type proc struct {
	name  string
	body  []node
	slots int // variables, $ included
}

// state is one run's.
type state struct {
	w     *bytes.Buffer
	stack []reflect.Value // variables of the templates being run
	base  int             // where the current template's variables start
	args  []reflect.Value // arguments of the calls being made, innermost last
	depth int
}

type (
	// node writes its part of the output.
	node func(s *state, dot reflect.Value)
	// expr evaluates to a value.
	expr func(s *state, dot reflect.Value) reflect.Value
	// command evaluates to a value given the previous command's (final).
	command func(s *state, dot, final reflect.Value) reflect.Value
)

// bail stops a run: the caller falls back to html/template.
type bail struct{ why string }

func fallback(format string, args ...any) {
	panic(bail{fmt.Sprintf(format, args...)})
}

// missing marks "no previous command" (text/template's missingVal).
var missingType = reflect.TypeFor[missingVal]()

type missingVal struct{}

var missing = reflect.ValueOf(missingVal{})

func isMissing(v reflect.Value) bool { return v.IsValid() && v.Type() == missingType }

var (
	reflectValueType = reflect.TypeFor[reflect.Value]()
	emptyType        = reflect.TypeFor[any]()
)

// Trees are the parse trees of a template set by template name.
type Trees map[string]*parse.Tree

// TreesOf returns the trees of set's templates. Call it before anything
// executes set: html/template sets a template's Tree field again whenever
// it is first executed as the entry, so reading the field later would race
// with another goroutine's first execution of that template. The trees
// themselves are the ones html/template escapes in place.
func TreesOf(set *template.Template) Trees {
	m := Trees{}
	for _, t := range set.Templates() {
		m[t.Name()] = t.Tree
	}
	return m
}

// Compile compiles the template named name of trees (TreesOf a set) and
// every template it calls. html/template must have escaped them already:
// execute name once before compiling. funcs are the set's functions.
// adapt, optional, gives for a function (of funcs, or a method expression,
// receiver first) a Func that calls it without reflection, or the zero Func.
func Compile(trees Trees, name string, funcs template.FuncMap, adapt func(fn any) Func) (*Program, error) {
	ps, err := probes()
	if err != nil {
		return nil, err
	}
	if adapt == nil {
		adapt = func(any) Func { return Func{} }
	}
	c := &compiler{trees: trees, funcs: funcs, adapt: adapt, probes: ps, procs: map[string]*proc{}}
	root, err := c.proc(name)
	if err != nil {
		return nil, err
	}
	return &Program{root: root}, nil
}

// Execute runs the program with data, appending the output to w. It
// returns nil or, leaving w as it was, ErrFallback: the caller runs the
// template with html/template instead.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	n := w.Len()
	s, _ := p.states.Get().(*state)
	if s == nil {
		s = &state{stack: make([]reflect.Value, 0, 64), args: make([]reflect.Value, 0, 32)}
	}
	s.w = w
	defer func() {
		r := recover()
		if r != nil {
			// A run that stopped left values on its stacks.
			clear(s.stack[:cap(s.stack)])
			clear(s.args[:cap(s.args)])
		}
		*s = state{stack: s.stack[:0], args: s.args[:0]}
		p.states.Put(s)
		if r != nil {
			// A bail, or a panic in a function: html/template reports it.
			w.Truncate(n)
			why := fmt.Sprint(r)
			if b, ok := r.(bail); ok {
				why = b.why
			}
			p.last.Store(&why)
			p.Fallbacks.Add(1)
			err = ErrFallback
		}
	}()
	s.call(p.root, reflect.ValueOf(data))
	return nil
}

func (s *state) call(p *proc, dot reflect.Value) {
	if p.body == nil && p.slots == 0 {
		fallback("template %s not compiled", p.name)
	}
	s.depth++
	if s.depth > 1000 {
		fallback("templates nested too deep")
	}
	base := s.base
	s.base = len(s.stack)
	for range p.slots {
		s.stack = append(s.stack, reflect.Value{})
	}
	s.stack[s.base] = dot
	for _, n := range p.body {
		n(s, dot)
	}
	clear(s.stack[s.base:])
	s.stack = s.stack[:s.base]
	s.base = base
	s.depth--
}

// compiler holds the state of one Compile.
type compiler struct {
	trees  Trees
	funcs  template.FuncMap
	adapt  func(any) Func
	probes map[string]*probe
	procs  map[string]*proc
	tree   *parse.Tree // of the template being compiled
	// scope maps the variables in scope to their slots, innermost last.
	scope []scoped
	slots int
	max   int
}

type scoped struct {
	name string
	slot int
}

// unsupportedError says what in a template Compile leaves to html/template,
// and where (file:line:column, once known).
type unsupportedError struct {
	where, what string
}

func (e *unsupportedError) Error() string {
	if e.where == "" {
		return e.what + " (left to html/template)"
	}
	return e.where + ": " + e.what + " (left to html/template)"
}

func (e *unsupportedError) Is(target error) bool { return target == ErrUnsupported }

func unsupported(format string, args ...any) error {
	return &unsupportedError{what: fmt.Sprintf(format, args...)}
}

func (c *compiler) proc(name string) (*proc, error) {
	if p, ok := c.procs[name]; ok {
		return p, nil // compiled, or being compiled (recursion)
	}
	tree := c.trees[name]
	if tree == nil || tree.Root == nil {
		return nil, unsupported("no template %q (or one html/template derived for another context)", name)
	}
	p := &proc{name: name}
	c.procs[name] = p
	scope, slots, max, outer := c.scope, c.slots, c.max, c.tree
	c.scope, c.slots, c.max, c.tree = []scoped{{"$", 0}}, 1, 1, tree
	body, err := c.list(tree.Root)
	if err != nil {
		return nil, err
	}
	p.body, p.slots = body, c.max
	c.scope, c.slots, c.max, c.tree = scope, slots, max, outer
	return p, nil
}

func (c *compiler) list(l *parse.ListNode) ([]node, error) {
	if l == nil {
		return nil, nil
	}
	var out []node
	for _, n := range l.Nodes {
		f, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if f != nil {
			out = append(out, f)
		}
	}
	return out, nil
}

func run(s *state, dot reflect.Value, body []node) {
	for _, n := range body {
		n(s, dot)
	}
}

// declare gives a new variable a slot.
func (c *compiler) declare(name string) int {
	slot := c.slots
	c.slots++
	c.max = max(c.max, c.slots)
	c.scope = append(c.scope, scoped{name, slot})
	return slot
}

func (c *compiler) lookup(name string) (int, error) {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if c.scope[i].name == name {
			return c.scope[i].slot, nil
		}
	}
	return 0, unsupported("undefined variable %s", name)
}

// mark and pop scope variables as text/template's state does.
func (c *compiler) mark() (int, int) { return len(c.scope), c.slots }
func (c *compiler) pop(n, slots int) { c.scope, c.slots = c.scope[:n], slots }

// node compiles n; what it leaves to html/template is located at n unless
// a node inside it was more precise.
func (c *compiler) node(n parse.Node) (node, error) {
	f, err := c.node1(n)
	var u *unsupportedError
	if errors.As(err, &u) && u.where == "" {
		u.where, _ = c.tree.ErrorContext(n)
	}
	return f, err
}

func (c *compiler) node1(n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) { s.w.Write(text) }, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.template(n)
	case *parse.ListNode:
		body, err := c.list(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) { run(s, dot, body) }, nil
	}
	return nil, unsupported("%s", n)
}

// action compiles an output action: its value, then its escapers.
func (c *compiler) action(a *parse.ActionNode) (node, error) {
	if len(a.Pipe.Decl) > 0 {
		p, err := c.pipe(a.Pipe)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) { p(s, dot) }, nil
	}
	cmds := a.Pipe.Cmds
	k := len(cmds)
	for k > 0 && isEscaper(cmds[k-1]) {
		k--
	}
	if k == len(cmds) || k == 0 {
		return nil, unsupported("action without escapers")
	}
	ch := &chain{}
	var names []string
	for _, cmd := range cmds[k:] {
		if len(cmd.Args) != 1 {
			return nil, unsupported("escaper with arguments")
		}
		name := strings.TrimPrefix(cmd.Args[0].(*parse.IdentifierNode).Ident, escPrefix)
		names = append(names, name)
		ch.steps = append(ch.steps, escaper(name))
	}
	ch.key = strings.Join(names, ",")
	ch.probe = c.probes[ch.key]
	if ch.probe == nil {
		return nil, unsupported("escapers %s", ch.key)
	}
	for _, cmd := range cmds[:k] {
		if hasEscaper(cmd) {
			return nil, unsupported("escaper inside a pipeline")
		}
	}
	if k == 1 && ch.key == "htmlescaper" {
		// {{f . $x}} in element content, f's result template.HTML: it goes
		// out as it is, appended to the output.
		app, err := c.appendCall(cmds[0])
		if err != nil || app != nil {
			return app, err
		}
	}
	if k == 1 {
		// {{f . $x}}: a string-like result is escaped as it is.
		text, err := c.textCall(cmds[0])
		if err != nil {
			return nil, err
		}
		if text != nil {
			return func(s *state, dot reflect.Value) {
				t, kind := text(s, dot)
				out, ok := ch.nativeText(t, kind)
				if !ok {
					var err error
					if out, err = ch.probe.escape(kind.value(t)); err != nil {
						fallback("%v", err)
					}
				}
				s.w.WriteString(out)
			}, nil
		}
	}
	val, err := c.commands(cmds[:k])
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) {
		v := val(s, dot)
		var arg any
		if v.IsValid() {
			arg = v.Interface()
		}
		out, err := ch.apply(arg)
		if err != nil {
			fallback("%v", err)
		}
		s.w.WriteString(out)
	}, nil
}

func isEscaper(cmd *parse.CommandNode) bool {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	return ok && strings.HasPrefix(id.Ident, escPrefix)
}

// hasEscaper reports whether an escaper appears anywhere in cmd (html/template
// puts them only at the end of an action's pipeline, which action handles).
func hasEscaper(cmd *parse.CommandNode) bool {
	found := false
	for _, a := range cmd.Args {
		if strings.Contains(a.String(), escPrefix) || strings.Contains(a.String(), "_eval_args_") {
			found = true
		}
	}
	return found
}

// commands compiles a pipeline's commands, each given the previous one's
// value, into one expression (text/template's evalPipeline without
// variables).
func (c *compiler) commands(cmds []*parse.CommandNode) (expr, error) {
	fs := make([]command, len(cmds))
	for i, cmd := range cmds {
		f, err := c.command(cmd, i > 0)
		if err != nil {
			return nil, err
		}
		fs[i] = f
	}
	return func(s *state, dot reflect.Value) reflect.Value {
		v := missing
		for _, f := range fs {
			v = f(s, dot, v)
			// An interface{} result is lifted to its concrete value.
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = reflect.ValueOf(v.Interface())
			}
		}
		return v
	}, nil
}

// pipe compiles a pipeline with its variable declarations or assignments
// (the caller marks and pops the scope around what may see them).
func (c *compiler) pipe(p *parse.PipeNode) (expr, error) {
	if p == nil {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }, nil
	}
	for _, cmd := range p.Cmds {
		if hasEscaper(cmd) {
			return nil, unsupported("escaper in a pipeline")
		}
	}
	val, err := c.commands(p.Cmds)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) == 0 {
		return val, nil
	}
	slots := make([]int, len(p.Decl))
	for i, v := range p.Decl {
		if p.IsAssign {
			slots[i], err = c.lookup(v.Ident[0])
			if err != nil {
				return nil, err
			}
		}
	}
	// Declared after the pipeline is compiled: {{$x := $x}} reads the outer $x.
	if !p.IsAssign {
		for i, v := range p.Decl {
			slots[i] = c.declare(v.Ident[0])
		}
	}
	return func(s *state, dot reflect.Value) reflect.Value {
		v := val(s, dot)
		for _, slot := range slots {
			s.stack[s.base+slot] = v
		}
		return v
	}, nil
}

func (c *compiler) ifWith(p *parse.PipeNode, list, elseList *parse.ListNode, with bool) (node, error) {
	n, slots := c.mark()
	defer c.pop(n, slots)
	cond, err := c.pipe(p)
	if err != nil {
		return nil, err
	}
	body, err := c.list(list)
	if err != nil {
		return nil, err
	}
	elseBody, err := c.list(elseList)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) {
		v := cond(s, dot)
		t, ok := isTrue(indirectInterface(v))
		if !ok {
			fallback("if/with can't use %v", v)
		}
		if t {
			if with {
				run(s, v, body)
			} else {
				run(s, dot, body)
			}
		} else {
			run(s, dot, elseBody)
		}
	}, nil
}

func (c *compiler) rangeNode(r *parse.RangeNode) (node, error) {
	n, slots := c.mark()
	defer c.pop(n, slots)
	val, err := c.pipe(r.Pipe)
	if err != nil {
		return nil, err
	}
	var elemSlot, indexSlot = -1, -1
	decl := r.Pipe.Decl
	switch {
	case len(decl) == 1:
		elemSlot, _ = c.lookup(decl[0].Ident[0])
	case len(decl) == 2:
		// $i, $x: the index first, the element second.
		indexSlot, _ = c.lookup(decl[0].Ident[0])
		elemSlot, _ = c.lookup(decl[1].Ident[0])
	case len(decl) > 2:
		return nil, unsupported("range with %d variables", len(decl))
	}
	bn, bslots := c.mark()
	body, err := c.list(r.List)
	if err != nil {
		return nil, err
	}
	c.pop(bn, bslots)
	elseBody, err := c.list(r.ElseList)
	if err != nil {
		return nil, err
	}
	two := len(decl) > 1
	return func(s *state, dot reflect.Value) {
		v, _ := indirect(val(s, dot))
		one := func(index, elem reflect.Value) {
			if elemSlot >= 0 {
				s.stack[s.base+elemSlot] = elem
			}
			if indexSlot >= 0 {
				s.stack[s.base+indexSlot] = index
			}
			run(s, elem, body)
		}
		switch v.Kind() {
		case reflect.Array, reflect.Slice:
			if v.Len() == 0 {
				break
			}
			for i := 0; i < v.Len(); i++ {
				one(reflect.ValueOf(i), v.Index(i))
			}
			return
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if two {
				fallback("range over an integer with two variables")
			}
			if v.Int() <= 0 {
				break
			}
			for i := range v.Int() {
				one(reflect.Value{}, reflect.ValueOf(i).Convert(v.Type()))
			}
			return
		case reflect.Map:
			if v.Len() == 0 {
				break
			}
			fallback("range over a map")
		case reflect.Invalid:
			// a nil map or the like: nothing to range over
		default:
			fallback("range over %s", v.Kind())
		}
		run(s, dot, elseBody)
	}, nil
}

func (c *compiler) template(t *parse.TemplateNode) (node, error) {
	arg, err := c.pipe(t.Pipe)
	if err != nil {
		return nil, err
	}
	if t.Pipe != nil && len(t.Pipe.Decl) > 0 {
		return nil, unsupported("variables in a template call")
	}
	p, err := c.proc(t.Name)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) {
		s.call(p, arg(s, dot))
	}, nil
}

// command compiles one command of a pipeline (text/template's evalCommand).
func (c *compiler) command(cmd *parse.CommandNode, final bool) (command, error) {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fieldChain(nil, n.Ident, cmd.Args)
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			return nil, unsupported("indirection through explicit nil")
		}
		recv, err := c.arg(nil, n.Node)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(recv, n.Field, cmd.Args)
	case *parse.IdentifierNode:
		return c.function(n.Ident, cmd.Args, final)
	case *parse.VariableNode:
		slot, err := c.lookup(n.Ident[0])
		if err != nil {
			return nil, err
		}
		get := func(s *state, _ reflect.Value) reflect.Value { return s.stack[s.base+slot] }
		if len(n.Ident) == 1 {
			if len(cmd.Args) > 1 {
				return nil, unsupported("arguments to a variable")
			}
			return notAFunction(get), nil
		}
		return c.fieldChain(get, n.Ident[1:], cmd.Args)
	case *parse.PipeNode:
		if len(cmd.Args) > 1 {
			return nil, unsupported("arguments to a pipeline")
		}
		p, err := c.pipe(n)
		if err != nil {
			return nil, err
		}
		return notAFunction(p), nil
	}
	if len(cmd.Args) > 1 {
		return nil, unsupported("arguments to a non-function %s", cmd.Args[0])
	}
	e, err := c.literal(cmd.Args[0])
	if err != nil {
		return nil, err
	}
	return notAFunction(e), nil
}

// notAFunction evaluates e, which takes no previous value.
func notAFunction(e expr) command {
	return func(s *state, dot, final reflect.Value) reflect.Value {
		if !isMissing(final) {
			fallback("can't give an argument to a non-function")
		}
		return e(s, dot)
	}
}

// literal compiles a constant or dot.
func (c *compiler) literal(n parse.Node) (expr, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) reflect.Value { return dot }, nil
	case *parse.BoolNode:
		v := reflect.ValueOf(n.True)
		return func(*state, reflect.Value) reflect.Value { return v }, nil
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return func(*state, reflect.Value) reflect.Value { return v }, nil
	case *parse.NumberNode:
		v, err := idealConstant(n)
		if err != nil {
			return nil, err
		}
		return func(*state, reflect.Value) reflect.Value { return v }, nil
	}
	return nil, unsupported("%s", n)
}

func idealConstant(n *parse.NumberNode) (reflect.Value, error) {
	switch {
	case n.IsComplex:
		return reflect.ValueOf(n.Complex128), nil
	case n.IsFloat && !strings.HasPrefix(n.Text, "0x") && !strings.HasPrefix(n.Text, "0X") && !strings.HasPrefix(n.Text, "'") && strings.ContainsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64), nil
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return reflect.Value{}, unsupported("%s overflows int", n.Text)
		}
		return reflect.ValueOf(i), nil
	}
	return reflect.Value{}, unsupported("number %s", n.Text)
}
