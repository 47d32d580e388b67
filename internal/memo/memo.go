// Package memo keeps the results of pure computations between runs of ocop,
// in one file, keyed by a hash of their input: the parsed front matter of a
// content file, the HTML of a Markdown body. A one-off `ocop build` reads
// every record again; with a memo it parses only the files that changed
// since the last build.
//
// A Table's file is indexed when it is opened and written anew as it is used:
// the new file holds the entries the run asked for (found or put), so it
// never grows with what the site no longer has. The file is swapped in only
// by Close; a run that fails leaves the old one. Every entry carries a
// checksum, and the file a version (the program's identity), so a damaged
// entry, or one made by another ocop, is a miss and never a wrong value.
package memo

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Key identifies an input: a hash of it and of what else decides the result.
type Key [16]byte

// KeyOf hashes the parts, each prefixed by its length, into a Key.
func KeyOf(parts ...[]byte) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range parts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write(p)
	}
	var k Key
	copy(k[:], h.Sum(nil))
	return k
}

// magic starts every memo file; the version string follows it.
const magic = "ocop-memo-1\n"

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Span is where a value lies in a memo file: the old one (Get) or the new
// one (Span, Values).
type Span struct{ off, n int64 }

// Table is an open memo file. Its methods are safe for concurrent use. A nil
// *Table finds nothing and keeps nothing.
//
// The old file's values are not held in memory: Open reads the file once to
// find its entries, and Get reads a value when it is asked for (a national
// catalogue's memo is some 70 MB, as much as a fifth of its build's memory).
// A run asks for nearly the values in the order the run before used them,
// which is the file's order, so Get reads the file a window at a time while
// the values asked for follow one another, and one value at a time otherwise.
type Table struct {
	path string
	old  *os.File
	idx  map[Key]Span

	mu      sync.Mutex
	win     []byte // the old file's bytes from winOff, read ahead
	winOff  int64
	lastEnd int64 // where the last value read ends
	budget  int64 // how much more may be read ahead: twice the file
	reads   int   // reads of the old file, for the tests
	f       *os.File
	w       *bufio.Writer
	pos     int64        // bytes written to the new file
	written map[Key]Span // where each value lies in the new file
	keep    bool         // Keep was called
	kept    string       // the file Values reads: the memo, or the new file left in its folder
	err     error
	hits    int
	puts    int
}

// Open reads the memo file path, when it exists and was written with the
// same version, and starts its replacement in the same folder (which it
// creates). The old file's entries are all misses when it was written by
// another version or cannot be read; only a failure to start the new file is
// an error.
func Open(path, version string) (*Table, error) {
	t := &Table{path: path, idx: map[Key]Span{}, written: map[Key]Span{}}
	if f, err := os.Open(path); err == nil {
		if t.index(bufio.NewReaderSize(f, 1<<20), version) {
			t.old = f
			if info, err := f.Stat(); err == nil {
				t.budget = 2 * info.Size()
			}
		} else {
			f.Close()
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.closeOld()
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".memo-*")
	if err != nil {
		t.closeOld()
		return nil, err
	}
	t.f = f
	t.w = bufio.NewWriterSize(f, 1<<20)
	t.w.WriteString(magic)
	var n [binary.MaxVarintLen64]byte
	t.w.Write(n[:binary.PutUvarint(n[:], uint64(len(version)))])
	t.w.WriteString(version)
	t.pos = int64(len(magic) + uvarintLen(uint64(len(version))) + len(version))
	return t, nil
}

// index finds the entries of a memo file and reports whether it is one of
// this version. It stops at the first entry that does not fit in the file
// (a file cut short).
func (t *Table) index(r *bufio.Reader, version string) bool {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return false
	}
	vn, err := binary.ReadUvarint(r)
	if err != nil || vn != uint64(len(version)) {
		return false
	}
	v := make([]byte, vn)
	if _, err := io.ReadFull(r, v); err != nil || string(v) != version {
		return false
	}
	pos := int64(len(magic) + uvarintLen(vn) + int(vn))
	for {
		var k Key
		if _, err := io.ReadFull(r, k[:]); err != nil {
			break
		}
		n, err := binary.ReadUvarint(r)
		if err != nil || n > 1<<30 {
			break
		}
		if d, err := r.Discard(int(n) + 4); err != nil || d != int(n)+4 {
			break
		}
		off := pos + int64(len(k)+uvarintLen(n))
		t.idx[k] = Span{off, int64(n)}
		pos = off + int64(n) + 4
	}
	return true
}

func uvarintLen(v uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], v)
}

// Get returns the value kept for k, or false.
func (t *Table) Get(k Key) ([]byte, bool) {
	if t == nil {
		return nil, false
	}
	t.mu.Lock()
	s, ok := t.idx[k]
	old := t.old
	t.mu.Unlock()
	if !ok || old == nil {
		return nil, false
	}
	buf := t.read(old, s)
	if buf == nil {
		return nil, false
	}
	v := buf[:s.n]
	if binary.LittleEndian.Uint32(buf[s.n:]) != crc32.Checksum(v, crcTable) {
		return nil, false
	}
	t.mu.Lock()
	t.hits++
	t.add(k, v)
	t.mu.Unlock()
	return v, true
}

// window is how much of the old file Get reads ahead; ahead is how far past
// the last value read the next may start for Get to read a window from it.
const (
	window = 1 << 20
	ahead  = 64 << 10
)

