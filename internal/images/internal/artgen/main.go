package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
	"golang.org/x/image/vector"
)

const W, H = 1600, 1200

// canvas is an RGBA picture with a vector rasterizer.
type canvas struct {
	img *image.RGBA
	z   *vector.Rasterizer
}

func newCanvas() *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, W, H)), z: vector.NewRasterizer(W, H)}
}

func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 255}
}

// gradient is a vertical linear gradient from a (at y0) to b (at y1).
type gradient struct {
	a, b   color.RGBA
	y0, y1 float64
}

func (g gradient) ColorModel() color.Model { return color.RGBAModel }
func (g gradient) Bounds() image.Rectangle { return image.Rect(-1e6, -1e6, 1e6, 1e6) }
func (g gradient) At(x, y int) color.Color {
	t := math.Max(0, math.Min(1, (float64(y)-g.y0)/(g.y1-g.y0)))
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*t) }
	return color.RGBA{mix(g.a.R, g.b.R), mix(g.a.G, g.b.G), mix(g.a.B, g.b.B), 255}
}

// fill draws the current path with src.
func (c *canvas) fill(src image.Image) {
	c.z.DrawOp = draw.Over
	c.z.Draw(c.img, c.img.Bounds(), src, image.Point{})
	c.z.Reset(W, H)
}

func (c *canvas) color(col color.Color) { c.fill(image.NewUniform(col)) }

func (c *canvas) poly(pts ...float64) {
	c.z.MoveTo(float32(pts[0]), float32(pts[1]))
	for i := 2; i+1 < len(pts); i += 2 {
		c.z.LineTo(float32(pts[i]), float32(pts[i+1]))
	}
	c.z.ClosePath()
}

func (c *canvas) rect(x0, y0, x1, y1 float64) { c.poly(x0, y0, x1, y0, x1, y1, x0, y1) }

// ellipse adds an ellipse turned by rot radians.
func (c *canvas) ellipse(cx, cy, rx, ry, rot float64) {
	const n = 64
	pts := make([]float64, 0, 2*n)
	for i := range n {
		a := 2 * math.Pi * float64(i) / n
		x, y := rx*math.Cos(a), ry*math.Sin(a)
		pts = append(pts, cx+x*math.Cos(rot)-y*math.Sin(rot), cy+x*math.Sin(rot)+y*math.Cos(rot))
	}
	c.poly(pts...)
}

func (c *canvas) circle(cx, cy, r float64) { c.ellipse(cx, cy, r, r, 0) }

// hills adds a band from a wavy top edge down to the bottom of the picture.
func (c *canvas) hills(base, amp, freq, phase float64) {
	pts := []float64{0, H}
	for x := 0.0; x <= W; x += 20 {
		y := base + amp*math.Sin(x/W*freq*2*math.Pi+phase) + amp*0.4*math.Sin(x/W*freq*5.3+phase*2)
		pts = append(pts, x, y)
	}
	pts = append(pts, W, H)
	c.poly(pts...)
}

func (c *canvas) sky(top, bottom uint32) {
	c.rect(0, 0, W, H)
	c.fill(gradient{rgb(top), rgb(bottom), 0, H * 0.7})
}

// hexagon adds a regular hexagon.
func (c *canvas) hexagon(cx, cy, r float64) {
	var pts []float64
	for i := range 6 {
		a := math.Pi/6 + float64(i)*math.Pi/3
		pts = append(pts, cx+r*math.Cos(a), cy+r*math.Sin(a))
	}
	c.poly(pts...)
}

// leaf adds a pointed leaf from (x, y) of length l at angle a.
func (c *canvas) leaf(x, y, l, wd, a float64) {
	var pts []float64
	for i := 0; i <= 24; i++ {
		t := float64(i) / 24
		pts = append(pts, t*l, wd*math.Sin(math.Pi*t))
	}
	for i := 24; i >= 0; i-- {
		t := float64(i) / 24
		pts = append(pts, t*l, -wd*math.Sin(math.Pi*t))
	}
	for i := 0; i+1 < len(pts); i += 2 {
		px, py := pts[i], pts[i+1]
		pts[i], pts[i+1] = x+px*math.Cos(a)-py*math.Sin(a), y+px*math.Sin(a)+py*math.Cos(a)
	}
	c.poly(pts...)
}

