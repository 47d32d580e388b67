package i18n

import "unicode/utf8"

// PlainNFC reports whether s is made only of runes that are in NFC whatever
// surrounds them (canonical combining class 0, NFC quick check "yes"): ASCII,
// Latin-1 and Latin Extended-A letters, the Vietnamese ones and common
// punctuation. Such text is valid UTF-8 and in NFC. It is a shortcut, not a
// test: false says only that the full check (x/text/unicode/norm) must be
// made. That check costs about 5 ns a byte; nearly every Vietnamese or English
// text passes this one in a fraction of it (the loader checks every file it
// reads, the search index every record's text).
func PlainNFC[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		// Every plain rune takes two or three bytes (U+00A0 to U+2027);
		// decoding them here spares a conversion for []byte.
		c := s[i]
		switch {
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			if !plainRune(rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)) {
				return false
			}
			i += 2
		case (c == 0xE1 || c == 0xE2) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// E1 and E2 lead U+1000 to U+2FFF: no overlong forms, no surrogates.
			if !plainRune(rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)) {
				return false
			}
			i += 3
		default:
			return false // another rune, or invalid UTF-8
		}
	}
	return true
}

// plainRune reports whether r is one of PlainNFC's runes
// (TestPlainRunes checks each against x/text/unicode/norm).
func plainRune(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x17F: // Latin-1 Supplement, Latin Extended-A
		return true
	case r >= 0x1A0 && r <= 0x1B0: // Ơ ơ … Ư ư
		return true
	case r >= 0x1EA0 && r <= 0x1EF9: // Vietnamese letters with two marks
		return true
	case r >= 0x2010 && r <= 0x2027: // dashes, quotes, bullets, ellipsis
		return true
	}
	return false
}
