package cli

import (
	"runtime"
	"runtime/metrics"
)

// How ocop build sizes the garbage collector's soft memory limit.
//
// Left alone, Go lets the heap grow to twice what was live after the last
// collection before it collects again. A build's live heap peaks at some
// two and a half times the model it loaded (the page plan and the cards the
// listings share while pages are rendered; the search index and the open
// data after), and nearly everything else it allocates is the short-lived
// garbage of each page rendered: left alone, a national catalogue's build
// holds as much memory again as its peak live heap for garbage. A limit of
// limitNum/limitDen times the model makes the collector run sooner near the
// peak and not otherwise. At 20,000 products (a model of ~103 MiB) the
// limit is ~360 MiB and the peak RSS 371-391 MiB, against 664-711 MiB with
// no limit and 518 MiB with five times the model, for 6-20 % more wall time
// than no limit (docs/performance.md): the issue asks for 400 MiB at that
// size. The RSS passes the limit by 10-20 MiB (3.6 times gave 380-382 MiB;
// before the sitemap was streamed, 3.6 and 3.5 times reached 395-403 MiB),
// hence 3.5 for a margin; past it when the live heap itself passes the
// limit's goal, as at the end of a build (the search index and the open
// data made from the whole model: up to 265 MB live, 391 MiB of RSS). GOMEMLIMIT, when set, wins ("off" for no limit:
// the fastest). The floor keeps small sites, whose peak is below it, exactly
// as they were.
const (
	limitNum   = 7 // 3.5 times the model
	limitDen   = 2
	limitFloor = 256 << 20
)

// memoryLimit returns what ocop build calls once the catalogue is loaded
// (build.Options.Loaded), or nil when the limit is not ours to set: the
// user chose one with GOMEMLIMIT ("off" included), or the command does not
// own its process (Env.SetMemoryLimit is nil).
func memoryLimit(env Env) func() {
	if env.SetMemoryLimit == nil || env.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	return func() {
		runtime.GC() // what is live now is the model
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		env.SetMemoryLimit(limitFor(s[0].Value.Uint64()))
	}
}

// limitFor is the memory limit for a loaded model of live bytes.
func limitFor(live uint64) int64 {
	return max(int64(min(live, 1<<40))*limitNum/limitDen, limitFloor)
}
