package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/khanhson-ocop/ocop/internal/i18n"
)

// MaxTokenRunes is the longest token indexed; longer runs are cut.
const MaxTokenRunes = 40

// Token is one word of a text: its lowercased NFC form and its folded form.
type Token struct {
	Raw, Folded string
}

// Tokens cuts s into words: lowercase, NFC, then runs of letters, digits and
// marks. The script does the same to queries.
func Tokens(s string) []Token { return tokens(s, nil) }

// tokens is Tokens with a memo of folded words (nil for none).
func tokens(s string, memo map[string]string) []Token {
	s = norm.NFC.String(strings.ToLower(strings.ToValidUTF8(s, " ")))
	var out []Token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		if utf8.RuneCountInString(w) > MaxTokenRunes {
			w = string([]rune(w)[:MaxTokenRunes])
		}
		f, ok := memo[w]
		if !ok {
			f = fold(w)
			if memo != nil {
				memo[w] = f
			}
		}
		if f == "" {
			return
		}
		out = append(out, Token{Raw: w, Folded: f})
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// fold is i18n.Fold, with a shortcut for lowercase ASCII words.
func fold(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || w[i] >= 'A' && w[i] <= 'Z' {
			return i18n.Fold(w)
		}
	}
	return w
}

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// fileKey turns a shard key into a file-name-safe string: ASCII letters and
// digits stay, every other rune becomes "_" and its hexadecimal code point.
// The script applies the same rule.
func fileKey(key string) string {
	var b strings.Builder
	for _, r := range key {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			continue
		}
		b.WriteString("_")
		b.WriteString(strconv.FormatInt(int64(r), 16))
	}
	return b.String()
}
