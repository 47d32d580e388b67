// Command ocop-bench times whole `ocop build` runs on generated catalogues:
// a clean build (cold: without the memo a build before left in the site's
// .cache folder), then a rebuild after editing one product, and optionally the
// preview server's rebuild after the same kind of edit. It reports wall time,
// CPU time (user + system) and peak memory (maximum resident set size) of
// the ocop process, medians over -runs runs, as a Markdown table.
//
//	go run ./cmd/ocop-bench -n 1000,5000,20000 -runs 3 -dir /tmp/ocop-bench
//
// Catalogues are generated once into -dir (internal/fixture, seed 1) and kept
// for later runs; the ocop binary is built from this module unless -ocop
// names one. -verify compares each incremental output with a clean build of
// the same source, byte for byte; -serve also times `ocop serve`; -edit
// chooses the edit (a sentence added, the product renamed or re-ranked, or
// a product added); -warm also times a clean build with the memo the cold
// one left; -hugo also builds the same records with Hugo after each
// clean build, in alternation (hugo.go: a minimal theme, Hugo reads ocop's
// content folder as it is); -floor also times the least work any
// generator must do on the same records (floor.go: parse, convert, one
// template, one file per record file, on all cores), and after each
// rebuild the least a one-off process must do to find an edit (list every
// folder and stat every file). See
// docs/performance.md for the figures and how they were obtained.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khanhson-ocop/ocop/internal/fixture"
)

func main() {
	run := run
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "floor":
			run, os.Args = runFloor, os.Args[1:]
		case "list":
			run, os.Args = runList, os.Args[1:]
		}
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ocop-bench:", err)
		os.Exit(1)
	}
}

// epoch is the build date of every run (2026-11-28), so that the date never
// changes between a build and the rebuild that follows it.
const epoch = "1795824000"

type options struct {
	sizes  []int
	runs   int
	dir    string
	ocop   string
	verify bool
	serve  bool
	photos bool
	png    bool // photos saved as PNG
	hugo   bool
	floor  bool
	warm   bool
	edit   string
	flags  []string
}

func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("ocop-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o options
	sizes := fl.String("n", "1000,5000,20000", "catalogue sizes (products), comma-separated")
	fl.IntVar(&o.runs, "runs", 3, "runs per size; medians are reported")
	fl.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "ocop-bench"), "folder for the generated sites and outputs")
	fl.StringVar(&o.ocop, "ocop", "", "the ocop binary to time (default: built from this module into -dir)")
	fl.BoolVar(&o.verify, "verify", false, "compare each incremental output with a clean build, byte for byte")
	fl.BoolVar(&o.serve, "serve", false, "also time ocop serve's rebuild after an edit")
	fl.BoolVar(&o.photos, "photos", false, "generate sites with photos")
	fl.BoolVar(&o.png, "png", false, "with -photos, the photos saved as PNG")
	fl.BoolVar(&o.hugo, "hugo", false, "also build the same records with Hugo (minimal theme, --minify) after each clean build")
	fl.BoolVar(&o.floor, "floor", false, "also time the least work any generator must do on the same records (floor.go) after each clean build, and the least listing that finds an edit after each rebuild")
	fl.BoolVar(&o.warm, "warm", false, "also time a clean build with the memo the cold one left (.cache/ocop/memo)")
	fl.StringVar(&o.edit, "edit", "text", "the edit before each rebuild: "+strings.Join(edits, ", "))
	extra := fl.String("flags", "", "extra flags for ocop build, space-separated (e.g. \"--precompress=none\")")
	if err := fl.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-n: %q is not a number of products", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	o.flags = strings.Fields(*extra)
	if o.hugo {
		if err := hugoInstalled(); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	if o.ocop == "" {
		o.ocop = filepath.Join(o.dir, "ocop")
		fmt.Fprintf(stderr, "building %s\n", o.ocop)
		cmd := exec.Command("go", "build", "-o", o.ocop, "./cmd/ocop")
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building ocop (run ocop-bench from the module's folder, or give -ocop): %w", err)
		}
	}
	var rows []row
	for _, n := range o.sizes {
		r, err := bench(o, n, stderr)
		if err != nil {
			return fmt.Errorf("%d products: %w", n, err)
		}
		rows = append(rows, r)
	}
	table(stdout, o, rows)
	return nil
}

