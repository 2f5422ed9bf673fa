package explorer_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

func TestSearchStateCounts(t *testing.T) {
	tests := []struct {
		name        string
		prog        *irtest.Builder
		states      int64
		transitions int64
		depth       int
		deadends    int
	}{
		// (pc0,pc1) ∈ {0,end}²: 4 states; 2 steps from the initial state, one
		// from each half-done state; the last state is a dead end (all ended).
		{"two assignments", twoAssign(), 4, 4, 2, 1},
		// (P0,P1): (0,0) s=1; (1,0) (0,1) (2,0) (0,2) s=0; (1,0b) (0b,1)
		// (2,0b) (0b,2) with one blocked: 9 states. Five states with both
		// able to move have 2 steps each, four with one blocked have 1: 14.
		{"weak semaphore lock, 2 processes", semLock(2, ir.SemWeak), 9, 14, 3, 0},
		// The same states: the queue holds only the one blocked process.
		{"fifo semaphore lock, 2 processes", semLock(2, ir.SemFifo), 9, 14, 3, 0},
		// No blocked states: (0,0) (1,0) (0,1) (2,0) (0,2); steps 2+1+1+1+1.
		{"busy semaphore lock, 2 processes", semLock(2, ir.SemBusy), 5, 6, 2, 0},
		// (0,0); P0 asleep (0s,0); lost wakeup (0,E); woken (E,E); asleep after
		// the lost wakeup (0s,E). Dead ends: (E,E) and (0s,E).
		{"lost wakeup", lostWakeup(), 5, 4, 2, 2},
		// 3 counters modulo 4: 4³ states, 3 steps each.
		{"counters", counters(3, 4), 64, 192, 9, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, tt.prog)
			r := &recorder{}
			sp := explore(t, m, r)
			o := sp.Outcome
			assert.Equal(t, tt.states, o.States)
			assert.Equal(t, tt.transitions, o.Transitions)
			assert.Equal(t, tt.depth, o.Depth)
			assert.Len(t, r.deadends, tt.deadends)
			assert.True(t, o.Complete)
			assert.Empty(t, o.Limit)
			assert.Equal(t, m.StateSize(), o.StateBytes)
			for id, d := range r.depths {
				assert.Equal(t, d, sp.Depth(explorer.StateID(id)), "depth of state %d", id)
				if id > 0 {
					assert.GreaterOrEqual(t, d, r.depths[id-1], "breadth first: depths never decrease")
				}
			}
		})
	}
}

func TestSearchPrunes(t *testing.T) {
	m := machine(t, twoAssign())
	r := &recorder{prune: func(s []byte) bool { return m.PC(s, 0) == 1 }}
	sp := explore(t, m, r)
	// The same 4 states are reached, but the two where P[0] has ended are not
	// expanded: 2 steps from the initial state, 1 from (0,E): 3 transitions,
	// and no dead end although (E,E) has no successors.
	assert.Equal(t, int64(4), sp.Outcome.States)
	assert.Equal(t, int64(3), sp.Outcome.Transitions)
	assert.Empty(t, r.deadends)
}

func TestSearchLimits(t *testing.T) {
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	stopped, cancel2 := context.WithCancel(context.Background())
	cancel2()
	tests := []struct {
		name   string
		ctx    context.Context
		opts   explorer.Options
		stopAt int
		states int64
		limit  string
		stop   bool
	}{
		{"max states", context.Background(), explorer.Options{MaxStates: 4}, 0, 4, "max-states", false},
		{"max states not reached", context.Background(), explorer.Options{MaxStates: 9}, 0, 9, "", false},
		{"max memory", context.Background(), explorer.Options{MaxMemory: 1}, 0, 0, "max-memory", false},
		{"timeout", expired, explorer.Options{}, 0, 0, "timeout", false},
		{"cancelled", stopped, explorer.Options{}, 0, 0, "cancelled", false},
		{"visitor stops", context.Background(), explorer.Options{}, 3, 3, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, semLock(2, ir.SemWeak)) // 9 states
			sp, err := explorer.Search(tt.ctx, m, tt.opts, &recorder{stopAt: tt.stopAt})
			require.NoError(t, err)
			o := sp.Outcome
			assert.Equal(t, tt.states, o.States)
			assert.Equal(t, tt.limit, o.Limit)
			assert.Equal(t, tt.stop, o.Stopped)
			assert.Equal(t, tt.limit == "" && !tt.stop, o.Complete)
		})
	}
}

