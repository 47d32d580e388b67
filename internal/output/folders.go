package output

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// folders is the set of output folders made so far, kept as 64-bit hashes of
// their paths. A set of path strings kept each page's path alive from the
// moment it was rendered to the end of the build: tens of thousands of small
// long-lived strings scattered among each page's garbage, which left the
// heap's spans pinned by one live string each (hundreds of MB that the
// search index could not reuse at national scale). Two paths with the same
// hash would make a folder taken for made when it is not: creating a file in
// it then fails with "not exist", and writeNew makes the folder and tries
// once more.
type folders struct {
	seed maphash.Seed
	mu   sync.Mutex
	set  map[uint64]struct{}
}

func newFolders() folders {
	return folders{seed: maphash.MakeSeed(), set: map[uint64]struct{}{}}
}

func (f *folders) has(dir string) bool {
	h := maphash.String(f.seed, dir)
	f.mu.Lock()
	_, ok := f.set[h]
	f.mu.Unlock()
	return ok
}

func (f *folders) add(dir string) {
	h := maphash.String(f.seed, dir)
	f.mu.Lock()
	f.set[h] = struct{}{}
	f.mu.Unlock()
}

// writeNew runs create, which creates the file full; when it fails because
// the file's folder is not there, it makes the folder and runs create again.
func writeNew(full string, create func() error) error {
	err := create()
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if os.MkdirAll(filepath.Dir(full), 0o755) != nil {
		return err
	}
	return create()
}
