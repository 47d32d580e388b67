package qr

import "math/bits"

// Penalty weights of ISO/IEC 18004:2015, 7.8.3.
const (
	penRun     = 3  // N1: a run of five or more same-coloured modules (plus one per extra module)
	penBlock   = 3  // N2: each 2×2 block of one colour
	penFinder  = 40 // N3: a 1:1:3:1:1 dark:light:dark:light:dark pattern with four light modules beside it
	penBalance = 10 // N4: per whole 5% the share of dark modules strays from 50%
)

// penalty scores a symbol of n×n modules (dark, row by row); the mask with
// the lowest score is the one to use. Symbols of up to 56 modules a side
// (versions 1–10, every URL of a catalogue) are scored on bit masks, a row
// or column per word; larger ones line by line (penaltyLines).
func penalty(n int, dark []bool) int {
	if n > maxBits {
		return penaltyLines(n, dark)
	}
	var rowsA [maxBits]uint64
	rows := rowsA[:n]
	for y := range n {
		for x, d := range dark[y*n : (y+1)*n] {
			if d {
				rows[y] |= 1 << x
			}
		}
	}
	return penaltyRows(rows)
}

// penaltyRows is penalty for a symbol of at most maxBits modules a side, a
// row per word (bit x is column x).
func penaltyRows(rows []uint64) int {
	n := len(rows)
	var colsA [maxBits]uint64
	cols := colsA[:n]
	count := 0
	for y, r := range rows {
		count += bits.OnesCount64(r)
		for ; r != 0; r &= r - 1 {
			cols[bits.TrailingZeros64(r)] |= 1 << y
		}
	}
	full := uint64(1)<<n - 1
	score := 0
	for i := range n {
		score += linePenaltyBits(rows[i], full) + linePenaltyBits(cols[i], full)
	}
	pairs := full >> 1 // bit x: the block at columns x and x+1
	for y := 0; y+1 < n; y++ {
		a, b := rows[y], rows[y+1]
		both := a & b & (a >> 1) & (b >> 1)
		none := ^a & ^b & ^(a >> 1) & ^(b >> 1)
		score += penBlock * bits.OnesCount64((both|none)&pairs)
	}
	dev := count*100/(n*n) - 50
	if dev < 0 {
		dev = -dev
	}
	return score + dev/5*penBalance
}

// maxBits is the largest side scored on bit masks: the line plus four light
// modules on each side must fit in a word.
const maxBits = 64 - 8

// linePenaltyBits is linePenalty of the modules of l (bit i is module i)
// within full.
func linePenaltyBits(l, full uint64) int {
	score := 0
	for _, y := range [2]uint64{l, ^l & full} {
		// Bit i of five: modules i to i+4 alike. A run of r ≥ 5 sets r-4
		// bits of five in a row, the first of them with no bit before it;
		// it scores penRun + r-5, that is its bits plus penRun-1.
		five := y & (y >> 1) & (y >> 2) & (y >> 3) & (y >> 4)
		score += bits.OnesCount64(five) + (penRun-1)*bits.OnesCount64(five&^(five<<1))
	}
	// Finder-like patterns: dark, light, three dark, light, dark (symmetric),
	// with four light modules before or after it; the line is shifted by four
	// so that the quiet zone on either side reads as light.
	x := l << 4
	start := x & ^(x >> 1) & (x >> 2) & (x >> 3) & (x >> 4) & ^(x >> 5) & (x >> 6)
	any4 := x | x>>1 | x>>2 | x>>3 // bit q: a dark module among q..q+3
	lightBefore, lightAfter := ^(any4 << 4), ^(any4 >> 7)
	return score + penFinder*bits.OnesCount64(start&(lightBefore|lightAfter))
}

// penaltyLines is penalty for symbols too large for penalty's bit masks.
func penaltyLines(n int, dark []bool) int {
	score := 0
	line := make([]bool, n)
	for _, vertical := range []bool{false, true} {
		for i := range n {
			for j := range n {
				if vertical {
					line[j] = dark[j*n+i]
				} else {
					line[j] = dark[i*n+j]
				}
			}
			score += linePenalty(line)
		}
	}
	count := 0
	for y := range n {
		for x := range n {
			c := dark[y*n+x]
			if c {
				count++
			}
			if x+1 < n && y+1 < n && dark[y*n+x+1] == c && dark[(y+1)*n+x] == c && dark[(y+1)*n+x+1] == c {
				score += penBlock
			}
		}
	}
	dev := count*100/(n*n) - 50
	if dev < 0 {
		dev = -dev
	}
	return score + dev/5*penBalance
}

// linePenalty scores one row or column: long runs (N1) and finder-like
// patterns (N3).
func linePenalty(l []bool) int {
	n := len(l)
	score, run := 0, 1
	for j := 1; j <= n; j++ {
		if j < n && l[j] == l[j-1] {
			run++
			continue
		}
		if run >= 5 {
			score += penRun + run - 5
		}
		run = 1
	}
	for j := 0; j+7 <= n; j++ {
		if l[j] && !l[j+1] && l[j+2] && l[j+3] && l[j+4] && !l[j+5] && l[j+6] &&
			(light(l, j-4, j) || light(l, j+7, j+11)) {
			score += penFinder
		}
	}
	return score
}

// light reports whether modules from..to-1 are all light; modules outside the
// symbol count as light (the quiet zone).
func light(l []bool, from, to int) bool {
	for j := max(from, 0); j < min(to, len(l)); j++ {
		if l[j] {
			return false
		}
	}
	return true
}
