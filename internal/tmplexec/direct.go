package tmplexec

import (
	"html/template"
	"reflect"
)

// Func calls one function of a template set directly, without
// reflect.Value.Call (which costs a lookup of the function's layout and
// three allocations per call): its arguments have the function's parameter
// types already, a variadic function's given one by one. Make one with
// Direct1, Direct1E, Direct2, Direct2E, Direct2V, Direct3, Direct3E or
// DirectVE, or for a function whose result is a string, a template.HTML, a
// template.URL or a template.JS, with Text1, Text1V, Text2, Text2V, Text2E,
// Text3 or Text3E (Append2E: see there), which
// an action that prints the result uses without making it a
// reflect.Value. The zero Func calls through reflection.
type Func struct {
	call func(args []reflect.Value) reflect.Value
	text func(args []reflect.Value) (string, textKind)
	// app, for a function returning template.HTML (Append2E), appends the
	// function's result to dst.
	app func(dst []byte, args []reflect.Value) []byte
}

// textKind is what html/template's escapers make of a string-like value.
type textKind uint8

const (
	plainText textKind = iota
	htmlText
	urlText
	jsText
)

func (k textKind) value(s string) any {
	switch k {
	case htmlText:
		return template.HTML(s)
	case urlText:
		return template.URL(s)
	case jsText:
		return template.JS(s)
	}
	return s
}

// kindOf returns the textKind of R, or false when R is another type (whose
// printing html/template may do otherwise: a String method, say).
func kindOf[R ~string]() (textKind, bool) {
	switch reflect.TypeFor[R]() {
	case reflect.TypeFor[string]():
		return plainText, true
	case reflect.TypeFor[template.HTML]():
		return htmlText, true
	case reflect.TypeFor[template.URL]():
		return urlText, true
	case reflect.TypeFor[template.JS]():
		return jsText, true
	}
	return 0, false
}

func arg[T any](v reflect.Value) T {
	t, ok := reflect.TypeAssert[T](v)
	if !ok {
		fallback("argument of type %s, not %s", v.Type(), reflect.TypeFor[T]())
	}
	return t
}

