// Command ocop builds, checks and previews OCOP catalogue sites.
//
// Usage:
//
//	ocop build [--src DIR] [--out DIR] [--base-url URL] [--drafts]
//	ocop serve [--src DIR] [--bind 127.0.0.1] [--port 1313] [--drafts]
//	ocop check [--src DIR] [--format text|json|github]
//	ocop new product|subject|tourism|page SLUG [--src DIR]
//	ocop version
//
// See README.md and docs/ for the whole story.
package main

import (
	"os"
	"runtime/debug"

	"github.com/khanhson-ocop/ocop"
	"github.com/khanhson-ocop/ocop/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.Env{
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Getenv:  os.Getenv,
		Builtin: ocop.Builtin,
		// ocop build sizes the garbage collector's memory limit once the
		// catalogue is loaded (internal/cli/memory.go).
		SetMemoryLimit: debug.SetMemoryLimit,
	}))
}
