package catalog

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteNear is the definition NearTourism must agree with: every record
// checked, stable sort by distance.
func bruteNear(tourism []*Product, here *Geo, self *Product, km float64, n int) []*Product {
	type cand struct {
		p *Product
		d float64
	}
	var cs []cand
	for _, t := range tourism {
		if t == self || t.Geo == nil {
			continue
		}
		if d := Distance(here, t.Geo); d <= km {
			cs = append(cs, cand{t, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		switch {
		case a.d < b.d:
			return -1
		case a.d > b.d:
			return 1
		}
		return 0
	})
	var out []*Product
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].p)
	}
	return out
}

func TestNearTourism(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var tourism []*Product
	for i := range 400 {
		p := &Product{Record: Record{ID: "tourism/t" + string(rune('a'+i%26))}}
		if i%7 != 0 {
			// Clustered points, some exactly on top of each other (ties).
			lat, lng := 8+r.Float64()*15, 102+r.Float64()*8
			if i%5 == 0 && len(tourism) > 0 && tourism[len(tourism)-1].Geo != nil {
				g := *tourism[len(tourism)-1].Geo
				lat, lng = g.Lat, g.Lng
			}
			p.Geo = &Geo{Lat: lat, Lng: lng}
		}
		tourism = append(tourism, p)
	}
	c := &Catalog{Tourism: tourism}
	c.geo = newGeoIndex(tourism)
	tests := []struct {
		name string
		km   float64
		n    int
	}{{"50 km, 6", 50, 6}, {"200 km, all", 200, 1000}, {"0 km", 0, 6}, {"none wanted", 50, 0}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 300 {
				here := &Geo{Lat: 8 + r.Float64()*15, Lng: 102 + r.Float64()*8}
				var self *Product
				if i%3 == 0 {
					self = tourism[i%len(tourism)]
					if self.Geo != nil {
						here = self.Geo
					}
				}
				want := bruteNear(tourism, here, self, tt.km, tt.n)
				if got := c.NearTourism(here, self, tt.km, tt.n); !slices.Equal(got, want) {
					t.Fatalf("point %d (%v): got %d records, want %d (or a different order)", i, *here, len(got), len(want))
				}
			}
		})
	}
	// Far from Vietnam: near the poles (where a degree of longitude is
	// short and the band may reach the pole) and across the antimeridian,
	// with points just inside and just outside the distance.
	var far []*Product
	for i := range 600 {
		lat := []float64{-89.9, -75, 0, 60, 85, 89.99}[i%6] + r.Float64()*0.2 - 0.1
		lng := 179.5 + r.Float64()
		if lng > 180 {
			lng -= 360
		}
		far = append(far, &Product{Record: Record{ID: "tourism/far"}, Geo: &Geo{Lat: max(-90, min(90, lat)), Lng: lng}})
	}
	cf := &Catalog{Tourism: far}
	cf.geo = newGeoIndex(far)
	for i := range 600 {
		here := far[i].Geo
		km := Distance(here, far[(i*7+1)%len(far)].Geo) // a record exactly at the limit
		if i%4 == 0 {
			km = 50
		}
		want := bruteNear(far, here, far[i], km, 1000)
		if got := cf.NearTourism(here, far[i], km, 1000); !slices.Equal(got, want) {
			t.Fatalf("far point %d (%v, %.3f km): got %d records, want %d", i, *here, km, len(got), len(want))
		}
	}
	for _, tt := range []struct{ a, b, want float64 }{{179.5, -179.5, 1}, {-10, 10, 20}, {0, 180, 180}, {-170, 170, 20}} {
		if got := lngApart(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("lngApart(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if got := c.NearTourism(nil, nil, 50, 6); got != nil {
		t.Errorf("no position: got %v, want nil", got)
	}
	// A Catalog not made by Build has no index yet.
	plain := &Catalog{Tourism: tourism}
	here := tourism[1].Geo
	if got, want := plain.NearTourism(here, nil, 100, 6), bruteNear(tourism, here, nil, 100, 6); !slices.Equal(got, want) {
		t.Errorf("without index: got %d, want %d", len(got), len(want))
	}
}
