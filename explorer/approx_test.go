package explorer_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// approxCases are searches whose approximate twin must make the same calls.
func approxCases() []struct {
	name    string
	prog    func() *irtest.Builder
	opts    explorer.Options
	prunePC int
	stopAt  int
} {
	faulty := func() *irtest.Builder {
		b := counters(3, 12)
		x := b.Var("x", 0, 3, 0)
		b.Process("Q", irtest.Either(1, 2),
			irtest.Assign("x = x + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(x), irtest.C(1)), 0),
			irtest.Sleep(3))
		return b
	}
	return []struct {
		name    string
		prog    func() *irtest.Builder
		opts    explorer.Options
		prunePC int
		stopAt  int
	}{
		{"philosophers", func() *irtest.Builder { return philosophers(5) }, explorer.Options{}, -1, 0},
		{"faults and dead ends", faulty, explorer.Options{}, -1, 0},
		{"pruning", func() *irtest.Builder { return philosophers(5) }, explorer.Options{}, 2, 0},
		{"max states", faulty, explorer.Options{MaxStates: 3000}, -1, 0},
		{"visitor stops", faulty, explorer.Options{}, -1, 4000},
	}
}

func TestApproxMakesTheCallsOfTheExactSearch(t *testing.T) {
	for _, tt := range approxCases() {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, tt.prog())
			exact := &logger{m: m, prunePC: tt.prunePC, stopAt: tt.stopAt}
			sp, err := explorer.Search(context.Background(), m, tt.opts, exact)
			require.NoError(t, err)
			approx := &logger{m: m, prunePC: tt.prunePC, stopAt: tt.stopAt}
			ap, err := explorer.SearchApprox(context.Background(), m, tt.opts, explorer.Approx{Seed: 7}, approx)
			require.NoError(t, err)
			require.NotEmpty(t, exact.log)
			assert.Equal(t, exact.log, approx.log)
			want, got := sp.Outcome, ap.Outcome
			assert.Equal(t, want.States, got.States)
			assert.Equal(t, want.Transitions, got.Transitions)
			assert.Equal(t, want.Depth, got.Depth)
			assert.Equal(t, want.Complete, got.Complete)
			assert.Equal(t, want.Stopped, got.Stopped)
			assert.Equal(t, want.Limit, got.Limit)
			assert.Equal(t, uint(64), ap.Width)
			assert.Less(t, ap.Missed, 1e-9)
			// Every state's run replays to its bytes.
			for id := range got.States {
				steps, last, err := ap.Trace(explorer.StateID(id))
				require.NoError(t, err)
				assert.Equal(t, sp.Store.Get(explorer.StateID(id)), last, "state %d", id)
				assert.Equal(t, len(sp.Path(explorer.StateID(id)))-1, len(steps), "state %d", id)
			}
		})
	}
}

func TestApproxRotationChangesTheOrderNotTheStates(t *testing.T) {
	m := machine(t, philosophers(5))
	base := &logger{m: m, prunePC: -1}
	ap0, err := explorer.SearchApprox(context.Background(), m, explorer.Options{}, explorer.Approx{Seed: 1}, base)
	require.NoError(t, err)
	for _, rot := range []int{1, 2, 4, 9} {
		l := &logger{m: m, prunePC: -1}
		ap, err := explorer.SearchApprox(context.Background(), m, explorer.Options{}, explorer.Approx{Seed: uint64(rot), Rotate: rot}, l)
		require.NoError(t, err)
		assert.Equal(t, ap0.Outcome.States, ap.Outcome.States, "rotation %d", rot)
		assert.Equal(t, ap0.Outcome.Transitions, ap.Outcome.Transitions, "rotation %d", rot)
		assert.Equal(t, ap0.Outcome.Depth, ap.Outcome.Depth, "rotation %d", rot)
		assert.NotEqual(t, base.log, l.log, "rotation %d", rot)
		want, got := stateBytes(base.log), stateBytes(l.log)
		slices.Sort(want)
		slices.Sort(got)
		assert.Equal(t, want, got)
		for id := range ap.Outcome.States {
			_, last, err := ap.Trace(explorer.StateID(id))
			require.NoError(t, err)
			var depth int
			var want string
			_, err = fmt.Sscanf(l.log[id], "state %d depth %d %s", new(int), &depth, &want)
			require.NoError(t, err)
			assert.Equal(t, want, fmt.Sprintf("%x", last))
		}
	}
}

