// Package schema describes the fields of each record kind once: their value
// types, whether they are required, and what they mean in Vietnamese and
// English. From that description it writes JSON Schemas (draft-07) for
// editors with a YAML language server — one per record kind and per
// translation file, plus site.yaml and categories.yaml, with the category,
// sub-group and subject keys of a site as enums — and package scaffold writes
// the commented skeletons of ocop new.
//
// The field lists are those package catalog accepts (catalog.Fields); a test
// keeps the two in step.
package schema
