package geomap

import (
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg")

// khanhSon is the example site's tourism spots.
var khanhSon = []Pin{
	{12.0846, 108.9903, "1", "1. Cung đường săn mây Ba Cụm Bắc", "/du-lich/cung-duong-san-may-ba-cum-bac/"},
	{12.0298, 109.0312, "2", "2. Đèo Khánh Sơn", "/du-lich/deo-khanh-son/"},
	{12.0206, 108.9447, "3", "3. Điểm du lịch sinh thái Vườn vối Khánh Sơn", "/du-lich/diem-du-lich-sinh-thai-vuon-voi/"},
	{11.9924, 108.9041, "4", "4. Homestay nhà sàn Hòn Dung", "/du-lich/homestay-nha-san-hon-dung/"},
	{12.0412, 108.9534, "5", "5. Suối Đá", "/du-lich/suoi-da/"},
	{12.0288, 108.9176, "6", "6. Thác Dốc Quy", "/du-lich/thac-doc-quy/"},
	{11.9781, 108.8853, "7", "7. Thác Tà Gụ", "/du-lich/thac-ta-gu/"},
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		pins []Pin
		opts Options
	}{
		{"khanh-son", khanhSon, Options{Label: "Bản đồ tổng quan các điểm du lịch", Class: "overview"}},
		{"one-pin", khanhSon[6:], Options{Label: "Map", Width: 320}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Draw(tc.pins, tc.opts)
			golden := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("Draw differs from %s (run go test ./internal/geomap -update after a deliberate change)\ngot:\n%s", golden, got)
			}
		})
	}
}

// TestProjectionKeepsOrder checks that east is right and north is up, and
// that distances keep their proportions (the cos(latitude) scaling).
func TestProjectionKeepsOrder(t *testing.T) {
	tests := []struct {
		name string
		pins []Pin
	}{
		{"khanh son", khanhSon},
		{"far north", []Pin{{Lat: 68.1, Lng: 15.2}, {Lat: 68.4, Lng: 16.9}, {Lat: 67.9, Lng: 14.1}}},
		{"southern hemisphere, across the meridian", []Pin{{Lat: -33.9, Lng: -0.3}, {Lat: -34.2, Lng: 0.4}, {Lat: -33.5, Lng: 0.1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pr := Fit(tc.pins, Options{})
			for i, a := range tc.pins {
				pa := pr.Project(a.Lat, a.Lng)
				for j, b := range tc.pins {
					pb := pr.Project(b.Lat, b.Lng)
					if a.Lng < b.Lng && !(pa.X < pb.X) {
						t.Errorf("pin %d is west of pin %d but drawn at x %.1f ≥ %.1f", i, j, pa.X, pb.X)
					}
					if a.Lat > b.Lat && !(pa.Y < pb.Y) {
						t.Errorf("pin %d is north of pin %d but drawn at y %.1f ≥ %.1f", i, j, pa.Y, pb.Y)
					}
					if i < j {
						km := haversine(a, b)
						drawn := math.Hypot(pa.X-pb.X, pa.Y-pb.Y) * pr.KmPerUnit()
						if math.Abs(drawn-km) > 0.01*km+0.05 {
							t.Errorf("pins %d–%d: %.2f km apart, drawn as %.2f km", i, j, km, drawn)
						}
					}
				}
				lat, lng := pr.Unproject(pa)
				if math.Abs(lat-a.Lat) > 1e-9 || math.Abs(lng-a.Lng) > 1e-9 {
					t.Errorf("Unproject(Project(%v,%v)) = %v,%v", a.Lat, a.Lng, lat, lng)
				}
			}
		})
	}
}

func haversine(a, b Pin) float64 {
	rad := math.Pi / 180
	dLat, dLng := (b.Lat-a.Lat)*rad, (b.Lng-a.Lng)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * 6371 * math.Asin(math.Sqrt(h))
}

var (
	viewBoxRe = regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`)
	circleRe  = regexp.MustCompile(`class="pin"><title>[^<]*</title><circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="([0-9.]+)"`)
)

// TestPinsInsideViewBox draws awkward sets of pins and checks every pin is
// wholly inside the drawing, away from the frame.
func TestPinsInsideViewBox(t *testing.T) {
	tests := []struct {
		name string
		pins []Pin
		opts Options
	}{
		{"one pin", []Pin{{Lat: 12, Lng: 109}}, Options{}},
		{"same place twice", []Pin{{Lat: 12, Lng: 109}, {Lat: 12, Lng: 109}}, Options{}},
		{"east-west line", []Pin{{Lat: 12, Lng: 108.5}, {Lat: 12, Lng: 109.5}}, Options{}},
		{"north-south line", []Pin{{Lat: 11, Lng: 109}, {Lat: 13, Lng: 109}}, Options{}},
		{"tall and narrow", []Pin{{Lat: 8.6, Lng: 104.7}, {Lat: 23.4, Lng: 105.3}}, Options{Width: 400, MaxH: 600}},
		{"khanh son, small", khanhSon, Options{Width: 300, Pad: 20}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svg := Draw(tc.pins, tc.opts)
			vb := viewBoxRe.FindStringSubmatch(svg)
			if vb == nil {
				t.Fatalf("no viewBox in %.100s", svg)
			}
			w, _ := strconv.ParseFloat(vb[1], 64)
			h, _ := strconv.ParseFloat(vb[2], 64)
			o := tc.opts.withDefaults()
			if w != o.Width || h < o.MinH || h > o.MaxH {
				t.Errorf("drawing %v×%v, want width %v and height in [%v, %v]", w, h, o.Width, o.MinH, o.MaxH)
			}
			circles := circleRe.FindAllStringSubmatch(svg, -1)
			if len(circles) != len(tc.pins) {
				t.Fatalf("%d pins drawn, want %d", len(circles), len(tc.pins))
			}
			for _, c := range circles {
				x, _ := strconv.ParseFloat(c[1], 64)
				y, _ := strconv.ParseFloat(c[2], 64)
				r, _ := strconv.ParseFloat(c[3], 64)
				if x-r < 0 || y-r < 0 || x+r > w || y+r > h {
					t.Errorf("pin at (%v,%v) r %v leaves the %v×%v drawing", x, y, r, w, h)
				}
			}
			wellFormed(t, svg)
		})
	}
}

func TestLinksAndEscaping(t *testing.T) {
	svg := Draw([]Pin{{Lat: 12, Lng: 109, Label: "1", Title: `Suối "Đá" <&>`, Href: "/a?b=1&c=2"}}, Options{Label: `Bản đồ "x"`})
	for _, want := range []string{
		`role="group" aria-label="Bản đồ &#34;x&#34;"`,
		`<a href="/a?b=1&amp;c=2" class="pin"><title>Suối &#34;Đá&#34; &lt;&amp;&gt;</title>`,
		`<g aria-hidden="true">`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q in\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "http") {
		t.Errorf("the map refers to another server:\n%s", svg)
	}
	wellFormed(t, svg)
	if Draw(nil, Options{}) != "" {
		t.Error("a map without pins is not empty")
	}
	if Draw(khanhSon, Options{}) != Draw(khanhSon, Options{}) {
		t.Error("the same pins drew different maps")
	}
}

