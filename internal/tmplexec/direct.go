package tmplexec

import "reflect"

// Func calls one function of a template set directly, without
// reflect.Value.Call (which costs a lookup of the function's layout and
// three allocations per call): its arguments have the function's parameter
// types already. Make one with Direct1, Direct1E, Direct2, Direct2E,
// Direct2V or Direct3E.
type Func func(args []reflect.Value) reflect.Value

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

// Direct1 calls f(a).
func Direct1[A, R any](f func(A) R) Func {
	return func(args []reflect.Value) reflect.Value { return ret(f(arg[A](args[0]))) }
}

// Direct1E calls f(a), whose error makes the run fall back.
func Direct1E[A, R any](f func(A) (R, error)) Func {
	return func(args []reflect.Value) reflect.Value {
		r, err := f(arg[A](args[0]))
		if err != nil {
			fallback("%v", err)
		}
		return ret(r)
	}
}

// Direct2 calls f(a, b).
func Direct2[A, B, R any](f func(A, B) R) Func {
	return func(args []reflect.Value) reflect.Value {
		return ret(f(arg[A](args[0]), arg[B](args[1])))
	}
}

// Direct2V calls f(a, b, v...), the variadic arguments given one by one.
func Direct2V[A, B, V, R any](f func(A, B, ...V) R) Func {
	return func(args []reflect.Value) reflect.Value {
		var vs []V
		if len(args) > 2 {
			vs = make([]V, len(args)-2)
			for i, v := range args[2:] {
				if v.IsValid() {
					vs[i] = arg[V](v)
				}
			}
		}
		return ret(f(arg[A](args[0]), arg[B](args[1]), vs...))
	}
}

// Direct2E calls f(a, b), whose error makes the run fall back.
func Direct2E[A, B, R any](f func(A, B) (R, error)) Func {
	return func(args []reflect.Value) reflect.Value {
		r, err := f(arg[A](args[0]), arg[B](args[1]))
		if err != nil {
			fallback("%v", err)
		}
		return ret(r)
	}
}

// Direct3E calls f(a, b, c), whose error makes the run fall back.
func Direct3E[A, B, C, R any](f func(A, B, C) (R, error)) Func {
	return func(args []reflect.Value) reflect.Value {
		r, err := f(arg[A](args[0]), arg[B](args[1]), arg[C](args[2]))
		if err != nil {
			fallback("%v", err)
		}
		return ret(r)
	}
}
