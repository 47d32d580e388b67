package build

import (
	"os"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/content"
	"github.com/khanhson-ocop/ocop/internal/diag"
)

// loadCatalog reads the site folder and builds the catalogue. The preview
// server reads through its bundle cache (it keeps the parsed bundles between
// rebuilds); a one-off build decodes each bundle as soon as it is read and
// drops it, so that its memory holds the records, not the parsed files.
func (b *Builder) loadCatalog(opts catalog.Options, d *diag.List) *catalog.Catalog {
	if b.cache != nil {
		return catalog.Build(b.source(d), opts, d)
	}
	return catalog.BuildScan(content.Open(os.DirFS(b.opts.Src), d), opts, d)
}
