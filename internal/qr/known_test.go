package qr_test

import (
	"testing"

	"github.com/khanhson-ocop/ocop/internal/qr"
)

func TestEncodeMask(t *testing.T) {
	var e qr.Encoder
	for _, text := range []string{"https://ocop.example/san-pham/mat-ong/", "12345", "HELLO WORLD"} {
		want, err := e.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.EncodeMask(text, want.Mask)
		if err != nil {
			t.Fatal(err)
		}
		if got.SVG("x", "") != want.SVG("x", "") || got.Mask != want.Mask {
			t.Errorf("%q: EncodeMask(%d) differs from Encode", text, want.Mask)
		}
		other := (want.Mask + 1) % 8
		if c, err := e.EncodeMask(text, other); err != nil || c.Mask != other || c.SVG("x", "") == want.SVG("x", "") {
			t.Errorf("%q: EncodeMask(%d) did not use that mask", text, other)
		}
	}
	if _, err := e.EncodeMask("x", 8); err == nil {
		t.Error("mask 8: no error")
	}
}
