// Package output is the one writer every built file goes through: it minifies by
// media type (github.com/tdewolff/minify/v2), writes into a temporary folder beside
// the final one and swaps it into place only when the whole build succeeded, so a
// failed build leaves the previous output untouched. A Memory target keeps files in
// memory instead, for the preview server.
//
// A Dir also writes precompressed twins (file.gz, file.br) of the files its
// Precompress mode wants — assets and data files, or every page too — for hosts
// that serve them as they are. Both are deterministic: gzip at the best level
// with no name or time in its header, brotli at a fixed quality and window, so
// two builds of the same input are byte-identical. Headers writes the _headers
// file of Netlify and Cloudflare Pages: a one-year immutable cache for
// fingerprinted files (name.3f9c2a1b.css), a short one for everything else.
package output
