package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// hugoTheme is a Hugo project (configuration and a minimal theme) that reads
// a generated site's content folder as it is: ocop's records are page
// bundles with index.<lang>.md files and YAML front matter, which Hugo reads
// too.
//
//go:embed all:hugo
var hugoTheme embed.FS

// hugoProject writes the Hugo project into src/hugo (its contentDir is
// ../content) and returns its folder.
func hugoProject(src string) (string, error) {
	dir := filepath.Join(src, "hugo")
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	sub, err := fs.Sub(hugoTheme, "hugo")
	if err != nil {
		return "", err
	}
	return dir, os.CopyFS(dir, sub)
}

// hugoInstalled reports whether hugo can be run.
func hugoInstalled() error {
	if _, err := exec.LookPath("hugo"); err != nil {
		return fmt.Errorf("-hugo: %w (Debian: apt-get install hugo)", err)
	}
	return nil
}

// hugoBuild builds the Hugo project dir into out, minified, from nothing
// (as ocop's clean build), and counts the HTML pages it wrote.
func hugoBuild(dir, out string) (sample, int, error) {
	if err := os.RemoveAll(out); err != nil {
		return sample{}, 0, err
	}
	s, err := timed("hugo", "--minify", "--quiet", "--source", dir, "--destination", out)
	if err != nil {
		return s, 0, err
	}
	pages := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages++
		}
		return err
	})
	return s, pages, err
}
