package build

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/images"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// errContent stops a build whose images turned out broken while processing;
// the diagnostics are in the Result.
var errContent = errors.New("the content has errors")

// stopped turns errContent into nil: the build stopped on content errors,
// which are in the Result.
func stopped(err error) error {
	if errors.Is(err, errContent) {
		return nil
	}
	return err
}

// CacheDir is where a site keeps processed images, relative to the site
// folder (.gitignore names /.cache/).
const CacheDir = ".cache/ocop/images"

// imageState is what a Builder keeps of images between builds.
type imageState struct {
	once sync.Once
	c    *images.Cache
	mu   sync.Mutex
	last map[string]images.Entry // output path → the cache entry it was copied from
}

// imageCache returns the Builder's image cache, made on first use.
func (b *Builder) imageCache() *images.Cache {
	b.img.once.Do(func() {
		dir := b.opts.ImageCache
		if dir == "" {
			dir = filepath.Join(b.opts.Src, filepath.FromSlash(CacheDir))
		}
		b.img.c = images.NewCache(dir)
	})
	return b.img.c
}

// imageSource is one image file of a published record.
type imageSource struct {
	rec   *catalog.Record
	file  string // relative to the bundle
	mode  images.Mode
	field string // "images" or "logo"; "" for a file no record names
}

func (s imageSource) path() string { return s.rec.Dir + "/" + s.file }

// imageSources lists the images of published records: the photos records
// name (cover first), subjects' logos, then every other bundle file that is
// an image by its name or its first bytes (a body may link to it; it is
// published stripped, under its own name). Other resources are not listed.
func (b *Builder) imageSources(cat *catalog.Catalog) []imageSource {
	if cat == nil {
		return nil
	}
	var out []imageSource
	named := map[string]bool{}
	add := func(s imageSource) {
		if !named[s.path()] {
			named[s.path()] = true
			out = append(out, s)
		}
	}
	var recs []*catalog.Record
	for _, p := range slices.Concat(cat.Products, cat.Tourism) {
		for i, img := range p.Images {
			mode := images.Photo
			if i == 0 {
				mode = images.Cover
			}
			add(imageSource{rec: &p.Record, file: img.File, mode: mode, field: "images"})
		}
		recs = append(recs, &p.Record)
	}
	for _, s := range cat.Subjects {
		if s.Logo != "" {
			add(imageSource{rec: &s.Record, file: s.Logo, mode: images.Logo, field: "logo"})
		}
		recs = append(recs, &s.Record)
	}
	for _, p := range cat.Pages {
		recs = append(recs, &p.Record)
	}
	src := bundleFS(b.opts.Src, cat)
	for _, r := range recs {
		for _, res := range r.Resources {
			s := imageSource{rec: r, file: res.Name, mode: images.Single}
			if !named[s.path()] && isImageFile(src, s.path()) {
				add(s)
			}
		}
	}
	return out
}

// imageExts are the names of image files, whatever their content.
var imageExts = []string{".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp"}

// isImageFile reports whether a bundle file is an image by its name or by its
// first bytes, so that no photo is published with its metadata whatever it is
// called.
func isImageFile(fsys fs.FS, name string) bool {
	if slices.Contains(imageExts, strings.ToLower(path.Ext(name))) {
		return true
	}
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return images.Sniff(head[:n]) != ""
}

// what names the image in a message: a record's photo, its logo, or a file
// of its folder that no field names.
func (s imageSource) what() string {
	return map[string]string{"images": "photo", "logo": "logo", "": "file"}[s.field]
}

// planImage plans what is published of s. A photo saved as an opaque PNG is
// published as JPEG (images.Plan), unless another image of its folder has
// its name before the extension: then it stays a PNG, so that bia.png
// beside bia.jpg keeps apart from it, as it did before PNG photos became
// JPEG.
func planImage(s imageSource, info images.Info, stems map[string]int) *images.Picture {
	if info.Opaque && stems[stemOf(s.path())] > 1 {
		info.Opaque = false
	}
	return images.Plan(s.file, info, s.mode, images.Params{})
}

func stemOf(p string) string { return strings.TrimSuffix(p, path.Ext(p)) }

// stems counts the images of srcs by their path without the extension.
func stems(srcs []imageSource) map[string]int {
	n := map[string]int{}
	for _, s := range srcs {
		n[stemOf(s.path())]++
	}
	return n
}

// publication is the image that a published file is made from, and which
// of its files it is.
type publication struct {
	src  imageSource
	file images.Variant
}

