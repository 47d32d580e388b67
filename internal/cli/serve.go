package cli

import "fmt"

// runServe is not written yet.
func runServe(args []string, env Env) int {
	fmt.Fprintln(env.Stderr, "ocop serve: not available yet")
	return ExitUsage
}
