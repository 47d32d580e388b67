// The evaluation rules in this file follow Go's text/template (exec.go,
// funcs.go), Copyright 2011 The Go Authors, under the BSD-style license in
// LICENSE-GO; where text/template would report an error, the run falls back.

package tmplexec

import (
	"reflect"
	"sync/atomic"
	"text/template/parse"
)

// fieldChain compiles .A.B.C (on dot, or on recv's value) with the
// command's arguments going to the last element.
func (c *compiler) fieldChain(recv expr, idents []string, cmdArgs []parse.Node) (command, error) {
	steps := make([]*field, len(idents))
	for i, id := range idents {
		steps[i] = &field{name: id, adapt: c.adapt}
	}
	args, err := c.arguments(cmdArgs[1:])
	if err != nil {
		return nil, err
	}
	last := len(steps) - 1
	return func(s *state, dot, final reflect.Value) reflect.Value {
		v := dot
		if recv != nil {
			v = recv(s, dot)
		}
		for _, f := range steps[:last] {
			v = f.eval(s, dot, v, nil, missing)
		}
		return steps[last].eval(s, dot, v, args, final)
	}, nil
}

// field is one name of a field chain, with what it was for the last
// receiver type seen.
type field struct {
	name  string
	adapt func(any) Func
	cache atomic.Pointer[fieldEntry]
}

type fieldEntry struct {
	typ    reflect.Type    // of the receiver, addressed when it can be
	method *reflect.Method // of typ, or nil
	direct Func            // calls the method without reflection (receiver first)
	index  []int           // struct field, when not a method
	isMap  bool
}

func (f *field) lookup(ptr, receiver reflect.Value) *fieldEntry {
	typ := ptr.Type()
	if e := f.cache.Load(); e != nil && e.typ == typ {
		return e
	}
	e := &fieldEntry{typ: typ}
	if m, ok := typ.MethodByName(f.name); ok && ptr.Kind() != reflect.Interface {
		e.method, e.direct = &m, f.adapt(m.Func.Interface())
	} else {
		switch receiver.Kind() {
		case reflect.Struct:
			sf, ok := receiver.Type().FieldByName(f.name)
			if !ok || !sf.IsExported() {
				fallback("can't evaluate field %s in type %s", f.name, receiver.Type())
			}
			e.index = sf.Index
		case reflect.Map:
			if !reflect.TypeFor[string]().AssignableTo(receiver.Type().Key()) {
				fallback("map key type %s", receiver.Type().Key())
			}
			e.isMap = true
		default:
			fallback("can't evaluate field %s in %s", f.name, receiver.Kind())
		}
	}
	f.cache.Store(e)
	return e
}

// eval is text/template's evalField.
func (f *field) eval(s *state, dot, receiver reflect.Value, args []*argument, final reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{}
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		fallback("nil pointer evaluating .%s", f.name)
	}
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	e := f.lookup(ptr, receiver)
	if e.method != nil {
		return callMethod(s, dot, ptr, e.method, e.direct, args, final)
	}
	if len(args) > 0 || !isMissing(final) {
		fallback("%s has arguments but cannot be invoked as a function", f.name)
	}
	if e.isMap {
		return receiver.MapIndex(reflect.ValueOf(f.name))
	}
	v, err := receiver.FieldByIndexErr(e.index)
	if err != nil {
		fallback("%v", err)
	}
	return v
}

// argument is a compiled argument of a call whose parameter types are known
// only when it runs (a method).
type argument struct {
	node parse.Node
	dyn  expr // nil for a constant
}

func (c *compiler) arguments(nodes []parse.Node) ([]*argument, error) {
	var out []*argument
	for _, n := range nodes {
		a := &argument{node: n}
		switch n.(type) {
		case *parse.DotNode, *parse.FieldNode, *parse.VariableNode, *parse.PipeNode, *parse.IdentifierNode, *parse.ChainNode:
			e, err := c.arg(nil, n)
			if err != nil {
				return nil, err
			}
			a.dyn = e
		case *parse.BoolNode, *parse.StringNode, *parse.NumberNode, *parse.NilNode:
		default:
			return nil, unsupported("argument %s", n)
		}
		out = append(out, a)
	}
	return out, nil
}

