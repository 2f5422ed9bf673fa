package checker_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
)

// TestCanonAllocatesNothing: turning a state into its representative
// allocates nothing, whatever the state.
func TestCanonAllocatesNothing(t *testing.T) {
	p := compile(t, "bounded_buffer_pthreads", nil)
	m, err := explorer.New(p)
	require.NoError(t, err)
	sym, _ := explorer.NewSymmetry(m, p.Checks)
	require.NotNil(t, sym)
	c := sym.NewCanon()
	sp, err := explorer.Search(context.Background(), m, explorer.Options{Workers: 1}, nopVisitor{})
	require.NoError(t, err)
	for id := range explorer.StateID(sp.Store.Len()) {
		s := sp.Store.Get(id)
		assert.Zero(t, testing.AllocsPerRun(3, func() { c.Apply(s) }), "state %d", id)
	}
}

type nopVisitor struct{}

func (nopVisitor) State(explorer.StateID, []byte, int) explorer.Control { return explorer.Continue }
func (nopVisitor) Fault(explorer.StateID, *explorer.Transition) explorer.Control {
	return explorer.Continue
}
func (nopVisitor) Deadend(explorer.StateID, []byte) explorer.Control { return explorer.Continue }

// BenchmarkReduce checks the safety checks of process arrays with and
// without reduction: ticket_lock (symmetry), filter_lock (partial order). It
// reports the states stored and the allocations, which must not grow with
// them.
func BenchmarkReduce(b *testing.B) {
	models := []struct {
		name  string
		n     int32
		check string
	}{
		{"ticket_lock", 4, "mutex"},
		{"filter_lock", 4, "mutex"},
	}
	for _, md := range models {
		p := compile(b, md.name, map[string]int32{"N": md.n})
		for _, r := range []checker.Reduce{checker.ReduceNone, checker.ReduceAll} {
			b.Run(fmt.Sprintf("%s/N=%d/%s", md.name, md.n, r), func(b *testing.B) {
				var res *checker.Result
				b.ReportAllocs()
				for b.Loop() {
					var err error
					res, err = checker.Run(context.Background(), p, checker.Options{Checks: []string{md.check}, Workers: 1, Reduce: r})
					require.NoError(b, err)
				}
				b.ReportMetric(float64(res.Stats.States), "states")
			})
		}
	}
}