// banana adds a curved banana centred on (cx, cy).
func (c *canvas) banana(cx, cy, r, thick, a0, a1 float64) {
	var pts []float64
	for i := 0; i <= 32; i++ {
		a := a0 + (a1-a0)*float64(i)/32
		pts = append(pts, cx+r*math.Cos(a), cy+r*math.Sin(a))
	}
	for i := 32; i >= 0; i-- {
		a := a0 + (a1-a0)*float64(i)/32
		t := math.Sin(math.Pi * float64(i) / 32)
		rr := r - thick*t
		pts = append(pts, cx+rr*math.Cos(a), cy+rr*math.Sin(a))
	}
	c.poly(pts...)
}

func honey(c *canvas) {
	c.sky(0xFFE9B0, 0xF6C65B)
	for row := range 9 {
		for col := range 12 {
			x := float64(col)*150 + float64(row%2)*75
			y := float64(row) * 130
			c.hexagon(x, y, 70)
			c.color(color.RGBA{255, 214, 120, 255})
			c.hexagon(x, y, 58)
			c.color(color.RGBA{240, 170, 40, 255})
		}
	}
	c.rect(0, 900, W, H)
	c.color(rgb(0x8A5A2B))
	c.rect(560, 430, 1040, 960)
	c.color(rgb(0xC77A12))
	c.rect(590, 470, 1010, 930)
	c.fill(gradient{rgb(0xF2A93B), rgb(0xB5650D), 470, 930})
	c.rect(540, 380, 1060, 450)
	c.color(rgb(0x5A3A1E))
	c.rect(620, 600, 980, 780)
	c.color(rgb(0xFFF4D6))
	c.hexagon(800, 690, 60)
	c.color(rgb(0xE0A030))
	// A bee.
	c.ellipse(1250, 330, 70, 45, -0.3)
	c.color(rgb(0xF7C325))
	c.rect(1225, 280, 1245, 380)
	c.color(rgb(0x2B2B2B))
	c.rect(1265, 280, 1285, 380)
	c.color(rgb(0x2B2B2B))
	c.ellipse(1230, 270, 50, 28, -1.1)
	c.color(color.NRGBA{255, 255, 255, 200})
	c.ellipse(1290, 265, 50, 28, -0.6)
	c.color(color.NRGBA{255, 255, 255, 200})
}

func durian(c *canvas) {
	c.sky(0xBFE3F2, 0xEAF6E0)
	c.hills(760, 40, 1.5, 0.4)
	c.color(rgb(0x6FA35A))
	c.hills(900, 30, 2, 1.7)
	c.color(rgb(0x4F8A40))
	for i, a := range []float64{-2.6, -2.1, -1.2, -0.5} {
		c.leaf(800, 760, 380, 70, a)
		c.color([]color.RGBA{rgb(0x2F6B2A), rgb(0x3C7F33), rgb(0x2F6B2A), rgb(0x3C7F33)}[i])
	}
	cx, cy, rx, ry := 800.0, 640.0, 300.0, 250.0
	for i := range 40 {
		a := 2 * math.Pi * float64(i) / 40
		x, y := cx+rx*math.Cos(a), cy+ry*math.Sin(a)
		c.poly(x+22*math.Cos(a+1.6), y+22*math.Sin(a+1.6), x+50*math.Cos(a), y+50*math.Sin(a), x+22*math.Cos(a-1.6), y+22*math.Sin(a-1.6))
		c.color(rgb(0x6B8E23))
	}
	c.ellipse(cx, cy, rx, ry, 0)
	c.fill(gradient{rgb(0xA8C84A), rgb(0x5E7F1E), 390, 890})
	for row := range 7 {
		for col := range 9 {
			x := cx - rx + 60 + float64(col)*62 + float64(row%2)*31
			y := cy - ry + 60 + float64(row)*62
			if math.Pow((x-cx)/rx, 2)+math.Pow((y-cy)/ry, 2) < 0.8 {
				c.poly(x, y-16, x+14, y+12, x-14, y+12)
				c.color(rgb(0x7A9A2A))
			}
		}
	}
	c.rect(790, 350, 810, 410)
	c.color(rgb(0x5A4020))
}

