package build

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/fixture/fixturetest"
)

// TestCompiledTemplates builds the example site and a generated catalogue
// with the compiled templates and with html/template alone (Interpret), and
// wants the same files, byte for byte; every template compiled, and no run
// fallen back to html/template (which would give the same files, slowly).
// The html/template build lets go of the bodies (Options.Loaded), so that
// its pages read them from the memo while the compiled build holds them.
func TestCompiledTemplates(t *testing.T) {
	gen := fixturetest.Site(t, fixture.Options{Products: 300, Seed: 3})
	for name, src := range map[string]string{"example": copySite(t, "../.."), "generated": gen} {
		t.Run(name, func(t *testing.T) {
			build := func(interpret bool) (string, *Result) {
				out := filepath.Join(t.TempDir(), "public")
				opts := benchOptions(src)
				opts.Interpret = interpret
				if interpret {
					opts.Loaded = func(int64) bool { return true }
				}
				res, err := New(opts).Build(out)
				if err != nil || res.HasErrors() {
					t.Fatalf("build (interpret %v): %v %v", interpret, err, res.Diagnostics)
				}
				return out, res
			}
			compiled, res := build(false)
			rep := res.Templates
			if len(rep.NotCompiled) > 0 || rep.Fallbacks > 0 || rep.Compiled < 20 {
				t.Errorf("compiled %d templates; not compiled: %q; %d runs fell back (last: %s)", rep.Compiled, rep.NotCompiled, rep.Fallbacks, rep.FallbackCause)
			}
			interpreted, res := build(true)
			if res.Templates.Compiled != 0 {
				t.Errorf("Interpret compiled %d templates", res.Templates.Compiled)
			}
			a, b := tree(t, compiled), tree(t, interpreted)
			if len(a) != len(b) || len(a) < 100 {
				t.Errorf("%d files compiled, %d interpreted", len(a), len(b))
			}
			for name, data := range a {
				if !bytes.Equal(data, b[name]) {
					t.Errorf("%s differs:\n%.300s\nhtml/template:\n%.300s", name, data, b[name])
				}
			}
		})
	}
}
