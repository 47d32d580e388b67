package qr_test

import (
	"cmp"
	"fmt"
	"html"
	"image"
	"image/color"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

// This file reads codes back the way a phone would: from the SVG as
// published (possibly rewritten by the minifier), through a raster image, to a
// real decoder. Nothing here uses the encoder's module grid.

// qrSVG matches an inline QR image; groups: side, label (in either quotes),
// inner markup.
// The minifier may quote an attribute with ' when its value holds ".
var qrSVG = regexp.MustCompile(`<svg class="qr"[^>]*?viewBox="0 0 (\d+) \d+"[^>]*?aria-label=(?:"([^"]*)"|'([^']*)')[^>]*>(.*?)</svg>`)

var (
	pathTag = regexp.MustCompile(`<path[^>]*>`)
	pathD   = regexp.MustCompile(`\sd="([^"]*)"`)
	// A stroked path: stroke set to a colour, fill "none". Any other
	// stroke attribute (a width, caps, joins) is not read here, so it fails.
	stroked   = regexp.MustCompile(`\sstroke="#000"`)
	fillNone  = regexp.MustCompile(`\sfill="none"`)
	strokeAny = regexp.MustCompile(`\sstroke-`)
)

// svgCode is one QR image found in HTML.
type svgCode struct {
	Side    int
	Label   string
	Paths   []string // path data of every filled <path> inside
	Strokes []string // path data of every <path> stroked one unit wide
	Err     error    // a <path> this reader cannot draw
}

// findCodes returns every QR image in an HTML page.
func findCodes(page string) []svgCode {
	var out []svgCode
	for _, m := range qrSVG.FindAllStringSubmatch(page, -1) {
		side, _ := strconv.Atoi(m[1])
		c := svgCode{Side: side, Label: html.UnescapeString(m[2] + m[3])}
		for _, tag := range pathTag.FindAllString(m[4], -1) {
			d := pathD.FindStringSubmatch(tag)
			switch {
			case d == nil:
				c.Err = fmt.Errorf("a <path> without d: %s", tag)
			case strokeAny.MatchString(tag):
				c.Err = fmt.Errorf("stroke attributes this reader does not draw: %.80s", tag)
			case stroked.MatchString(tag) && fillNone.MatchString(tag):
				c.Strokes = append(c.Strokes, d[1])
			case stroked.MatchString(tag) || fillNone.MatchString(tag):
				c.Err = fmt.Errorf("a <path> both filled and stroked, or neither: %.80s", tag)
			default:
				c.Paths = append(c.Paths, d[1])
			}
		}
		out = append(out, c)
	}
	return out
}

// strokeRects turns path data stroked one unit wide with butt caps into the
// rectangles it paints. Only horizontal lines are read (moves, h, H, and
// l/L with no vertical change); anything else, a closing z included (its
// closing line is not drawn here), is an error.
func strokeRects(d string) ([][]pt, error) {
	if strings.ContainsAny(d, "Zz") {
		return nil, fmt.Errorf("stroked path data closes a subpath: %.60q", d)
	}
	lines, err := polylines(d)
	if err != nil {
		return nil, err
	}
	var rects [][]pt
	for _, l := range lines {
		for i := 1; i < len(l); i++ {
			a, b := l[i-1], l[i]
			if a.y != b.y {
				return nil, fmt.Errorf("stroked segment %v→%v is not horizontal", a, b)
			}
			x0, x1 := min(a.x, b.x), max(a.x, b.x)
			rects = append(rects, []pt{{x0, a.y - .5}, {x1, a.y - .5}, {x1, a.y + .5}, {x0, a.y + .5}})
		}
	}
	return rects, nil
}

type pt struct{ x, y float64 }

var pathToken = regexp.MustCompile(`[MmLlHhVvZz]|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`)

// polygons parses path data made of moves and straight lines (M L H V Z, in
// either case, with implicit repeats) into closed polygons.
func polygons(d string) ([][]pt, error) {
	subs, err := polylines(d)
	if err != nil {
		return nil, err
	}
	var polys [][]pt
	for _, s := range subs {
		if len(s) > 2 {
			polys = append(polys, s)
		}
	}
	return polys, nil
}

// polylines parses path data made of moves and straight lines into its
// subpaths, each the points it passes through (a closing "z" adds no point).
func polylines(d string) ([][]pt, error) {
	toks := pathToken.FindAllString(d, -1)
	if strings.Join(toks, "") != strings.NewReplacer(" ", "", ",", "", "\n", "").Replace(d) {
		return nil, fmt.Errorf("path data has unsupported commands: %.60q", d)
	}
	var polys [][]pt
	var cur, start pt
	var open []pt
	closeSub := func() {
		if len(open) > 1 {
			polys = append(polys, open)
		}
		open = nil
	}
	lineTo := func(p pt) {
		if open == nil {
			open = []pt{cur}
		}
		open = append(open, p)
		cur = p
	}
	cmd := byte(0)
	nums := func(i, n int) ([]float64, error) {
		if i+n > len(toks) {
			return nil, fmt.Errorf("command %c: missing numbers", cmd)
		}
		out := make([]float64, n)
		for k := range n {
			v, err := strconv.ParseFloat(toks[i+k], 64)
			if err != nil {
				return nil, fmt.Errorf("command %c: %v", cmd, err)
			}
			out[k] = v
		}
		return out, nil
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		if c := t[0]; strings.IndexByte("MmLlHhVvZz", c) >= 0 {
			cmd = c
			i++
			if c == 'Z' || c == 'z' {
				cur = start
				closeSub()
				continue
			}
		} else if cmd == 0 || cmd == 'Z' || cmd == 'z' {
			return nil, fmt.Errorf("number %q without a command", t)
		}
		rel := cmd >= 'a'
		switch cmd | 0x20 {
		case 'm', 'l':
			v, err := nums(i, 2)
			if err != nil {
				return nil, err
			}
			i += 2
			p := pt{v[0], v[1]}
			if rel {
				p = pt{cur.x + p.x, cur.y + p.y}
			}
			if cmd|0x20 == 'm' {
				closeSub()
				cur, start = p, p
				// Later pairs are implicit line-tos.
				if cmd == 'm' {
					cmd = 'l'
				} else {
					cmd = 'L'
				}
				continue
			}
			lineTo(p)
		case 'h', 'v':
			v, err := nums(i, 1)
			if err != nil {
				return nil, err
			}
			i++
			p := cur
			switch cmd {
			case 'h':
				p.x += v[0]
			case 'H':
				p.x = v[0]
			case 'v':
				p.y += v[0]
			case 'V':
				p.y = v[0]
			}
			lineTo(p)
		}
	}
	closeSub()
	return polys, nil
}

// crossing is where an edge crosses a horizontal line, and which way it goes.
type crossing struct {
	x   float64
	dir int
}

// modules samples the filled paths (nonzero rule) at the centre of every
// module of a side×side grid, one horizontal scanline per row of modules.
func modules(side int, paths, strokes []string) ([][]bool, error) {
	var polys [][]pt
	for _, d := range paths {
		p, err := polygons(d)
		if err != nil {
			return nil, err
		}
		polys = append(polys, p...)
	}
	for _, d := range strokes {
		r, err := strokeRects(d)
		if err != nil {
			return nil, err
		}
		polys = append(polys, r...)
	}
	grid := make([][]bool, side)
	for y := range side {
		grid[y] = make([]bool, side)
		py := float64(y) + .5
		var cs []crossing
		for _, poly := range polys {
			for i := range poly {
				a, b := poly[i], poly[(i+1)%len(poly)]
				dir := 0
				switch {
				case a.y <= py && py < b.y:
					dir = 1
				case b.y <= py && py < a.y:
					dir = -1
				default:
					continue
				}
				cs = append(cs, crossing{a.x + (py-a.y)*(b.x-a.x)/(b.y-a.y), dir})
			}
		}
		slices.SortFunc(cs, func(p, q crossing) int { return cmp.Compare(p.x, q.x) })
		w, k := 0, 0 // winding left of the sample point: crossings passed so far
		for x := range side {
			px := float64(x) + .5
			for k < len(cs) && cs[k].x < px {
				w += cs[k].dir
				k++
			}
			grid[y][x] = w != 0
		}
	}
	return grid, nil
}

// raster draws a module grid at scale pixels per module, with a white border
// of margin modules (on top of any quiet zone the grid has).
func raster(grid [][]bool, scale, margin int) *image.Gray {
	n := len(grid)
	side := (n + 2*margin) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range grid {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray((x+margin)*scale+dx, (y+margin)*scale+dy, color.Gray{})
				}
			}
		}
	}
	return img
}

// decodeImage reads a QR code from an image with ZXing's decoder.
func decodeImage(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
	})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// decodeSVG reads back a code found in HTML: path data → modules → 4 px per
// module image → decoder.
func decodeSVG(c svgCode) (string, error) {
	if c.Side < 21 {
		return "", fmt.Errorf("viewBox side %d is smaller than any QR code", c.Side)
	}
	if c.Err != nil {
		return "", c.Err
	}
	grid, err := modules(c.Side, c.Paths, c.Strokes)
	if err != nil {
		return "", err
	}
	return decodeImage(raster(grid, 4, 2))
}