func bananas(c *canvas) {
	c.sky(0xFCEFD8, 0xF3D9A8)
	c.rect(0, 820, W, H)
	c.color(rgb(0xB07A45))
	c.ellipse(800, 820, 560, 150, 0)
	c.color(rgb(0xF5F1E8))
	c.ellipse(800, 800, 500, 110, 0)
	c.color(rgb(0xE6DFD0))
	for i := range 6 {
		x := 520 + float64(i)*110
		c.banana(x, 520, 300, 70, 1.2, 2.2)
		c.color(rgb(0x8A5A1C))
		c.banana(x, 512, 290, 56, 1.22, 2.18)
		c.color(rgb(0xC98A33))
	}
	c.leaf(180, 300, 420, 90, 0.4)
	c.color(rgb(0x4E8B3A))
	c.leaf(1450, 250, 400, 85, 2.6)
	c.color(rgb(0x5E9B47))
}

func tea(c *canvas) {
	c.sky(0xE4F1E1, 0xC9E0C2)
	c.rect(0, 860, W, H)
	c.color(rgb(0x7A5A3A))
	c.ellipse(800, 900, 330, 60, 0)
	c.color(rgb(0xF4F4EF))
	c.poly(520, 560, 1080, 560, 1020, 880, 580, 880)
	c.color(rgb(0xF8F8F3))
	c.ellipse(800, 560, 280, 55, 0)
	c.color(rgb(0xB8832E))
	c.ellipse(800, 560, 250, 42, 0)
	c.color(rgb(0xD9A441))
	c.ellipse(1110, 700, 90, 110, 0)
	c.color(rgb(0xF8F8F3))
	c.ellipse(1110, 700, 50, 70, 0)
	c.color(rgb(0xD5E6CF))
	for i := range 3 {
		x := 700 + float64(i)*100
		for j := range 12 {
			y := 480 - float64(j)*28
			c.circle(x+30*math.Sin(float64(j)*0.7+float64(i)), y, 14-float64(j))
			c.color(color.NRGBA{255, 255, 255, 150})
		}
	}
	for i, a := range []float64{-0.3, 0.5, 1.4, 2.5, 3.3} {
		x := 200 + float64(i)*290
		c.leaf(x, 1000+float64(i%2)*60, 220, 55, a)
		c.color(rgb(0x3F7A34))
	}
}

func brocade(c *canvas) {
	c.rect(0, 0, W, H)
	c.color(rgb(0x1E1A1A))
	bands := []uint32{0xB3202A, 0x1E1A1A, 0xE3B23C, 0x1E1A1A, 0xB3202A, 0x2C5F8A, 0xB3202A, 0x1E1A1A, 0xE3B23C}
	for i, col := range bands {
		y := float64(i) * H / float64(len(bands))
		c.rect(0, y+8, W, y+H/float64(len(bands))-8)
		c.color(rgb(col))
	}
	for _, i := range []int{0, 4, 6} {
		y := (float64(i) + 0.5) * H / float64(len(bands))
		for x := 80.0; x < W; x += 160 {
			c.poly(x, y-50, x+50, y, x, y+50, x-50, y)
			c.color(rgb(0xF2E6C8))
			c.poly(x, y-24, x+24, y, x, y+24, x-24, y)
			c.color(rgb(0x1E1A1A))
		}
	}
	for _, i := range []int{2, 8} {
		y := (float64(i) + 0.5) * H / float64(len(bands))
		for x := 0.0; x < W; x += 100 {
			c.poly(x, y+30, x+50, y-30, x+100, y+30)
			c.color(rgb(0xB3202A))
		}
	}
}