// stateBytes keeps the bytes of the states a logger saw.
func stateBytes(log []string) []string {
	var out []string
	for _, line := range log {
		var id, depth int
		var s string
		if _, err := fmt.Sscanf(line, "state %d depth %d %s", &id, &depth, &s); err == nil {
			out = append(out, s)
		}
	}
	return out
}

func TestApproxNarrowHashesMissStates(t *testing.T) {
	m := machine(t, philosophers(5))
	full, err := explorer.SearchApprox(context.Background(), m, explorer.Options{}, explorer.Approx{}, &recorder{})
	require.NoError(t, err)
	for _, bits := range []uint{4, 8, 12} {
		ap, err := explorer.SearchApprox(context.Background(), m, explorer.Options{}, explorer.Approx{Bits: bits}, &recorder{})
		require.NoError(t, err)
		assert.True(t, ap.Outcome.Complete)
		assert.Less(t, ap.Outcome.States, full.Outcome.States, "%d bits", bits)
		assert.LessOrEqual(t, ap.Outcome.States, int64(1)<<bits)
		assert.Equal(t, bits, ap.Width)
		assert.Greater(t, ap.Missed, 0.5, "%d bits", bits)
		for id := range ap.Outcome.States {
			_, _, err := ap.Trace(explorer.StateID(id))
			require.NoError(t, err)
		}
	}
}

func TestMissedProbability(t *testing.T) {
	assert.Equal(t, 0.0, explorer.MissedProbability(1, 64))
	assert.InEpsilon(t, 1e14/2/(1<<63)/2, explorer.MissedProbability(1e7, 64), 1e-3)
	assert.InEpsilon(t, 1.0, explorer.MissedProbability(1e6, 8), 1e-9)
}

func TestReplayRefusesAMissingTransition(t *testing.T) {
	m := machine(t, twoAssign())
	_, _, err := explorer.Replay(m, []int{0, 5})
	assert.EqualError(t, err, "explorer: step 2 of the run has no transition 5")
}

func TestApproxMaxStates(t *testing.T) {
	m := machine(t, philosophers(5))
	for _, max := range []int64{1, 100, 1000} {
		ap, err := explorer.SearchApprox(context.Background(), m, explorer.Options{MaxStates: max, MaxMemory: 1 << 30}, explorer.Approx{}, &recorder{})
		require.NoError(t, err)
		assert.Equal(t, max, ap.Outcome.States)
		assert.Equal(t, explorer.LimitStates, ap.Outcome.Limit)
		assert.False(t, ap.Outcome.Complete)
	}
}

func TestApproxAllocatesNothingPerState(t *testing.T) {
	m := machine(t, philosophers(7))
	for _, ap := range []explorer.Approx{{Rotate: 3}, {Seed: 5, DepthFirst: true}} {
		var states int64
		allocs := testing.AllocsPerRun(2, func() {
			sp, err := explorer.SearchApprox(context.Background(), m, explorer.Options{}, ap, nopVisitor{})
			require.NoError(t, err)
			states = sp.Outcome.States
		})
		require.Greater(t, states, int64(10000))
		assert.Less(t, allocs, float64(states)/100, "%v allocations for %d states", allocs, states)
		t.Logf("%+v: %v allocations for %d states", ap, allocs, states)
	}
}

// nopVisitor continues everywhere.
type nopVisitor struct{}

func (nopVisitor) State(explorer.StateID, []byte, int) explorer.Control { return explorer.Continue }
func (nopVisitor) Fault(explorer.StateID, *explorer.Transition) explorer.Control {
	return explorer.Continue
}
func (nopVisitor) Deadend(explorer.StateID, []byte) explorer.Control { return explorer.Continue }

