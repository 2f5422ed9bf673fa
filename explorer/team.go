package explorer

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// team runs the phases of a search with several workers: the expansion of
// a window, its filing, its storing, the growth of the table. Worker 0 is
// the goroutine that runs a phase; the others are goroutines that live as
// long as the team, and wait for the next phase first spinning, for up to
// spinFor, then asleep. A phase lasts a fraction of a millisecond, and a
// goroutine started for each would find its thread asleep, which takes
// about as long to wake.
type team struct {
	workers int
	// job is the phase being run; gen counts the phases started, and left
	// the workers other than 0 that have not finished the current one.
	job  func(w int)
	gen  atomic.Uint64
	left atomic.Int64
	// errs holds each worker's panic in the current phase.
	errs []error
	// mu and wake put the waiting workers to sleep after spinFor, and
	// wake them for the next phase or for the end, once closed is set.
	mu     sync.Mutex
	wake   *sync.Cond
	closed bool
}

// spinFor is how long a worker waits for the next phase before it sleeps:
// longer than the gaps between the phases of a level, short against a
// search.
const spinFor = time.Millisecond

// newTeam starts a team of workers workers, which close must end.
func newTeam(workers int) *team {
	t := &team{workers: workers, errs: make([]error, workers)}
	t.wake = sync.NewCond(&t.mu)
	for w := 1; w < workers; w++ {
		go t.serve(w)
	}
	return t
}

// run runs f(w) for every worker w at once, worker 0 on the calling
// goroutine, and returns when all have returned. A panic in any of them is
// raised again here.
func (t *team) run(f func(w int)) {
	clear(t.errs)
	if t.workers > 1 {
		t.job = f
		t.left.Store(int64(t.workers - 1))
		t.mu.Lock()
		t.gen.Add(1)
		t.wake.Broadcast()
		t.mu.Unlock()
	}
	t.do(0, f)
	for t.left.Load() > 0 {
		runtime.Gosched()
	}
	for _, err := range t.errs {
		if err != nil {
			panic(err)
		}
	}
}

// do runs f(w), keeping a panic in errs.
func (t *team) do(w int, f func(w int)) {
	defer func() {
		if r := recover(); r != nil {
			t.errs[w] = fmt.Errorf("%v", r)
		}
	}()
	f(w)
}

// serve is worker w: it runs each phase's job until the team is closed.
func (t *team) serve(w int) {
	var seen uint64
	for {
		if !t.await(seen) {
			return
		}
		seen++
		t.do(w, t.job)
		t.left.Add(-1)
	}
}

// await waits for the phase after the seen-th: it reports false when the
// team is closed instead.
func (t *team) await(seen uint64) bool {
	start := time.Now()
	for t.gen.Load() == seen {
		if time.Since(start) > spinFor {
			t.mu.Lock()
			for t.gen.Load() == seen && !t.closed {
				t.wake.Wait()
			}
			closed := t.closed && t.gen.Load() == seen
			t.mu.Unlock()
			return !closed
		}
		runtime.Gosched()
	}
	return true
}

// close ends the workers other than 0, once they finish waiting.
func (t *team) close() {
	t.mu.Lock()
	t.closed = true
	t.wake.Broadcast()
	t.mu.Unlock()
}
