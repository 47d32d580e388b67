// Package qr draws QR codes as small inline SVG images.
//
// The encoding itself is done by rsc.io/qr; this package turns the module grid
// into one SVG <path> made of run-length rectangles ("M x y h w v1 h-w z" per
// run of dark modules in a row), surrounded by the four-module quiet zone that
// scanners need. The drawing is deterministic: the same text gives the same
// bytes, so pages that show a code stay byte-for-byte reproducible.
//
// Codes use error-correction level M (about 15% of the symbol may be damaged or
// covered), the usual choice for codes printed on packaging.
package qr
