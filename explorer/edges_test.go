package explorer_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// overflow: two processes loop { x = x + 1 } on x: 0..2: in the state where
// x is 2, both steps fault.
func overflow() *irtest.Builder {
	b := irtest.New("overflow")
	x := b.Var("x", 0, 2, 0)
	for i := range 2 {
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Assign("x = x + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(x), irtest.C(1)), 0))
	}
	return b
}

// edge is one transition as Space.Edges reports it.
type edge struct {
	Process, PC, Partner int
	To                   explorer.StateID
	OK, Fault            bool
}

func TestEdgeWalker(t *testing.T) {
	tests := []struct {
		name  string
		prog  *irtest.Builder
		prune func(m *explorer.Machine) func(s []byte) bool
	}{
		{"semaphore lock", semLock(3, ir.SemWeak), nil},
		{"faults", overflow(), nil},
		{"pruned", semLock(2, ir.SemWeak), func(m *explorer.Machine) func(s []byte) bool {
			return func(s []byte) bool { return m.PC(s, 0) == 1 }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, tt.prog)
			r := &recorder{m: m}
			if tt.prune != nil {
				r.prune = tt.prune(m)
			}
			sp := explore(t, m, r)
			w := sp.NewEdgeWalker()
			faults, pruned := 0, 0
			for id := range explorer.StateID(sp.Store.Len()) {
				var want, got []edge
				sp.Edges(id, func(tr *explorer.Transition, to explorer.StateID, ok bool) {
					want = append(want, edge{tr.Process, tr.PC, tr.Partner, to, ok, tr.Fault != nil})
				})
				n := w.Edges(id, func(tr *explorer.Transition, to explorer.StateID, ok bool) {
					got = append(got, edge{tr.Process, tr.PC, tr.Partner, to, ok, tr.Fault != nil})
				})
				assert.Equal(t, want, got, "state %d", id)
				assert.Len(t, got, n)
				var targets []explorer.StateID
				for _, e := range want {
					if e.OK {
						targets = append(targets, e.To)
					}
				}
				if sp.Pruned(id) {
					pruned++
					_, ok := sp.EdgeStep(id, targets, 0)
					assert.False(t, ok)
					continue
				}
				k := 0
				for _, e := range want {
					if !e.OK {
						faults++
						continue
					}
					st, ok := sp.EdgeStep(id, targets, k)
					require.True(t, ok)
					assert.Equal(t, edge{e.Process, e.PC, e.Partner, e.To, true, false},
						edge{st.Transition.Process, st.Transition.PC, st.Transition.Partner, e.To, true, st.Transition.Fault != nil})
					assert.Equal(t, sp.Store.Get(id), st.Before)
					assert.Equal(t, sp.Store.Get(e.To), st.After)
					k++
				}
				_, ok := sp.EdgeStep(id, targets, k)
				assert.False(t, ok, "state %d has no edge %d", id, k)
				if k > 0 {
					// Targets that the successors do not lead to fit none.
					wrong := append([]explorer.StateID(nil), targets...)
					wrong[0] = (wrong[0] + 1) % explorer.StateID(sp.Store.Len())
					if !slices.Contains(targets, wrong[0]) {
						_, ok := sp.EdgeStep(id, wrong, 0)
						assert.False(t, ok, "state %d with a wrong target", id)
					}
				}
			}
			assert.Equal(t, tt.name == "faults", faults > 0)
			assert.Equal(t, tt.name == "pruned", pruned > 0)
		})
	}
}
