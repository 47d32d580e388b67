package output

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Cache policies written to _headers.
const (
	// CacheImmutable is for fingerprinted files: their name changes with
	// their content, so they may be kept for a year without asking again.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheShort is for pages and everything else kept at a stable URL.
	CacheShort = "public, max-age=600, must-revalidate"
)

// fingerprinted matches a name carrying a content hash, e.g. main.3f9c2a1b.css.
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{8,32}\.[A-Za-z0-9]+$`)

// Fingerprinted reports whether the file rel carries a content hash in its
// name (precompressed twins count as their original).
func Fingerprinted(rel string) bool {
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, ".gz"), ".br")
	return fingerprinted.MatchString(path.Base(rel))
}

// Headers returns a _headers file (the format of Netlify and Cloudflare
// Pages) for the output files, whose URLs start with basePath ("/" or
// "/ocop/"). Fingerprinted files get a one-year immutable cache, the rest a
// short one. No two rules give the same file a Cache-Control header (both
// hosts would merge them), so a folder is one rule when all its files share a
// policy and is split into its entries otherwise. Precompressed twins and
// files starting with '_' or '.' are left out.
func Headers(basePath string, files []string) []byte {
	var kept []string
	for _, f := range files {
		if strings.HasSuffix(f, ".gz") || strings.HasSuffix(f, ".br") {
			continue
		}
		if b := path.Base(f); strings.HasPrefix(b, "_") || strings.HasPrefix(b, ".") {
			continue
		}
		kept = append(kept, f)
	}
	slices.Sort(kept)
	var b strings.Builder
	b.WriteString("# Cache rules for hosts that read _headers (Netlify, Cloudflare Pages); written by ocop.\n")
	fmt.Fprintf(&b, "%s*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n", basePath)
	rule := func(pattern, policy string) {
		fmt.Fprintf(&b, "%s%s\n  Cache-Control: %s\n", basePath, pattern, policy)
	}
	var walk func(dir string, files []string)
	walk = func(dir string, files []string) {
		fp := 0
		for _, f := range files {
			if Fingerprinted(f) {
				fp++
			}
		}
		if dir != "" && (fp == 0 || fp == len(files)) {
			policy := CacheShort
			if fp > 0 {
				policy = CacheImmutable
			}
			rule(dir+"*", policy)
			return
		}
		// Mixed: one rule per file here, one walk per sub-folder.
		var sub []string
		children := map[string][]string{}
		for _, f := range files {
			rest := strings.TrimPrefix(f, dir)
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				name := dir + rest[:i+1]
				if children[name] == nil {
					sub = append(sub, name)
				}
				children[name] = append(children[name], f)
				continue
			}
			policy := CacheShort
			if Fingerprinted(f) {
				policy = CacheImmutable
			}
			if path.Base(f) == "index.html" {
				rule(dir, policy)
			}
			rule(f, policy)
		}
		for _, s := range sub {
			walk(s, children[s])
		}
	}
	walk("", kept)
	return []byte(b.String())
}
