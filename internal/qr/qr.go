package qr

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"rsc.io/qr/coding"
)

// Quiet is the width of the light margin around a code, in modules.
const Quiet = 4

// level is the error-correction level of every code.
const level = coding.M

// Code is an encoded QR code.
type Code struct {
	// Text is what the code holds.
	Text string
	// Mask is the data mask chosen (0–7).
	Mask int
	size int
	// The modules: a row per word (bit x is column x) for the symbols the
	// word-wise encoder makes (every URL of a catalogue), else one bool
	// per module, row by row.
	rows []uint64
	dark []bool
}

// Encoder encodes QR codes, keeping the module layouts (one per version and
// mask) it has built. It is safe for concurrent use; the zero value is ready.
type Encoder struct {
	mu    sync.Mutex
	plans map[[2]int]*coding.Plan
	rows  map[[2]int]*rowPlan
}

// rowPlan is a plan of at most maxBits modules a side as words, a row per
// word (bit x is column x): the modules that are dark before any data is
// laid (function patterns, format and version information, and the data
// mask's inversions), and where each data and check bit goes.
type rowPlan struct {
	base []uint64
	bits []bitPos // by offset in the data
}

type bitPos struct{ y, x uint8 }

// rowPlan returns the row plan of a version and mask.
func (e *Encoder) rowPlan(v coding.Version, m int) (*rowPlan, error) {
	p, err := e.plan(v, m)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	key := [2]int{int(v), m}
	if rp := e.rows[key]; rp != nil {
		return rp, nil
	}
	n := len(p.Pixel)
	rp := &rowPlan{base: make([]uint64, n)}
	for y, row := range p.Pixel {
		for x, pix := range row {
			if pix&coding.Black != 0 {
				rp.base[y] |= 1 << x
			}
			if r := pix.Role(); r == coding.Data || r == coding.Check {
				o := int(pix.Offset())
				if o >= len(rp.bits) {
					rp.bits = append(rp.bits, make([]bitPos, o+1-len(rp.bits))...)
				}
				rp.bits[o] = bitPos{uint8(y), uint8(x)}
			}
		}
	}
	if e.rows == nil {
		e.rows = map[[2]int]*rowPlan{}
	}
	e.rows[key] = rp
	return rp, nil
}

// plan returns the layout of a version and mask. A plan is read-only once
// built, so it may be shared by goroutines.
func (e *Encoder) plan(v coding.Version, m int) (*coding.Plan, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	key := [2]int{int(v), m}
	if p := e.plans[key]; p != nil {
		return p, nil
	}
	p, err := coding.NewPlan(v, level, coding.Mask(m))
	if err != nil {
		return nil, err
	}
	if e.plans == nil {
		e.plans = map[[2]int]*coding.Plan{}
	}
	e.plans[key] = p
	return p, nil
}

// Encode encodes text with a fresh Encoder; use an Encoder's method to encode
// many texts.
func Encode(text string) (*Code, error) { return new(Encoder).Encode(text) }

// Encode encodes text at error-correction level M, in the smallest version
// that holds it, with the data mask that scores lowest under the penalty
// rules of ISO/IEC 18004. (rsc.io/qr's own Encode always uses mask 0, which
// for some texts draws shapes that scanners mistake for finder patterns and
// then fail to read; rsc.io/qr/coding still does the encoding here: modes,
// Reed–Solomon check bytes and the module layout.)
func (e *Encoder) Encode(text string) (*Code, error) { return e.encode(text, -1) }

// encode encodes text with the given data mask, or with the one that scores
// lowest when mask is negative.
func (e *Encoder) encode(text string, mask int) (*Code, error) {
	v, data, err := codewords(text)
	if err != nil {
		return nil, err
	}
	if side(v) <= maxBits {
		return e.encodeRows(text, v, data, mask)
	}
	all, err := e.masks(text, v, data)
	if err != nil {
		return nil, err
	}
	if mask >= 0 {
		return all[mask], nil
	}
	var best *Code
	bestScore := 0
	for _, c := range all {
		if score := penalty(c.size, c.dark); best == nil || score < bestScore {
			best, bestScore = c, score
		}
	}
	return best, nil
}

// side is the number of modules on a side of a symbol of version v.
func side(v coding.Version) int { return 17 + 4*int(v) }

