package build

import (
	"io/fs"
	"os"

	"github.com/khanhson-ocop/ocop/internal/catalog"
)

// bundleFS returns the site folder src for reading records' files by the
// names the records give them (content.Resource.Name, in NFC). A file whose
// name the file system spells in decomposed form is read under its composed
// name; without such files it is os.DirFS(src) itself.
func bundleFS(src string, cat *catalog.Catalog) fs.FS {
	base := os.DirFS(src)
	alias := map[string]string{}
	if cat != nil {
		for _, r := range cat.Records() {
			for _, res := range r.Resources {
				if res.Disk != "" {
					alias[r.Dir+"/"+res.Name] = r.Dir + "/" + res.Disk
				}
			}
		}
	}
	if len(alias) == 0 {
		return base
	}
	return aliasFS{base, alias}
}

// aliasFS is a file system in which some names stand for others.
type aliasFS struct {
	fs    fs.FS
	alias map[string]string // name → the name in fs
}

func (a aliasFS) name(n string) string {
	if d, ok := a.alias[n]; ok {
		return d
	}
	return n
}

func (a aliasFS) Open(name string) (fs.File, error) { return a.fs.Open(a.name(name)) }

func (a aliasFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(a.fs, a.name(name)) }

func (a aliasFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(a.fs, a.name(name)) }
