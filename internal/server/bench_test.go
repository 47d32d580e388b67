package server

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/khanhson-ocop/ocop/internal/fixture"
	"github.com/khanhson-ocop/ocop/internal/site"
)

// BenchmarkServeEdit measures, on the example site and on a generated
// catalogue of 5,000 products, the time from saving an edit of one product's
// Vietnamese text to the reload message reaching that product's open page.
// It reports the median and 90th percentile (ms), the median CPU time the
// process spent meanwhile (ms; all cores, the test's own client included),
// and the memory of the process once every page is rendered (heap in use,
// resident set, and the output as held compressed and uncompressed, MB),
// and the median time of the rebuild itself (ms-rebuild-median).
//
//	go test -run '^$' -bench BenchmarkServeEdit -benchtime 30x ./internal/server/
func BenchmarkServeEdit(b *testing.B) {
	cases := []struct {
		name string
		site func(b *testing.B) string
	}{
		{"example", func(b *testing.B) string {
			dir := b.TempDir()
			copyInto(b, "../../content", filepath.Join(dir, "content"))
			return dir
		}},
		{"catalogue-5000", func(b *testing.B) string {
			dir := b.TempDir()
			if err := fixture.Generate(dir, fixture.Options{Products: 5000, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			return dir
		}},
	}
	for _, c := range cases {
		var r *running // started once, by the first run of the sub-benchmark
		var heap, rss, held, raw float64
		var mu sync.Mutex
		var builds []float64 // how long each rebuild took
		var page, file string
		b.Run(c.name, func(sb *testing.B) {
			if r == nil {
				r = start(b, c.site(b), Options{Log: discard{}, OnRebuild: func(rb Rebuild) {
					mu.Lock()
					builds = append(builds, float64(rb.Duration.Microseconds())/1000)
					mu.Unlock()
				}})
				r.flushes.Wait() // every page rendered
				heap, rss = memory()
				h, w := r.mem.Size()
				held, raw = float64(h)/(1<<20), float64(w)/(1<<20)
				page, file = aProduct(b, r)
			}
			var ms, cpu []float64
			mu.Lock()
			builds = nil
			mu.Unlock()
			for i := 0; sb.Loop(); i++ {
				sb.StopTimer()
				r.flushes.Wait() // the previous edit is fully rendered, as when a producer pauses between saves
				_, st := r.open(sb, page)
				st.next(sb)
				edit := fmt.Sprintf("%d của phần giới thiệu.\n\n", i)
				sb.StartTimer()
				t0, c0 := time.Now(), cpuTime()
				r.edit(sb, file, func(s string) string {
					s = stripEdit(s)
					return strings.Replace(s, "\n---\n", "\n---\n"+editMark+edit, 1)
				})
				for m := st.next(sb); !m.Reload; m = st.next(sb) {
					if len(m.Errors) > 0 {
						sb.Fatalf("the edit broke the site: %v", m.Errors[0])
					}
				}
				ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
				cpu = append(cpu, float64((cpuTime()-c0).Microseconds())/1000)
			}
			slices.Sort(ms)
			slices.Sort(cpu)
			sb.ReportMetric(ms[len(ms)/2], "ms-median")
			sb.ReportMetric(ms[len(ms)*9/10], "ms-p90")
			sb.ReportMetric(cpu[len(cpu)/2], "ms-cpu-median")
			mu.Lock()
			slices.Sort(builds)
			if len(builds) > 0 {
				sb.ReportMetric(builds[len(builds)/2], "ms-rebuild-median")
			}
			mu.Unlock()
			sb.ReportMetric(heap, "MB-heap")
			sb.ReportMetric(rss, "MB-rss")
			sb.ReportMetric(held, "MB-output-held")
			sb.ReportMetric(raw, "MB-output-raw")
		})
	}
}

const editMark = "Bản sửa số "

// stripEdit removes an earlier benchmark edit.
func stripEdit(s string) string {
	i := strings.Index(s, editMark)
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], "\n\n")
	return s[:i] + s[i+j+2:]
}

// aProduct returns the Vietnamese URL and file of a published product.
func aProduct(b *testing.B, r *running) (page, file string) {
	cat := r.b.Cat
	if len(cat.Products) == 0 {
		b.Fatal("the site has no products")
	}
	p := cat.Products[len(cat.Products)/2]
	file = p.Dir + "/index.vi.md"
	if _, err := os.Stat(filepath.Join(r.dir, filepath.FromSlash(file))); err != nil {
		b.Fatal(err)
	}
	u := site.NewURLs(cat)
	return u.Rel(u.Record(cat.Site.DefaultLang, &p.Record)), file
}

// memory returns the heap in use after a collection and the resident set
// size of the process, in MB.
func memory() (heap, rss float64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	heap = float64(m.HeapInuse) / (1 << 20)
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				rss = kb / 1024
			}
		}
	}
	return heap, rss
}

// cpuTime returns the CPU time the process has used (user and system): on a
// busy machine it says what an edit costs better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// copyInto copies the folder from to to.
func copyInto(b *testing.B, from, to string) {
	b.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
}
