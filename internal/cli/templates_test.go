package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildTemplateNote checks that ocop build says when a site's template
// cannot run compiled (printf is left to html/template), and is quiet for
// the built-in templates.
func TestBuildTemplateNote(t *testing.T) {
	code, _, stderr := run(t, nil, "build", "--src", miniSite(t), "--out", filepath.Join(t.TempDir(), "public"))
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "interpreter") {
		t.Errorf("the built-in templates were not all compiled:\n%s", stderr)
	}

	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../build/testdata/mini")); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile("../../templates/404.html")
	if err != nil {
		t.Fatal(err)
	}
	custom := strings.Replace(string(page), "<h1>{{.Title}}</h1>", `<h1>{{printf "%s" .Title}}</h1>`, 1)
	if custom == string(page) {
		t.Fatal("404.html has no <h1>{{.Title}}</h1> to change")
	}
	if err := os.MkdirAll(filepath.Join(src, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "templates/404.html"), []byte(custom), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, nil, "build", "--src", src)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "html/template's interpreter") || !strings.Contains(stderr, "printf") {
		t.Errorf("no note about the interpreted 404 template:\n%s", stderr)
	}
}
