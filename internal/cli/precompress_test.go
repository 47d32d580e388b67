package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/fixture"
)

// TestBuildPrecompressFlag checks --precompress: a bad value is a usage
// error that writes nothing; none writes no twins; all gives pages twins.
func TestBuildPrecompressFlag(t *testing.T) {
	src := miniSite(t)
	for _, c := range []struct {
		value     string
		code      int
		pageTwins bool
		cssTwins  bool
	}{
		{"bogus", ExitUsage, false, false},
		{"none", ExitOK, false, false},
		{"assets", ExitOK, false, true},
		{"all", ExitOK, true, true},
	} {
		t.Run(c.value, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var stderr bytes.Buffer
			env := Env{Stdout: &stderr, Stderr: &stderr, Builtin: ocop.Builtin, Getenv: func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					return "1795824000"
				}
				return ""
			}}
			code := Run([]string{"build", "--src", src, "--out", out, "--precompress=" + c.value}, env)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, stderr.String())
			}
			if c.code != ExitOK {
				if _, err := os.Stat(out); err == nil {
					t.Error("a usage error wrote the output folder")
				}
				if !strings.Contains(stderr.String(), "--precompress") {
					t.Errorf("the error does not name the flag: %s", stderr.String())
				}
				return
			}
			_, err := os.Stat(filepath.Join(out, "index.html.br"))
			if (err == nil) != c.pageTwins {
				t.Errorf("index.html.br exists: %v, want %v", err == nil, c.pageTwins)
			}
			css, _ := filepath.Glob(filepath.Join(out, "assets/css/*.css.gz"))
			if (len(css) > 0) != c.cssTwins {
				t.Errorf("CSS twins %v, want %v", css, c.cssTwins)
			}
			if _, err := os.Stat(filepath.Join(out, "_headers")); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestBuildProfiles checks --cpuprofile and --memprofile: both files are
// written and hold pprof data (gzip-compressed protocol buffers).
func TestBuildProfiles(t *testing.T) {
	dir, src := t.TempDir(), miniSite(t)
	cpu, mem := filepath.Join(dir, "cpu.out"), filepath.Join(dir, "mem.out")
	var stderr bytes.Buffer
	env := Env{Stdout: &stderr, Stderr: &stderr, Builtin: ocop.Builtin, Getenv: func(string) string { return "" }}
	code := Run([]string{"build", "--src", src, "--out", filepath.Join(dir, "public"), "--cpuprofile", cpu, "--memprofile", mem}, env)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	for _, f := range []string{cpu, mem} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%s is not a pprof profile (%d bytes)", f, len(data))
		}
	}
	code = Run([]string{"build", "--src", src, "--out", filepath.Join(dir, "public"), "--cpuprofile", filepath.Join(dir, "no", "such", "cpu.out")}, env)
	if code != ExitUsage || !strings.Contains(stderr.String(), "--cpuprofile") {
		t.Errorf("an unwritable profile: exit %d, want %d with the flag named\n%s", code, ExitUsage, stderr.String())
	}
}

// miniSite returns a copy of the build tests' small site, so that builds
// keep their manifests and memo in the copy, not in the repository.
func miniSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := fixture.CopySite(dir, "../build/testdata/mini"); err != nil {
		t.Fatal(err)
	}
	return dir
}
