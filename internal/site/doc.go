// Package site plans the pages of a catalogue: which pages exist, in which
// language, at which URL, with which alternates, and on which records each page
// depends.
//
// The URL scheme lives here and nowhere else. The default language is at the site
// root and every other under /<code>/; URL segments are translated (/san-pham/… and
// /en/products/…); a record's page uses its translated slug. Paths are relative to
// the site root and end in "/" for pages written as <path>index.html. Listings are
// paginated: the first page at the listing's URL, the rest at …/page/2/.
//
// A page's Deps name the records whose data it shows; package build hashes them to
// decide which pages must be rendered again after an edit.
package site
