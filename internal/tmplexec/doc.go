// Package tmplexec runs html/template templates faster than html/template
// does, with the same output.
//
// html/template checks a template's contexts and adds its escaping
// functions to the parse trees; text/template then walks the trees for
// every page, looking up each field and method by name and calling each
// function through reflection. At 20,000 products that walk was about half
// of a clean build's CPU time (docs/performance-log.md). Compile turns the trees
// html/template has escaped into a tree of Go closures once: fields and
// methods are looked up once per type, literals are converted once,
// variables live in slots, and the escapers the built-in templates use are
// applied directly to strings.
//
// The semantics are text/template's, but only for what a catalogue's
// templates need. Compile reports ErrUnsupported for a template it cannot
// run (a builtin such as printf or call, break and continue, a template
// called in another context than HTML text), and the caller keeps
// html/template for it. When a run meets anything unusual — an error, a
// value of a kind it does not handle, a value an escaper cannot take
// directly — Execute returns ErrFallback without having written anything,
// and the caller renders the page with html/template, which then gives its
// own output or error. The escaping itself stays html/template's: a value
// an escaper cannot take directly goes through a small html/template
// "probe" made for that chain of escapers.
package tmplexec
