package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/schema"
)

// runSchema prints the JSON Schema of a record kind, or writes every schema
// to a folder: ocop schema [KIND] [--translation] [--out DIR].
func runSchema(args []string, env Env) int {
	var c common
	fl := newFlags("schema", env, &c)
	translation := fl.Bool("translation", false, "the schema of translation files (index.en.md …)")
	out := fl.String("out", "", "write every schema to this folder as <name>.schema.json")
	pos, err := parseInterspersed(fl, args)
	if err != nil {
		return usageErr(env, err)
	}
	lang, err := c.language(env)
	if err != nil {
		return usageErr(env, err)
	}
	if len(pos) > 1 {
		return usageErr(env, fmt.Errorf("unexpected argument %q", pos[1]))
	}
	// The site's category, sub-group and subject keys become enums; a folder
	// that is not a site gives schemas without them.
	var st schema.Site
	if siteFolder(c.src) == nil {
		t, err := today(env)
		if err != nil {
			t = time.Now().UTC()
		}
		cat, _ := build.New(build.Options{Src: c.src, Drafts: true, Today: t, Builtin: env.Builtin}).Load()
		st = schema.FromCatalog(cat)
	}
	all := schema.All(st, lang)
	if len(pos) == 1 {
		name := pos[0]
		if *translation {
			name += ".translation"
		}
		s, ok := all[name]
		if !ok {
			return usageErr(env, fmt.Errorf("unknown schema %q: use one of %s", pos[0], strings.Join(append(slices.Clone(schema.Kinds), "site", "categories"), ", ")))
		}
		if *out == "" {
			env.Stdout.Write(schema.Marshal(s))
			return ExitOK
		}
		all = map[string]map[string]any{name: s}
	}
	if *out == "" {
		// Every schema, keyed by name, as one JSON object.
		env.Stdout.Write(schema.Marshal(all))
		return ExitOK
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return usageErr(env, err)
	}
	for _, name := range schema.Names() {
		s, ok := all[name]
		if !ok {
			continue
		}
		p := filepath.Join(*out, name+".schema.json")
		if err := os.WriteFile(p, schema.Marshal(s), 0o644); err != nil {
			return usageErr(env, err)
		}
		fmt.Fprintln(env.Stderr, p)
	}
	return ExitOK
}
