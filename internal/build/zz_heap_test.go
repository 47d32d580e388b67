package build

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"
)

func TestZZMetrics(t *testing.T) {
	src := os.Getenv("ZZ_SRC")
	if src == "" {
		t.Skip()
	}
	lim, _ := strconv.Atoi(os.Getenv("ZZ_LIMIT_MIB"))
	if lim > 0 {
		debug.SetMemoryLimit(int64(lim) << 20)
	}
	names := []string{"/memory/classes/total:bytes", "/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes", "/memory/classes/heap/free:bytes", "/memory/classes/heap/released:bytes", "/memory/classes/metadata/other:bytes", "/memory/classes/metadata/mspan/inuse:bytes", "/memory/classes/heap/stacks:bytes", "/gc/heap/live:bytes", "/memory/classes/os-stacks:bytes", "/memory/classes/other:bytes", "/memory/classes/profiling/buckets:bytes"}
	samples := make([]metrics.Sample, len(names))
	for i, n := range names {
		samples[i].Name = n
	}
	done := make(chan bool)
	var best []uint64
	var maxLive uint64
	go func() {
		for {
			select {
			case <-done:
				done <- true
				return
			case <-time.After(20 * time.Millisecond):
			}
			metrics.Read(samples)
			if v := samples[8].Value.Uint64(); v > maxLive {
				if v > maxLive+(8<<20) && os.Getenv("ZZ_PROF") != "" {
					f, _ := os.Create(os.Getenv("ZZ_PROF"))
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
				maxLive = v
			}
			if best == nil || samples[0].Value.Uint64()-samples[4].Value.Uint64() > best[0]-best[4] {
				best = best[:0]
				for _, s := range samples {
					best = append(best, s.Value.Uint64())
				}
			}
		}
	}()
	out := t.TempDir() + "/public"
	res, err := New(benchOptions(src)).Build(out)
	done <- true
	<-done
	if err != nil || res.HasErrors() {
		t.Fatal(err)
	}
	fmt.Printf("max live %.1f MiB\n", float64(maxLive)/(1<<20))
	fmt.Printf("max live %.1f MiB\n", float64(maxLive)/(1<<20))
	for i, n := range names {
		fmt.Printf("%-45s %8.1f MiB\n", n, float64(best[i])/(1<<20))
	}
}
