// Package report builds what ocop check lists after the diagnostics: the OCOP
// certificates that have expired or expire within 90 days, and, per language,
// the records and fields not yet translated, with counts. It reads a built
// catalog.Catalog and prints plain text (or Markdown for a GitHub job summary)
// in Vietnamese or English.
package report
