// Package memo keeps the results of pure computations between runs of ocop,
// in one file, keyed by a hash of their input: the parsed front matter of a
// content file, the HTML of a Markdown body. A one-off `ocop build` reads
// every record again; with a memo it parses only the files that changed
// since the last build.
//
// A Table is read whole when it is opened and written anew as it is used:
// the new file holds the entries the run asked for (found or put), so it
// never grows with what the site no longer has. The file is swapped in only
// by Close; a run that fails leaves the old one. Every entry carries a
// checksum, and the file a version (the program's identity), so a damaged
// entry, or one made by another ocop, is a miss and never a wrong value.
package memo

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
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

// span is where an entry's value lies in the old file.
type span struct{ off, n int }

// Table is an open memo file. Its methods are safe for concurrent use. A nil
// *Table finds nothing and keeps nothing.
type Table struct {
	path string
	old  []byte
	idx  map[Key]span

	mu      sync.Mutex
	f       *os.File
	w       *bufio.Writer
	written map[Key]bool
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
	t := &Table{path: path, idx: map[Key]span{}, written: map[Key]bool{}}
	if data, err := os.ReadFile(path); err == nil {
		t.index(data, version)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".memo-*")
	if err != nil {
		return nil, err
	}
	t.f = f
	t.w = bufio.NewWriterSize(f, 1<<20)
	t.w.WriteString(magic)
	var n [binary.MaxVarintLen64]byte
	t.w.Write(n[:binary.PutUvarint(n[:], uint64(len(version)))])
	t.w.WriteString(version)
	return t, nil
}

// index finds the entries of a memo file's data. It stops at the first entry
// that does not fit in the data (a file cut short).
func (t *Table) index(data []byte, version string) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return
	}
	p := len(magic)
	vn, w := binary.Uvarint(data[p:])
	if w <= 0 || uint64(len(data)-p-w) < vn || string(data[p+w:p+w+int(vn)]) != version {
		return
	}
	p += w + int(vn)
	for len(data)-p >= len(Key{})+4 {
		var k Key
		copy(k[:], data[p:])
		n, w := binary.Uvarint(data[p+len(k):])
		if w <= 0 {
			break
		}
		if rest := len(data) - p - len(k) - w - 4; rest < 0 || uint64(rest) < n {
			break
		}
		off := p + len(k) + w
		t.idx[k] = span{off, int(n)}
		p = off + int(n) + 4
	}
	t.old = data
}

// Get returns the value kept for k, or false. The value must not be modified.
func (t *Table) Get(k Key) ([]byte, bool) {
	if t == nil {
		return nil, false
	}
	t.mu.Lock()
	s, ok := t.idx[k]
	old := t.old
	t.mu.Unlock()
	if !ok {
		return nil, false
	}
	v := old[s.off : s.off+s.n]
	if binary.LittleEndian.Uint32(old[s.off+s.n:]) != crc32.Checksum(v, crcTable) {
		return nil, false
	}
	t.mu.Lock()
	t.hits++
	t.add(k, v)
	t.mu.Unlock()
	return v, true
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
	if t.written[k] || t.err != nil {
		return
	}
	t.written[k] = true
	var n [binary.MaxVarintLen64]byte
	t.w.Write(k[:])
	t.w.Write(n[:binary.PutUvarint(n[:], uint64(len(v)))])
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

// Release lets the old file's data go; Get finds nothing after it. Call it
// when no more values will be asked for, to free their memory before Close.
func (t *Table) Release() {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.idx, t.old = nil, nil
	t.mu.Unlock()
}

// Close writes the new file in place of the old one. When nothing was asked
// for or put, the old file is kept.
func (t *Table) Close() error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.idx, t.old = nil, nil
	name := t.f.Name()
	err := t.err
	if err == nil {
		err = t.w.Flush()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err == nil && len(t.written) > 0 {
		err = os.Rename(name, t.path)
	}
	if err != nil || len(t.written) == 0 {
		os.Remove(name)
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
	t.idx, t.old = nil, nil
	t.f.Close()
	os.Remove(t.f.Name())
}