func (a *argument) value(s *state, dot reflect.Value, typ reflect.Type) reflect.Value {
	if a.dyn != nil {
		return validateType(a.dyn(s, dot), typ)
	}
	v, err := constant(a.node, typ)
	if err != nil {
		fallback("%v", err)
	}
	return v
}

// callMethod calls method m on recv (text/template's evalCall), through
// direct when it has a Func, else through reflection; the arguments'
// types are known only now, from m's.
func callMethod(s *state, dot, recv reflect.Value, m *reflect.Method, direct Func, args []*argument, final reflect.Value) reflect.Value {
	typ := m.Type // receiver first
	numIn := len(args) + 1
	if !isMissing(final) {
		numIn++
	}
	last := typ.NumIn() - 1
	if typ.IsVariadic() && numIn < last || !typ.IsVariadic() && numIn != typ.NumIn() {
		fallback("wrong number of arguments")
	}
	param := func(i int) reflect.Type {
		if typ.IsVariadic() && i >= last {
			return typ.In(last).Elem()
		}
		return typ.In(i)
	}
	base := len(s.args)
	s.args = append(s.args, recv)
	for i, a := range args {
		v := a.value(s, dot, param(i+1))
		s.args = append(s.args, v)
	}
	if !isMissing(final) {
		v := validateType(final, param(numIn-1))
		s.args = append(s.args, v)
	}
	var v reflect.Value
	if direct.call != nil {
		v = direct.call(s.args[base:])
	} else {
		v = result(m.Func.Call(s.args[base:]))
	}
	s.pop(base)
	return v
}

func result(out []reflect.Value) reflect.Value {
	if len(out) == 2 && !out[1].IsNil() {
		fallback("error calling a function: %v", out[1].Interface())
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// function compiles a call of a function of the set or a builtin.
func (c *compiler) function(name string, cmdArgs []parse.Node, final bool) (command, error) {
	nodes := cmdArgs[1:]
	if f, ok := c.funcs[name]; ok {
		return c.call(name, reflect.ValueOf(f), nodes, final)
	}
	if b := builtin(name); b != nil {
		args := make([]expr, len(nodes))
		for i, n := range nodes {
			e, err := c.arg(reflectValueType, n)
			if err != nil {
				return nil, err
			}
			args[i] = e
		}
		return b(args), nil
	}
	return nil, unsupported("%s, a function the compiled templates do not run", name)
}

// call compiles the call of a function whose type is known now.
func (c *compiler) call(name string, fn reflect.Value, nodes []parse.Node, final bool) (command, error) {
	args, finalType, err := c.callArgs(name, fn.Type(), nodes, final)
	if err != nil {
		return nil, err
	}
	direct := c.adapt(fn.Interface())
	return func(s *state, dot, fin reflect.Value) reflect.Value {
		base := s.push(dot, args, fin, finalType)
		var v reflect.Value
		if direct.call != nil {
			v = direct.call(s.args[base:])
		} else {
			v = result(fn.Call(s.args[base:]))
		}
		s.pop(base)
		return v
	}, nil
}

// push evaluates a call's arguments onto the state's stack (an argument
// may itself be a call, which pushes its own above them) and returns where
// they start; pop takes them off.
func (s *state) push(dot reflect.Value, args []expr, fin reflect.Value, finalType reflect.Type) int {
	base := len(s.args)
	for _, a := range args {
		v := a(s, dot)
		s.args = append(s.args, v)
	}
	if finalType != nil {
		v := validateType(fin, finalType)
		s.args = append(s.args, v)
	}
	return base
}

func (s *state) pop(base int) {
	clear(s.args[base:])
	s.args = s.args[:base]
}

// textCall compiles, for an action that prints it, the call of a function
// whose result is string-like, or returns nil.
func (c *compiler) textCall(cmd *parse.CommandNode) (func(s *state, dot reflect.Value) (string, textKind), error) {
	direct, args, err := c.funcCall(cmd, func(f Func) bool { return f.text != nil })
	if direct.text == nil || err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) (string, textKind) {
		base := s.push(dot, args, reflect.Value{}, nil)
		t, k := direct.text(s.args[base:])
		s.pop(base)
		return t, k
	}, nil
}

// appendCall compiles, for an action that prints its HTML as it is, the
// call of a function made with Append2E, or returns nil: the result is
// appended to the output.
func (c *compiler) appendCall(cmd *parse.CommandNode) (node, error) {
	direct, args, err := c.funcCall(cmd, func(f Func) bool { return f.app != nil })
	if direct.app == nil || err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) {
		base := s.push(dot, args, reflect.Value{}, nil)
		b := direct.app(s.w.AvailableBuffer(), s.args[base:])
		s.pop(base)
		s.w.Write(b)
	}, nil
}

