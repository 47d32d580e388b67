package output

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Precompress says which files get precompressed twins (file.gz and file.br)
// for hosts and CDNs that serve them as they are (nginx gzip_static, S3 behind
// a CDN, Caddy's precompressed files).
type Precompress string

// The precompression modes.
const (
	// PrecompressNone writes no twins.
	PrecompressNone Precompress = "none"
	// PrecompressAssets compresses the assets (CSS, JS, SVG, icons, fonts that
	// are not compressed already) and the data files (JSON, XML, CSV: the
	// search index, open data, sitemap and feeds). The default.
	PrecompressAssets Precompress = "assets"
	// PrecompressAll also compresses every HTML page.
	PrecompressAll Precompress = "all"
)

// ParsePrecompress reads a --precompress value.
func ParsePrecompress(s string) (Precompress, error) {
	switch p := Precompress(s); p {
	case PrecompressNone, PrecompressAssets, PrecompressAll:
		return p, nil
	case "":
		return PrecompressAssets, nil
	}
	return "", fmt.Errorf("--precompress must be assets, all or none (got %q)", s)
}

// class is what a compressible file is, by extension.
type class int

const (
	page  class = iota + 1 // HTML
	data                   // JSON, XML, CSV, text: open data, search index, sitemap, feeds
	asset                  // CSS, JS, SVG, uncompressed fonts and icons: fingerprinted, cached for a year
)

// compressible lists the extensions of text formats worth compressing.
var compressible = map[string]class{
	".css": asset, ".js": asset, ".mjs": asset, ".svg": asset, ".ico": asset, ".ttf": asset, ".otf": asset,
	".webmanifest": data, ".json": data, ".xml": data, ".csv": data, ".txt": data,
	".html": page,
}

// Wants reports whether mode p gives the file rel precompressed twins. The
// zero value wants none.
func (p Precompress) Wants(rel string) bool {
	c := compressible[strings.ToLower(path.Ext(rel))]
	switch {
	case c == 0:
		return false
	case p == PrecompressAll:
		return true
	case p == PrecompressAssets:
		return c == asset || c == data
	}
	return false
}

// compressors makes the precompressed twins, reusing its gzip and brotli
// writers: a new gzip writer allocates some 800 KB and a brotli writer its
// hash tables, and a national catalogue writes thousands of search files
// with two twins each (at 5,000 products, setting up new writers took 0.8 s
// of the build's 21 s of CPU, besides the garbage). A reset writer gives the
// same bytes as a new one (TestPooledTwins). The zero value is ready; it must
// not be copied.
type compressors struct {
	gz [2]sync.Pool                    // *gzip.Writer: best compression, default
	br [2][lgMax - lgMin + 1]sync.Pool // *brotli.Writer by quality (best, fast) and window
}

// Brotli windows: 2^lgMin up to 2^lgMax bytes. A window wider than 1 MB
// buys little on the only files that large, the open data: a national
// catalogue's 31 MB catalogue.json compressed at brotliFast is 0.4 % larger
// with a 1 MB window than with 16 MB (2,621,233 against 2,611,243 bytes),
// while its encoder allocates 21 MB instead of 187 MB and takes 1.1 s instead
// of 1.4 s, and whoever decompresses it needs a buffer of the window's size.
const (
	lgMin = 16
	lgMax = 20
)

// gzip returns data compressed with gzip at the best level or, when best is
// false, the default one, with no name and no modification time in the
// header, so the same input always gives the same bytes.
func (c *compressors) gzip(data []byte, best bool) ([]byte, error) {
	return c.compress(data, false, best)
}

// compress returns data compressed with brotli (br) or gzip.
func (c *compressors) compress(data []byte, br, best bool) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	w, put, err := c.writer(&buf, br, best, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	put()
	return buf.Bytes(), nil
}

