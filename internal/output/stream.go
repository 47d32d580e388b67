package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Streamer is a Target that takes a file as it is made rather than whole:
// for the few files that grow with the catalogue. A national catalogue's
// open data (data/catalogue.json) is some 31 MB; made whole, it and its
// twins' buffers were held while the search index was made beside it, when
// a build's memory peaks.
type Streamer interface {
	// WriteStream writes the file rel with what fill writes to w. fill is
	// called once; its error, if any, is returned and nothing is kept.
	WriteStream(rel string, fill func(w io.Writer) error) error
}

// WriteStream writes into t the file that fill makes: as a stream when t is a
// Streamer, else through a buffer and t.WriteFile.
func WriteStream(t Target, rel string, fill func(w io.Writer) error) error {
	if s, ok := t.(Streamer); ok {
		return s.WriteStream(rel, fill)
	}
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	return t.WriteFile(rel, buf.Bytes())
}

// streamBuffer is the size of the buffer between fill and the file.
const streamBuffer = 64 << 10

// fillFile creates (or truncates) the file full with what fill writes, and
// returns its size.
func fillFile(full string, fill func(w io.Writer) error) (int64, error) {
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	cw := &counter{w: f}
	bw := bufio.NewWriterSize(cw, streamBuffer)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return cw.n, err
}

// counter counts the bytes written through it.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteStream writes a file as fill makes it, then its twins from the file.
func (d *Dir) WriteStream(rel string, fill func(w io.Writer) error) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	if err := d.mkdir(rel); err != nil {
		return err
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(rel))
	size, err := fillFile(full, fill)
	if err != nil {
		os.Remove(full)
		return err
	}
	d.record(rel)
	if !d.Precompress.Wants(rel) {
		return nil
	}
	kept, err := d.zip.fileTwins(rel, full, size, func(ext string) string { return full + ext })
	for _, ext := range kept {
		d.record(rel + ext)
	}
	return err
}

// WriteStream writes a file as fill makes it into the staging folder, and
// stages it (and its twins) only when its bytes differ from the file in
// place, as WriteFile.
func (p *InPlace) WriteStream(rel string, fill func(w io.Writer) error) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	p.forget(rel)
	final := p.full(rel)
	tmp, err := p.temp()
	if err != nil {
		return err
	}
	size, err := fillFile(tmp, fill)
	if err != nil {
		os.Remove(tmp)
		return err
	}
	wants := p.Precompress.Wants(rel)
	if sameFiles(tmp, final) {
		os.Remove(tmp)
		p.unchanged(rel, wants)
		return nil
	}
	p.put(rel, tmp)
	p.note(rel)
	var kept []string
	temps := map[string]string{}
	defer func() {
		for _, t := range temps {
			os.Remove(t) // those not staged (or never filled)
		}
	}()
	if wants {
		for _, ext := range []string{".gz", ".br"} {
			if temps[ext], err = p.temp(); err != nil {
				return err
			}
		}
		if kept, err = p.zip.fileTwins(rel, tmp, size, func(ext string) string { return temps[ext] }); err != nil {
			return err
		}
	}
	for _, ext := range []string{".gz", ".br"} {
		if slices.Contains(kept, ext) {
			p.put(rel+ext, temps[ext])
			delete(temps, ext)
			p.note(rel + ext)
			continue
		}
		p.remove(rel + ext)
	}
	return nil
}

// sameFiles reports whether the files a and b hold the same bytes.
func sameFiles(a, b string) bool {
	fa, err := os.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	ia, err1 := fa.Stat()
	ib, err2 := fb.Stat()
	if err1 != nil || err2 != nil || !ib.Mode().IsRegular() || ia.Size() != ib.Size() {
		return false
	}
	ba, bb := make([]byte, streamBuffer), make([]byte, streamBuffer)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF)
		}
	}
}

// twinChunk is how much of a file its twins read at a time. Brotli's output
// depends on how its input is cut into writes; in pieces of its largest
// window or more it is the same as when the whole file is written at once, so
// a file's twins are the same bytes whether it was written whole or as a
// stream (TestStreamTwins).
const twinChunk = 1 << lgMax

// fileTwins writes the twins of the file src (size bytes, published as rel)
// to the files dst(".gz") and dst(".br"), and returns the extensions of
// those kept: as twins, only those smaller than the file, and none for a file
// under smallFile. The others are removed.
func (c *compressors) fileTwins(rel, src string, size int64, dst func(ext string) string) ([]string, error) {
	if size < smallFile {
		return nil, nil
	}
	best := compressible[strings.ToLower(path.Ext(rel))] == asset && size <= bestMax
	exts := []string{".gz", ".br"}
	names := []string{dst(".gz"), dst(".br")}
	sizes := make([]int64, 2)
	errs := make([]error, 2)
	one := func(i int) {
		sizes[i], errs[i] = fillFile(names[i], func(w io.Writer) error {
			return c.compressFile(w, src, size, exts[i] == ".br", best)
		})
	}
	if size >= bigFile {
		var wg sync.WaitGroup
		wg.Go(func() { one(0) })
		one(1)
		wg.Wait()
	} else {
		one(0)
		one(1)
	}
	if err := errors.Join(errs...); err != nil {
		for _, n := range names {
			os.Remove(n)
		}
		return nil, fmt.Errorf("compressing %s: %w", rel, err)
	}
	var kept []string
	for i, n := range names {
		if sizes[i] < size {
			kept = append(kept, exts[i])
		} else {
			os.Remove(n)
		}
	}
	return kept, nil
}

// compressFile writes the file src (size bytes) compressed to w, with the
// settings gzip and brotli use for data of that size, reading twinChunk
// bytes at a time.
func (c *compressors) compressFile(w io.Writer, src string, size int64, br, best bool) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zw, put, err := c.writer(w, br, best, size)
	if err != nil {
		return err
	}
	buf := make([]byte, min(size, twinChunk))
	for {
		n, err := io.ReadFull(f, buf)
		if n > 0 {
			if _, werr := zw.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	put()
	return nil
}