// funcCall finds the function a command calls and, when its adapted form
// is one that use wants, compiles the call's arguments; otherwise it
// returns the zero Func.
func (c *compiler) funcCall(cmd *parse.CommandNode, use func(Func) bool) (Func, []expr, error) {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return Func{}, nil, nil
	}
	f, ok := c.funcs[id.Ident]
	if !ok {
		return Func{}, nil, nil
	}
	direct := c.adapt(f)
	if !use(direct) {
		return Func{}, nil, nil
	}
	args, _, err := c.callArgs(id.Ident, reflect.TypeOf(f), cmd.Args[1:], false)
	if err != nil {
		return Func{}, nil, err
	}
	return direct, args, nil
}

// callArgs compiles the arguments of a call of a function of type typ
// (text/template's evalCall) and gives the type of the previous command's
// value, when final.
func (c *compiler) callArgs(name string, typ reflect.Type, nodes []parse.Node, final bool) ([]expr, reflect.Type, error) {
	numIn := len(nodes)
	if final {
		numIn++
	}
	numFixed := len(nodes)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return nil, nil, unsupported("wrong number of arguments for %s", name)
		}
	} else if numIn != typ.NumIn() {
		return nil, nil, unsupported("wrong number of arguments for %s", name)
	}
	args := make([]expr, len(nodes))
	for i, n := range nodes {
		t := typ.In(min(i, typ.NumIn()-1))
		if typ.IsVariadic() && i >= numFixed {
			t = typ.In(typ.NumIn() - 1).Elem()
		}
		e, err := c.arg(t, n)
		if err != nil {
			return nil, nil, err
		}
		args[i] = e
	}
	var finalType reflect.Type
	if final {
		finalType = typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				finalType = typ.In(numIn - 1)
			} else {
				finalType = finalType.Elem()
			}
		}
	}
	return args, finalType, nil
}

// arg compiles an argument for a parameter of type typ (nil: any value),
// text/template's evalArg.
func (c *compiler) arg(typ reflect.Type, n parse.Node) (expr, error) {
	var e expr
	switch n := n.(type) {
	case *parse.DotNode:
		e = func(_ *state, dot reflect.Value) reflect.Value { return dot }
	case *parse.FieldNode, *parse.VariableNode, *parse.IdentifierNode, *parse.ChainNode:
		f, err := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}}, false)
		if err != nil {
			return nil, err
		}
		e = func(s *state, dot reflect.Value) reflect.Value { return f(s, dot, missing) }
	case *parse.PipeNode:
		p, err := c.pipe(n)
		if err != nil {
			return nil, err
		}
		e = p
	}
	if e != nil {
		if typ == reflectValueType {
			return e, nil // the builtins take the value itself
		}
		return func(s *state, dot reflect.Value) reflect.Value { return validateType(e(s, dot), typ) }, nil
	}
	if typ == nil {
		return nil, unsupported("%s as a receiver", n)
	}
	if typ == reflectValueType {
		typ = emptyType
	}
	v, err := constant(n, typ)
	if err != nil {
		return nil, unsupported("%v", err)
	}
	if v.Kind() == reflect.Interface {
		v = v.Elem() // text/template's evalEmptyInterface gives the concrete value
	}
	return func(*state, reflect.Value) reflect.Value { return v }, nil
}

