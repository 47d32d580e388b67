package catalog

import (
	"slices"

	"github.com/khanhson-ocop/ocop/internal/content"
)

// Fields returns the field names a record of kind may hold: in its
// default-language file, or, with translation set, in a translation file.
// Package schema and ocop new describe exactly these.
func Fields(kind content.Kind, translation bool) []string {
	var f []string
	switch kind {
	case content.Products:
		f = productFields
		if translation {
			f = productTrans
		}
	case content.Tourism:
		f = tourismFields
		if translation {
			f = tourismTrans
		}
	case content.Subjects:
		f = subjectFields
		if translation {
			f = subjectTrans
		}
	case content.Pages:
		f = pageFields
		if translation {
			f = pageTrans
		}
	}
	return slices.Clone(f)
}
