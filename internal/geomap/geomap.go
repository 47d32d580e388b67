package geomap

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Pin is one place on the map.
type Pin struct {
	Lat, Lng float64
	Label    string // short text drawn on the pin, e.g. "3"
	Title    string // the place's name: the link's accessible name and tooltip
	Href     string // where the pin links to
}

// Options size and label the map. The zero value is usable.
type Options struct {
	Width  float64 // drawing width in SVG units; default 640
	Pad    float64 // margin between the frame and the outermost pins; default 36
	MaxH   float64 // tallest drawing; default equal to Width
	MinH   float64 // shortest drawing; default 240
	Label  string  // accessible name of the map (aria-label of the group)
	Class  string  // class of the <svg> element
	KmUnit string  // unit written on the scale bar; default "km"
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = 640
	}
	if o.Pad <= 0 {
		o.Pad = 36
	}
	if o.MaxH <= 0 {
		o.MaxH = o.Width
	}
	if o.MinH <= 0 {
		o.MinH = 240
	}
	if o.KmUnit == "" {
		o.KmUnit = "km"
	}
	return o
}

// Point is a projected position in SVG units (y grows downwards).
type Point struct{ X, Y float64 }

// kmPerDegree is the length of one degree of latitude (mean Earth radius).
const kmPerDegree = 6371.0 * math.Pi / 180

// minSpan is the smallest extent of the map in degrees of latitude, so one
// pin, or pins in a line, still give a sensible map (about 2 km).
const minSpan = 0.02

// Projection maps positions into a drawing.
type Projection struct {
	lat0, lng0 float64 // the north-west corner of the mapped box
	cos        float64 // cosine of the mean latitude
	scale      float64 // SVG units per degree of latitude
	offX, offY float64 // where the box starts in the drawing
	W, H       float64 // the drawing's size
}

// Fit returns the projection that fits the pins into a drawing of opts.Width,
// with opts.Pad around them, centred. It returns nil when there are no pins.
func Fit(pins []Pin, opts Options) *Projection {
	if len(pins) == 0 {
		return nil
	}
	o := opts.withDefaults()
	minLat, maxLat := pins[0].Lat, pins[0].Lat
	minLng, maxLng := pins[0].Lng, pins[0].Lng
	sumLat := 0.0
	for _, p := range pins {
		minLat, maxLat = math.Min(minLat, p.Lat), math.Max(maxLat, p.Lat)
		minLng, maxLng = math.Min(minLng, p.Lng), math.Max(maxLng, p.Lng)
		sumLat += p.Lat
	}
	cos := math.Cos(sumLat / float64(len(pins)) * math.Pi / 180)
	// Extents in degrees of latitude (longitude shrunk by cos).
	spanX := (maxLng - minLng) * cos
	spanY := maxLat - minLat
	if spanX < minSpan {
		d := (minSpan - spanX) / 2 / cos
		minLng, maxLng = minLng-d, maxLng+d
		spanX = minSpan
	}
	if spanY < minSpan {
		d := (minSpan - spanY) / 2
		minLat, maxLat = minLat-d, maxLat+d
		spanY = minSpan
	}
	inner := o.Width - 2*o.Pad
	scale := math.Min(inner/spanX, (o.MaxH-2*o.Pad)/spanY)
	h := math.Max(spanY*scale+2*o.Pad, o.MinH)
	return &Projection{
		lat0: maxLat, lng0: minLng, cos: cos, scale: scale,
		offX: (o.Width - spanX*scale) / 2, offY: (h - spanY*scale) / 2,
		W: o.Width, H: h,
	}
}

// Project returns where a position is drawn.
func (pr *Projection) Project(lat, lng float64) Point {
	return Point{
		X: pr.offX + (lng-pr.lng0)*pr.cos*pr.scale,
		Y: pr.offY + (pr.lat0-lat)*pr.scale,
	}
}

