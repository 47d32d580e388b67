package cli

import (
	"os"

	"github.com/khanhson-ocop/ocop/internal/catalog"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/report"
)

// writeReport prints the certificate and translation reports after the
// diagnostics of ocop check, on the standard output. Under GitHub Actions the
// report also goes to the job summary.
func writeReport(env Env, cat *catalog.Catalog, f diag.Format, lang string) {
	r := report.New(cat)
	r.WriteText(env.Stdout, lang)
	if f != diag.GitHub {
		return
	}
	if p := env.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if sf, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644); err == nil {
			r.WriteMarkdown(sf, lang)
			sf.Close()
		}
	}
}
