package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/build"
	"github.com/khanhson-ocop/ocop/internal/diag"
	"github.com/khanhson-ocop/ocop/internal/output"
	"github.com/khanhson-ocop/ocop/internal/render"
)

// Env is the command's environment.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Builtin        fs.FS
	// SetMemoryLimit is runtime/debug.SetMemoryLimit when the command owns
	// its process (cmd/ocop); nil leaves the garbage collector alone (tests
	// that run commands inside their own process).
	SetMemoryLimit func(int64) int64
}

// Exit statuses.
const (
	ExitOK      = 0
	ExitContent = 1
	ExitUsage   = 2
)

const usage = `ocop builds bilingual OCOP catalogue sites.

Usage:
  ocop build [--src DIR] [--out DIR] [--base-url URL] [--drafts] [--minify=false] [--precompress=assets|all|none] [--clean] [--interpret]
  ocop serve [--src DIR] [--bind 127.0.0.1] [--port 1313] [--drafts]
  ocop check [--src DIR] [--format text|json|github] [--lang vi|en]
  ocop new product|subject|tourism|page SLUG [--src DIR] [--name NAME] [--subject SLUG] [--category KEY] [--lang vi|en]
  ocop schema [product|subject|tourism|page|site|categories] [--translation] [--out DIR] [--src DIR] [--lang vi|en]
  ocop version
`

// Run runs the command with args (without the program name) and returns the exit status.
// An unexpected failure (a bug) ends with a plain message and status 2, never a
// Go stack trace.
func Run(args []string, env Env) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "ocop: internal error: %v\nocop: nothing was written; please report this problem with the command you ran\n", r)
			status = ExitUsage
		}
	}()
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], env)
	case "check":
		return runCheck(args[1:], env)
	case "serve":
		return runServe(args[1:], env)
	case "new":
		return runNew(args[1:], env)
	case "schema":
		return runSchema(args[1:], env)
	case "version", "--version", "-v":
		return runVersion(env)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "ocop: unknown command %q\n\n%s", args[0], usage)
	return ExitUsage
}

func runVersion(env Env) int {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(env.Stdout, "ocop %s\n", v)
	return ExitOK
}

// today returns the build date: SOURCE_DATE_EPOCH when set, else now, in UTC.
// progress returns where long work shows its progress: the standard error
// when it is a terminal, outside CI; nil (quiet) otherwise.
func progress(env Env) io.Writer {
	f, ok := env.Stderr.(*os.File)
	if !ok || env.Getenv("CI") == "true" {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return f
}

func today(env Env) (time.Time, error) {
	if s := env.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}

type common struct {
	src    string
	drafts bool
	format string
	lang   string
}

func newFlags(name string, env Env, c *common) *flag.FlagSet {
	fl := flag.NewFlagSet("ocop "+name, flag.ContinueOnError)
	fl.SetOutput(env.Stderr)
	fl.StringVar(&c.src, "src", ".", "the site folder")
	fl.BoolVar(&c.drafts, "drafts", false, "publish drafts too")
	fl.StringVar(&c.format, "format", "", "diagnostics as text, json or github (default: github under GitHub Actions, else text)")
	fl.StringVar(&c.lang, "lang", "", "language of messages: vi or en (default: vi when LANG starts with vi, else en)")
	return fl
}

// language returns the language of messages: --lang, else the locale.
func (c *common) language(env Env) (string, error) {
	switch c.lang {
	case "":
		return diag.LangFromEnv(env.Getenv), nil
	case diag.Vietnamese, diag.English:
		return c.lang, nil
	}
	return "", fmt.Errorf("--lang must be vi or en (got %q)", c.lang)
}

func (c *common) diagFormat(env Env) (diag.Format, error) {
	switch c.format {
	case "":
		if env.Getenv("GITHUB_ACTIONS") == "true" {
			return diag.GitHub, nil
		}
		return diag.Text, nil
	case "text", "json", "github":
		return diag.Format(c.format), nil
	}
	return "", fmt.Errorf("--format must be text, json or github (got %q)", c.format)
}

func parse(fl *flag.FlagSet, args []string) error {
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	return nil
}

func siteFolder(src string) error {
	st, err := os.Stat(filepath.Join(src, "content"))
	if err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a site folder: it has no content/ folder", src)
	}
	return nil
}

func runCheck(args []string, env Env) int {
	var c common
	fl := newFlags("check", env, &c)
	if err := parse(fl, args); err != nil {
		return usageErr(env, err)
	}
	f, err := c.diagFormat(env)
	if err != nil {
		return usageErr(env, err)
	}
	lang, err := c.language(env)
	if err != nil {
		return usageErr(env, err)
	}
	if err := siteFolder(c.src); err != nil {
		return usageErr(env, err)
	}
	t, err := today(env)
	if err != nil {
		return usageErr(env, err)
	}
	b := build.New(build.Options{Src: c.src, Drafts: c.drafts, Today: t, Builtin: env.Builtin})
	cat, ds := b.Load()
	w := env.Stdout
	if f == diag.Text {
		w = env.Stderr
	}
	diag.WriteIn(w, ds, f, lang)
	if f != diag.JSON && cat != nil && cat.Site != nil {
		writeReport(env, cat, f, lang)
	}
	if diag.Count(ds, diag.Error) > 0 {
		return ExitContent
	}
	return ExitOK
}