// Unproject returns the position drawn at a point.
func (pr *Projection) Unproject(pt Point) (lat, lng float64) {
	return pr.lat0 - (pt.Y-pr.offY)/pr.scale, pr.lng0 + (pt.X-pr.offX)/(pr.cos*pr.scale)
}

// KmPerUnit is the ground distance of one SVG unit, in kilometres.
func (pr *Projection) KmPerUnit() float64 { return kmPerDegree / pr.scale }

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// niceStep returns a round step (1, 2 or 5 times a power of ten) close to
// span/n.
func niceStep(span float64, n int) float64 {
	raw := span / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// niceFloor returns the largest round number (1, 2 or 5 times a power of
// ten) not above v.
func niceFloor(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= v {
			return m * p
		}
	}
	return p
}

// degrees formats a coordinate for a graticule label, e.g. "11.95°N".
func degrees(v float64, step float64, pos, neg string) string {
	dec := max(0, int(math.Ceil(-math.Log10(step)-1e-9)))
	h := pos
	if v < 0 {
		h, v = neg, -v
	}
	return strconv.FormatFloat(v, 'f', dec, 64) + "°" + h
}

// Draw returns the SVG of a map of pins, or "" when there are none. Pins are
// drawn in the order given (later ones on top).
func Draw(pins []Pin, opts Options) string {
	pr := Fit(pins, opts)
	if pr == nil {
		return ""
	}
	o := opts.withDefaults()
	var b strings.Builder
	w, h := num(pr.W), num(pr.H)
	b.WriteString(`<svg`)
	if o.Class != "" {
		b.WriteString(` class="` + html.EscapeString(o.Class) + `"`)
	}
	b.WriteString(` viewBox="0 0 ` + w + ` ` + h + `" role="group"`)
	if o.Label != "" {
		b.WriteString(` aria-label="` + html.EscapeString(o.Label) + `"`)
	}
	b.WriteString(`>`)
	// Background, graticule and scale bar: decoration, hidden from assistive technology.
	b.WriteString(`<g aria-hidden="true">`)
	fmt.Fprintf(&b, `<rect class="map-bg" x="0.5" y="0.5" width="%s" height="%s" fill="#f4f8f2" stroke="#5b6b5f"/>`, num(pr.W-1), num(pr.H-1))
	pr.graticule(&b)
	pr.scaleBar(&b, o.KmUnit)
	b.WriteString(`</g>`)
	at := make([]Point, len(pins))
	for i, p := range pins {
		at[i] = pr.Project(p.Lat, p.Lng)
	}
	drawn := spread(at, pr.W, pr.H)
	// A pin moved off its place keeps a line to a dot on the place.
	var leaders strings.Builder
	for i, pt := range drawn {
		if pt != at[i] {
			fmt.Fprintf(&leaders, `<path d="M%s %sL%s %s"/><circle cx="%s" cy="%s" r="2.5"/>`,
				num(at[i].X), num(at[i].Y), num(pt.X), num(pt.Y), num(at[i].X), num(at[i].Y))
		}
	}
	if leaders.Len() > 0 {
		b.WriteString(`<g aria-hidden="true" stroke="#1d5c3a" stroke-width="1.5" fill="#1d5c3a">` + leaders.String() + `</g>`)
	}
	for i, p := range pins {
		pt := drawn[i]
		x, y := num(pt.X), num(pt.Y)
		fmt.Fprintf(&b, `<a href="%s" class="pin"><title>%s</title><circle cx="%s" cy="%s" r="11" fill="#1d5c3a" stroke="#fff" stroke-width="2"/>`,
			html.EscapeString(p.Href), html.EscapeString(p.Title), x, y)
		if p.Label != "" {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" font-weight="700" fill="#fff" aria-hidden="true">%s</text>`,
				x, num(pt.Y+4), html.EscapeString(p.Label))
		}
		b.WriteString(`</a>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// pinGap is the least distance between the centres of two drawn pins: their
// circles (radius 11, a white edge of 2) do not touch, so each stays a
// target of its own.
const pinGap = 26

// spread returns where to draw pins whose places are at: each pin at its
// place unless that is within pinGap of a pin already placed (in order),
// else at the first free spot on rings around its place (nearest ring
// first, starting above it and turning clockwise), inside the w×h drawing.
func spread(at []Point, w, h float64) []Point {
	const edge = 14 // keep a pin's circle inside the frame
	out := make([]Point, 0, len(at))
	clear := func(q Point) bool {
		for _, o := range out {
			if dx, dy := q.X-o.X, q.Y-o.Y; dx*dx+dy*dy < pinGap*pinGap {
				return false
			}
		}
		return true
	}
	free := func(q Point) bool {
		return q.X >= edge && q.Y >= edge && q.X <= w-edge && q.Y <= h-edge && clear(q)
	}
	for _, p := range at {
		q := p
		if !clear(q) {
		rings:
			for ring := 1; ring <= 12; ring++ {
				r := float64(ring) * pinGap
				n := 6 * ring // spots on the ring, about one pin apart
				for k := range n {
					a := 2*math.Pi*float64(k)/float64(n) - math.Pi/2
					c := Point{p.X + r*math.Cos(a), p.Y + r*math.Sin(a)}
					// Rounded as drawn, so the output does not depend on
					// the last bits of a sine.
					c = Point{math.Round(c.X*10) / 10, math.Round(c.Y*10) / 10}
					if free(c) {
						q = c
						break rings
					}
				}
			}
		}
		out = append(out, q)
	}
	return out
}

// graticule draws lines of latitude and longitude at a round step, labelled
// along the top and left edges.
func (pr *Projection) graticule(b *strings.Builder) {
	latN, lngW := pr.Unproject(Point{0, 0})
	latS, lngE := pr.Unproject(Point{pr.W, pr.H})
	step := niceStep(math.Max(latN-latS, (lngE-lngW)*pr.cos), 4)
	b.WriteString(`<g stroke="#c9d6cc" stroke-width="1" fill="none">`)
	var labels strings.Builder
	for i := math.Ceil(latS / step); i*step <= latN; i++ {
		v := i * step
		y := pr.Project(v, lngW).Y
		fmt.Fprintf(b, `<path d="M0 %sH%s"/>`, num(y), num(pr.W))
		fmt.Fprintf(&labels, `<text x="4" y="%s">%s</text>`, num(y-3), degrees(v, step, "N", "S"))
	}
	for i := math.Ceil(lngW / step); i*step <= lngE; i++ {
		v := i * step
		x := pr.Project(latN, v).X
		fmt.Fprintf(b, `<path d="M%s 0V%s"/>`, num(x), num(pr.H))
		fmt.Fprintf(&labels, `<text x="%s" y="12">%s</text>`, num(x+3), degrees(v, step, "E", "W"))
	}
	b.WriteString(`</g><g font-size="10" fill="#4a574d">`)
	b.WriteString(labels.String())
	b.WriteString(`</g>`)
}

// scaleBar draws a bar of a round number of kilometres in the bottom-left corner.
func (pr *Projection) scaleBar(b *strings.Builder, unit string) {
	km := niceFloor(pr.W / 4 * pr.KmPerUnit())
	length := km / pr.KmPerUnit()
	// Within the bottom margin, below the lowest pin.
	x0, y0 := 12.0, pr.H-8
	fmt.Fprintf(b, `<path d="M%s %sv4h%sv-4" fill="none" stroke="#1f2a22" stroke-width="1.5"/>`, num(x0), num(y0-4), num(length))
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="11" fill="#1f2a22">%s %s</text>`, num(x0+length+6), num(y0), strconv.FormatFloat(km, 'f', -1, 64), html.EscapeString(unit))
}
