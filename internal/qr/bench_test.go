package qr_test

import (
	"testing"

	"github.com/khanhson-ocop/ocop/internal/qr"
)

func BenchmarkEncode(b *testing.B) {
	var e qr.Encoder
	for b.Loop() {
		if _, err := e.Encode("https://ocop.khanhson.example/en/products/sau-rieng-cap-dong-phuong-dai/"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVG(b *testing.B) {
	c, err := qr.Encode("https://ocop.khanhson.example/en/products/sau-rieng-cap-dong-phuong-dai/")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c.SVG("label", "qr")
	}
}
