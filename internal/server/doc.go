// Package server is the preview server of `ocop serve`: it builds a site folder
// into memory, serves it over HTTP, watches the folder and rebuilds what a
// change touches, and tells open browser pages to reload.
//
// # Flow
//
// Run builds the whole site once into an output.Memory (public/ is never
// touched), then waits for file events under content/, templates/ and assets/
// (folders created later are watched too). Events are coalesced: a rebuild
// starts once no event has arrived for Options.Quiet, so an editor's save or a
// git pull of many files makes one rebuild. The build.Builder re-reads only the
// bundles named by the events and re-renders only the pages whose inputs
// changed.
//
// # Live reload
//
// Pages carry a small inline script (absent from `ocop build` output). When a
// page is served, the server writes into it the page's path and the generation
// of the output it was served from. The script opens a Server-Sent Events
// stream at /__ocop/events; the server keeps, for every page, the generation in
// which it last changed, and tells a connected page to reload when its own
// page changed after the generation it was served from. A stylesheet change
// needs no reload: assets keep stable names in preview, and the script swaps
// the <link rel="stylesheet"> in place. Because the decision is made from the
// server's state when a stream (re)connects and after every rebuild, a page
// never misses a change, even one made while it was loading.
//
// # Errors
//
// When the content has errors (or a template cannot be parsed), the last good
// output stays served, the terminal prints the diagnostics, and every open page
// shows an overlay (role="alertdialog") listing them by file:line. Pages loaded
// meanwhile show it too. When the errors are gone the overlay goes and the page
// reloads.
//
// # Safety
//
// The server answers only requests whose Host is its own address (the bound
// address, 127.0.0.1, localhost or ::1 on its port; any IP literal when bound
// to all interfaces), which defeats DNS rebinding; it serves only files of the
// built output, refuses paths with dot segments or dot-files, sets the content
// type from a fixed table with nosniff, and answers missing paths with the
// site's 404 page in the language of the path.
package server
