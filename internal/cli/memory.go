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
// holds as much memory again as its peak live heap for garbage
// (664-711 MiB at 20,000 products).
//
// The limit is limitNum/limitDen times the model, which makes the collector
// run sooner near the peak and not otherwise, but at most limitCap: the
// issue asks for 400 MiB at 20,000 products, and the process's resident
// memory passes the limit by 25-35 MiB (the program itself, the runtime's
// own structures, the heap's fragmentation). Without the cap, a catalogue
// of that size with 30 % more text (a model of 112 MB instead of 100 MB)
// got a limit of 374 MiB and peaked at 407 MiB. The limit is never under
// minNum/minDen times the model, though: a live heap that reaches the limit
// would make the collector run without pause, so a catalogue too large for
// the cap gets the room it needs rather than a build that crawls. At
// 20,000 products (a model of ~100 MB) the limit is ~335 MiB and the peak
// RSS 363-391 MiB, for 6-20 % more wall time than no limit
// (docs/performance-log.md). GOMEMLIMIT, when set, wins ("off" for no limit:
// the fastest). The floor keeps small sites, whose peak is below it,
// exactly as they were. A model past the cap (3.5 times it would pass
// 360 MiB) lets go of its bodies' HTML, which the memo's file holds too
// (dropBodies).
const (
	limitNum   = 7 // 3.5 times the model
	limitDen   = 2
	limitCap   = 360 << 20
	minNum     = 27 // 2.7 times the model
	minDen     = 10
	limitFloor = 256 << 20
	// loadLimit is the limit while the catalogue loads, before the model
	// is known. The generated 20,000 products' heap reaches ~245 MB then,
	// under it; with three times their text the load alone grew the heap to
	// 374 MB (408 MiB resident) before the build could let go of the
	// bodies.
	loadLimit = 300 << 20
)

// memoryLimit sets the limit for loading (loadLimit) and returns what ocop
// build calls once the catalogue is loaded (build.Options.Loaded), or does
// nothing and returns nil when the limit is not ours to set: the user chose
// one with GOMEMLIMIT ("off" included), or the command does not own its
// process (Env.SetMemoryLimit is nil).
func memoryLimit(env Env) func(bodies int64) bool {
	if env.SetMemoryLimit == nil || env.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	env.SetMemoryLimit(loadLimit)
	return func(bodies int64) bool {
		runtime.GC() // what is live now is the model
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		live, b := s[0].Value.Uint64(), uint64(max(bodies, 0))
		drop := dropBodies(live, b)
		if drop {
			live -= min(b, live)
		} else {
			b = 0
		}
		env.SetMemoryLimit(limitFor(live, b))
		return drop
	}
}

// dropBodies reports whether a build whose loaded model is live bytes lets
// go of the bodies the memo holds too: when 3.5 times the model passes the
// cap, the build would have less room than the ratio was measured with, and
// the bodies are the part of the model that grows with the catalogue's text
// (three times the generated catalogue's text: a model of 169 MB, a peak of
// 468 MiB with the bodies held, 370 MiB without). Reading each body from the
// memo costs a system call a page, so a model within the cap keeps them.
func dropBodies(live, bodies uint64) bool {
	return bodies > 0 && live > limitCap*limitDen/limitNum
}

// limitFor is the memory limit for a loaded model of live bytes, whose
// bodies' spilled bytes the build left in the memo's file. The ratio was
// measured with the bodies in the heap, so they count as the model's; the
// floor, which keeps the collector from running without pause, is the
// heap's own.
func limitFor(live, spilled uint64) int64 {
	l := int64(min(live, 1<<40))
	m := int64(min(live+spilled, 1<<40))
	return max(min(m*limitNum/limitDen, limitCap), l*minNum/minDen, limitFloor)
}