func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v\n%s", err, svg)
		}
	}
}

// TestPinsApart draws pins at one place and at places closer than a pin:
// every pin is drawn at least pinGap from the others, inside the drawing,
// and a pin drawn off its place has a leader line from a dot on the place.
func TestPinsApart(t *testing.T) {
	leaderRe := regexp.MustCompile(`<path d="M([-0-9.]+) ([-0-9.]+)L([-0-9.]+) ([-0-9.]+)"/><circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="2.5"/>`)
	for _, tc := range []struct {
		name string
		pins []Pin
	}{
		{"one place five times", []Pin{{Lat: 12, Lng: 109}, {Lat: 12, Lng: 109}, {Lat: 12, Lng: 109}, {Lat: 12, Lng: 109}, {Lat: 12, Lng: 109}}},
		{"a cluster and a far pin", []Pin{{Lat: 10.03, Lng: 105.77}, {Lat: 10.04, Lng: 105.78}, {Lat: 10.02, Lng: 105.76}, {Lat: 21.03, Lng: 105.85}}},
		{"khanh son", khanhSon},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svg := Draw(tc.pins, Options{})
			vb := viewBoxRe.FindStringSubmatch(svg)
			w, _ := strconv.ParseFloat(vb[1], 64)
			h, _ := strconv.ParseFloat(vb[2], 64)
			var at []Point
			for _, c := range circleRe.FindAllStringSubmatch(svg, -1) {
				x, _ := strconv.ParseFloat(c[1], 64)
				y, _ := strconv.ParseFloat(c[2], 64)
				at = append(at, Point{x, y})
				if x < 11 || y < 11 || x > w-11 || y > h-11 {
					t.Errorf("pin at (%v,%v) leaves the %v×%v drawing", x, y, w, h)
				}
			}
			if len(at) != len(tc.pins) {
				t.Fatalf("%d pins drawn, want %d", len(at), len(tc.pins))
			}
			for i := range at {
				for j := range i {
					if d := math.Hypot(at[i].X-at[j].X, at[i].Y-at[j].Y); d < pinGap-0.2 {
						t.Errorf("pins %d and %d are drawn %.1f apart", j+1, i+1, d)
					}
				}
			}
			pr := Fit(tc.pins, Options{})
			leaders := leaderRe.FindAllStringSubmatch(svg, -1)
			moved := 0
			for i, p := range tc.pins {
				place := pr.Project(p.Lat, p.Lng)
				if math.Hypot(place.X-at[i].X, place.Y-at[i].Y) < 0.2 {
					continue
				}
				moved++
				found := false
				for _, l := range leaders {
					x0, _ := strconv.ParseFloat(l[1], 64)
					y0, _ := strconv.ParseFloat(l[2], 64)
					x1, _ := strconv.ParseFloat(l[3], 64)
					y1, _ := strconv.ParseFloat(l[4], 64)
					if math.Abs(x0-place.X) < 0.1 && math.Abs(y0-place.Y) < 0.1 && math.Abs(x1-at[i].X) < 0.1 && math.Abs(y1-at[i].Y) < 0.1 {
						found = true
					}
				}
				if !found {
					t.Errorf("pin %d is drawn at (%v,%v), off its place (%.1f,%.1f), without a leader", i+1, at[i].X, at[i].Y, place.X, place.Y)
				}
			}
			if moved != len(leaders) {
				t.Errorf("%d pins moved, %d leaders", moved, len(leaders))
			}
		})
	}
}
