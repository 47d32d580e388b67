package i18n

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestPlainRunes checks PlainNFC's runes against x/text/unicode/norm: each
// is a starter that nothing before it combines with (combining class 0,
// NFC quick check "yes"), so a string of them is in NFC whatever their order.
func TestPlainRunes(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= 0x2FFF; r++ {
		if !plainRune(r) {
			continue
		}
		n++
		p := norm.NFC.PropertiesString(string(r))
		if p.CCC() != 0 || !p.BoundaryBefore() || !norm.NFC.IsNormalString(string(r)) {
			t.Errorf("U+%04X %q: combining class %d, boundary before %v, NFC %v", r, r, p.CCC(), p.BoundaryBefore(), norm.NFC.IsNormalString(string(r)))
		}
	}
	if n < 300 {
		t.Fatalf("only %d runes checked", n)
	}
	for _, s := range []string{"Cà phê Khánh Sơn – “ngon”…", "ĐẬU XANH ƯỚP", "a\u0300", "\xff", "ǅ", "e\u0301", "Sơ\xe1\xba", "\xe1\xba"} {
		if PlainNFC(s) && (!utf8.ValidString(s) || !norm.NFC.IsNormalString(s)) {
			t.Errorf("PlainNFC(%q) is true for a string that is not valid NFC", s)
		}
		if PlainNFC(s) != PlainNFC([]byte(s)) {
			t.Errorf("PlainNFC(%q) differs for a string and its bytes", s)
		}
	}
	if !PlainNFC("Cà phê Khánh Sơn – “ngon”…") || !PlainNFC([]byte("Cà phê Khánh Sơn – “ngon”…")) {
		t.Error("PlainNFC refuses ordinary Vietnamese text")
	}
}

// FuzzPlainNFC: whenever PlainNFC says yes, the full check agrees, for a
// string and for its bytes alike.
func FuzzPlainNFC(f *testing.F) {
	for _, s := range []string{"Cà phê", "a\u0300", "ǅ", "\xff", "Ư\u0303", "\xe1\xba"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if PlainNFC(s) && (!utf8.ValidString(s) || !norm.NFC.IsNormalString(s)) {
			t.Fatalf("PlainNFC(%q) is true for a string that is not valid NFC", s)
		}
		if PlainNFC(s) != PlainNFC([]byte(s)) {
			t.Fatalf("PlainNFC(%q) differs for a string and its bytes", s)
		}
	})
}
