// Package content reads a site folder: site.yaml, categories.yaml and the bundles
// under content/subjects, content/products, content/tourism and content/pages.
//
// # Files
//
// Each bundle is a folder whose name is its slug. It holds index.<lang>.md per
// language (index.md counts as the default language) and any other files
// (photos, a logo, a leaflet), which are the bundle's resources. A Markdown file is
// YAML front matter between two "---" lines, then a Markdown body.
//
// # Promises
//
// Front matter is parsed with gopkg.in/yaml.v3 into nodes whose Line and Column are
// those of the file itself, so later checks can point at the offending field. The
// reader refuses, with a diagnostic naming the file and line, what a producer can get
// wrong before any field is read: an empty file, invalid UTF-8, invisible control
// characters, front matter never opened or never closed, YAML syntax errors, YAML
// anchors and aliases (which also stops "billion laughs" bombs), files over
// MaxFileSize, front matter over MaxYAMLSize, Markdown bodies shaped to make the
// converter slow (see checkBody), and folder names that are not slugs (suggesting
// one). A file it refuses is marked Failed, so later checks do not pile up
// "missing field" errors about it. A file it accepts is read as text in one
// form: a byte-order mark dropped, CRLF line ends made LF, and decomposed
// letters composed (Unicode NFC), line numbers unchanged.
//
// A YAML syntax error is reported on the line the producer got wrong, not where the
// parser gave up (yamlerr.go): the document is cut after each line to find the first
// line from which it cannot be read, and that line is explained in plain words (an
// unclosed quote or bracket, a tab, a line indented unlike its neighbours, a colon in
// a value, a line that is not a field). It reads nothing outside the fs.FS it is
// given. It knows nothing of HTML or of what the fields mean; that is package
// catalog's business.
package content
