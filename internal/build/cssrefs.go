package build

import (
	"path"
	"regexp"
	"strings"
)

// cssURL matches url(…) in a stylesheet, quoted or not, and @import "…".
var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

// assetsLast orders asset paths so that stylesheets come after the files
// they may refer to (fonts, icons), whose fingerprinted names must be known
// first; otherwise by path.
func assetsLast(a, b string) int {
	ca, cb := path.Ext(a) == ".css", path.Ext(b) == ".css"
	switch {
	case ca && !cb:
		return 1
	case cb && !ca:
		return -1
	}
	return strings.Compare(a, b)
}

// rewriteCSSRefs rewrites the relative references of the stylesheet file
// (e.g. assets/css/main.css) to other assets — url(../fonts/a.woff2) — to
// their fingerprinted names, using paths (logical name → published path).
// Absolute URLs, data: URLs, fragments and references to files that are not
// assets are left alone.
func rewriteCSSRefs(file string, data []byte, paths map[string]string) []byte {
	dir := path.Dir(file)
	return cssURL.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		var ref []byte
		for _, s := range sub[1:] {
			if len(s) > 0 {
				ref = s
				break
			}
		}
		r := string(ref)
		if r == "" || strings.HasPrefix(r, "/") || strings.HasPrefix(r, "#") || strings.Contains(r, ":") {
			return m
		}
		clean, suffix := r, ""
		if i := strings.IndexAny(r, "?#"); i >= 0 {
			clean, suffix = r[:i], r[i:]
		}
		target := path.Join(dir, clean)
		out, ok := paths[strings.TrimPrefix(target, "assets/")]
		if !ok || !strings.HasPrefix(target, "assets/") {
			return m
		}
		fixed := path.Join(path.Dir(clean), path.Base(out)) + suffix
		if strings.HasPrefix(clean, "./") {
			fixed = "./" + fixed
		}
		return []byte(strings.Replace(string(m), r, fixed, 1))
	})
}
