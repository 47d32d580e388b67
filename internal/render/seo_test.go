package render

import (
	"reflect"
	"strings"
	"testing"
)

// The JSON-LD blocks used to be maps, whose keys json.Marshal sorts; the
// struct that replaced them keeps that order only if its fields are sorted
// by their keys, so a field added out of place would reorder every page's
// JSON-LD.
func TestLDKeyOrder(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[ld](), reflect.TypeFor[ldItem](), reflect.TypeFor[ldGeo]()} {
		prev := ""
		for i := range typ.NumField() {
			key, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if key <= prev {
				t.Errorf("%s.%s: key %q comes after %q", typ.Name(), typ.Field(i).Name, key, prev)
			}
			prev = key
		}
	}
}