// claim records the published files of s in taken, unless one of them is
// already another image's (bia.jpg's 360 px copy is bia-360.jpg: a photo
// bia.jpeg, or a file bia-360.jpg in the folder, would be published under
// the same name). Then it claims none and returns that other publication.
func claim(taken map[string]publication, s imageSource, pic *images.Picture) (publication, bool) {
	files := pic.Files()
	// A record's files are published in its own folder, by their names.
	for _, v := range files {
		if p, ok := taken[s.rec.Dir+"/"+v.Name]; ok && p.src.path() != s.path() {
			return p, false
		}
	}
	for _, v := range files {
		taken[s.rec.Dir+"/"+v.Name] = publication{s, v}
	}
	return publication{}, true
}

// clashDiag says that s is not published because one of its files would
// have the name of a file of p. A record's photo or logo is an error; a file
// that no record names (the record's photos and logos claim their names
// first) is only warned about.
func (b *Builder) clashDiag(s imageSource, p publication) diag.Diagnostic {
	what := s.what()
	theirs := fmt.Sprintf("the copy of %s under its own name", p.src.file)
	switch {
	case strings.HasPrefix(p.file.Key, "share"):
		theirs = fmt.Sprintf("the share picture of %s", p.src.file)
	case p.file.Name != p.src.file:
		theirs = fmt.Sprintf("the %d px copy of %s", p.file.Width, p.src.file)
	}
	ext := path.Ext(s.file)
	d := diag.Diagnostic{File: s.path(), Severity: diag.Error, Field: s.field,
		Message: fmt.Sprintf("%s %s cannot be published: its files would take %s, the name of %s", what, s.file, p.file.Name, theirs),
		Hint:    fmt.Sprintf("rename the file, for example to %s-2%s, and change its name where the record lists it", strings.TrimSuffix(s.file, ext), ext)}
	if s.field == "" {
		d.Severity = diag.Warning
		d.Message = fmt.Sprintf("file %s is not published: %s is published under that name", s.file, theirs)
		d.Hint = "rename the file if the text should show it"
		return d
	}
	if at := b.namedAt(s); at != "" {
		d.Hint += "; it is named at " + at
	}
	return d
}

// imageDiag turns a problem with an image into a diagnostic on the image
// file; the hint says where the record names it. Files that no record names
// are only warned about: they are not published.
func (b *Builder) imageDiag(s imageSource, err error) diag.Diagnostic {
	what := s.what()
	d := diag.Diagnostic{File: s.path(), Severity: diag.Error, Field: s.field}
	var e *images.Error
	if errors.As(err, &e) {
		d.Message = fmt.Sprintf("%s %s %s", what, s.file, e.Problem)
		d.Hint = e.Hint
	} else {
		d.Message = fmt.Sprintf("%s %s cannot be read: %v", what, s.file, err)
	}
	if s.field == "" {
		d.Severity = diag.Warning
		d.Message += "; it is not published"
		return d
	}
	if at := b.namedAt(s); at != "" {
		d.Hint = strings.TrimPrefix(d.Hint+"; it is named at "+at, "; ")
	}
	return d
}

// namedAt returns "file:line" of the line of the record's Markdown files
// that names the image (the record's own file: translations give only alt
// texts), or "".
func (b *Builder) namedAt(s imageSource) string {
	var files []string
	for _, f := range s.rec.Files {
		files = append(files, f.Value)
	}
	slices.Sort(files)
	for _, md := range files {
		if line := fieldLine(filepath.Join(b.opts.Src, filepath.FromSlash(md)), s.field, s.file); line > 0 {
			return fmt.Sprintf("%s:%d", md, line)
		}
	}
	return ""
}

// fieldLine returns the number of the first line of a Markdown file's front
// matter, within field, that holds name; 0 if none.
func fieldLine(file, field, name string) int {
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inField := false
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if line > 1 && strings.TrimSpace(text) == "---" {
			return 0 // the end of the front matter
		}
		if strings.HasPrefix(text, field+":") {
			inField = true
		} else if text != "" && !strings.HasPrefix(text, " ") && !strings.HasPrefix(text, "\t") && !strings.HasPrefix(text, "-") && !strings.HasPrefix(text, "#") {
			inField = false
		}
		if inField && strings.Contains(text, name) {
			return line
		}
	}
	return 0
}

