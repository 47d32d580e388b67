package i18n

import (
	"strings"
	"time"

	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// FormatNumber groups thousands in the language's style: vi "150.000",
// en "150,000". Negative numbers keep their sign ("-1.234.567").
//
// It uses golang.org/x/text/message with number.Decimal, whose CLDR data
// gives exactly "." (vi) and "," (en) as ASCII group separators; the tests
// pin the exact bytes, including math.MinInt64, so a data change that
// introduced e.g. a non-breaking space would be caught. A Printer keeps
// internal state, so one is made per call.
func FormatNumber(lang string, n int64) string {
	return message.NewPrinter(tagFor(lang)).Sprint(number.Decimal(n))
}

// FormatPrice formats an amount of money. For currency "" or "VND"
// (any case): vi "150.000 ₫", en "150,000 VND". Any other currency code is
// printed upper-cased after the number: "12.500 USD" / "12,500 USD".
// Amounts are whole units (no decimals). The separator is an ordinary
// space, never NBSP.
func FormatPrice(lang string, amount int64, currency string) string {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	num := FormatNumber(lang, amount)
	if cur == "" || cur == "VND" {
		if isVi(lang) {
			return num + " ₫"
		}
		return num + " VND"
	}
	return num + " " + cur
}

// enMonths are the English month abbreviations, indexed by time.Month-1.
// Spelled out here (rather than relying on time's layout "Jan") so that
// the English output is visibly fixed; immutable.
var enMonths = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// FormatDate formats a calendar date: vi "20/11/2024" (dd/mm/yyyy,
// zero-padded), en "20 Nov 2024" (day not padded: "5 Mar 2024").
// The date is taken in t's own location.
func FormatDate(lang string, t time.Time) string {
	if isVi(lang) {
		return t.Format("02/01/2006")
	}
	return t.Format("2 ") + enMonths[t.Month()-1] + t.Format(" 2006")
}

// FormatMonthYear formats a month: vi "tháng 11/2024" (month not padded:
// "tháng 3/2024"), en "Nov 2024".
func FormatMonthYear(lang string, t time.Time) string {
	if isVi(lang) {
		return "tháng " + t.Format("1/2006")
	}
	return enMonths[t.Month()-1] + t.Format(" 2006")
}
