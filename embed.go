// Package ocop holds the built-in templates and assets, embedded so that a site
// folder with only content/ builds. The generator itself lives in cmd/ocop and
// internal/.
package ocop

import "embed"

// Builtin holds templates/ and assets/ as shipped with the generator. It is
// read-only.
//
//go:embed templates assets
var Builtin embed.FS
