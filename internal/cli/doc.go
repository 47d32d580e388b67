// Package cli implements the ocop command line: sub-commands, flags, exit codes
// (0 success, 1 content errors, 2 bad usage or I/O failure) and the way
// diagnostics and progress are printed. It delegates the work to package build
// and its peers, and takes its environment as a value so tests can drive it.
package cli
