package explorer_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// stepsOf lists a simulation's steps as (process, pc) pairs.
func stepsOf(sim *explorer.Simulation) [][2]int {
	var out [][2]int
	for _, s := range sim.Steps {
		out = append(out, [2]int{s.Transition.Process, s.Transition.PC})
	}
	return out
}

func TestSimulateIsReproducible(t *testing.T) {
	m := machine(t, semLock(3, ir.SemWeak))
	for _, seed := range []uint64{0, 1, 42, 1 << 40} {
		a, err := explorer.Simulate(context.Background(), m, seed, 200)
		require.NoError(t, err)
		b, err := explorer.Simulate(context.Background(), m, seed, 200)
		require.NoError(t, err)
		assert.Equal(t, stepsOf(a), stepsOf(b), "seed %d", seed)
		assert.Equal(t, explorer.SimSteps, a.End)
		assert.Len(t, a.Steps, 200)
	}
	a, err := explorer.Simulate(context.Background(), m, 1, 200)
	require.NoError(t, err)
	b, err := explorer.Simulate(context.Background(), m, 2, 200)
	require.NoError(t, err)
	assert.NotEqual(t, stepsOf(a), stepsOf(b), "two seeds, 200 steps among 3 processes: the runs differ")
}

func TestSimulateFollowsSuccessors(t *testing.T) {
	m := machine(t, semLock(3, ir.SemWeak))
	sim, err := explorer.Simulate(context.Background(), m, 7, 100)
	require.NoError(t, err)
	s := m.Initial()
	for i, st := range sim.Steps {
		require.Equal(t, s, st.Before, "step %d starts where the last ended", i+1)
		found := false
		for _, x := range successors(m, s) {
			if x.T.Process == st.Transition.Process && x.T.Index == st.Transition.Index {
				assert.Equal(t, x.Next, st.After)
				found = true
			}
		}
		require.True(t, found, "step %d is a transition of its state", i+1)
		s = st.After
	}
	assert.Equal(t, s, sim.Last)
}

func TestSimulateEnds(t *testing.T) {
	deadlock := irtest.New("deadlock")
	a := deadlock.Sem("a", ir.SemWeak, 1)
	bsem := deadlock.Sem("b", ir.SemWeak, 1)
	deadlock.Process("P[0]", irtest.Down("down(a)", a, 1), irtest.Down("down(b)", bsem, 2))
	deadlock.Process("P[1]", irtest.Down("down(b)", bsem, 1), irtest.Down("down(a)", a, 2))

	fault := irtest.New("fault")
	fault.Process("P[0]", irtest.Assert("assert false", irtest.C(0), "never", 1))

	tests := []struct {
		name  string
		b     *irtest.Builder
		steps int
		want  []explorer.SimEnd // the ends some seed among 0..19 gives
	}{
		{"no steps", semLock(2, ir.SemWeak), 0, []explorer.SimEnd{explorer.SimSteps}},
		{"terminates", lostWakeup(), 10, []explorer.SimEnd{explorer.SimTerminated, explorer.SimDeadlock}},
		{"deadlock: nothing is ever released", deadlock, 10, []explorer.SimEnd{explorer.SimDeadlock}},
		{"fault", fault, 10, []explorer.SimEnd{explorer.SimFault}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, tt.b)
			seen := map[explorer.SimEnd]bool{}
			for seed := range uint64(20) {
				sim, err := explorer.Simulate(context.Background(), m, seed, tt.steps)
				require.NoError(t, err)
				seen[sim.End] = true
				if sim.End == explorer.SimFault {
					require.NotEmpty(t, sim.Steps)
					last := sim.Steps[len(sim.Steps)-1]
					assert.Nil(t, last.After)
					assert.NotNil(t, last.Transition.Fault)
				}
				if sim.End == explorer.SimSteps {
					assert.Len(t, sim.Steps, tt.steps)
				}
			}
			for _, w := range tt.want {
				assert.True(t, seen[w], "some seed ends with %s; got %v", w, seen)
			}
			assert.Len(t, seen, len(tt.want), "only the expected ends: %v", seen)
		})
	}
}

func TestSimulateRefusesBadInput(t *testing.T) {
	_, err := explorer.Simulate(context.Background(), nil, 1, 1)
	assert.EqualError(t, err, "explorer: no machine")
	m := machine(t, semLock(2, ir.SemWeak))
	_, err = explorer.Simulate(context.Background(), m, 1, -1)
	assert.EqualError(t, err, "explorer: negative number of steps")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sim, err := explorer.Simulate(ctx, m, 1, 10)
	require.NoError(t, err)
	assert.Equal(t, explorer.SimCancelled, sim.End)
	assert.Empty(t, sim.Steps)
}
