package cli

import "fmt"

// runNew is not written yet.
func runNew(args []string, env Env) int {
	fmt.Fprintln(env.Stderr, "ocop new: not available yet")
	return ExitUsage
}