func TestTraceRebuild(t *testing.T) {
	m := machine(t, lostWakeup())
	r := &recorder{}
	sp := explore(t, m, r)
	// Ids in BFS order: 0 (0,0); 1 (0s,0); 2 (0,E) after the lost wakeup;
	// 3 (E,E); 4 (0s,E).
	require.Equal(t, []explorer.StateID{3, 4}, r.deadends)
	assert.Equal(t, []explorer.StateID{0, 2, 4}, sp.Path(4))
	steps, err := sp.Trace(4)
	require.NoError(t, err)
	require.Len(t, steps, 2)
	assert.Equal(t, 1, steps[0].Transition.Process)
	assert.Equal(t, "wakeup of P[0] is lost: it is not asleep", m.Note(&steps[0].Transition))
	assert.Equal(t, 0, steps[1].Transition.Process)
	assert.Equal(t, "falls asleep", m.Note(&steps[1].Transition))
	assert.Equal(t, sp.Store.Get(4), steps[1].After)
	assert.Equal(t, sp.Store.Get(2), steps[1].Before)
}

func TestTraceToFault(t *testing.T) {
	b := irtest.New("fault")
	x := b.Var("x", 0, 1, 0)
	b.Process("P[0]", irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 1),
		irtest.Assign("x = x + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(x), irtest.C(1)), 2))
	m := machine(t, b)
	r := &recorder{}
	sp := explore(t, m, r)
	require.Len(t, r.faults, 1)
	f := r.faults[0]
	steps, err := sp.TraceToFault(f.From, f.T.Index)
	require.NoError(t, err)
	require.Len(t, steps, 2)
	assert.Nil(t, steps[0].Transition.Fault)
	require.NotNil(t, steps[1].Transition.Fault)
	assert.Equal(t, "x = 2 is out of range 0..1", steps[1].Transition.Fault.Msg)
	assert.Nil(t, steps[1].After)
	_, err = sp.TraceToFault(f.From, f.T.Index+1)
	assert.EqualError(t, err, "explorer: state 1 has no fault at transition 1")
}

func TestSearchIsDeterministic(t *testing.T) {
	all := func() [][]byte {
		m := machine(t, philosophers(4))
		sp := explore(t, m, &recorder{})
		var out [][]byte
		for id := range sp.Outcome.States {
			out = append(out, append([]byte(nil), sp.Store.Get(explorer.StateID(id))...))
		}
		return out
	}
	a, b := all(), all()
	require.NotEmpty(t, a)
	assert.Equal(t, a, b)
}

// logger is a Visitor that logs every call, prunes states where P[0] is at
// prunePC and stops after stopAt states.
type logger struct {
	m       *explorer.Machine
	prunePC int
	stopAt  int
	log     []string
}

func (l *logger) State(id explorer.StateID, s []byte, depth int) explorer.Control {
	// As fmt's "state %d depth %d %x", which the race detector makes slow.
	line := strconv.AppendUint([]byte("state "), uint64(id), 10)
	line = strconv.AppendInt(append(line, " depth "...), int64(depth), 10)
	line = hex.AppendEncode(append(line, ' '), s)
	l.log = append(l.log, string(line))
	if l.stopAt > 0 && int(id)+1 >= l.stopAt {
		return explorer.Stop
	}
	if l.m.PC(s, 0) == l.prunePC {
		return explorer.Prune
	}
	return explorer.Continue
}

func (l *logger) Fault(from explorer.StateID, t *explorer.Transition) explorer.Control {
	l.log = append(l.log, fmt.Sprintf("fault %d #%d %s", from, t.Index, t.Fault.Msg))
	return explorer.Continue
}

func (l *logger) Deadend(id explorer.StateID, s []byte) explorer.Control {
	l.log = append(l.log, fmt.Sprintf("deadend %d", id))
	return explorer.Continue
}

func TestWorkersDoNotChangeTheSearch(t *testing.T) {
	faulty := func() *irtest.Builder {
		b := counters(3, 12)
		x := b.Var("x", 0, 3, 0)
		b.Process("Q", irtest.Either(1, 2),
			irtest.Assign("x = x + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(x), irtest.C(1)), 0),
			irtest.Sleep(3))
		return b
	}
	tests := []struct {
		name    string
		prog    func() *irtest.Builder
		opts    explorer.Options
		prunePC int
		stopAt  int
	}{
		{"philosophers", func() *irtest.Builder { return philosophers(7) }, explorer.Options{}, -1, 0},
		{"left-right philosophers deadlock", func() *irtest.Builder {
			b := irtest.New("left-right")
			fork := b.Sem("fork", ir.SemWeak, 1, 6)
			for i := range 6 {
				l, r := irtest.C(int32(i)), irtest.C(int32((i+1)%6))
				b.Process(fmt.Sprintf("P[%d]", i), irtest.Down("down(l)", fork, 1, l), irtest.Down("down(r)", fork, 2, r),
					irtest.Up("up(r)", fork, 3, r), irtest.Up("up(l)", fork, 0, l))
			}
			return b
		}, explorer.Options{}, -1, 0},
		{"faults and dead ends", faulty, explorer.Options{}, -1, 0},
		{"pruning", func() *irtest.Builder { return philosophers(7) }, explorer.Options{}, 2, 0},
		{"max states", faulty, explorer.Options{MaxStates: 3000}, -1, 0},
		{"visitor stops", faulty, explorer.Options{}, -1, 4000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs [][]string
			var outcomes []explorer.Outcome
			for _, w := range []int{1, 2, 3} {
				m := machine(t, tt.prog())
				l := &logger{m: m, prunePC: tt.prunePC, stopAt: tt.stopAt}
				_, o := searchOn(t, m, tt.opts, w, l)
				logs = append(logs, l.log)
				outcomes = append(outcomes, o)
			}
			require.NotEmpty(t, logs[0])
			kinds := map[string]int{}
			for _, line := range logs[0] {
				kinds[strings.Fields(line)[0]]++
			}
			widest := map[int]int{}
			for _, line := range logs[0] {
				var id, depth int
				if _, err := fmt.Sscanf(line, "state %d depth %d", &id, &depth); err == nil {
					widest[depth]++
				}
			}
			most := 0
			for _, n := range widest {
				most = max(most, n)
			}
			// Levels of 512 states and more are expanded in parallel.
			require.GreaterOrEqual(t, most, 512, "no level is wide enough to use the workers")
			t.Logf("%d calls: %v; widest level %d", len(logs[0]), kinds, most)
			assert.Equal(t, logs[0], logs[1])
			assert.Equal(t, logs[0], logs[2])
			assert.Equal(t, outcomes[0], outcomes[1])
			assert.Equal(t, outcomes[0], outcomes[2])
		})
	}
}

func TestEdges(t *testing.T) {
	m := machine(t, semLock(2, ir.SemWeak))
	sp := explore(t, m, &recorder{})
	edges := 0
	for id := range sp.Outcome.States {
		sp.Edges(explorer.StateID(id), func(tr *explorer.Transition, to explorer.StateID, ok bool) {
			require.True(t, ok)
			require.Less(t, int64(to), sp.Outcome.States)
			edges++
		})
	}
	assert.Equal(t, 14, edges) // the 14 transitions of the weak semaphore lock

	m = machine(t, twoAssign())
	r := &recorder{prune: func(s []byte) bool { return m.PC(s, 0) == 1 }}
	sp = explore(t, m, r)
	// Ids: 0 (0,0); 1 (E,0) pruned; 2 (0,E); 3 (E,E) pruned.
	assert.Equal(t, []bool{false, true, false, true}, []bool{sp.Pruned(0), sp.Pruned(1), sp.Pruned(2), sp.Pruned(3)})
	var tos []explorer.StateID
	sp.Edges(0, func(_ *explorer.Transition, to explorer.StateID, _ bool) { tos = append(tos, to) })
	assert.Equal(t, []explorer.StateID{1, 2}, tos)
	sp.Edges(1, func(*explorer.Transition, explorer.StateID, bool) { t.Error("a pruned state has no edges") })
}

func TestSearchReportsProgress(t *testing.T) {
	m := machine(t, counters(3, 20)) // 20^3 = 8000 states: more than one sampling period
	var calls []explorer.Outcome
	opts := explorer.Options{Progress: func(o explorer.Outcome) { calls = append(calls, o) }}
	sp, err := explorer.Search(context.Background(), m, opts, &logger{m: m, prunePC: -1})
	require.NoError(t, err)
	require.Equal(t, int64(8000), sp.Outcome.States)
	require.NotEmpty(t, calls)
	for i, o := range calls {
		assert.Greater(t, o.States, int64(0))
		assert.LessOrEqual(t, o.States, sp.Outcome.States)
		if i > 0 {
			assert.GreaterOrEqual(t, o.States, calls[i-1].States)
		}
	}
}
