package checker

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/models"
)

// TestEdgeParents searches every library model with its graph recorded,
// once with the parents in the store and once without them, derived from
// the graph (Options.EdgeParents): every state has the same parent, for
// one worker and two, for complete searches, for searches stopped at the
// first violation (within the expansion of a state) and for searches ended
// by the state limit. (A search with liveness checks is never reduced.)
func TestEdgeParents(t *testing.T) {
	type config struct {
		workers     int
		stopAtFirst bool
		maxStates   int64
	}
	var configs []config
	for _, w := range []int{1, 2, 3} {
		configs = append(configs, config{w, false, 0}, config{w, true, 0}, config{w, false, 50}, config{w, false, 777})
	}
	stoppedWithin := 0
	for _, md := range models.All() {
		p, err := lang.Compile(lang.File{Name: md.File, Text: md.Source}, lang.Options{})
		require.NoError(t, err, md.Name)
		m, err := explorer.New(p)
		require.NoError(t, err)
		checks, err := selectChecks(p.Checks, nil)
		require.NoError(t, err)
		for _, c := range configs {
			t.Run(fmt.Sprintf("%s/%+v", md.Name, c), func(t *testing.T) {
				search := func(edgeParents bool) (*explorer.Space, *recorder) {
					v := newSafety(m, checks)
					v.full, v.stopAtFirst = true, c.stopAtFirst
					rec, err := newRecorder(v)
					require.NoError(t, err)
					eo := explorer.Options{Workers: c.workers, MaxStates: c.maxStates, Edges: rec.edges, EdgeParents: edgeParents}
					sp, err := explorer.Search(context.Background(), m, eo, rec)
					require.NoError(t, err)
					return sp, rec
				}
				kept, _ := search(false)
				derived, rec := search(true)
				require.False(t, kept.Store.Parentless())
				require.True(t, derived.Store.Parentless())
				require.Equal(t, kept.Store.Len(), derived.Store.Len())
				require.Equal(t, kept.Outcome.Stopped, derived.Outcome.Stopped)
				g, err := rec.graph(derived, 1)
				require.NoError(t, err)
				derived.Store.DeriveParents(func() []explorer.StateID { return edgeParents(g.g) })
				for id := range kept.Store.Len() {
					// testify only on a mismatch: it is slow over every
					// state of every model.
					s := explorer.StateID(id)
					if kept.Store.Parent(s) != derived.Store.Parent(s) {
						require.Equal(t, kept.Store.Parent(s), derived.Store.Parent(s), "state %d", id)
					}
					if !bytes.Equal(kept.Store.Get(s), derived.Store.Get(s)) {
						require.Equal(t, kept.Store.Get(s), derived.Store.Get(s), "state %d", id)
					}
				}
				if derived.Outcome.Stopped {
					// The last state told of edges: when it was told of
					// fewer than it has transitions to states, the search
					// stopped within its expansion.
					u := g.g.Nodes() - 1
					for ; u >= 0; u-- {
						if lo, hi := g.g.Out(u); lo < hi {
							break
						}
					}
					if u >= 0 {
						lo, hi := g.g.Out(u)
						transitions := 0
						m.NewStepper().Successors(derived.Store.Get(explorer.StateID(u)), func(t *explorer.Transition, _ []byte) {
							if t.Fault == nil { // a fault is no edge
								transitions++
							}
						})
						if hi-lo < transitions {
							stoppedWithin++
						}
					}
				}
			})
		}
	}
	// The library has models that violate a check at a state reached
	// within an expansion: the searches stopped at the first violation
	// then tell the edges of a state's expansion up to that state.
	require.Positive(t, stoppedWithin)
}
