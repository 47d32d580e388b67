package catalog

import (
	"cmp"
	"math"
	"slices"
)

// geoIndex holds the tourism records that have a position, sorted by
// latitude, so that "what is near here" looks only at a narrow band of
// latitudes instead of every record: finding the nearby spots of every page
// of a national catalogue stays linear in the number of pages.
type geoIndex struct {
	spots []geoSpot
}

type geoSpot struct {
	lat, lng float64
	pos      int // index in Catalog.Tourism: ties keep that order
	p        *Product
}

func newGeoIndex(tourism []*Product) *geoIndex {
	x := &geoIndex{}
	for i, t := range tourism {
		if t.Geo != nil {
			x.spots = append(x.spots, geoSpot{lat: t.Geo.Lat, lng: t.Geo.Lng, pos: i, p: t})
		}
	}
	slices.SortFunc(x.spots, func(a, b geoSpot) int {
		if c := cmp.Compare(a.lat, b.lat); c != 0 {
			return c
		}
		return a.pos - b.pos
	})
	return x
}

// earthKmPerDegree is the length of one degree of latitude on the sphere
// Distance uses: two points further apart in latitude than km/earthKmPerDegree
// are further apart than km.
const earthKmPerDegree = earthRadiusKm * math.Pi / 180

// earthRadiusKm is the radius of the sphere Distance uses.
const earthRadiusKm = 6371.0

// NearTourism returns up to n tourism records with a position within km of
// here (Distance), other than self, nearest first; records at the same
// distance keep the order of c.Tourism.
func (c *Catalog) NearTourism(here *Geo, self *Product, km float64, n int) []*Product {
	if here == nil || n <= 0 {
		return nil
	}
	// Remembered: a record's page is planned and rendered in every
	// language, and each asks.
	key := nearKey{*here, self, km, n}
	c.nearMu.Lock()
	out, ok := c.near[key]
	c.nearMu.Unlock()
	if ok {
		return out
	}
	out = c.nearTourism(here, self, km, n)
	c.nearMu.Lock()
	if c.near == nil {
		c.near = map[nearKey][]*Product{}
	}
	c.near[key] = out
	c.nearMu.Unlock()
	return out
}

// nearKey is the question NearTourism answers.
type nearKey struct {
	here Geo
	self *Product
	km   float64
	n    int
}

func (c *Catalog) nearTourism(here *Geo, self *Product, km float64, n int) []*Product {
	geo := c.geo
	if geo == nil { // a Catalog not made by Build
		geo = newGeoIndex(c.Tourism)
	}
	spots := geo.spots
	// A little slack for rounding: candidates are checked exactly below.
	band := km/earthKmPerDegree + 1e-6
	lo, _ := slices.BinarySearchFunc(spots, here.Lat-band, func(s geoSpot, lat float64) int { return cmp.Compare(s.lat, lat) })
	type cand struct {
		d   float64
		pos int
		p   *Product
	}
	var cs []cand
	maxLng := lngBound(here.Lat, band, km)
	for _, s := range spots[lo:] {
		if s.lat > here.Lat+band {
			break
		}
		if s.p == self || lngApart(s.lng, here.Lng) > maxLng {
			continue
		}
		if d := Distance(here, s.p.Geo); d <= km {
			cs = append(cs, cand{d, s.pos, s.p})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(a.d, b.d); c != 0 {
			return c
		}
		return a.pos - b.pos
	})
	var out []*Product
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].p)
	}
	return out
}

// lngBound returns a difference of longitudes (in degrees) beyond which two
// points whose latitudes are both within band of lat are further apart than
// km, or +Inf when there is none (the band reaches a pole). In Distance's
// haversine, h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) ≥ c² sin²(Δλ/2), c
// being the smallest cosine of a latitude in the band, so Distance ≥
// 2R·asin(c·sin(Δλ/2)). With a band of 50 km, this leaves a tenth of the
// candidates the band alone leaves in Vietnam, a long and narrow country.
func lngBound(lat, band, km float64) float64 {
	far := math.Max(math.Abs(lat-band), math.Abs(lat+band))
	if far >= 89 {
		return math.Inf(1)
	}
	c := math.Cos(far * math.Pi / 180)
	t := math.Sin(km/(2*earthRadiusKm)) / c
	if t >= 1 {
		return math.Inf(1)
	}
	// A little slack for rounding, as for the band: candidates are checked
	// exactly after.
	return 2*math.Asin(t)*180/math.Pi*(1+1e-9) + 1e-6
}

// lngApart returns how many degrees of longitude lie between a and b, the
// short way round (at most 180).
func lngApart(a, b float64) float64 {
	d := math.Abs(a - b)
	if d > 180 {
		d = 360 - d
	}
	return d
}
