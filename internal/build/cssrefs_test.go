package build

import (
	"slices"
	"testing"
)

func TestRewriteCSSRefs(t *testing.T) {
	paths := map[string]string{
		"fonts/be-vietnam.woff2": "assets/fonts/be-vietnam.1a2b3c4d.woff2",
		"icons/star.svg":         "assets/icons/star.0f0f0f0f.svg",
		"css/print.css":          "assets/css/print.99887766.css",
	}
	for _, c := range []struct{ in, want string }{
		{`@font-face{src:url(../fonts/be-vietnam.woff2) format("woff2")}`, `@font-face{src:url(../fonts/be-vietnam.1a2b3c4d.woff2) format("woff2")}`},
		{`a{background:url("../icons/star.svg#x")}`, `a{background:url("../icons/star.0f0f0f0f.svg#x")}`},
		{`a{background:url( '../icons/star.svg?v=2' )}`, `a{background:url( '../icons/star.0f0f0f0f.svg?v=2' )}`},
		{`@import "print.css";`, `@import "print.99887766.css";`},
		{`@import './print.css';`, `@import './print.99887766.css';`},
		// Left alone: absolute, data:, root-relative, fragments, unknown files.
		{`a{background:url(https://cdn.example/x.svg)}`, `a{background:url(https://cdn.example/x.svg)}`},
		{`a{background:url(data:image/svg+xml;utf8,<svg/>)}`, `a{background:url(data:image/svg+xml;utf8,<svg/>)}`},
		{`a{background:url(/assets/icons/star.svg)}`, `a{background:url(/assets/icons/star.svg)}`},
		{`a{filter:url(#shadow)}`, `a{filter:url(#shadow)}`},
		{`a{background:url(../img/missing.png)}`, `a{background:url(../img/missing.png)}`},
	} {
		if got := string(rewriteCSSRefs("assets/css/main.css", []byte(c.in), paths)); got != c.want {
			t.Errorf("rewriteCSSRefs(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestAssetsLast(t *testing.T) {
	got := []string{"assets/css/main.css", "assets/js/app.js", "assets/css/a.css", "assets/fonts/f.woff2"}
	slices.SortFunc(got, assetsLast)
	want := []string{"assets/fonts/f.woff2", "assets/js/app.js", "assets/css/a.css", "assets/css/main.css"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
