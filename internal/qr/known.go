package qr

import "fmt"

// EncodeMask encodes text like Encode, with a data mask already chosen (the
// Mask of an earlier Code of the same text): the same symbol, without scoring
// the eight masks again.
func (e *Encoder) EncodeMask(text string, mask int) (*Code, error) {
	if mask < 0 || mask > 7 {
		return nil, fmt.Errorf("encoding %q as a QR code: no data mask %d", text, mask)
	}
	return e.encode(text, mask)
}
