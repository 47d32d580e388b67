// Command ocop-fixture writes a synthetic OCOP catalogue site for tests,
// benchmarks and demonstrations:
//
//	go run ./cmd/ocop-fixture -n 5000 -seed 1 -photos -out /tmp/site5k
//
// It refuses to write into a folder that is not empty unless -force is given;
// with -force it first removes that folder's content/ subfolder (only that), so
// no record of an earlier run is left behind.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/khanhson-ocop/ocop/internal/fixture"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ocop-fixture:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("ocop-fixture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o fixture.Options
	out := fs.String("out", "", "folder to write the site into (required)")
	force := fs.Bool("force", false, "write into a non-empty folder, replacing its content/ subfolder")
	fs.IntVar(&o.Products, "n", 200, "number of products; subjects = n/2, tourism records = n/20")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed and flags give identical files")
	fs.Float64Var(&o.Translated, "translated", 0.8, "share of records with an English translation (negative: none)")
	fs.BoolVar(&o.Photos, "photos", false, "write generated JPEG photos into some bundles")
	fs.BoolVar(&o.PNGPhotos, "png", false, "with -photos, save the photos as PNG")
	fs.IntVar(&o.PhotoWidth, "photo-width", 640, "photo width in pixels")
	fs.IntVar(&o.PhotoHeight, "photo-height", 480, "photo height in pixels")
	fs.StringVar(&o.BaseURL, "base-url", "https://ocop.example/", "site.yaml base_url")
	fs.IntVar(&o.PageSize, "page-size", 24, "site.yaml page_size")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ocop-fixture -out DIR [-n 200] [-seed 1] [-photos] [-force] [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		fs.Usage()
		return errors.New("-out is required")
	}
	if o.Translated == 0 {
		o.Translated = -1 // -translated 0 means none; the library's 0 means the default
	}
	entries, err := os.ReadDir(*out)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0 && !*force:
		return fmt.Errorf("%s is not empty; use -force to replace its content/ folder", *out)
	case len(entries) > 0:
		if err := os.RemoveAll(filepath.Join(*out, "content")); err != nil {
			return err
		}
	}
	start := time.Now()
	if err := fixture.Generate(*out, o); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %d products, %d subjects, %d tourism records to %s in %v\n",
		o.Products, max(1, o.Products/2), max(1, o.Products/20), *out, time.Since(start).Round(time.Millisecond))
	return nil
}