// calls sums up what a logger saw: the bytes of the states, and how many
// faults and dead ends.
func calls(log []string) (states []string, faults, deadends int) {
	for _, line := range log {
		switch strings.Fields(line)[0] {
		case "fault":
			faults++
		case "deadend":
			deadends++
		}
	}
	return stateBytes(log), faults, deadends
}

func TestApproxDepthFirstVisitsTheSameStates(t *testing.T) {
	for _, tt := range approxCases() {
		if tt.stopAt > 0 || tt.opts.MaxStates > 0 {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, tt.prog())
			bfs := &logger{m: m, prunePC: tt.prunePC}
			want, err := explorer.SearchApprox(context.Background(), m, tt.opts, explorer.Approx{}, bfs)
			require.NoError(t, err)
			wantStates, wantFaults, wantDeadends := calls(bfs.log)
			slices.Sort(wantStates)
			var logs [][]string
			for _, seed := range []uint64{2, 3} {
				dfs := &logger{m: m, prunePC: tt.prunePC}
				got, err := explorer.SearchApprox(context.Background(), m, tt.opts, explorer.Approx{Seed: seed, DepthFirst: true}, dfs)
				require.NoError(t, err)
				assert.True(t, got.Outcome.Complete)
				assert.Equal(t, want.Outcome.States, got.Outcome.States)
				assert.Equal(t, want.Outcome.Transitions, got.Outcome.Transitions)
				assert.GreaterOrEqual(t, got.Outcome.Depth, want.Outcome.Depth)
				states, faults, deadends := calls(dfs.log)
				slices.Sort(states)
				assert.Equal(t, wantStates, states)
				assert.Equal(t, wantFaults, faults)
				assert.Equal(t, wantDeadends, deadends)
				for _, line := range dfs.log {
					var id, depth int
					var s string
					// Depth-first runs are long: replay some 100 of them.
					if _, err := fmt.Sscanf(line, "state %d depth %d %s", &id, &depth, &s); err != nil || int64(id)%max(1, got.Outcome.States/100) != 0 {
						continue
					}
					steps, last, err := got.Trace(explorer.StateID(id))
					require.NoError(t, err)
					assert.Equal(t, s, fmt.Sprintf("%x", last), "state %d", id)
					assert.Equal(t, depth, len(steps), "state %d", id)
				}
				logs = append(logs, dfs.log)
			}
			assert.NotEqual(t, logs[0], logs[1], "seeds 2 and 3 search alike")
		})
	}
}

func TestApproxDepthFirstShardsCoverDifferentParts(t *testing.T) {
	m := machine(t, philosophers(7))
	limit := explorer.Options{MaxStates: 2000}
	seen := func(ap explorer.Approx) []string {
		l := &logger{m: m, prunePC: -1}
		sp, err := explorer.SearchApprox(context.Background(), m, limit, ap, l)
		require.NoError(t, err)
		require.Equal(t, explorer.LimitStates, sp.Outcome.Limit)
		s := stateBytes(l.log)
		slices.Sort(s)
		return s
	}
	overlap := func(a, b []string) int {
		n := 0
		for _, s := range a {
			if _, ok := slices.BinarySearch(b, s); ok {
				n++
			}
		}
		return n
	}
	bfs1, bfs2 := seen(explorer.Approx{Seed: 1}), seen(explorer.Approx{Seed: 2, Rotate: 1})
	dfs1, dfs2 := seen(explorer.Approx{Seed: 1, DepthFirst: true}), seen(explorer.Approx{Seed: 2, DepthFirst: true})
	t.Logf("of 2000 states, breadth first shards share %d, depth first %d", overlap(bfs1, bfs2), overlap(dfs1, dfs2))
	assert.Less(t, overlap(dfs1, dfs2), 1000)
	assert.Greater(t, overlap(bfs1, bfs2), overlap(dfs1, dfs2))
}
