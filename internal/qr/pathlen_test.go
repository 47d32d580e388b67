package qr

import (
	"strconv"
	"strings"
	"testing"
)

// TestPathLen checks that the size a code's path is allocated at is its
// length, for codes of several versions (longer texts, larger symbols,
// two-digit and one-digit coordinates and runs).
func TestPathLen(t *testing.T) {
	for _, n := range []int{1, 20, 60, 120, 250} {
		text := "https://ocop.example/" + strings.Repeat("x", n)
		c, err := Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.pathLen(), len(c.Path()); got != want {
			t.Errorf("%d-byte text, %d modules: pathLen %d, path %d bytes", len(text), c.size, got, want)
		}
	}
}

func TestDigits(t *testing.T) {
	for _, n := range []int{0, 9, 10, 99, 100, 185, 999, 1000, 123456} {
		if got, want := digits(n), len(strconv.Itoa(n)); got != want {
			t.Errorf("digits(%d) = %d, want %d", n, got, want)
		}
	}
}