// constant converts a literal for a parameter of type typ.
func constant(n parse.Node, typ reflect.Type) (reflect.Value, error) {
	if _, ok := n.(*parse.NilNode); ok {
		if typ != nil && canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, unsupported("cannot assign nil to %s", typ)
	}
	if typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
		var v reflect.Value
		switch n := n.(type) {
		case *parse.BoolNode:
			v = reflect.ValueOf(n.True)
		case *parse.StringNode:
			v = reflect.ValueOf(n.Text)
		case *parse.NumberNode:
			var err error
			if v, err = idealConstant(n); err != nil {
				return reflect.Value{}, err
			}
		default:
			return reflect.Value{}, unsupported("%s", n)
		}
		out := reflect.New(typ).Elem()
		out.Set(v)
		return out, nil
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.Bool:
		if b, ok := n.(*parse.BoolNode); ok {
			v.SetBool(b.True)
			return v, nil
		}
	case reflect.String:
		if s, ok := n.(*parse.StringNode); ok {
			v.SetString(s.Text)
			return v, nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if num, ok := n.(*parse.NumberNode); ok && num.IsInt {
			v.SetInt(num.Int64)
			return v, nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if num, ok := n.(*parse.NumberNode); ok && num.IsUint {
			v.SetUint(num.Uint64)
			return v, nil
		}
	case reflect.Float32, reflect.Float64:
		if num, ok := n.(*parse.NumberNode); ok && num.IsFloat {
			v.SetFloat(num.Float64)
			return v, nil
		}
	}
	return reflect.Value{}, unsupported("can't handle %s for an argument of type %s", n, typ)
}

// validateType is text/template's: value made assignable to typ.
func validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fallback("invalid value; expected %s", typ)
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				fallback("dereference of nil pointer of type %s", typ)
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			fallback("wrong type for value; expected %s; got %s", typ, value.Type())
		}
	}
	return value
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return
	}
	return truth, true
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// builtin returns the compiler of text/template's builtin function name,
// or nil for one not handled here.
func builtin(name string) func(args []expr) command {
	switch name {
	case "and", "or":
		or := name == "or"
		return func(args []expr) command {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				if len(args) == 0 && isMissing(final) {
					fallback("wrong number of arguments for %s", name)
				}
				var v reflect.Value
				for _, a := range args {
					v = a(s, dot)
					if truth(v) == or {
						return v
					}
				}
				if !isMissing(final) {
					v = final
				}
				return v
			}
		}
	case "not":
		return func(args []expr) command {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				return reflect.ValueOf(!truth(oneValue(s, dot, args, final, name)))
			}
		}
	case "len":
		return func(args []expr) command {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				v, isNil := indirect(oneValue(s, dot, args, final, name))
				if isNil {
					fallback("len of nil pointer")
				}
				switch v.Kind() {
				case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
					return reflect.ValueOf(v.Len())
				}
				fallback("len of type %s", v.Type())
				return reflect.Value{}
			}
		}
	case "eq", "ne", "lt", "le", "gt", "ge":
		return func(args []expr) command {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				var buf [4]reflect.Value
				vs := appendValues(buf[:0], s, dot, args, final)
				if len(vs) < 2 || name != "eq" && len(vs) != 2 {
					fallback("wrong number of arguments for %s", name)
				}
				var t bool
				switch name {
				case "eq":
					t = eq(vs[0], vs[1:]...)
				case "ne":
					t = !eq(vs[0], vs[1])
				case "lt":
					t = lt(vs[0], vs[1])
				case "le":
					t = lt(vs[0], vs[1]) || eq(vs[0], vs[1])
				case "gt":
					t = !(lt(vs[0], vs[1]) || eq(vs[0], vs[1]))
				case "ge":
					t = !lt(vs[0], vs[1])
				}
				return reflect.ValueOf(t)
			}
		}
	}
	return nil
}

