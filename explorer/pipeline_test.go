package explorer_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
)

// slowVisitor is a logger that sleeps now and then as it is told of a
// state, so that the merger of a two-worker search falls behind its
// expander.
type slowVisitor struct {
	*logger
	every int
}

func (v *slowVisitor) State(id explorer.StateID, s []byte, depth int) explorer.Control {
	if int(id)%v.every == 0 {
		time.Sleep(50 * time.Microsecond)
	}
	return v.logger.State(id, s, depth)
}

// TestPipelineStoresWhatOneWorkerStores: two workers store the states of a
// one-worker search and tell the Visitor, and Edges when the search records
// edges, the same, in the same order,
// whichever of them falls behind: the merger, told of states by a slow
// Visitor, so that the expander fills the ring and waits for room; or the
// expander, when the two share one processor, so that the merger expands
// most chunks itself. Stops and limits within a level are checked too.
func TestPipelineStoresWhatOneWorkerStores(t *testing.T) {
	cases := []struct {
		name   string
		slow   bool
		procs  int
		opts   explorer.Options
		stopAt int
	}{
		{"slow merger", true, 0, explorer.Options{}, 0},
		{"slow merger stopped", true, 0, explorer.Options{}, 20001},
		{"one processor", false, 1, explorer.Options{}, 0},
		{"one processor at the state limit", false, 1, explorer.Options{MaxStates: 30002}, 0},
	}
	for _, tc := range cases {
		for _, record := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s edges %v", tc.name, record), func(t *testing.T) {
				if tc.procs > 0 {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tc.procs))
				}
				var want, wantLog, wantEdges []string
				var wantOut explorer.Outcome
				for _, w := range []int{1, 2} {
					m := machine(t, philosophers(7))
					l := &logger{m: m, prunePC: -1, stopAt: tc.stopAt}
					var v explorer.Visitor = l
					if tc.slow && w == 2 {
						v = &slowVisitor{logger: l, every: 256}
					}
					opts := tc.opts
					var edges []string
					if record {
						opts.Edges = func(from explorer.StateID, s []byte, es []explorer.Edge) {
							edges = append(edges, fmt.Sprintf("%d %x %v", from, s, es))
						}
					}
					sp, out := searchOn(t, m, opts, w, v)
					if w == 1 {
						want, wantLog, wantOut, wantEdges = storeOf(sp), l.log, out, edges
						if tc.stopAt == 0 && tc.opts.MaxStates == 0 {
							require.Greater(t, len(want), 30002, "the stop and the limit are within the search")
						}
						continue
					}
					assert.Equal(t, wantOut, out)
					assert.Equal(t, want, storeOf(sp))
					assert.Equal(t, wantLog, l.log)
					assert.Equal(t, wantEdges, edges)
				}
			})
		}
	}
}

// TestPipelineRaisesAPanicOfEdges: when Edges panics on the expander, the
// two-worker search ends with the error rather than waiting for room in the
// ring that chunks never told of hold. The Visitor is slow, so that the
// expander is as far ahead as the ring lets it be.
func TestPipelineRaisesAPanicOfEdges(t *testing.T) {
	m := machine(t, philosophers(8))
	opts := explorer.Options{Workers: 2, Edges: func(from explorer.StateID, _ []byte, _ []explorer.Edge) {
		if from == 100000 {
			panic("edges failed")
		}
	}}
	done := make(chan error, 1)
	go func() {
		_, err := explorer.Search(context.Background(), m, opts, &slowVisitor{logger: &logger{m: m, prunePC: -1}, every: 256})
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorContains(t, err, "edges failed")
	case <-time.After(time.Minute):
		t.Fatal("the search did not end")
	}
}
