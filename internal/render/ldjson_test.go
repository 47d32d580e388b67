package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestLDJSONMatchesMarshal writes the JSON-LD of every page of a generated
// catalogue with the appenders and with json.Marshal: the same bytes.
func TestLDJSONMatchesMarshal(t *testing.T) {
	pages, r := testRenderer(t, "")
	filled := map[string]bool{}
	blocks := 0
	for _, pg := range pages {
		for _, b := range r.data(pg).ldBlocks() {
			blocks++
			want, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.appendJSON(nil); !bytes.Equal(got, want) {
				t.Fatalf("%s: JSON-LD differs from json.Marshal's:\n got %s\nwant %s", pg.Path, got, want)
			}
			noteFilled(reflect.ValueOf(b).Elem(), filled)
		}
	}
	// The pages must exercise most fields for the comparison to mean
	// something; TestLDJSONFields covers each field on its own.
	if blocks < 100 || len(filled) < 25 {
		t.Fatalf("%d blocks with %d distinct fields set; want ≥ 100 and ≥ 25", blocks, len(filled))
	}
}

func noteFilled(v reflect.Value, filled map[string]bool) {
	for i := range v.NumField() {
		f := v.Field(i)
		if f.IsZero() {
			continue
		}
		filled[v.Type().Field(i).Name] = true
		switch {
		case f.Kind() == reflect.Pointer && f.Elem().Kind() == reflect.Struct:
			noteFilled(f.Elem(), filled)
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct:
			for j := range f.Len() {
				noteFilled(f.Index(j), filled)
			}
		}
	}
}

// TestLDJSONFields sets each field of an ld alone, then all of them, to
// values that need escaping, and compares with json.Marshal.
func TestLDJSONFields(t *testing.T) {
	const hard = "a\"b\\c<d>&e\u2028f\u2029g\x01h\ti\nj\xffk – Mật ong"
	yes, no := true, false
	fill := func(v reflect.Value, i int) {
		f := v.Field(i)
		switch f.Interface().(type) {
		case string:
			f.SetString(hard)
		case int:
			f.SetInt(-42)
		case *ld:
			f.Set(reflect.ValueOf(&ld{Type: "Thing", Name: hard, Geo: &ldGeo{Type: "GeoCoordinates", Latitude: 1e-7, Longitude: -0}}))
		case *ldGeo:
			f.Set(reflect.ValueOf(&ldGeo{Type: "GeoCoordinates", Latitude: 12.2345678901, Longitude: 1e21}))
		case []string:
			f.Set(reflect.ValueOf([]string{hard, "", "x"}))
		case *bool:
			if i%2 == 0 {
				f.Set(reflect.ValueOf(&yes))
			} else {
				f.Set(reflect.ValueOf(&no))
			}
		case []ldItem:
			f.Set(reflect.ValueOf([]ldItem{{Type: "ListItem", Position: 1, Name: hard, Item: "https://x/?a=1&b=<2>"}, {}}))
		case []ld:
			f.Set(reflect.ValueOf([]ld{{Type: "Offer", Price: "40000"}, {}}))
		default:
			t.Fatalf("ld.%s: a field of type %s the test does not fill", v.Type().Field(i).Name, f.Type())
		}
	}
	check := func(name string, o *ld) {
		want, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.appendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
	typ := reflect.TypeFor[ld]()
	all := &ld{}
	for i := range typ.NumField() {
		one := &ld{}
		fill(reflect.ValueOf(one).Elem(), i)
		check(typ.Field(i).Name, one)
		fill(reflect.ValueOf(all).Elem(), i)
	}
	check("every field", all)
	check("no field", &ld{})
}

// FuzzLDString compares the string escaping with json.Marshal's.
func FuzzLDString(f *testing.F) {
	for _, s := range []string{"", "plain", "<script>&", "\u2028\u2029", "\x00\x1f\x7f", "\xff\xfe", "Cà phê \"Khánh Sơn\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, want)
		}
	})
}

// FuzzLDFloat compares the numbers with json.Marshal's.
func FuzzLDFloat(f *testing.F) {
	for _, v := range []float64{0, -0.5, 12.2345, 108.98765432, 1e-7, 1e21, -1e-300, 123456789012345678} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		want, err := json.Marshal(v)
		if err != nil {
			return // NaN and infinities: json.Marshal refuses them, and positions are checked before
		}
		if got := appendJSONFloat(nil, v); !bytes.Equal(got, want) {
			t.Fatalf("%v:\n got %s\nwant %s", v, got, want)
		}
	})
}

// BenchmarkJSONLD writes a product page's JSON-LD with json.Marshal and with
// the appenders (JSONLD).
func BenchmarkJSONLD(b *testing.B) {
	pages, r := testRenderer(&testing.T{}, "")
	var d *Data
	for _, pg := range pages {
		if pg.Product != nil && !pg.Product.IsTourism {
			d = r.data(pg)
			break
		}
	}
	b.Run("blocks", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.ldBlocks()
		}
	})
	b.Run("marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, blk := range d.ldBlocks() {
				json.Marshal(blk)
			}
		}
	})
	b.Run("JSONLD", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.JSONLD()
		}
	})
}