// sample is one timed process.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // bytes
	out       string
}

type row struct {
	products, pages, files, rendered int
	clean, warm, rebuild             []sample
	serve                            []time.Duration
	hugo                             []sample
	hugoPages                        int
	floor, list                      []sample
}

func bench(o options, n int, log io.Writer) (row, error) {
	r := row{products: n}
	src := filepath.Join(o.dir, fmt.Sprintf("site-%d", n))
	if o.photos {
		src += "-photos"
		if o.png {
			src += "-png"
		}
	}
	if _, err := os.Stat(filepath.Join(src, "content", "site.yaml")); err != nil {
		fmt.Fprintf(log, "generating %d products into %s\n", n, src)
		if err := fixture.Generate(src, fixture.Options{Products: n, Seed: 1, Photos: o.photos, PNGPhotos: o.png}); err != nil {
			return r, err
		}
	}
	out := filepath.Join(o.dir, fmt.Sprintf("public-%d", n))
	edit, restore, err := editor(src, o.edit)
	if err != nil {
		return r, err
	}
	defer restore()
	var hugoDir string
	if o.hugo {
		if hugoDir, err = hugoProject(src); err != nil {
			return r, err
		}
	}
	// clean times a clean build into an empty out.
	clean := func() (sample, error) {
		if err := os.RemoveAll(out); err != nil {
			return sample{}, err
		}
		return timed(o.ocop, append([]string{"build", "--src", src, "--out", out, "--clean"}, o.flags...)...)
	}
	for i := range o.runs {
		// Cold: without the memo of the build before, as on a fresh clone.
		if err := os.RemoveAll(filepath.Join(src, ".cache", "ocop", "memo")); err != nil {
			return r, err
		}
		s, err := clean()
		if err != nil {
			return r, err
		}
		fmt.Fprintf(log, "%d products, clean build %d: %s", n, i+1, s.out)
		r.clean = append(r.clean, s)
		r.pages, r.files, _ = summary(s.out)
		if o.hugo {
			// Alternated with ocop's clean build, on the same records.
			h, pages, err := hugoBuild(hugoDir, filepath.Join(o.dir, fmt.Sprintf("hugo-%d", n)))
			if err != nil {
				return r, err
			}
			fmt.Fprintf(log, "%d products, Hugo build %d: %d HTML pages in %s, %s CPU, %s\n", n, i+1, pages, secs(h.wall), secs(h.cpu), mib(h.rss))
			r.hugo, r.hugoPages = append(r.hugo, h), pages
		}
		if o.floor {
			f, err := floorBuild(src, filepath.Join(o.dir, fmt.Sprintf("floor-%d", n)))
			if err != nil {
				return r, err
			}
			fmt.Fprintf(log, "%d products, floor %d: %s, %s wall, %s CPU, %s\n", n, i+1, strings.TrimSpace(f.out), secs(f.wall), secs(f.cpu), mib(f.rss))
			r.floor = append(r.floor, f)
		}

		if o.warm {
			// Clean again, with the memo the cold build left.
			s, err := clean()
			if err != nil {
				return r, err
			}
			fmt.Fprintf(log, "%d products, clean build %d with the memo: %s", n, i+1, s.out)
			r.warm = append(r.warm, s)
		}

		if err := edit(i); err != nil {
			return r, err
		}
		s, err = timed(o.ocop, append([]string{"build", "--src", src, "--out", out}, o.flags...)...)
		if err != nil {
			return r, err
		}
		fmt.Fprintf(log, "%d products, rebuild after one edit %d: %s", n, i+1, s.out)
		r.rebuild = append(r.rebuild, s)
		_, _, r.rendered = summary(s.out)
		if o.floor {
			l, err := listBuild(src)
			if err != nil {
				return r, err
			}
			fmt.Fprintf(log, "%d products, listing floor %d: %s, %s wall, %s CPU\n", n, i+1, strings.TrimSpace(l.out), secs(l.wall), secs(l.cpu))
			r.list = append(r.list, l)
		}
		if o.verify {
			ref := out + "-clean"
			os.RemoveAll(ref)
			// Without the memo, which the rebuild used.
			os.RemoveAll(filepath.Join(src, ".cache", "ocop", "memo"))
			if _, err := timed(o.ocop, append([]string{"build", "--src", src, "--out", ref, "--clean"}, o.flags...)...); err != nil {
				return r, err
			}
			if err := sameTree(out, ref); err != nil {
				return r, fmt.Errorf("the incremental output differs from a clean build: %w", err)
			}
			fmt.Fprintf(log, "%d products: the incremental output is identical to a clean build\n", n)
			os.RemoveAll(ref)
		}
	}
	if o.serve {
		ds, err := serveTimes(o, src, n, edit, log)
		if err != nil {
			return r, err
		}
		r.serve = ds
	}
	return r, nil
}

