package i18n

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"ca phe", "ca phe"},
		{"cà phê", "ca phe"},
		{"CA PHÊ", "ca phe"},
		{"CÀ PHÊ Đắk Lắk", "ca phe dak lak"},
		{"Đ", "d"},
		{"đ", "d"},
		{"ĐĐđ", "ddd"},
		{"Ðà Nẵng", "da nang"}, // U+00D0 Eth typed for Đ
		{"ư Ư ừ ứ ử ữ ự", "u u u u u u u"},
		{"ơ Ơ ờ ớ ở ỡ ợ", "o o o o o o o"},
		{"ă Ă ằ ắ ẳ ẵ ặ", "a a a a a a a"},
		{"â Â ầ ấ ẩ ẫ ậ", "a a a a a a a"},
		{"ê Ê ề ế ể ễ ệ", "e e e e e e e"},
		{"ô Ô ồ ố ổ ỗ ộ", "o o o o o o o"},
		{"ì í ỉ ĩ ị ỳ ý ỷ ỹ ỵ", "i i i i i y y y y y"},
		{"Bưởi Phúc Trạch", "buoi phuc trach"},
		{"Nước mắm Phú Quốc 40°N", "nuoc mam phu quoc 40°n"},
		{"İstanbul", "istanbul"}, // lowercasing yields i + U+0307, which is stripped
		{"ÅNGSTRÖM", "angstrom"},
		{"日本", "日本"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldEquivalentForms(t *testing.T) {
	// "Cà phê Đắk Lắk" precomposed (NFC) and decomposed (base letter +
	// combining marks, as some keyboards and macOS file names produce).
	pre := "C\u00e0 ph\u00ea \u0110\u1eafk L\u1eafk"
	dec := "Ca\u0300 phe\u0302 \u0110a\u0306\u0301k La\u0306\u0301k"
	if pre == dec {
		t.Fatal("test inputs should differ byte-wise")
	}
	for _, s := range []string{pre, dec, "ca phe dak lak", "CA PHE DAK LAK", "CÀ PHÊ ĐẮK LẮK"} {
		if got := Fold(s); got != "ca phe dak lak" {
			t.Errorf("Fold(%q) = %q, want %q", s, got, "ca phe dak lak")
		}
	}
}

func TestFoldInvalidUTF8(t *testing.T) {
	got := Fold("a\xffb")
	if !utf8.ValidString(got) || got != Fold(got) {
		t.Errorf("Fold(invalid) = %q: want valid, idempotent output", got)
	}
}

func TestSlugify(t *testing.T) {
	long := strings.Repeat("abcdefghi ", 15) // 150 bytes, words of 9
	tests := []struct{ in, want string }{
		{"", ""},
		{"Đặc sản Đắk Lắk", "dac-san-dak-lak"},
		{"Cà phê Hòn Dung", "ca-phe-hon-dung"},
		{"Cà phê, Hòn Dung!", "ca-phe-hon-dung"},
		{"Mật ong   hoa  cà phê", "mat-ong-hoa-ca-phe"},
		{"  --Trà Shan Tuyết!!--  ", "tra-shan-tuyet"},
		{"...///", ""},
		{"日本", ""},
		{"OCOP 4 sao", "ocop-4-sao"},
		{"Nước mắm 40°N (500ml)", "nuoc-mam-40-n-500ml"},
		{"2024", "2024"},
		{"a_b.c/d", "a-b-c-d"},
		{"Gạo ST25", "gao-st25"},
		{"Bánh tráng – Tây Ninh", "banh-trang-tay-ninh"},
		{"Ca\u0300 phe\u0302", "ca-phe"},
		{long, strings.TrimSuffix(strings.Repeat("abcdefghi-", 10), "-")},
		{strings.Repeat("x", 150), strings.Repeat("x", 100)},
	}
	for _, tt := range tests {
		got := Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q, not a ValidSlug", tt.in, got)
		}
	}
}

func TestValidSlug(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"dac-san-dak-lak", true},
		{"a", true},
		{"0", true},
		{"gao-st25", true},
		{"2024", true},
		{strings.Repeat("a", 100), true},
		{strings.Repeat("a", 101), false},
		{"", false},
		{"-a", false},
		{"a-", false},
		{"-", false},
		{"a--b", false},
		{"A", false},
		{"ca phe", false},
		{"cà-phê", false},
		{"a_b", false},
		{"a.b", false},
		{"a/b", false},
	}
	for _, tt := range tests {
		if got := ValidSlug(tt.in); got != tt.want {
			t.Errorf("ValidSlug(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{
		"", "Đặc sản Đắk Lắk", "Cà phê Hòn Dung", "  --x--  ", "İ", "Ca\u0300",
		"a\xffb", "ǅ", "Ω", "\u212a", strings.Repeat("ab ", 60), "日本 2024",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := Slugify(s)
		if slug != "" && !ValidSlug(slug) {
			t.Errorf("Slugify(%q) = %q: not a valid slug", s, slug)
		}
		if again := Slugify(slug); again != slug {
			t.Errorf("Slugify not idempotent: %q → %q → %q", s, slug, again)
		}
		f1 := Fold(s)
		if f2 := Fold(f1); f2 != f1 {
			t.Errorf("Fold not idempotent: %q → %q → %q", s, f1, f2)
		}
	})
}
