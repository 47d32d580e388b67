// Package geomap draws a small overview map as inline SVG at build time: no
// tiles, no scripts, no request to any other server.
//
// Positions (WGS84 latitude and longitude) are projected with an
// equirectangular projection scaled by the cosine of the mean latitude, which
// keeps distances and shapes right at the scale of a district. The bounding
// box of the pins is fitted into the drawing with a margin; the map has a
// frame, a graticule with degree labels, a scale bar in kilometres and one
// numbered pin per place. Each pin is a real link (<a href> inside the SVG, so
// it takes keyboard focus) with a <title> naming the place; pages show a
// numbered legend of the same links next to the map. Pins never overlap: a
// pin whose place is within a pin's width of one already drawn is moved to
// the nearest free spot around its place, with a line back to a dot on it,
// so that every pin stays a target of its own.
//
// The output depends only on the input: coordinates are rounded to 0.1 unit
// and formatted without locale, so builds are reproducible.
package geomap
