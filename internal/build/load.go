package build

import (
	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/sysfile"
)

// loadCatalog reads the site folder and builds the catalogue. The preview
// server reads through its bundle cache (it keeps the parsed bundles between
// rebuilds); a one-off build decodes each bundle as soon as it is read and
// drops it, so that its memory holds the records, not the parsed files.
func (b *Builder) loadCatalog(opts catalog.Options, d *diag.List) *catalog.Catalog {
	if b.cache != nil {
		return catalog.Build(b.source(d), opts, d)
	}
	return catalog.BuildScan(content.Open(sysfile.DirFS(b.opts.Src), d), opts, d)
}

// minifyTemplate returns how template files are minified before they are
// parsed: when minifying, pages are made from minified templates and not
// minified one by one (output.Minifier.Template).
func (b *Builder) minifyTemplate() func(string, []byte) []byte {
	if b.min == nil || !b.min.PagesFromTemplates {
		return nil
	}
	return b.min.Template
}