// buildWarnings is the most warnings ocop build prints as text; ocop check
// prints them all.
const buildWarnings = 100

func runBuild(args []string, env Env) int {
	var c common
	fl := newFlags("build", env, &c)
	out := fl.String("out", "", "the output folder (default <src>/public)")
	base := fl.String("base-url", "", "override site.yaml's base_url")
	minify := fl.Bool("minify", true, "minify HTML, CSS, JS, JSON, SVG and XML")
	precompress := fl.String("precompress", "assets", "write .gz and .br twins of assets and data files (assets), of pages too (all), or none")
	clean := fl.Bool("clean", false, "write a new output folder instead of updating the last build's in place")
	interpret := fl.Bool("interpret", false, "render pages with html/template's interpreter, not the compiled templates (slower, the same output; to compare or rule them out)")
	gc := fl.Bool("gc", false, "after the build, delete from .cache/ocop/images the processed images no page uses any more")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	memprofile := fl.String("memprofile", "", "write a heap profile at the end of the build to this file")
	if err := parse(fl, args); err != nil {
		return usageErr(env, err)
	}
	stop, err := startProfiles(*cpuprofile, *memprofile)
	if err != nil {
		return usageErr(env, err)
	}
	defer stop()
	f, err := c.diagFormat(env)
	if err != nil {
		return usageErr(env, err)
	}
	lang, err := c.language(env)
	if err != nil {
		return usageErr(env, err)
	}
	pc, err := output.ParsePrecompress(*precompress)
	if err != nil {
		return usageErr(env, err)
	}
	if err := siteFolder(c.src); err != nil {
		return usageErr(env, err)
	}
	if *out == "" {
		*out = filepath.Join(c.src, "public")
	}
	t, err := today(env)
	if err != nil {
		return usageErr(env, err)
	}
	b := build.New(build.Options{Src: c.src, BaseURL: *base, Drafts: c.drafts, Minify: *minify, Precompress: pc, Today: t, Builtin: env.Builtin, Progress: progress(env), Clean: *clean, GC: *gc, Interpret: *interpret, Loaded: memoryLimit(env)})
	res, err := b.Build(*out)
	if len(res.Diagnostics) > 0 {
		w := env.Stdout
		if f == diag.Text {
			w = env.Stderr
		}
		diag.WriteLimitIn(w, res.Diagnostics, f, lang, buildWarnings)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "ocop build: %v\n", err)
		return ExitUsage
	}
	if res.HasErrors() {
		if lang == diag.Vietnamese {
			fmt.Fprintf(env.Stderr, "ocop build: nội dung có lỗi; %s không bị thay đổi\n", *out)
		} else {
			fmt.Fprintf(env.Stderr, "ocop build: the content has errors; %s was not changed\n", *out)
		}
		return ExitContent
	}
	fmt.Fprintf(env.Stderr, "ocop: %s → %s\n", res.Summary(), *out)
	templateNote(env, lang, res.Templates)
	return ExitOK
}

// templateNote says which of a site's templates ran with html/template's
// interpreter instead of compiled (the same pages, slower), and why.
func templateNote(env Env, lang string, rep render.TemplateReport) {
	for _, why := range rep.NotCompiled {
		if lang == diag.Vietnamese {
			fmt.Fprintf(env.Stderr, "ocop: lưu ý: mẫu chạy bằng trình thông dịch của html/template, chậm hơn (trang vẫn như nhau): %s\n", why)
		} else {
			fmt.Fprintf(env.Stderr, "ocop: note: a template runs with html/template's interpreter, slower (the pages are the same): %s\n", why)
		}
	}
	if rep.Fallbacks > 0 {
		if lang == diag.Vietnamese {
			fmt.Fprintf(env.Stderr, "ocop: lưu ý: %d lần dựng trang phải dùng lại html/template (lần cuối: %s)\n", rep.Fallbacks, rep.FallbackCause)
		} else {
			fmt.Fprintf(env.Stderr, "ocop: note: %d page renders fell back to html/template (the last because: %s)\n", rep.Fallbacks, rep.FallbackCause)
		}
	}
}

func usageErr(env Env, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitUsage
	}
	fmt.Fprintf(env.Stderr, "ocop: %v\n", err)
	return ExitUsage
}

// startProfiles starts a CPU profile into cpu and arranges a heap profile
// into mem (either may be empty); the function returned ends both.
func startProfiles(cpu, mem string) (func(), error) {
	var cf *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		cf = f
	}
	return func() {
		if cf != nil {
			pprof.StopCPUProfile()
			cf.Close()
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err != nil {
				return
			}
			defer f.Close()
			pprof.Lookup("heap").WriteTo(f, 0)
		}
	}, nil
}
