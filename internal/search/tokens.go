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

// memoWords bounds the memo of tokens: a few MB, while a language's common
// words number some thousands.
const memoWords = 1 << 15

// tokens is Tokens with a memo of the words already seen, by their form in s
// (nil for none).
//
// Lowercasing and normalising a whole text costs two copies of it; a text
// already in NFC (nearly all: editors save it) is cut first and each word is
// lowercased and normalised alone, once per distinct word thanks to the memo.
// The words are the same: case mapping keeps a rune a letter, digit, mark or
// none of these, and NFC composes across a word's edge only a separator with a
// following mark, which an NFC text no longer holds.
func tokens(s string, memo map[string]Token) []Token {
	var out []Token
	each(s, memo, func(t Token) { out = append(out, t) })
	return out
}

// each calls fn with each word of s, in order (tokens without a slice: the
// index builder posts them as they come).
func each(s string, memo map[string]Token, fn func(Token)) {
	if !i18n.PlainNFC(s) && (!utf8.ValidString(s) || !norm.NFC.IsNormalString(s)) {
		// Normalise the whole text: marks may compose with what precedes them.
		cut(norm.NFC.String(strings.ToLower(strings.ToValidUTF8(s, " "))), nil, fn)
		return
	}
	cut(s, memo, fn)
}

// cut calls fn with the words of s, each lowercased, normalised and folded.
func cut(s string, memo map[string]Token, fn func(Token)) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		t, ok := memo[w]
		if !ok {
			t = word(w)
			if memo != nil {
				if len(memo) >= memoWords {
					// Numbers, codes and names make most words of a large
					// catalogue unique; start again rather than keep them all.
					clear(memo)
				}
				if t.Raw == w {
					w = t.Raw // the copy word made: the key must not pin s either
				} else {
					w = strings.Clone(w)
				}
				memo[w] = t
			}
		}
		if t.Folded != "" {
			fn(t)
		}
	}
	for i, r := range s {
		if wordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
}

// wordRune reports whether r belongs to a word: a letter, digit or mark.
// The runes of Vietnamese and English text are answered without the
// unicode package's tables (a binary search for every rune beyond Latin-1,
// which every Vietnamese letter with two marks is); TestWordRune compares
// every rune with the tables.
func wordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x1EA0 && r <= 0x1EF9, r >= 0x100 && r <= 0x17F: // Ạ … ỹ, Ā … ſ
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// word lowercases, normalises, cuts and folds one word.
//
// The token shares no memory with w: ToLower and NFC return their input
// when it needs no change, and a token kept by the index (or its memo) would
// otherwise keep the whole text w was cut from, a record's body among them
// (30 MB of a 20,000-product build's live heap while the index was made).
func word(w string) Token {
	w = norm.NFC.String(strings.ToLower(w))
	if utf8.RuneCountInString(w) > MaxTokenRunes {
		w = string([]rune(w)[:MaxTokenRunes])
	}
	w = strings.Clone(w)
	return Token{Raw: w, Folded: fold(w)}
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
