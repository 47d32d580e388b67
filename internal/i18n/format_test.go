package i18n

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"vi", 0, "0"},
		{"vi", 999, "999"},
		{"vi", 1000, "1.000"},
		{"vi", 150000, "150.000"},
		{"vi", 1234567, "1.234.567"},
		{"vi", -1234567, "-1.234.567"},
		{"vi", -999, "-999"},
		{"vi", math.MaxInt64, "9.223.372.036.854.775.807"},
		{"vi", math.MinInt64, "-9.223.372.036.854.775.808"},
		{"vi-VN", 150000, "150.000"},
		{"en", 0, "0"},
		{"en", 150000, "150,000"},
		{"en", 1234567, "1,234,567"},
		{"en", -1234567, "-1,234,567"},
		{"en", math.MinInt64, "-9,223,372,036,854,775,808"},
		{"", 150000, "150,000"},
		{"de", 150000, "150,000"}, // non-vi is English
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.lang, tt.n); got != tt.want {
			t.Errorf("FormatNumber(%q, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestFormatPrice(t *testing.T) {
	tests := []struct {
		lang string
		n    int64
		cur  string
		want string
	}{
		{"vi", 150000, "", "150.000 ₫"},
		{"vi", 150000, "VND", "150.000 ₫"},
		{"vi", 150000, "vnd", "150.000 ₫"},
		{"en", 150000, "", "150,000 VND"},
		{"en", 150000, "VND", "150,000 VND"},
		{"vi", 12500, "USD", "12.500 USD"},
		{"en", 12500, "usd", "12,500 USD"},
		{"vi", -5000, "", "-5.000 ₫"},
		{"vi", 0, "", "0 ₫"},
	}
	for _, tt := range tests {
		got := FormatPrice(tt.lang, tt.n, tt.cur)
		if got != tt.want {
			t.Errorf("FormatPrice(%q, %d, %q) = %q, want %q", tt.lang, tt.n, tt.cur, got, tt.want)
		}
		if strings.ContainsRune(got, '\u00a0') || strings.ContainsRune(got, '\u202f') {
			t.Errorf("FormatPrice(%q, %d, %q) = %q contains a non-breaking space", tt.lang, tt.n, tt.cur, got)
		}
	}
}

func TestFormatDate(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	d := time.Date(2024, time.November, 20, 23, 30, 0, 0, ict)
	early := time.Date(2024, time.March, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang string
		t    time.Time
		date string
		my   string
	}{
		{"vi", d, "20/11/2024", "tháng 11/2024"},
		{"en", d, "20 Nov 2024", "Nov 2024"},
		{"vi", early, "05/03/2024", "tháng 3/2024"},
		{"en", early, "5 Mar 2024", "Mar 2024"},
		{"vi-VN", d, "20/11/2024", "tháng 11/2024"},
		{"", d, "20 Nov 2024", "Nov 2024"},
		{"en", time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC), "1 Jan 2025", "Jan 2025"},
		{"en", time.Date(2025, time.December, 31, 0, 0, 0, 0, time.UTC), "31 Dec 2025", "Dec 2025"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.lang, tt.t); got != tt.date {
			t.Errorf("FormatDate(%q, %v) = %q, want %q", tt.lang, tt.t, got, tt.date)
		}
		if got := FormatMonthYear(tt.lang, tt.t); got != tt.my {
			t.Errorf("FormatMonthYear(%q, %v) = %q, want %q", tt.lang, tt.t, got, tt.my)
		}
	}
}