// edits are the kinds of edit -edit makes to one product.
var edits = []string{"text", "name", "stars", "add"}

// editor returns a function that edits one product of src (the same one each
// time, differently each time), and one that puts src back as it was. The
// kinds: "text" adds a sentence to its body; "name" renames it (so it moves
// in the listings sorted by name); "stars" gives it another rank (and a score
// that agrees); "add" adds a copy of it as a new product.
func editor(src, kind string) (edit func(i int) error, restore func(), err error) {
	dir := filepath.Join(src, "content", "products")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	if len(entries) == 0 {
		return nil, nil, fmt.Errorf("%s has no products", dir)
	}
	// The first ranked product from the middle on.
	var file string
	var orig []byte
	for k := range entries {
		e := entries[(len(entries)/2+k)%len(entries)]
		f := filepath.Join(dir, e.Name(), "index.vi.md")
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		if bytes.Contains(data, []byte("\nstars: ")) && bytes.Contains(data, []byte("\nscore: ")) {
			file, orig = f, data
			break
		}
	}
	if file == "" {
		return nil, nil, fmt.Errorf("%s has no ranked product", dir)
	}
	line := func(key string) string {
		for _, l := range strings.Split(string(orig), "\n") {
			if strings.HasPrefix(l, key+": ") {
				return l
			}
		}
		return ""
	}
	var copies []string
	write := func(text string) error { return os.WriteFile(file, []byte(text), 0o644) }
	switch kind {
	case "text":
		edit = func(i int) error {
			return write(fmt.Sprintf("%s\nSản phẩm được cập nhật lần %d.\n", orig, i+1))
		}
	case "name":
		name := line("name")
		edit = func(i int) error {
			return write(strings.Replace(string(orig), name, fmt.Sprintf("name: Đặc sản %d %s", i+1, strings.TrimPrefix(name, "name: ")), 1))
		}
	case "stars":
		stars, score := line("stars"), line("score")
		edit = func(i int) error {
			n := 3 + (int(stars[len(stars)-1]-'0')-3+1+i)%3 // another rank each time
			text := strings.Replace(string(orig), stars, fmt.Sprintf("stars: %d", n), 1)
			return write(strings.Replace(text, score, fmt.Sprintf("score: %d", []int{60, 80, 95}[n-3]), 1))
		}
	case "add":
		edit = func(i int) error {
			to := fmt.Sprintf("%s-ban-sao-%d", filepath.Dir(file), i+1)
			if err := os.CopyFS(to, os.DirFS(filepath.Dir(file))); err != nil {
				return err
			}
			copies = append(copies, to)
			// Its English page would have the original's address.
			return os.Remove(filepath.Join(to, "index.en.md"))
		}
	default:
		return nil, nil, fmt.Errorf("-edit: %q is not one of %s", kind, strings.Join(edits, ", "))
	}
	restore = func() {
		os.WriteFile(file, orig, 0o644)
		for _, c := range copies {
			os.RemoveAll(c)
		}
	}
	return edit, restore, nil
}

