package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeVersion is the axe-core release the accessibility tests are written for
// (`npm i axe-core@4.14.1`).
const AxeVersion = "4.14.1"

// AxeJS returns the source of axe-core's axe.min.js, looked for at
// $OCOP_AXE_JS, then node_modules/axe-core/axe.min.js in the repository root
// (the folder with go.mod, found from the working folder upwards), then
// /tmp/node_modules/axe-core/axe.min.js. Without it the test is skipped, or
// fails when OCOP_REQUIRE_BROWSER=1.
func AxeJS(t testing.TB) string {
	t.Helper()
	var tried []string
	if p := os.Getenv("OCOP_AXE_JS"); p != "" {
		tried = append(tried, p)
	}
	if dir, err := os.Getwd(); err == nil {
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				tried = append(tried, filepath.Join(d, "node_modules", "axe-core", "axe.min.js"))
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	tried = append(tried, "/tmp/node_modules/axe-core/axe.min.js")
	for _, p := range tried {
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	msg := fmt.Sprintf("no axe-core (npm i axe-core@%s; or set OCOP_AXE_JS): tried %s", AxeVersion, strings.Join(tried, ", "))
	if Required() {
		t.Fatal(msg)
	}
	t.Skip("skipping: " + msg)
	return ""
}

// AxeNode is one element that breaks an axe rule.
type AxeNode struct {
	Target         []any  `json:"target"`
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

// AxeViolation is one axe rule that the page breaks.
type AxeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []AxeNode `json:"nodes"`
}

// String describes the violation with up to three of its elements.
func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-3)
			break
		}
		fmt.Fprintf(&b, "\n    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", " "))
	}
	return b.String()
}

// Axe injects axe (the source from AxeJS) into the page shown in ctx, runs
// it over the whole document with its default rules and returns the
// violations.
func Axe(ctx context.Context, src string) ([]AxeViolation, error) {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		return nil, fmt.Errorf("injecting axe: %w", err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](`axe.run(document).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe: %w", err)
	}
	return v, nil
}
