// Package scaffold writes the skeleton of a new record for ocop new: one file
// per site language, every field present with a comment in the producer's
// language saying what it means and which values it takes (from package
// schema), values empty but of the right shape, and draft: true, so that the
// skeleton passes ocop check with warnings only.
package scaffold