// appendValues appends to vs a builtin's arguments, evaluated, and the
// previous command's value. The builtins pass a buffer on their stack: the
// builtins are in nearly every template, and a slice per call was 2 KB of a
// product page's allocations.
func appendValues(vs []reflect.Value, s *state, dot reflect.Value, args []expr, final reflect.Value) []reflect.Value {
	for _, a := range args {
		vs = append(vs, a(s, dot))
	}
	if !isMissing(final) {
		vs = append(vs, final)
	}
	return vs
}

// oneValue is the one argument of a builtin (name) that takes one.
func oneValue(s *state, dot reflect.Value, args []expr, final reflect.Value, name string) reflect.Value {
	var buf [2]reflect.Value
	vs := appendValues(buf[:0], s, dot, args, final)
	if len(vs) != 1 {
		fallback("wrong number of arguments for %s", name)
	}
	return vs[0]
}

// eq is text/template's eq, falling back where it reports an error.
func eq(arg1 reflect.Value, arg2 ...reflect.Value) bool {
	arg1 = indirectInterface(arg1)
	k1 := basicKind(arg1)
	for _, arg := range arg2 {
		arg = indirectInterface(arg)
		k2 := basicKind(arg)
		truth := false
		if k1 != k2 {
			switch {
			case k1 == intKind && k2 == uintKind:
				truth = arg1.Int() >= 0 && uint64(arg1.Int()) == arg.Uint()
			case k1 == uintKind && k2 == intKind:
				truth = arg.Int() >= 0 && arg1.Uint() == uint64(arg.Int())
			default:
				if arg1.IsValid() && arg.IsValid() {
					fallback("incompatible types for comparison")
				}
			}
		} else {
			switch k1 {
			case boolKind:
				truth = arg1.Bool() == arg.Bool()
			case complexKind:
				truth = arg1.Complex() == arg.Complex()
			case floatKind:
				truth = arg1.Float() == arg.Float()
			case intKind:
				truth = arg1.Int() == arg.Int()
			case stringKind:
				truth = arg1.String() == arg.String()
			case uintKind:
				truth = arg1.Uint() == arg.Uint()
			default:
				if arg1.Kind() != arg.Kind() && arg1.IsValid() && arg.IsValid() {
					fallback("non-comparable types")
				}
				if isNil(arg1) || isNil(arg) {
					truth = isNil(arg) == isNil(arg1)
				} else {
					if !arg.Type().Comparable() {
						fallback("non-comparable type")
					}
					truth = arg1.Interface() == arg.Interface()
				}
			}
		}
		if truth {
			return true
		}
	}
	return false
}

// lt is text/template's lt, falling back where it reports an error.
func lt(arg1, arg2 reflect.Value) bool {
	arg1 = indirectInterface(arg1)
	arg2 = indirectInterface(arg2)
	k1, k2 := basicKind(arg1), basicKind(arg2)
	if k1 == invalidKind || k2 == invalidKind {
		fallback("invalid type for comparison")
	}
	if k1 != k2 {
		switch {
		case k1 == intKind && k2 == uintKind:
			return arg1.Int() < 0 || uint64(arg1.Int()) < arg2.Uint()
		case k1 == uintKind && k2 == intKind:
			return arg2.Int() >= 0 && arg1.Uint() < uint64(arg2.Int())
		}
		fallback("incompatible types for comparison")
	}
	switch k1 {
	case floatKind:
		return arg1.Float() < arg2.Float()
	case intKind:
		return arg1.Int() < arg2.Int()
	case stringKind:
		return arg1.String() < arg2.String()
	case uintKind:
		return arg1.Uint() < arg2.Uint()
	}
	fallback("invalid type for comparison")
	return false
}

func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.Complex64, reflect.Complex128:
		return complexKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}
