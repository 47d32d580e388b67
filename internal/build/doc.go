// Package build orchestrates a build: load the site folder, check it, plan the
// pages, render them in parallel and write everything through one writer —
// atomically to a folder for `ocop build`, or into memory for `ocop serve`.
//
// A Builder keeps what a later build can reuse (converted Markdown, page
// fingerprints), so the preview server and incremental builds render again only
// the pages whose inputs changed: a page's fingerprint hashes the templates, the
// site settings, the catalogue's shape (what is listed where) and the content hash
// of every record the page depends on (site.Page.Deps).
package build
