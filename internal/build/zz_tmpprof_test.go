package build

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/images/imagestest"
)

func TestTmpProf(t *testing.T) {
	if os.Getenv("TMPPROF") == "" {
		t.Skip()
	}
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewYCbCr(image.Rect(0, 0, 1600, 1200), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(60 + rng.IntN(24))
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 110, 140
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	photo := buf.Bytes()
	mk := func(photos bool) string {
		site := copyTree(t, "testdata/mini")
		for i := range 100 {
			dir := fmt.Sprintf("content/products/p%03d", i)
			fm := fmt.Sprintf("---\nname: Sản phẩm %03d\nsummary: Sản phẩm thử.\nsubject: htx-a\ncategory: food\n", i)
			if photos {
				addFile(t, site, dir+"/anh.jpg", imagestest.WithSegment(imagestest.WithExif(photo, imagestest.ExifTIFF(binary.LittleEndian, 1)), 0xFE, fmt.Appendf(nil, "p %d", i)))
				fm += "images: [anh.jpg]\n"
			}
			addFile(t, site, dir+"/index.vi.md", []byte(fm+"---\nMô tả.\n"))
		}
		return site
	}
	plain, photos := mk(false), mk(true)
	run := func(site string) time.Duration {
		out := filepath.Join(t.TempDir(), "public")
		s := time.Now()
		res, err := newBuilder(site).Build(out)
		if err != nil || res.HasErrors() {
			t.Fatal(err, res.Diagnostics)
		}
		return time.Since(s)
	}
	t.Log("cold", run(photos))
	for range 3 {
		t.Log("plain", run(plain), "cached", run(photos))
	}
	f, _ := os.Create("/tmp/cached.prof")
	pprof.StartCPUProfile(f)
	for range 5 {
		run(photos)
	}
	pprof.StopCPUProfile()
	f.Close()
}