// writer returns a pooled brotli (br) or gzip writer onto w, set for data of
// size bytes, and the function that returns it to its pool once closed.
func (c *compressors) writer(w io.Writer, br, best bool, size int64) (io.WriteCloser, func(), error) {
	if br {
		lg := lgMin
		for lg < lgMax && int64(1)<<lg < size {
			lg++
		}
		pool, q := &c.br[0][lg-lgMin], brotliBest
		if !best {
			pool, q = &c.br[1][lg-lgMin], brotliFast
		}
		if size > 1<<lgMax {
			// A writer that has compressed more than its window is not
			// the same as a new one after Reset (andybalholm/brotli
			// v1.2.0: a 674 KB file then took 37,479 bytes, against 38,269
			// from a new writer), so the twins of such a file would depend
			// on which file the pool handed its writer to before. The few
			// files that large (the open data, sitemaps) get a writer of
			// their own, which is not kept.
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: q, LGWin: lg}), func() {}, nil
		}
		bw, _ := pool.Get().(*brotli.Writer)
		if bw == nil {
			bw = brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: q, LGWin: lg})
		} else {
			bw.Reset(w)
		}
		return bw, func() { pool.Put(bw) }, nil
	}
	pool, level := &c.gz[0], gzip.BestCompression
	if !best {
		pool, level = &c.gz[1], gzip.DefaultCompression
	}
	gw, _ := pool.Get().(*gzip.Writer)
	if gw == nil {
		var err error
		if gw, err = gzip.NewWriterLevel(w, level); err != nil {
			return nil, nil, err
		}
	} else {
		gw.Reset(w)
	}
	return gw, func() { pool.Put(gw) }, nil
}

// Brotli qualities: the best for assets (few, small, cached for a year and
// fetched by every visitor); a fast one for pages and data files, which
// change with every build and may be large (a national catalogue's open data
// is some 30 MB): quality 11 compresses some hundred KB a second, quality 5
// tens of MB, for about a tenth more bytes. Gzip likewise: the best level
// for assets, the default one (within a few per cent of it, several times
// faster) for the rest.
const (
	brotliBest = 11
	brotliFast = 5
	// bestMax is the largest file compressed at brotliBest.
	bestMax = 256 << 10
	// bigFile is the size from which a file's two twins are made at once.
	bigFile = 1 << 20
	// smallFile is the size under which a file gets no twins: it fits in
	// one packet either way, and hosts compress such files on the fly.
	smallFile = 512
)

// brotli returns data compressed with brotli at brotliBest or, when best is
// false, brotliFast, with a window just large enough for the data, up to
// 2^lgMax bytes. Brotli's output depends only on its input and settings
// (and on how the input is cut into writes: see twinChunk).
func (c *compressors) brotli(data []byte, best bool) ([]byte, error) {
	return c.compress(data, true, best)
}

// twins returns the precompressed twins of a file worth compressing: only
// those smaller than the file itself, and none for a file under smallFile.
func (c *compressors) twins(rel string, data []byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	if len(data) < smallFile {
		return out, nil
	}
	best := compressible[strings.ToLower(path.Ext(rel))] == asset && len(data) <= bestMax
	var gz, br []byte
	var gzErr, brErr error
	if len(data) >= bigFile {
		// Open data and the sitemap (tens of MB at national scale) are
		// written after the pages, when a core is often idle: both at once.
		var wg sync.WaitGroup
		wg.Go(func() { gz, gzErr = c.gzip(data, best) })
		br, brErr = c.brotli(data, best)
		wg.Wait()
	} else {
		gz, gzErr = c.gzip(data, best)
		br, brErr = c.brotli(data, best)
	}
	if err := errors.Join(gzErr, brErr); err != nil {
		return nil, fmt.Errorf("compressing %s: %w", rel, err)
	}
	if len(gz) < len(data) {
		out[rel+".gz"] = gz
	}
	if len(br) < len(data) {
		out[rel+".br"] = br
	}
	return out, nil
}
