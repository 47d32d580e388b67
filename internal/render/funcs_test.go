package render

import (
	"reflect"
	"testing"
)

func TestLowerCamel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Name", "name"},
		{"LangName", "langName"},
		{"URL", "url"},
		{"QR", "qr"},
		{"ISODate", "isoDate"},
		{"CardHTML", "cardHTML"},
		{"RecordQR", "recordQR"},
		{"T", "t"},
	} {
		if got := lowerCamel(tc.in); got != tc.want {
			t.Errorf("lowerCamel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Every method of *Data that takes arguments is a template function of the
// same name, the very method, so the built-in templates' {{name . $p}} and a
// site's {{.Name $p}} cannot drift apart.
func TestDataFuncs(t *testing.T) {
	fm := funcs() // panics when a name is taken twice
	typ := reflect.TypeFor[*Data]()
	n := 0
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		if m.Type.NumIn() < 2 || m.Name == "T" {
			continue
		}
		n++
		f, ok := fm[lowerCamel(m.Name)]
		if !ok {
			t.Errorf("no template function for (*Data).%s", m.Name)
			continue
		}
		if got := reflect.ValueOf(f); got.Type() != m.Type {
			t.Errorf("%s: function of type %s, method of type %s", lowerCamel(m.Name), got.Type(), m.Type)
		}
	}
	for _, name := range []string{"name", "link", "isoDate", "url", "cardHTML", "shared"} {
		if _, ok := fm[name]; !ok {
			t.Errorf("no template function %q", name)
		}
	}
	if n < 40 {
		t.Errorf("%d methods with arguments, want the forty-odd helpers", n)
	}
	if f, ok := fm["t"].(func(*Data, string) string); !ok || f == nil {
		t.Errorf("t is %T, want the non-variadic form of T", fm["t"])
	}
}

// The functions that draw QR codes append them to the page's output in a
// compiled template; the others of their types go through a string.
func TestAdaptAppends(t *testing.T) {
	fm := funcs()
	for name, want := range map[string]bool{"qr": true, "recordQR": true, "cardHTML": false, "shared": false} {
		if got := adapt(fm[name]).Appends(); got != want {
			t.Errorf("adapt(%s).Appends() = %v, want %v", name, got, want)
		}
	}
}

// Every template function is called without reflection in compiled
// templates (adapt knows its type): one that is not still works, through
// reflect.Value.Call, at some three allocations a call.
func TestAdaptAll(t *testing.T) {
	for name, f := range funcs() {
		if reflect.ValueOf(adapt(f)).FieldByName("call").IsNil() {
			t.Errorf("adapt does not know %s, a %T", name, f)
		}
	}
}