// timed runs a command (ocop, or hugo) with args and measures it.
//
// Peak memory comes from GNU time (/usr/bin/time -f %M) when it is there:
// on Linux a child started with vfork (as Go starts every process) inherits
// its parent's peak RSS in its own rusage, so the rusage of ocop would report
// ocop-bench's memory whenever that was larger. GNU time starts ocop with a
// plain fork from its own small process.
func timed(command string, args ...string) (sample, error) {
	name, argv := command, args
	var rssFile string
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		f, err := os.CreateTemp("", "ocop-bench-rss-*")
		if err != nil {
			return sample{}, err
		}
		rssFile = f.Name()
		f.Close()
		defer os.Remove(rssFile)
		name, argv = "/usr/bin/time", append([]string{"-o", rssFile, "-f", "%M", command}, args...)
	}
	cmd := exec.Command(name, argv...)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start)}
	if err != nil {
		return s, fmt.Errorf("%s %s: %w\n%s", filepath.Base(command), strings.Join(args, " "), err, tail(stderr.String()))
	}
	s.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	s.rss = maxRSS(cmd.ProcessState)
	if rssFile != "" {
		data, err := os.ReadFile(rssFile)
		if err != nil {
			return s, err
		}
		fields := strings.Fields(string(data))
		kb, err := strconv.ParseInt(fields[len(fields)-1], 10, 64)
		if err != nil {
			return s, fmt.Errorf("reading /usr/bin/time's output %q: %w", data, err)
		}
		s.rss = kb << 10
	}
	s.out = lastLine(stderr.String())
	return s, nil
}

var summaryRe = regexp.MustCompile(`built (\d+) pages \((\d+) rendered, (\d+) files`)

// summary reads the closing line of ocop build.
func summary(line string) (pages, files, rendered int) {
	m := summaryRe.FindStringSubmatch(line)
	if m == nil {
		return 0, 0, 0
	}
	pages, _ = strconv.Atoi(m[1])
	rendered, _ = strconv.Atoi(m[2])
	files, _ = strconv.Atoi(m[3])
	return pages, files, rendered
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1] + "\n"
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

var rebuiltRe = regexp.MustCompile(`changed: .* rebuilt in \d+ ms`)

// serveTimes starts ocop serve on src, edits a product once per run and
// measures the time from the edit to the server's report of the rebuild
// (file-watch delay included).
func serveTimes(o options, src string, n int, edit func(int) error, log io.Writer) ([]time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, o.ocop, "serve", "--src", src, "--port", "0")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch)
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		cancel()
		cmd.Wait()
		pw.Close()
	}()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	wait := func(re *regexp.Regexp, limit time.Duration) (string, error) {
		deadline := time.After(limit)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return "", errors.New("ocop serve stopped")
				}
				if re.MatchString(l) {
					return l, nil
				}
			case <-deadline:
				return "", fmt.Errorf("ocop serve: no line matching %q within %v", re, limit)
			}
		}
	}
	if _, err := wait(regexp.MustCompile(`serving .* at http`), 10*time.Minute); err != nil {
		return nil, err
	}
	// Let the first build's background rendering finish.
	if _, err := wait(regexp.MustCompile(`all \d+ pages rendered`), 20*time.Minute); err != nil {
		return nil, err
	}
	var ds []time.Duration
	for i := range o.runs {
		time.Sleep(500 * time.Millisecond)
		start := time.Now()
		if err := edit(100 + i); err != nil {
			return nil, err
		}
		l, err := wait(rebuiltRe, 5*time.Minute)
		if err != nil {
			return nil, err
		}
		d := time.Since(start)
		fmt.Fprintf(log, "%d products, serve rebuild %d: %v (%s)\n", n, i+1, d.Round(time.Millisecond), l)
		ds = append(ds, d)
	}
	return ds, nil
}