func wine(c *canvas) {
	c.sky(0xF3E6D2, 0xE0C9A6)
	c.rect(0, 900, W, H)
	c.color(rgb(0x6B4A2E))
	c.rect(650, 200, 750, 420)
	c.color(rgb(0x5C7A3A))
	c.poly(650, 420, 750, 420, 860, 540, 860, 960, 540, 960, 540, 540)
	c.fill(gradient{rgb(0x9FBF6A), rgb(0x4F6E2A), 420, 960})
	c.rect(560, 620, 840, 820)
	c.color(rgb(0xF7F0DF))
	c.circle(700, 720, 60)
	c.color(rgb(0xE3B23C))
	c.poly(960, 640, 1120, 640, 1100, 960, 980, 960)
	c.color(color.NRGBA{255, 255, 255, 170})
	c.poly(972, 760, 1108, 760, 1100, 950, 980, 950)
	c.color(color.NRGBA{230, 200, 120, 220})
	for i := range 4 {
		c.banana(1300, 700+float64(i)*20, 220, 50, 1.4+float64(i)*0.15, 2.3+float64(i)*0.15)
		c.color(rgb(0xE8C13A))
	}
	c.leaf(120, 880, 420, 80, -0.6)
	c.color(rgb(0x4E8B3A))
}

func bamboo(c *canvas) {
	c.sky(0xE6F2DA, 0xCFE3B8)
	for i := range 7 {
		x := 120 + float64(i)*230
		w := 46.0 + float64(i%3)*10
		c.rect(x, 0, x+w, H)
		c.color([]color.RGBA{rgb(0x6E9A3A), rgb(0x5F8A30), rgb(0x7FAA45)}[i%3])
		for y := 80.0 + float64(i%2)*60; y < H; y += 220 {
			c.rect(x-4, y, x+w+4, y+12)
			c.color(rgb(0x4C7424))
			c.leaf(x+w, y, 200, 30, -0.5+float64(i%2)*0.3)
			c.color(rgb(0x4F8A32))
		}
	}
	c.rect(0, 980, W, H)
	c.color(rgb(0x8A6A45))
	for i := range 5 {
		x := 300 + float64(i)*260
		c.poly(x-70, 1000, x+70, 1000, x, 700-float64(i%2)*80)
		c.color(rgb(0xD9B56E))
		c.poly(x-40, 1000, x+40, 1000, x, 800-float64(i%2)*80)
		c.color(rgb(0xB98E48))
	}
}

func waterfall(c *canvas) {
	c.sky(0xA9D4EE, 0xE2F0E8)
	c.hills(420, 60, 1.2, 2.0)
	c.color(rgb(0x7FA888))
	c.poly(0, 250, 520, 300, 640, 1200, 0, 1200)
	c.color(rgb(0x5E6B5C))
	c.poly(1600, 230, 1020, 290, 920, 1200, 1600, 1200)
	c.color(rgb(0x56635A))
	c.poly(560, 300, 1040, 290, 980, 1000, 620, 1000)
	c.fill(gradient{rgb(0xEAF6FB), rgb(0xB7DCEB), 300, 1000})
	for i := range 9 {
		x := 600 + float64(i)*45
		c.rect(x, 320, x+10, 980)
		c.color(color.NRGBA{255, 255, 255, 140})
	}
	c.ellipse(800, 1030, 420, 110, 0)
	c.color(rgb(0x6FB3CF))
	for i := range 14 {
		c.circle(620+float64(i)*30, 1000+15*math.Sin(float64(i)), 34)
		c.color(color.NRGBA{255, 255, 255, 200})
	}
	for i := range 12 {
		x := float64(i) * 140
		y := 260.0
		if i%2 == 1 {
			y = 300
		}
		c.circle(x, y, 90)
		c.color(rgb(0x2F6B3A))
	}
	c.hills(1120, 20, 3, 0.3)
	c.color(rgb(0x3E7A3A))
}

