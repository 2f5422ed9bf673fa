package explorer_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
)

// machine compiles b's program, which must be valid.
func machine(t *testing.T, b *irtest.Builder) *explorer.Machine {
	t.Helper()
	m, err := explorer.New(b.Program())
	require.NoError(t, err)
	return m
}

// searchOn searches m with opts on workers workers, telling v, and returns
// the space and its outcome without the figures that vary from run to run.
func searchOn(t *testing.T, m *explorer.Machine, opts explorer.Options, workers int, v explorer.Visitor) (*explorer.Space, explorer.Outcome) {
	t.Helper()
	opts.Workers = workers
	sp, err := explorer.Search(context.Background(), m, opts, v)
	require.NoError(t, err)
	out := sp.Outcome
	out.Elapsed, out.PeakMemory = 0, 0
	return sp, out
}

// succ is one transition with a copy of its successor state.
type succ struct {
	T    explorer.Transition
	Next []byte
}

// successors returns every transition out of s, in order.
func successors(m *explorer.Machine, s []byte) []succ {
	var out []succ
	m.NewStepper().Successors(s, func(t *explorer.Transition, next []byte) {
		out = append(out, succ{T: t.Clone(), Next: append([]byte(nil), next...)})
	})
	return out
}

// of keeps the transitions of process p.
func of(ss []succ, p int) []succ {
	var out []succ
	for _, s := range ss {
		if s.T.Process == p {
			out = append(out, s)
		}
	}
	return out
}

// run follows the first transition of each process in procs from the initial
// state and returns the state reached.
func run(t *testing.T, m *explorer.Machine, procs ...int) []byte {
	t.Helper()
	s := m.Initial()
	for _, p := range procs {
		ss := of(successors(m, s), p)
		require.NotEmpty(t, ss, "process %d cannot move", p)
		require.Nil(t, ss[0].T.Fault, "process %d faults", p)
		s = ss[0].Next
	}
	return s
}

// fault is a faulting transition seen by a search.
type fault struct {
	From explorer.StateID
	T    explorer.Transition
}

// recorder is a Visitor that records everything and prunes states where
// prune says so.
type recorder struct {
	m        *explorer.Machine
	prune    func(s []byte) bool
	stopAt   int
	depths   []int
	faults   []fault
	deadends []explorer.StateID
}

func (r *recorder) State(id explorer.StateID, s []byte, depth int) explorer.Control {
	r.depths = append(r.depths, depth)
	if r.stopAt > 0 && len(r.depths) >= r.stopAt {
		return explorer.Stop
	}
	if r.prune != nil && r.prune(s) {
		return explorer.Prune
	}
	return explorer.Continue
}

func (r *recorder) Fault(from explorer.StateID, t *explorer.Transition) explorer.Control {
	r.faults = append(r.faults, fault{From: from, T: t.Clone()})
	return explorer.Continue
}

func (r *recorder) Deadend(id explorer.StateID, s []byte) explorer.Control {
	r.deadends = append(r.deadends, id)
	return explorer.Continue
}

// explore searches m's whole state space.
func explore(t *testing.T, m *explorer.Machine, r *recorder) *explorer.Space {
	t.Helper()
	sp, err := explorer.Search(context.Background(), m, explorer.Options{}, r)
	require.NoError(t, err)
	return sp
}
