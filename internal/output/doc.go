// Package output is the one writer every built file goes through: it minifies by
// media type (github.com/tdewolff/minify/v2), writes into a temporary folder beside
// the final one and swaps it into place only when the whole build succeeded, so a
// failed build leaves the previous output untouched. A Memory target keeps files in
// memory instead, for the preview server.
package output