// sameTree reports the first difference between two folders.
func sameTree(a, b string) error {
	files := func(root string) (map[string]string, error) {
		m := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				m[rel+"/"] = ""
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			sum := sha256.Sum256(data)
			// Not the bytes (both trees may be gigabytes), and the
			// permissions too.
			m[rel] = string(sum[:]) + info.Mode().Perm().String()
			return err
		})
		return m, err
	}
	ma, err := files(a)
	if err != nil {
		return err
	}
	mb, err := files(b)
	if err != nil {
		return err
	}
	var keys []string
	for k := range ma {
		keys = append(keys, k)
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		va, oka := ma[k]
		vb, okb := mb[k]
		switch {
		case !oka:
			return fmt.Errorf("%s is missing", k)
		case !okb:
			return fmt.Errorf("%s should not be there", k)
		case va != vb:
			return fmt.Errorf("%s differs (its bytes or its permissions)", k)
		}
	}
	return nil
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func pick[T any](ss []sample, f func(sample) T) []T {
	out := make([]T, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}

func secs(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

func mib(b int64) string { return fmt.Sprintf("%d MiB", (b+1<<19)>>20) }

func table(w io.Writer, o options, rows []row) {
	fmt.Fprintf(w, "\nMedians of %d runs; ocop build %s; edit: %s\n\n", o.runs, strings.Join(append([]string{"--clean"}, o.flags...), " "), o.edit)
	head := "| products | pages | files | clean build: wall | CPU | peak RSS | rebuild after one edit: wall | CPU | peak RSS | pages rendered |"
	sep := "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	if o.warm {
		head += " clean with the memo: wall | CPU | peak RSS |"
		sep += "---:|---:|---:|"
	}
	if o.serve {
		head += " serve rebuild |"
		sep += "---:|"
	}
	if o.hugo {
		head += " Hugo pages | Hugo wall | CPU | peak RSS | ocop ÷ Hugo wall |"
		sep += "---:|---:|---:|---:|---:|"
	}
	if o.floor {
		head += " floor wall | CPU | peak RSS | ocop ÷ floor wall | listing floor |"
		sep += "---:|---:|---:|---:|---:|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	for _, r := range rows {
		wall := func(s sample) time.Duration { return s.wall }
		cpu := func(s sample) time.Duration { return s.cpu }
		rss := func(s sample) int64 { return s.rss }
		fmt.Fprintf(w, "| %d | %d | %d | %s | %s | %s | %s | %s | %s | %d |", r.products, r.pages, r.files,
			secs(median(pick(r.clean, wall))), secs(median(pick(r.clean, cpu))), mib(median(pick(r.clean, rss))),
			secs(median(pick(r.rebuild, wall))), secs(median(pick(r.rebuild, cpu))), mib(median(pick(r.rebuild, rss))), r.rendered)
		if o.warm {
			fmt.Fprintf(w, " %s | %s | %s |", secs(median(pick(r.warm, wall))), secs(median(pick(r.warm, cpu))), mib(median(pick(r.warm, rss))))
		}
		if o.serve {
			fmt.Fprintf(w, " %s |", secs(median(r.serve)))
		}
		if o.hugo {
			hw := median(pick(r.hugo, wall))
			fmt.Fprintf(w, " %d | %s | %s | %s | %.2f |", r.hugoPages, secs(hw), secs(median(pick(r.hugo, cpu))), mib(median(pick(r.hugo, rss))),
				median(pick(r.clean, wall)).Seconds()/hw.Seconds())
		}
		if o.floor {
			fw := median(pick(r.floor, wall))
			fmt.Fprintf(w, " %s | %s | %s | %.2f | %s |", secs(fw), secs(median(pick(r.floor, cpu))), mib(median(pick(r.floor, rss))),
				median(pick(r.clean, wall)).Seconds()/fw.Seconds(), secs(median(pick(r.list, wall))))
		}
		fmt.Fprintln(w)
	}
}
