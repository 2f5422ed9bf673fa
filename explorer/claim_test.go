package explorer_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
)

// storeOf is every record of sp's store: the state's bytes and its parent.
func storeOf(sp *explorer.Space) []string {
	out := make([]string, 0, sp.Store.Len())
	var buf []byte
	for id := range explorer.StateID(sp.Store.Len()) {
		buf = hex.AppendEncode(buf[:0], sp.Store.Get(id))
		buf = strconv.AppendUint(append(buf, "<-"...), uint64(sp.Store.Parent(id)), 10)
		out = append(out, string(buf))
	}
	return out
}

// TestWorkersStoreWhatOneWorkerStores: with several workers inserting the
// successors of a window together, the store holds the states of a
// one-worker search, with the same ids, parents, table and arena, also when
// the search stops or reaches its state limit within a window, wherever
// that is; and the search tells of the same edges. The workers insert a
// window one way when the search records edges and another when it does
// not (storeNew): both are checked. The padded model's states take some
// 150 bytes, so that the workers store records in three chunks of the
// arena, and a window that crosses from one chunk into the next, in which
// the stopped search takes the last chunk out again (Store.truncate).
func TestWorkersStoreWhatOneWorkerStores(t *testing.T) {
	cases := []struct {
		opts   explorer.Options
		stopAt int
		padded bool
	}{
		{explorer.Options{}, 0, false},
		{explorer.Options{}, 3000, false},
		{explorer.Options{}, 5001, false},
		{explorer.Options{}, 8096, false},
		{explorer.Options{MaxStates: 4001}, 0, false},
		{explorer.Options{MaxStates: 6002}, 0, false},
		{explorer.Options{MaxStates: 8000}, 0, false},
		{explorer.Options{}, 0, true},
		{explorer.Options{}, 32001, true},
	}
	for _, tc := range cases {
		for _, record := range []bool{true, false} {
			opts, stopAt := tc.opts, tc.stopAt
			t.Run(fmt.Sprintf("max %d stop %d edges %v padded %v", opts.MaxStates, stopAt, record, tc.padded), func(t *testing.T) {
				var want, wantEdges []string
				var wantOut explorer.Outcome
				workers := []int{1, 2, 3, 5, 8}
				if tc.padded {
					workers = workers[:2]
				}
				for _, w := range workers {
					b := philosophers(6)
					if tc.padded {
						b = philosophers(7)
						b.Var("pad", 0, 1<<30, 0, 30)
					}
					m := machine(t, b)
					opts.Workers = w
					var edges []string
					if record {
						opts.Edges = func(from explorer.StateID, s []byte, es []explorer.Edge) {
							edges = append(edges, fmt.Sprintf("%d %x %v", from, s, es))
						}
					}
					sp, err := explorer.Search(context.Background(), m, opts, &logger{m: m, prunePC: -1, stopAt: stopAt})
					require.NoError(t, err)
					got, out := storeOf(sp), sp.Outcome
					out.Elapsed, out.PeakMemory = 0, 0
					if w == 1 {
						want, wantOut, wantEdges = got, out, edges
						if opts.MaxStates == 0 && stopAt == 0 {
							require.Greater(t, len(want), 8096, "the stops are within the search")
						}
						continue
					}
					assert.Equal(t, wantOut, out, "workers %d", w)
					require.Equal(t, len(want), len(got), "workers %d", w)
					assert.Equal(t, want, got, "workers %d", w)
					assert.Equal(t, wantEdges, edges, "workers %d", w)
					for i := range want {
						// The state of the one-worker search's id i,
						// which the store holds (got is want).
						id, ok := sp.Store.Lookup(sp.Store.Get(explorer.StateID(i)))
						require.True(t, ok)
						require.Equal(t, explorer.StateID(i), id)
					}
				}
			})
		}
	}
}
