// Package sysfile reads and writes whole files with plain system calls where
// that is cheaper than package os.
//
// os.Open and os.WriteFile hand every file to the runtime's network poller:
// on Linux that is an epoll_ctl, which fails for a regular file, and four
// fcntl calls to put the descriptor in non-blocking mode and back, on top of
// open, read or write, and close. A build of a 20,000-product catalogue opens
// 55,810 content files and writes 82,272 output files: reading the files
// took 1.6–1.9 s through package os and 1.0–1.2 s with plain calls, writing
// 40,000 pages 0.66–0.72 s and 0.44 s (docs/performance-log.md). On Unix this
// package opens, reads, writes and closes with package syscall instead;
// elsewhere it uses package os.
package sysfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is a directory tree like os.DirFS that can also read a file whole, up
// to a size, with ReadFileMax.
type FS struct {
	fs.FS
	dir string
}

// DirFS returns the file system rooted at dir, as os.DirFS does.
func DirFS(dir string) FS { return FS{os.DirFS(dir), dir} }

// ReadDir reads the named directory (fs.ReadDirFS).
func (f FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }

// ReadFile reads the named file whole (fs.ReadFileFS).
func (f FS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(f.FS, name) }

// Stat returns a FileInfo describing the named file (fs.StatFS).
func (f FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.FS, name) }

// ReadFileMax reads at most max bytes of the named file (a slash-separated
// path inside the tree, as fs.ValidPath requires). A caller that wants to
// refuse files over some size asks for one byte more than it accepts.
func (f FS) ReadFileMax(name string, max int64) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	data, err := readFileMax(filepath.Join(f.dir, filepath.FromSlash(name)), max)
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name // as os.DirFS reports it
	}
	return data, err
}

// WriteFile writes data to the named file, creating it with perm (before
// the umask) if needed and truncating it otherwise, as os.WriteFile does.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return writeFile(name, data, perm)
}

// ReadAll reads at most max bytes from r into one buffer sized for size
// bytes (a negative size when unknown), so that a file of known size is read
// with two reads and no growing.
func ReadAll(r io.Reader, size, max int64) ([]byte, error) {
	if size < 0 || size >= max {
		size = min(max, 512)
	} else {
		size++ // room for the read that finds the end
	}
	b := make([]byte, 0, size)
	r = io.LimitReader(r, max)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
