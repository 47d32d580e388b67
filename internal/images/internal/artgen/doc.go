// Command artgen draws the illustrations of the example site: flat, generated
// pictures that stand in for producers' photos until real ones are supplied.
// Each record's alt text and caption say "Ảnh minh họa" / "Illustration".
//
// It was run once from the repository root; only the JPEGs it wrote are
// committed:
//
//	go run ./internal/images/internal/artgen -out content
package main