// encodeRows encodes a symbol of at most maxBits modules a side: the data
// bits are laid out once (their places do not depend on the mask), each
// mask is a word-wise XOR with its plan, and the masks are scored on words.
// mask, when not negative, is used without scoring.
func (e *Encoder) encodeRows(text string, v coding.Version, data []byte, mask int) (*Code, error) {
	n := side(v)
	var dataA, rowsA, bestA [maxBits]uint64
	laid, rows, best := dataA[:n], rowsA[:n], bestA[:n]
	candidates := []int{0, 1, 2, 3, 4, 5, 6, 7}
	if mask >= 0 {
		candidates = []int{mask}
	}
	bestMask, bestScore := -1, 0
	for _, m := range candidates {
		rp, err := e.rowPlan(v, m)
		if err != nil {
			return nil, fmt.Errorf("encoding %q as a QR code: %w", text, err)
		}
		if bestMask < 0 {
			for o, b := range rp.bits {
				if data[o/8]&(1<<(7-o&7)) != 0 {
					laid[b.y] |= 1 << b.x
				}
			}
		}
		for y := range rows {
			rows[y] = rp.base[y] ^ laid[y]
		}
		if len(candidates) == 1 {
			copy(best, rows)
			bestMask = m
			break
		}
		if score := penaltyRows(rows); bestMask < 0 || score < bestScore {
			copy(best, rows)
			bestMask, bestScore = m, score
		}
	}
	return &Code{Text: text, Mask: bestMask, size: n, rows: slices.Clone(best)}, nil
}

// codewords returns the smallest version that holds text at the level used
// and the data and check bytes.
func codewords(text string) (coding.Version, []byte, error) {
	var enc coding.Encoding
	switch {
	case onlyFrom(text, numChars) && coding.Num(text).Check() == nil:
		enc = coding.Num(text)
	case onlyFrom(text, alphaChars) && coding.Alpha(text).Check() == nil:
		enc = coding.Alpha(text)
	default:
		enc = coding.String(text)
	}
	v := coding.Version(coding.MinVersion)
	for ; enc.Bits(v) > v.DataBytes(level)*8; v++ {
		if v == coding.MaxVersion {
			return 0, nil, fmt.Errorf("encoding %q as a QR code: text too long (%d bytes)", text, len(text))
		}
	}
	var bits coding.Bits
	enc.Encode(&bits, v)
	bits.AddCheckBytes(v, level)
	return v, bits.Bytes(), nil
}

// The characters of QR's numeric and alphanumeric modes (as rsc.io/qr/coding
// checks them). A URL has lower-case letters, so neither mode applies; asking
// coding's Check first cost two formatted errors per code (1.2 % of a national
// catalogue's allocations).
const (
	numChars   = "0123456789"
	alphaChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
)

// onlyFrom reports whether every byte of text is one of chars.
func onlyFrom(text, chars string) bool {
	for i := 0; i < len(text); i++ {
		if strings.IndexByte(chars, text[i]) < 0 {
			return false
		}
	}
	return true
}

// masks encodes text's codewords once per data mask, in mask order.
func (e *Encoder) masks(text string, v coding.Version, data []byte) ([]*Code, error) {
	out := make([]*Code, 8)
	for m := range out {
		p, err := e.plan(v, m)
		if err != nil {
			return nil, fmt.Errorf("encoding %q as a QR code: %w", text, err)
		}
		out[m] = fill(p, data)
		out[m].Text, out[m].Mask = text, m
	}
	return out, nil
}

// fill lays data out on a plan: what coding.Plan.Encode does, with the check
// bytes computed once for all eight masks.
func fill(p *coding.Plan, data []byte) *Code {
	n := len(p.Pixel)
	c := &Code{size: n, dark: make([]bool, n*n)}
	for y, row := range p.Pixel {
		for x, pix := range row {
			if r := pix.Role(); r == coding.Data || r == coding.Check {
				if o := pix.Offset(); data[o/8]&(1<<(7-o&7)) != 0 {
					pix ^= coding.Black
				}
			}
			c.dark[y*n+x] = pix&coding.Black != 0
		}
	}
	return c
}

// Size is the number of modules on a side, without the quiet zone.
func (c *Code) Size() int { return c.size }

// Black reports whether the module at column x, row y is dark. Positions
// outside the symbol (in the quiet zone or beyond) are light.
func (c *Code) Black(x, y int) bool {
	if x < 0 || x >= c.size || y < 0 || y >= c.size {
		return false
	}
	if c.rows != nil {
		return c.rows[y]>>x&1 != 0
	}
	return c.dark[y*c.size+x]
}

// modules returns the modules one bool each, row by row.
func (c *Code) modules() []bool {
	if c.rows == nil {
		return c.dark
	}
	out := make([]bool, c.size*c.size)
	for y, r := range c.rows {
		for x := range c.size {
			out[y*c.size+x] = r>>x&1 != 0
		}
	}
	return out
}

// run is a run of dark modules in a row: its first column and its width.
type run struct{ x, w int }

// maxRuns bounds the runs of a row: at most one per two modules of the
// largest symbol (177 a side).
const maxRuns = 96