// ret is r as reflect.Value.Call would give it: of type R even when R is
// an interface.
func ret[R any](r R) reflect.Value {
	if reflect.TypeFor[R]().Kind() == reflect.Interface {
		return reflect.ValueOf(&r).Elem()
	}
	v := reflect.ValueOf(r)
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

func must[R any](r R, err error) R {
	if err != nil {
		fallback("%v", err)
	}
	return r
}

// direct makes a Func of f, which takes the arguments out of their values.
func direct[R any](f func(args []reflect.Value) R) Func {
	return Func{call: func(args []reflect.Value) reflect.Value { return ret(f(args)) }}
}

// text makes a Func of f, whose result is string-like.
func text[R ~string](f func(args []reflect.Value) R) Func {
	fn := direct(f)
	if k, ok := kindOf[R](); ok {
		fn.text = func(args []reflect.Value) (string, textKind) { return string(f(args)), k }
	}
	return fn
}

// Direct1 calls f(a).
func Direct1[A, R any](f func(A) R) Func {
	return direct(func(a []reflect.Value) R { return f(arg[A](a[0])) })
}

// Direct1E calls f(a), whose error makes the run fall back.
func Direct1E[A, R any](f func(A) (R, error)) Func {
	return direct(func(a []reflect.Value) R { return must(f(arg[A](a[0]))) })
}

// Direct2 calls f(a, b).
func Direct2[A, B, R any](f func(A, B) R) Func {
	return direct(func(a []reflect.Value) R { return f(arg[A](a[0]), arg[B](a[1])) })
}

// Direct2V calls f(a, b, v...).
func Direct2V[A, B, V, R any](f func(A, B, ...V) R) Func {
	return direct(func(a []reflect.Value) R { return f(arg[A](a[0]), arg[B](a[1]), variadic[V](a[2:])...) })
}

func variadic[V any](vals []reflect.Value) []V {
	if len(vals) == 0 {
		return nil
	}
	vs := make([]V, len(vals))
	for i, v := range vals {
		if v.IsValid() {
			vs[i] = arg[V](v)
		}
	}
	return vs
}

// Direct2E calls f(a, b), whose error makes the run fall back.
func Direct2E[A, B, R any](f func(A, B) (R, error)) Func {
	return direct(func(a []reflect.Value) R { return must(f(arg[A](a[0]), arg[B](a[1]))) })
}

// Direct3 calls f(a, b, c).
func Direct3[A, B, C, R any](f func(A, B, C) R) Func {
	return direct(func(a []reflect.Value) R { return f(arg[A](a[0]), arg[B](a[1]), arg[C](a[2])) })
}

// DirectVE calls f(v...), whose error makes the run fall back.
func DirectVE[V, R any](f func(...V) (R, error)) Func {
	return direct(func(a []reflect.Value) R { return must(f(variadic[V](a)...)) })
}

// Direct3E calls f(a, b, c), whose error makes the run fall back.
func Direct3E[A, B, C, R any](f func(A, B, C) (R, error)) Func {
	return direct(func(a []reflect.Value) R { return must(f(arg[A](a[0]), arg[B](a[1]), arg[C](a[2]))) })
}

// Text1 is Direct1 for a string-like result.
func Text1[A any, R ~string](f func(A) R) Func {
	return text(func(a []reflect.Value) R { return f(arg[A](a[0])) })
}

// Text1V is a variadic Text1: f(a, v...).
func Text1V[A, V any, R ~string](f func(A, ...V) R) Func {
	return text(func(a []reflect.Value) R { return f(arg[A](a[0]), variadic[V](a[1:])...) })
}

// Text2 is Direct2 for a string-like result.
func Text2[A, B any, R ~string](f func(A, B) R) Func {
	return text(func(a []reflect.Value) R { return f(arg[A](a[0]), arg[B](a[1])) })
}

// Text2V is Direct2V for a string-like result.
func Text2V[A, B, V any, R ~string](f func(A, B, ...V) R) Func {
	return text(func(a []reflect.Value) R { return f(arg[A](a[0]), arg[B](a[1]), variadic[V](a[2:])...) })
}

// Text2E is Direct2E for a string-like result.
func Text2E[A, B any, R ~string](f func(A, B) (R, error)) Func {
	return text(func(a []reflect.Value) R { return must(f(arg[A](a[0]), arg[B](a[1]))) })
}

// Text3 is Direct3 for a string-like result.
func Text3[A, B, C any, R ~string](f func(A, B, C) R) Func {
	return text(func(a []reflect.Value) R { return f(arg[A](a[0]), arg[B](a[1]), arg[C](a[2])) })
}

// Text3E is Direct3E for a string-like result.
func Text3E[A, B, C any, R ~string](f func(A, B, C) (R, error)) Func {
	return text(func(a []reflect.Value) R { return must(f(arg[A](a[0]), arg[B](a[1]), arg[C](a[2]))) })
}

// Append2E is Text2E for a function f returning template.HTML that has a
// twin, app(a, dst, b), appending the same HTML to dst (the order of a
// method expression's, a the receiver): an action printing f's
// result in element content, where it goes out as it is, calls app with the
// output's free space instead, so a large fragment (an inline SVG image)
// is not made as a string first. Append2E panics when R is not
// template.HTML.
func Append2E[A, B any, R ~string](f func(A, B) (R, error), app func(a A, dst []byte, b B) ([]byte, error)) Func {
	if k, _ := kindOf[R](); k != htmlText {
		panic("tmplexec: Append2E of a function whose result is not template.HTML")
	}
	fn := Text2E(f)
	fn.app = func(dst []byte, a []reflect.Value) []byte { return must(app(arg[A](a[0]), dst, arg[B](a[1]))) }
	return fn
}

// Appends reports whether f appends its result to the output where it can
// (made with Append2E).
func (f Func) Appends() bool { return f.app != nil }
