package render

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// JSON-LD written without encoding/json.
//
// json.Marshal looked up each of an ld's thirty-five fields (most left out)
// by reflection: 4.5 µs of a product page's 9 µs of JSON-LD, against 1.1 µs
// for the appenders below (BenchmarkJSONLD). They write the same bytes
// (TestLDJSONMatchesMarshal compares them with json.Marshal on every page of
// a generated catalogue, TestLDJSONFields field by field, FuzzLDString and
// FuzzLDFloat any string and number): fields in struct order, empty ones
// left out as `omitempty` does, strings escaped as json.Marshal escapes them
// (<, > and & too, so a block can never close its script element).

// appendJSON appends o as json.Marshal would write it.
func (o *ld) appendJSON(b []byte) []byte {
	b = append(b, '{')
	n := len(b)
	b = ldStr(b, n, "@context", o.Context)
	b = ldStr(b, n, "@type", o.Type)
	b = ldObj(b, n, "address", o.Address)
	b = ldStr(b, n, "addressCountry", o.AddressCountry)
	b = ldStr(b, n, "addressLocality", o.AddressLocality)
	b = ldStr(b, n, "addressRegion", o.AddressRegion)
	b = ldStr(b, n, "award", o.Award)
	b = ldObj(b, n, "brand", o.Brand)
	b = ldStr(b, n, "category", o.Category)
	b = ldStr(b, n, "description", o.Description)
	b = ldStr(b, n, "email", o.Email)
	b = ldStr(b, n, "foundingDate", o.FoundingDate)
	if o.Geo != nil {
		b = ldKey(b, n, "geo")
		b = append(b, `{"@type":`...)
		b = appendJSONString(b, o.Geo.Type)
		b = append(b, `,"latitude":`...)
		b = appendJSONFloat(b, o.Geo.Latitude)
		b = append(b, `,"longitude":`...)
		b = appendJSONFloat(b, o.Geo.Longitude)
		b = append(b, '}')
	}
	b = ldStrs(b, n, "image", o.Image)
	b = ldStr(b, n, "inLanguage", o.InLanguage)
	if o.IsAccessibleForFree != nil {
		b = ldKey(b, n, "isAccessibleForFree")
		b = strconv.AppendBool(b, *o.IsAccessibleForFree)
	}
	b = ldStr(b, n, "item", o.Item)
	if len(o.ItemListElement) > 0 {
		b = ldKey(b, n, "itemListElement")
		b = append(b, '[')
		for i, it := range o.ItemListElement {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"@type":`...)
			b = appendJSONString(b, it.Type)
			b = append(b, `,"item":`...)
			b = appendJSONString(b, it.Item)
			b = append(b, `,"name":`...)
			b = appendJSONString(b, it.Name)
			b = append(b, `,"position":`...)
			b = strconv.AppendInt(b, int64(it.Position), 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = ldObj(b, n, "itemOffered", o.ItemOffered)
	b = ldObj(b, n, "location", o.Location)
	b = ldStr(b, n, "logo", o.Logo)
	if len(o.MakesOffer) > 0 {
		b = ldKey(b, n, "makesOffer")
		b = append(b, '[')
		for i := range o.MakesOffer {
			if i > 0 {
				b = append(b, ',')
			}
			b = o.MakesOffer[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = ldObj(b, n, "manufacturer", o.Manufacturer)
	b = ldStr(b, n, "name", o.Name)
	b = ldObj(b, n, "offers", o.Offers)
	if o.Position != 0 {
		b = ldKey(b, n, "position")
		b = strconv.AppendInt(b, int64(o.Position), 10)
	}
	b = ldStr(b, n, "price", o.Price)
	b = ldStr(b, n, "priceCurrency", o.PriceCurrency)
	b = ldObj(b, n, "provider", o.Provider)
	b = ldObj(b, n, "publisher", o.Publisher)
	b = ldStrs(b, n, "sameAs", o.SameAs)
	b = ldObj(b, n, "seller", o.Seller)
	b = ldStr(b, n, "streetAddress", o.StreetAddress)
	b = ldStr(b, n, "telephone", o.Telephone)
	b = ldStr(b, n, "url", o.URL)
	return append(b, '}')
}

// ldStr appends a string field unless it is empty (omitempty).
func ldStr(b []byte, n int, key, v string) []byte {
	if v == "" {
		return b
	}
	return appendJSONString(ldKey(b, n, key), v)
}

// ldObj appends an object field unless it is nil.
func ldObj(b []byte, n int, key string, v *ld) []byte {
	if v == nil {
		return b
	}
	return v.appendJSON(ldKey(b, n, key))
}

// ldStrs appends a list of strings unless it is empty.
func ldStrs(b []byte, n int, key string, v []string) []byte {
	if len(v) == 0 {
		return b
	}
	b = append(ldKey(b, n, key), '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// ldKey appends a key (which needs no escaping) and its colon, after a comma
// unless it is the first of an object that starts at n.
func ldKey(b []byte, n int, key string) []byte {
	if len(b) > n {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// appendJSONString appends s as a JSON string as json.Marshal writes it:
// <, > and & escaped, U+2028 and U+2029 escaped, invalid UTF-8 replaced by
// U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat appends f as json.Marshal writes a float64.
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// Clean up e-09 to e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