// checkImages checks the header of every image of published records without
// decoding any (ocop check and the start of a build): a file that is not a
// JPEG or PNG, a decompression bomb, a truncated copy.
func (b *Builder) checkImages(cat *catalog.Catalog, d *diag.List) {
	srcs := b.imageSources(cat)
	fsys := bundleFS(b.opts.Src, cat)
	infos := make([]*images.Info, len(srcs))
	parallel(len(srcs), func(i int) {
		s := srcs[i]
		info, err := b.imageCache().Probe(fsys, s.path(), 0)
		if err != nil {
			d.Add(b.imageDiag(s, err))
			return
		}
		infos[i] = &info
	})
	// Names, in the order of srcs: a record's photos and logo claim theirs
	// before the files no record names.
	taken := map[string]publication{}
	stem := stems(srcs)
	for i, s := range srcs {
		if infos[i] == nil {
			continue
		}
		if p, ok := claim(taken, s, planImage(s, *infos[i], stem)); !ok {
			d.Add(b.clashDiag(s, p))
		}
	}
}

// parallel calls f(0) … f(n-1) on GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// imageSet is what the image step published.
type imageSet struct {
	// pictures by source path relative to the site (content/…/cover.jpg).
	pictures map[string]*images.Picture
	// handled lists the bundle files the image step publishes, or withholds;
	// they are not copied as they are.
	handled map[string]bool
}

// images makes and publishes the pictures of published records: each image
// is probed (from the cache's index when unchanged), planned, made on all
// cores (or fetched from the cache) and its files copied from the cache into
// t. A file found broken only while decoding becomes a diagnostic in res and
// the build stops with errContent before anything is published.
func (b *Builder) images(cat *catalog.Catalog, urls *site.URLs, t Target, res *Result, incremental bool) (*imageSet, error) {
	set := &imageSet{pictures: map[string]*images.Picture{}, handled: map[string]bool{}}
	fsys := bundleFS(b.opts.Src, cat)
	srcs := b.imageSources(cat)
	var jobs []images.Job
	var jobSrc []imageSource
	var d diag.List
	taken := map[string]publication{}
	stem := stems(srcs)
	for _, s := range srcs {
		set.handled[s.path()] = true
		info, err := b.imageCache().Probe(fsys, s.path(), 0)
		if err != nil {
			d.Add(b.imageDiag(s, err))
			continue
		}
		pic := planImage(s, info, stem)
		if _, ok := claim(taken, s, pic); !ok {
			continue // checkImages said why
		}
		jobs = append(jobs, images.Job{FS: fsys, Name: s.path(), Picture: pic})
		jobSrc = append(jobSrc, s)
	}
	results := b.imageCache().Run(jobs, images.Params{}, 0, b.opts.Progress)
	for i, r := range results {
		if r.Err != nil {
			d.Add(b.imageDiag(jobSrc[i], r.Err))
			continue
		}
		if r.Processed {
			res.Decoded++
		}
	}
	res.Diagnostics = append(res.Diagnostics, d.Items()...)
	if res.HasErrors() {
		return nil, errContent
	}
	if err := b.imageCache().Save(); err != nil {
		return nil, fmt.Errorf("saving the image cache's index: %w", err)
	}

	// Publish from the cache.
	cache := os.DirFS(b.imageCache().Dir())
	b.img.mu.Lock()
	last := b.img.last
	b.img.mu.Unlock()
	next := map[string]images.Entry{}
	type copyJob struct{ rel, name, what string }
	var copies []copyJob
	for i, r := range results {
		if r.Err != nil {
			continue // a warning: the file is not published
		}
		s, pic := jobSrc[i], jobs[i].Picture
		set.pictures[s.path()] = pic
		res.Images++
		for _, v := range pic.Files() {
			rel := urls.Media(s.rec, v.Name)
			next[rel] = r.Entry
			if incremental && last[rel] == r.Entry {
				continue
			}
			name := filepath.ToSlash(filepath.Join(filepath.Base(string(r.Entry)), v.Key))
			copies = append(copies, copyJob{rel, name, s.path() + ": publishing " + v.Name})
		}
	}
	// Copies wait on the file system more than on the processor: several at
	// once.
	errs := make([]error, len(copies))
	parallel(len(copies), func(i int) {
		if err := t.CopyFile(copies[i].rel, cache, copies[i].name); err != nil {
			errs[i] = fmt.Errorf("%s: %w", copies[i].what, err)
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if incremental && last != nil {
		var gone []string
		for rel := range last {
			if _, ok := next[rel]; !ok {
				gone = append(gone, rel)
			}
		}
		slices.Sort(gone)
		if rm, ok := t.(Remover); ok && len(gone) > 0 {
			rm.Delete(gone...)
		}
	}
	b.img.mu.Lock()
	b.img.last = next
	b.img.mu.Unlock()
	return set, nil
}
