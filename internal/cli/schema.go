package cli

import "fmt"

// runSchema is not written yet.
func runSchema(args []string, env Env) int {
	fmt.Fprintln(env.Stderr, "ocop schema: not available yet")
	return ExitUsage
}
