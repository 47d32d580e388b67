package images

import (
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sync"
	"time"
)

// Job is one picture to make from a source file.
type Job struct {
	FS      fs.FS
	Name    string // the source file in FS
	Picture *Picture
}

// Result is what became of a Job.
type Result struct {
	Entry     Entry // the cache entry holding the picture's files
	Processed bool  // the file was processed (not found in the cache)
	Err       error // an *Error for a problem with the file itself
}

// Run makes the pictures of jobs on workers goroutines (GOMAXPROCS when
// workers < 1), each holding one decoded image at a time. When progress is
// not nil and at least one image is processed, it shows a counter there
// (rewritten in place, for a terminal) and a closing line. Results are in the
// order of jobs.
func (c *Cache) Run(jobs []Job, params Params, workers int, progress io.Writer) []Result {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := make([]Result, len(jobs))
	start := time.Now()
	var mu sync.Mutex
	done, processed := 0, 0
	var last time.Time
	report := func(r Result) {
		if progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		if r.Processed {
			processed++
		}
		if processed > 0 && (time.Since(last) > 100*time.Millisecond || done == len(jobs)) {
			last = time.Now()
			fmt.Fprintf(progress, "\rimages: %d/%d (%d processed)", done, len(jobs), processed)
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(1, len(jobs))) {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				e, p, err := c.Make(j.FS, j.Name, j.Picture, params)
				res[i] = Result{Entry: e, Processed: p, Err: err}
				report(res[i])
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	if progress != nil && processed > 0 {
		// \x1b[K clears what is left of the counter on the line.
		fmt.Fprintf(progress, "\rimages: %d/%d, %d processed in %.1f s\x1b[K\n", done, len(jobs), processed, time.Since(start).Seconds())
	}
	return res
}
