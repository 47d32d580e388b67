package site

import (
	"fmt"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/diag"
)

// Check reports records whose URL would clash with a page of the scheme:
// a free page named like a listing ("san-pham"), or a record slug "page"
// (which the pagination of its listing uses).
func Check(c *catalog.Catalog, u *URLs, d *diag.List) {
	for _, lang := range c.Site.Codes() {
		for _, p := range c.Pages {
			if s := p.URLSlug.At(lang); u.Reserved(lang, s) {
				file := p.Files.At(lang)
				if file == "" {
					file = p.Files.At(c.Site.DefaultLang)
				}
				d.Errorf(diag.Pos{File: file, Line: 1}, "slug", fmt.Sprintf("rename the folder or set slug: to another name, e.g. %s-1", s),
					"the page address %q is already used by the site itself", s)
			}
		}
		check := func(r *catalog.Record) {
			if r.URLSlug.At(lang) == "page" {
				d.Errorf(diag.Pos{File: r.Files.At(c.Site.DefaultLang), Line: 1}, "slug", "choose another slug", "the address %q is used for page numbers", "page")
			}
		}
		for _, p := range c.Products {
			check(&p.Record)
		}
		for _, p := range c.Tourism {
			check(&p.Record)
		}
		for _, s := range c.Subjects {
			check(&s.Record)
		}
	}
}
