package render

import (
	"crypto/sha256"
	"fmt"
	"html/template"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/site"
)

// Templates keeps the parsed template sets between Renderers of the same
// site (the preview server makes one Renderer per rebuild): when no template
// file changed, New reuses the sets instead of parsing and cloning them again.
// The zero value is ready to use and safe for concurrent use.
type Templates struct {
	mu    sync.Mutex
	key   [32]byte
	sets  map[site.Kind]*template.Template
	progs *programs
}

// parseTemplates reads base.html, the partials and one template per page
// kind from layers, adds them to h, and parses them into one set per kind;
// with a cache, unchanged files reuse the previous sets.
func parseTemplates(layers Layers, h *hasher, cache *Templates, minify func(string, []byte) []byte) (map[site.Kind]*template.Template, *programs, error) {
	type file struct {
		name string
		data []byte
	}
	var common, kinds []file
	key := sha256.New()
	read := func(name string) (file, error) {
		data, err := layers.ReadFile(name)
		if err != nil {
			return file{}, fmt.Errorf("%s: %w", name, err)
		}
		h.add(name, data)
		if minify != nil {
			data = minify(name, data)
		}
		fmt.Fprintf(key, "%s\x00%d\x00", name, len(data))
		key.Write(data)
		return file{name, data}, nil
	}
	for _, name := range append([]string{"templates/base.html"}, layers.Glob("templates/partials/*.html")...) {
		f, err := read(name)
		if err != nil {
			return nil, nil, err
		}
		common = append(common, f)
	}
	for _, k := range Kinds {
		f, err := read("templates/" + string(k) + ".html")
		if err != nil {
			return nil, nil, err
		}
		kinds = append(kinds, f)
	}
	var sum [32]byte
	copy(sum[:], key.Sum(nil))
	if cache != nil {
		cache.mu.Lock()
		defer cache.mu.Unlock()
		if cache.sets != nil && cache.key == sum {
			return cache.sets, cache.progs, nil
		}
	}

	base := template.New("").Funcs(funcs())
	for _, f := range common {
		if _, err := base.New(f.name).Parse(string(f.data)); err != nil {
			return nil, nil, err
		}
	}
	sets := make(map[site.Kind]*template.Template, len(Kinds))
	for i, k := range Kinds {
		t, err := base.Clone()
		if err != nil {
			return nil, nil, err
		}
		if _, err := t.New(kinds[i].name).Parse(string(kinds[i].data)); err != nil {
			return nil, nil, err
		}
		sets[k] = t
	}
	// The set Data.Shared renders fragments with (shared.go).
	frag, err := base.Clone()
	if err != nil {
		return nil, nil, err
	}
	sets[sharedKind] = frag
	progs := newPrograms(sets)
	if cache != nil {
		cache.key, cache.sets, cache.progs = sum, sets, progs
	}
	return sets, progs, nil
}