func pass(c *canvas) {
	c.sky(0x8EC5E8, 0xF2E8C9)
	c.circle(1250, 260, 90)
	c.color(rgb(0xFFF2B0))
	c.hills(520, 70, 1.1, 0.2)
	c.color(rgb(0x9DBFA8))
	c.hills(640, 80, 1.4, 1.9)
	c.color(rgb(0x6E9F77))
	c.hills(780, 70, 1.7, 3.1)
	c.color(rgb(0x4F8458))
	c.hills(940, 50, 2.2, 0.9)
	c.color(rgb(0x386B40))
	// A road winding up the pass.
	var pts []float64
	for y := 1200.0; y >= 560; y -= 10 {
		t := (1200 - y) / 640
		x := 800 + 380*(1-t)*math.Sin(t*3*math.Pi)
		wd := 90 * (1 - 0.8*t)
		pts = append(pts, x-wd, y)
	}
	for y := 560.0; y <= 1200; y += 10 {
		t := (1200 - y) / 640
		x := 800 + 380*(1-t)*math.Sin(t*3*math.Pi)
		wd := 90 * (1 - 0.8*t)
		pts = append(pts, x+wd, y)
	}
	c.poly(pts...)
	c.color(rgb(0x8C8C86))
	for _, m := range []struct{ x, y, r float64 }{{300, 380, 130}, {520, 330, 90}, {1500, 420, 150}} {
		c.ellipse(m.x, m.y, m.r*1.6, m.r*0.45, 0)
		c.color(color.NRGBA{255, 255, 255, 190})
	}
}

func stilthouse(c *canvas) {
	c.sky(0xF6D3A2, 0xFBEFD9)
	c.circle(300, 300, 110)
	c.color(rgb(0xFFE3A0))
	c.hills(600, 60, 1.3, 0.8)
	c.color(rgb(0x8FB38A))
	c.hills(840, 40, 1.8, 2.4)
	c.color(rgb(0x5F9560))
	for _, x := range []float64{640, 760, 880, 1000, 1120} {
		c.rect(x, 640, x+24, 900)
		c.color(rgb(0x5A3A22))
	}
	c.rect(600, 600, 1180, 660)
	c.color(rgb(0x7A5232))
	c.rect(630, 470, 1150, 600)
	c.color(rgb(0xB07A48))
	for x := 650.0; x < 1140; x += 34 {
		c.rect(x, 470, x+6, 600)
		c.color(rgb(0x8E5E35))
	}
	c.rect(860, 500, 930, 600)
	c.color(rgb(0x4A2E1A))
	c.poly(560, 480, 890, 250, 1220, 480)
	c.color(rgb(0x9C6B2F))
	c.poly(600, 470, 890, 280, 1180, 470)
	c.color(rgb(0xC9A25A))
	c.poly(760, 900, 800, 640, 830, 640, 800, 900)
	c.color(rgb(0x6B4A2E))
	for i := range 4 {
		x := 1320 + float64(i%2)*120
		c.rect(x, 620, x+18, 880)
		c.color(rgb(0x6B4A2E))
		c.circle(x+9, 600, 90)
		c.color(rgb(0x3E7A3A))
	}
}

var scenes = map[string]func(*canvas){
	"products/mat-ong-hoa-sau-rieng":     honey,
	"products/sau-rieng-tuoi-thanh-hung": durian,
	"products/chuoi-say-deo":             bananas,
	"products/tra-voi-tui-loc":           tea,
	"products/khan-tho-cam-raglai":       brocade,
	"products/ruou-chuoi-hot-khanh-son":  wine,
	"products/mang-kho-khanh-son":        bamboo,
	"tourism/thac-ta-gu":                 waterfall,
	"tourism/deo-khanh-son":              pass,
	"tourism/homestay-nha-san-hon-dung":  stilthouse,
}

func main() {
	out := flag.String("out", "content", "the content folder")
	flag.Parse()
	for rec, scene := range scenes {
		c := newCanvas()
		scene(c)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: 82}); err != nil {
			log.Fatal(err)
		}
		file := filepath.Join(*out, filepath.FromSlash(rec), "minh-hoa.jpg")
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %d KB\n", file, buf.Len()/1024)
	}
}
