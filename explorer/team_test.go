package explorer

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTeamRunsEveryPhaseOnEveryWorker runs phases back to back and with
// pauses longer than the workers spin, so that they sleep and are woken:
// every worker runs every phase once, worker 0 on the caller's goroutine,
// and a phase ends only once all have finished it.
func TestTeamRunsEveryPhaseOnEveryWorker(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		tm := newTeam(workers)
		ran := make([]atomic.Int64, workers)
		for phase := range 40 {
			if phase%10 == 9 {
				time.Sleep(3 * spinFor)
			}
			var inPhase atomic.Int64
			tm.run(func(w int) {
				ran[w].Add(1)
				inPhase.Add(1)
			})
			require.EqualValues(t, workers, inPhase.Load(), "phase %d returned before every worker ran it", phase)
		}
		for w := range ran {
			assert.EqualValues(t, 40, ran[w].Load(), "worker %d of %d", w, workers)
		}
		tm.close()
	}
}

// TestTeamRaisesAWorkersPanic checks that a panic of any worker is raised
// by run, and that the team runs the next phase after it.
func TestTeamRaisesAWorkersPanic(t *testing.T) {
	tm := newTeam(2)
	defer tm.close()
	for _, bad := range []int{0, 1} {
		assert.PanicsWithError(t, "worker broke", func() {
			tm.run(func(w int) {
				if w == bad {
					panic("worker broke")
				}
			})
		}, "worker %d", bad)
		var n atomic.Int64
		tm.run(func(int) { n.Add(1) })
		assert.EqualValues(t, 2, n.Load())
	}
}

// TestTeamCloseEndsItsGoroutines checks that close ends the workers, asleep
// or spinning.
func TestTeamCloseEndsItsGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	spinning, sleeping := newTeam(4), newTeam(4)
	spinning.run(func(int) {})
	sleeping.run(func(int) {})
	time.Sleep(3 * spinFor)
	spinning.run(func(int) {})
	spinning.close()
	sleeping.close()
	// Counted on this goroutine: assert.Eventually runs its condition on
	// a goroutine of its own, which the count would include.
	for end := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left")
}
