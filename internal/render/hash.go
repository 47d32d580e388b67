package render

import (
	"crypto/sha256"
	"encoding/hex"
)

type hasher struct{ b []byte }

func newHasher() *hasher { return &hasher{} }

func (h *hasher) add(name string, data []byte) {
	s := sha256.Sum256(append([]byte(name+"\x00"), data...))
	h.b = append(h.b, s[:]...)
}

func (h *hasher) sum() string {
	s := sha256.Sum256(h.b)
	return hex.EncodeToString(s[:8])
}
