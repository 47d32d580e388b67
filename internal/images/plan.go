package images

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Mode says what a source image is for, and so what is made of it.
type Mode string

// The modes.
const (
	// Photo is a record's photo other than its cover: the widths only.
	Photo Mode = "photo"
	// Cover is a record's first photo: the widths and the share picture,
	// cropped to fill Params.ShareWidth × ShareHeight.
	Cover Mode = "cover"
	// Logo is a subject's logo: the widths and the share picture, the logo
	// centred on white.
	Logo Mode = "logo"
	// Single is an image of a bundle that no record names (a page's body may
	// link to it): one copy, upright and stripped, no wider than the widest
	// width, published under the file's own name.
	Single Mode = "single"
)

// Params are the processing parameters. The zero value means the defaults.
type Params struct {
	Widths                  []int // published widths in pixels; default 360, 720, 1200
	Quality                 int   // JPEG quality; default 80
	ShareWidth, ShareHeight int   // the share (Open Graph) picture; default 1200×630
	MaxPixels               int   // the largest image decoded; default DefaultMaxPixels
}

// DefaultWidths are the published widths: a phone's screen at 1×, 2× and a
// desktop's column.
var DefaultWidths = []int{360, 720, 1200}

func (p Params) norm() Params {
	if len(p.Widths) == 0 {
		p.Widths = DefaultWidths
	}
	p.Widths = slices.Clone(p.Widths)
	slices.Sort(p.Widths)
	p.Widths = slices.Compact(p.Widths)
	if p.Quality <= 0 || p.Quality > 100 {
		p.Quality = 80
	}
	if p.ShareWidth <= 0 || p.ShareHeight <= 0 {
		p.ShareWidth, p.ShareHeight = 1200, 630
	}
	if p.MaxPixels <= 0 {
		p.MaxPixels = DefaultMaxPixels
	}
	return p
}

// key is the parameters as they enter a cache key.
func (p Params) key() string {
	p = p.norm()
	var b strings.Builder
	for _, w := range p.Widths {
		b.WriteString(strconv.Itoa(w))
		b.WriteByte(',')
	}
	fmt.Fprintf(&b, "q%d,s%dx%d", p.Quality, p.ShareWidth, p.ShareHeight)
	return b.String()
}

// Variant is one published file made from a source image.
type Variant struct {
	Key           string // its name inside a cache entry, e.g. "360.jpg", "share.jpg"
	Name          string // its published name, relative to the bundle, e.g. "cover-360.jpg"
	Width, Height int
}

// Picture is what is published for one source image.
type Picture struct {
	Source string // the source file, relative to the bundle
	Mode   Mode
	Format Format // the source's
	// Out is the format of the variants and the share picture: the
	// source's, but JPEG for a photo saved as an opaque PNG (Info.Opaque).
	Out      Format
	Variants []Variant // by ascending width: the srcset
	Share    *Variant  // the share (Open Graph) picture, or nil
	// Own is the copy published under the source's own name when the
	// widest variant cannot be: for a PNG photo published as JPEG, a PNG of
	// the widest variant's size (the source without its metadata when no
	// wider). Nil otherwise: the widest variant then has the source's own
	// name, as Single's one variant has.
	Own *Variant
}

// Largest returns the widest variant.
func (p *Picture) Largest() Variant { return p.Variants[len(p.Variants)-1] }

// Smallest returns the narrowest variant.
func (p *Picture) Smallest() Variant { return p.Variants[0] }

// Files returns every file made for the picture: the variants, then the
// share picture and the own-name copy when there are.
func (p *Picture) Files() []Variant {
	out := slices.Clone(p.Variants)
	if p.Share != nil {
		out = append(out, *p.Share)
	}
	if p.Own != nil {
		out = append(out, *p.Own)
	}
	return out
}

// Plan lists what is published for a probed image. Widths are never larger
// than the image: an image narrower than the widest width gets its own width
// as its widest variant. The share picture is cut from the widest variant.
func Plan(file string, info Info, mode Mode, params Params) *Picture {
	p := params.norm()
	pic := &Picture{Source: file, Mode: mode, Format: info.Format, Out: info.Format}
	if info.Format == PNG && info.Opaque && (mode == Photo || mode == Cover) {
		// A photo: JPEG holds it in a fraction of PNG's bytes. Logos and
		// files that no record names (a body's diagram) stay PNG.
		pic.Out = JPEG
	}
	ext := pic.Out.Ext()
	stem := strings.TrimSuffix(file, path.Ext(file))
	w, h := info.Size()
	height := func(width int) int { return max(1, int(math.Round(float64(width)*float64(h)/float64(w)))) }
	widest := p.Widths[len(p.Widths)-1]
	if mode == Single {
		vw := min(w, widest)
		pic.Variants = []Variant{{Key: "single" + ext, Name: file, Width: vw, Height: height(vw)}}
		return pic
	}
	for _, vw := range p.Widths {
		if vw < w {
			pic.Variants = append(pic.Variants, Variant{Key: strconv.Itoa(vw) + ext, Name: stem + "-" + strconv.Itoa(vw) + ext, Width: vw, Height: height(vw)})
		}
	}
	if w <= widest {
		pic.Variants = append(pic.Variants, Variant{Key: strconv.Itoa(w) + ext, Name: stem + "-" + strconv.Itoa(w) + ext, Width: w, Height: h})
	}
	l := pic.Largest()
	if pic.Out != pic.Format {
		pic.Own = &Variant{Key: "own" + info.Format.Ext(), Name: file, Width: l.Width, Height: l.Height}
	} else {
		// The widest variant goes under the source's own name, so that a
		// link to the file itself (a body's image, structured data) finds
		// it, and its bytes are published once, not again beside a copy.
		l.Name = file
		pic.Variants[len(pic.Variants)-1] = l
	}
	switch mode {
	case Cover:
		s := min(1, float64(l.Width)/float64(p.ShareWidth), float64(l.Height)/float64(p.ShareHeight))
		sw := max(1, int(math.Round(float64(p.ShareWidth)*s)))
		sh := max(1, int(math.Round(float64(p.ShareHeight)*s)))
		pic.Share = &Variant{Key: "share" + ext, Name: stem + "-og" + ext, Width: sw, Height: sh}
	case Logo:
		pic.Share = &Variant{Key: "share" + ext, Name: stem + "-og" + ext, Width: p.ShareWidth, Height: p.ShareHeight}
	}
	return pic
}
