package checker

import (
	"context"
	"time"

	"github.com/interleave/interleave/explorer"
)

// memoryPoll is how often watchMemory samples the heap.
const memoryPoll = 10 * time.Millisecond

// watchMemory returns a context that is cancelled, with cause
// explorer.ErrMemoryLimit, once the memory in use (explorer.MemoryInUse: the
// heap, and the stores' tables outside it) grows past limit bytes: the limit
// then holds for every phase of a run (the search, building the state graph,
// the liveness algorithms, traces), each of which ends cleanly on a done
// context. A limit of 0 watches nothing. stop releases the watcher.
func watchMemory(ctx context.Context, limit uint64) (watched context.Context, stop func()) {
	if limit == 0 {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(memoryPoll)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				if explorer.MemoryInUse() > limit {
					cancel(explorer.ErrMemoryLimit)
					return
				}
			}
		}
	}()
	return ctx, func() {
		close(done)
		cancel(nil)
	}
}
