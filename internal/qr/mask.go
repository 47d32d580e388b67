package qr

// Penalty weights of ISO/IEC 18004:2015, 7.8.3.
const (
	penRun     = 3  // N1: a run of five or more same-coloured modules (plus one per extra module)
	penBlock   = 3  // N2: each 2×2 block of one colour
	penFinder  = 40 // N3: a 1:1:3:1:1 dark:light:dark:light:dark pattern with four light modules beside it
	penBalance = 10 // N4: per whole 5% the share of dark modules strays from 50%
)

// penalty scores a symbol of n×n modules (dark, row by row); the mask with
// the lowest score is the one to use.
func penalty(n int, dark []bool) int {
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
