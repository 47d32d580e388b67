// Package catalog holds the model of an OCOP catalogue: the site, its categories,
// subjects (producers), products, tourism records and free pages, with every
// reference resolved, indexes by category, stars, commune, subject and year, and
// statistics computed from the records.
//
// Build turns a content.Source into a Catalog and checks every rule of the content
// model on the way, adding diagnostics that point at the line of the offending field.
// The Catalog is read-only once built and safe to share between goroutines.
// It knows nothing of files on disk or HTML beyond the Markdown bodies, which it
// converts once per language with package markdown.
package catalog
