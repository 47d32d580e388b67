package qr

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// grid parses rows of '#' (dark) and '.' (light).
func grid(rows ...string) (int, []bool) {
	var dark []bool
	for _, r := range rows {
		for _, c := range r {
			dark = append(dark, c == '#')
		}
	}
	return len(rows), dark
}

func TestPenalty(t *testing.T) {
	tests := []struct {
		name string
		rows []string
		want int
	}{
		// 10 lines of 5: N1 10×3; 16 blocks: N2 48; 0% dark: N4 10×10.
		{"all light", []string{".....", ".....", ".....", ".....", "....."}, 30 + 48 + 100},
		// No runs, no blocks, 13 of 25 dark (52%): nothing.
		{"checkerboard", []string{"#.#.#", ".#.#.", "#.#.#", ".#.#.", "#.#.#"}, 0},
		// Row 0 is a run of five (N1 3); no column has one, no 2×2 block is
		// one colour; 15 of 25 dark (60%): N4 2×10.
		{"one run", []string{"#####", "#.#.#", ".#.#.", "#.#.#", ".#.#."}, 3 + 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, dark := grid(tc.rows...)
			if got := penalty(n, dark); got != tc.want {
				t.Errorf("penalty = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestLinePenaltyFinder(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"#.###.#....", penFinder},           // light after
		{"....#.###.#", penFinder},           // light before
		{"#.###.#", penFinder},               // the quiet zone counts as light
		{"#.##.#....", 0},                    // not 1:1:3:1:1
		{"##.###.#.##", 0},                   // dark on both sides
		{".....#.###.#", penRun + penFinder}, // a run of five light, then the pattern
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			l := make([]bool, len(tc.line))
			for i, c := range tc.line {
				l[i] = c == '#'
			}
			if got := linePenalty(l); got != tc.want {
				t.Errorf("linePenalty(%s) = %d, want %d", tc.line, got, tc.want)
			}
		})
	}
}

// TestMaskChosen checks that the mask with the lowest penalty is the one used,
// for a text that mask 0 (rsc.io/qr's fixed choice) renders unreadable.
func TestMaskChosen(t *testing.T) {
	text := "https://ocop.khanhson.example/du-lich/thac-doc-quy/"
	var e Encoder
	all, err := allMasks(&e, text)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 8 || c.Mask == 0 {
		t.Fatalf("%d candidates, mask %d chosen", len(all), c.Mask)
	}
	chosen := penalty(c.size, c.modules())
	var scores []string
	for m, o := range all {
		s := penalty(o.size, o.modules())
		scores = append(scores, fmt.Sprint(s))
		if s < chosen || (s == chosen && m < c.Mask) {
			t.Errorf("mask %d scores %d, lower than the chosen mask %d (%d)", m, s, c.Mask, chosen)
		}
		if o.size != c.size {
			t.Errorf("mask %d has size %d, chosen has %d", m, o.size, c.size)
		}
	}
	t.Logf("penalties by mask: %s", strings.Join(scores, " "))
}

// TestPenaltyBitsAgree checks the bit-mask scoring against the line-by-line
// one on random symbols of every side up to the largest scored on bit masks,
// and on the candidates of a real code.
func TestPenaltyBitsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 5; n <= maxBits; n++ {
		for range 6 {
			dark := make([]bool, n*n)
			bias := rng.IntN(5) + 1 // some symbols mostly light, for runs and blocks
			for i := range dark {
				dark[i] = rng.IntN(6) < bias
			}
			if got, want := penalty(n, dark), penaltyLines(n, dark); got != want {
				t.Fatalf("n=%d: penalty %d, line by line %d", n, got, want)
			}
		}
	}
	var e Encoder
	all, err := allMasks(&e, "https://ocop.khanhson.example/en/products/sau-rieng-cap-dong-phuong-dai/")
	if err != nil {
		t.Fatal(err)
	}
	for m, c := range all {
		if got, want := penalty(c.size, c.modules()), penaltyLines(c.size, c.modules()); got != want {
			t.Errorf("mask %d: penalty %d, line by line %d", m, got, want)
		}
	}
}

// allMasks encodes text with each of the eight masks the slow way (a plan's
// pixels one by one), for comparison with the word-wise encoder.
func allMasks(e *Encoder, text string) ([]*Code, error) {
	v, data, err := codewords(text)
	if err != nil {
		return nil, err
	}
	return e.masks(text, v, data)
}

// TestEncodeRowsAgrees checks that the word-wise encoder makes, for texts of
// many lengths (versions 1 to 10), the same symbol as laying every pixel of
// every mask and scoring each line by line, and that EncodeMask repeats it.
func TestEncodeRowsAgrees(t *testing.T) {
	var e Encoder
	for n := 1; n <= 200; n += 7 {
		text := "https://ocop.example/" + strings.Repeat("san-pham-", n/9+1)[:n]
		all, err := allMasks(&e, text)
		if err != nil {
			t.Fatal(err)
		}
		want, wantScore := all[0], penaltyLines(all[0].size, all[0].modules())
		for _, c := range all[1:] {
			if s := penaltyLines(c.size, c.modules()); s < wantScore {
				want, wantScore = c, s
			}
		}
		got, err := e.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Mask != want.Mask || got.size != want.size || !slices.Equal(got.modules(), want.modules()) {
			t.Fatalf("%d characters: mask %d size %d, want mask %d size %d (same modules: %v)", len(text), got.Mask, got.size, want.Mask, want.size, slices.Equal(got.modules(), want.modules()))
		}
		again, err := e.EncodeMask(text, got.Mask)
		if err != nil || !slices.Equal(again.modules(), got.modules()) {
			t.Fatalf("%d characters: EncodeMask differs from Encode (%v)", len(text), err)
		}
	}
}