// rowRuns appends the runs of dark modules of row y to out, left to right.
func (c *Code) rowRuns(y int, out []run) []run {
	if c.rows == nil {
		row := c.dark[y*c.size : (y+1)*c.size]
		for x, w := nextRun(row, 0); w > 0; x, w = nextRun(row, x+w) {
			out = append(out, run{x, w})
		}
		return out
	}
	r, x := c.rows[y], 0
	for r != 0 {
		tz := bits.TrailingZeros64(r)
		x, r = x+tz, r>>tz
		w := bits.TrailingZeros64(^r)
		out = append(out, run{x, w})
		x, r = x+w, r>>w
	}
	return out
}

// Side is the side of the drawing in modules, quiet zone included; the SVG's
// viewBox is "0 0 Side Side".
func (c *Code) Side() int { return c.size + 2*Quiet }

// Path returns the SVG path data of the dark modules, in module units, offset
// by the quiet zone, to be stroked one module wide (butt caps, no fill): each
// horizontal run of dark modules is one line along the middle of its row. The
// first run of a row starts with an absolute move, later runs of the row with
// a relative one from the end of the previous run. Half the length of the
// same runs drawn as closed rectangles ("m4 0h4v1h-4z"), and a page's QR code
// is its largest generated part.
func (c *Code) Path() string { return string(c.appendPath(make([]byte, 0, c.pathLen()))) }

// pathLen returns the length of the path appendPath appends, so that the
// buffer it goes into is allocated once at its size.
func (c *Code) pathLen() int {
	l := 0
	var runs [maxRuns]run
	for y := range c.size {
		end := -1 // end of the previous run in this row
		for _, rn := range c.rowRuns(y, runs[:0]) {
			x, w := rn.x, rn.w
			if end < 0 {
				l += 1 + digits(x+Quiet) + 1 + digits(y+Quiet) + 2
			} else {
				l += 1 + digits(x-end) + 2
			}
			l += 1 + digits(w)
			end = x + w
		}
	}
	return l
}

// nextRun returns the first run of dark modules in row at or after x: its
// first column and its width (0 when there is none).
func nextRun(row []bool, x int) (start, w int) {
	for x < len(row) && !row[x] {
		x++
	}
	start = x
	for x < len(row) && row[x] {
		x++
	}
	return start, x - start
}

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

func (c *Code) appendPath(b []byte) []byte {
	for y := range c.size {
		b = c.appendRow(b, y)
	}
	return b
}

// appendRow appends the path of row y's dark runs.
func (c *Code) appendRow(b []byte, y int) []byte {
	end := -1 // end of the previous run in this row
	var runs [maxRuns]run
	for _, rn := range c.rowRuns(y, runs[:0]) {
		x, w := rn.x, rn.w
		if end < 0 {
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(x+Quiet), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(y+Quiet), 10)
			b = append(b, ".5"...)
		} else {
			b = append(b, 'm')
			b = strconv.AppendInt(b, int64(x-end), 10)
			b = append(b, " 0"...)
		}
		b = append(b, 'h')
		b = strconv.AppendInt(b, int64(w), 10)
		end = x + w
	}
	return b
}

// SVG returns an inline SVG image of the code: a white square (so the code
// stays readable on a dark page or a coloured label) and one dark path. label
// is the text alternative (role="img", aria-label); it is escaped here. class,
// when not empty, is added to the <svg> element.
func (c *Code) SVG(label, class string) string {
	// Made in a buffer on the stack (a catalogue's codes take 2–3 KB; a
	// larger one grows it onto the heap) and copied once into the string:
	// measuring the path first to size a builder exactly cost more than
	// the copy (a label sheet draws ≈ 100 codes).
	var buf [4096]byte
	return string(c.AppendSVG(buf[:0], label, class))
}

// AppendSVG appends SVG's image to dst and returns the extended buffer: a
// page renders its codes straight into its output, without a string each.
func (c *Code) AppendSVG(dst []byte, label, class string) []byte {
	side := c.Side()
	dst = append(dst, "<svg"...)
	if class != "" {
		dst = append(dst, ` class="`...)
		dst = appendEscaped(dst, class)
		dst = append(dst, '"')
	}
	dst = append(dst, ` viewBox="0 0 `...)
	dst = strconv.AppendInt(dst, int64(side), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(side), 10)
	dst = append(dst, `" role="img" aria-label="`...)
	dst = appendEscaped(dst, label)
	dst = append(dst, `" shape-rendering="crispEdges"><rect width="`...)
	dst = strconv.AppendInt(dst, int64(side), 10)
	dst = append(dst, `" height="`...)
	dst = strconv.AppendInt(dst, int64(side), 10)
	dst = append(dst, `" fill="#fff"/><path fill="none" stroke="#000" d="`...)
	for y := range c.size {
		dst = c.appendRow(dst, y)
	}
	return append(dst, `"/></svg>`...)
}

// appendEscaped appends s escaped as html.EscapeString escapes it.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, esc...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}