// read returns a copy of the value at s and its checksum, from the window
// when it is there, else from the file; nil when the file cannot be read.
// A value that starts just after the last one read starts a new window;
// any other is read alone. Read-ahead stops once it has read twice the
// file, so values asked for in no order cost what reading each alone does.
func (t *Table) read(old *os.File, s Span) []byte {
	n := s.n + 4
	t.mu.Lock()
	defer t.mu.Unlock()
	last := t.lastEnd
	t.lastEnd = s.off + n
	if s.off >= t.winOff && s.off+n <= t.winOff+int64(len(t.win)) {
		return bytes.Clone(t.win[s.off-t.winOff : s.off-t.winOff+n])
	}
	if s.off < last || s.off > last+ahead || n > window/4 || t.budget < window {
		t.reads++
		buf := make([]byte, n)
		if _, err := old.ReadAt(buf, s.off); err != nil {
			return nil
		}
		return buf
	}
	t.reads++
	if cap(t.win) < window {
		t.win = make([]byte, window)
	}
	m, _ := old.ReadAt(t.win[:window], s.off) // io.EOF near the file's end
	t.budget -= window
	if int64(m) < n {
		t.win = t.win[:0]
		return nil
	}
	t.win, t.winOff = t.win[:m], s.off
	return bytes.Clone(t.win[:n])
}

// Put keeps v as k's value.
func (t *Table) Put(k Key, v []byte) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.puts++
	t.add(k, v)
	t.mu.Unlock()
}

// add writes an entry to the new file, once per key; t.mu is held.
func (t *Table) add(k Key, v []byte) {
	if _, ok := t.written[k]; ok || t.err != nil {
		return
	}
	var n [binary.MaxVarintLen64]byte
	ln := binary.PutUvarint(n[:], uint64(len(v)))
	off := t.pos + int64(len(k)+ln)
	t.written[k] = Span{off, int64(len(v))}
	t.pos = off + int64(len(v)) + 4
	t.w.Write(k[:])
	t.w.Write(n[:ln])
	t.w.Write(v)
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], crc32.Checksum(v, crcTable))
	if _, err := t.w.Write(sum[:]); err != nil {
		t.err = err
	}
}

// Stats says how many values were found and how many were put.
func (t *Table) Stats() (hits, puts int) {
	if t == nil {
		return 0, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.hits, t.puts
}

// closeOld closes the old file; Get finds nothing after it.
func (t *Table) closeOld() {
	if t.old != nil {
		t.old.Close()
	}
	t.idx, t.old, t.win = nil, nil, nil
}

// Close writes the new file in place of the old one. When nothing was asked
// for or put, the old file is kept.
func (t *Table) Close() error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closeOld()
	name := t.f.Name()
	err := t.err
	if err == nil {
		err = t.w.Flush()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	flushed := err == nil
	if err == nil && len(t.written) > 0 {
		err = os.Rename(name, t.path)
		if err == nil {
			t.kept = t.path
		}
	}
	switch {
	case t.keep && flushed && t.kept == "" && len(t.written) > 0:
		t.kept = name // Values reads it, and removes it when closed
	case err != nil || len(t.written) == 0:
		os.Remove(name)
	}
	return err
}

// Len returns the value's length.
func (s Span) Len() int { return int(s.n) }

// Span returns where k's value lies in the new file, when it was found or
// put: Values reads it again after Close.
func (t *Table) Span(k Key) (Span, bool) {
	if t == nil {
		return Span{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.written[k]
	return s, ok && t.err == nil
}

// Keep, called before Close, keeps the new file's values readable with
// Values even when Close cannot put the file in place of the old one.
func (t *Table) Keep() {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.keep = true
	t.mu.Unlock()
}

// Values opens, after Close, the file Close wrote, to read its values at
// the spans Span gave: a run can let go of values it put in the memo and
// read them when it needs them again. It fails when Close wrote no file
// (and Keep was not called, or writing failed).
func (t *Table) Values() (*Values, error) {
	if t == nil {
		return nil, errors.New("no memo")
	}
	t.mu.Lock()
	kept, temp := t.kept, t.kept != t.path
	t.mu.Unlock()
	if kept == "" {
		return nil, fmt.Errorf("the memo %s was not written", t.path)
	}
	f, err := os.Open(kept)
	if err != nil {
		return nil, err
	}
	v := &Values{f: f}
	if temp {
		v.remove = kept
	}
	return v, nil
}

// Values reads the values of a memo file at their spans. Its methods are
// safe for concurrent use.
type Values struct {
	f      *os.File
	remove string // the file, when it is not the memo: removed by Close
}

// Append appends the value at s to dst, checked against its checksum (a
// file another run put in the memo's place fails the check).
func (v *Values) Append(dst []byte, s Span) ([]byte, error) {
	start := len(dst)
	dst = slices.Grow(dst, int(s.n)+4)[:start+int(s.n)+4]
	if _, err := v.f.ReadAt(dst[start:], s.off); err != nil {
		return dst[:start], fmt.Errorf("reading the memo %s: %w", v.f.Name(), err)
	}
	val := dst[start : start+int(s.n)]
	if binary.LittleEndian.Uint32(dst[start+int(s.n):]) != crc32.Checksum(val, crcTable) {
		return dst[:start], fmt.Errorf("reading the memo %s: a value changed since it was written (another build replaced the file?)", v.f.Name())
	}
	return dst[:start+int(s.n)], nil
}

// Close closes the file, and removes it when it is not the memo.
func (v *Values) Close() error {
	if v == nil {
		return nil
	}
	err := v.f.Close()
	if v.remove != "" {
		os.Remove(v.remove)
	}
	return err
}

// Abort deletes the new file and keeps the old one.
func (t *Table) Abort() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closeOld()
	t.f.Close()
	os.Remove(t.f.Name())
}
