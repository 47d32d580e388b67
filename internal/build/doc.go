// Package build orchestrates a build: load the site folder, check it, plan the
// pages, render them in parallel and write everything through one writer —
// atomically to a folder for `ocop build`, or into memory for `ocop serve`.
//
// A Builder keeps what a later build can reuse (converted Markdown, page
// fingerprints), so the preview server and incremental builds render again only
// the pages whose inputs changed. A page's fingerprint hashes the templates,
// the site settings, the lists every page may show (render.SiteWideKey: the
// groups, star ranks, producer types, communes and years that have records),
// the page's items and the content hash of every record it depends on
// (site.Page.Deps). Pages made from the whole catalogue (the home page,
// statistics, the commune index, free pages: site.Page.DepsComplete is false)
// hash the catalogue's shape as well. So renaming, re-ranking, moving, adding
// or deleting a record renders again its own pages, the listing pages it
// enters, leaves or shifts, and those few; not the whole site.
package build
