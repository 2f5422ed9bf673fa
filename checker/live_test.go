package checker_test

import (
	"context"
	"fmt"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// replay runs trace tr on p's machine from the initial state: each step must
// be a transition of the state reached so far with the step's process,
// position, partner and changes. It returns the states visited, the initial
// one first.
func replay(t *testing.T, p *ir.Program, tr *checker.Trace) [][]byte {
	t.Helper()
	m, err := explorer.New(p)
	require.NoError(t, err)
	r := m.NewStepper()
	states := [][]byte{m.Initial()}
	for _, st := range tr.Steps {
		cur := states[len(states)-1]
		var next []byte
		r.Successors(cur, func(tt *explorer.Transition, s []byte) {
			in := p.Processes[tt.Process].Code[tt.PC]
			if next != nil || s == nil || tt.Process != st.Process || tt.Partner != st.Partner || in.Pos != st.Pos {
				return
			}
			var changes []string
			for _, c := range m.Changes(cur, s) {
				changes = append(changes, c.Name+"="+c.Value.Text)
			}
			var want []string
			for _, c := range st.Changes {
				want = append(want, c.Name+"="+c.Value.Text)
			}
			if slices.Equal(changes, want) {
				next = slices.Clone(s)
			}
		})
		require.NotNil(t, next, "step %d (%s) is not a transition of the state before it", st.Number, st.Statement)
		states = append(states, next)
	}
	return states
}

// replayLasso replays a lasso and checks that its cycle closes: the state at
// LoopStart is the last one.
func replayLasso(t *testing.T, p *ir.Program, tr *checker.Trace) [][]byte {
	t.Helper()
	require.NotNil(t, tr)
	require.GreaterOrEqual(t, tr.LoopStart, 1)
	require.LessOrEqual(t, tr.LoopStart, len(tr.Steps)+1)
	states := replay(t, p, tr)
	assert.Equal(t, states[tr.LoopStart-1], states[len(states)-1], "the cycle does not close")
	return states
}

// boundOf is a bounded_waiting result's bound, -1 when unbounded.
func boundOf(c checker.CheckResult) int {
	if c.Bound == nil {
		return -1
	}
	return *c.Bound
}

func TestLivenessVerdicts(t *testing.T) {
	tests := []struct {
		name string
		prog *phased
		// progress, starvation and bounded_waiting verdicts, and the bound
		// (-1: unbounded).
		progress, starvation, waiting string
		bound                         int
	}{
		// A blocked process is handed the permit by the only other one, which
		// cannot enter again before: bound 0.
		{"semaphore 2 weak", semLoop(2, ir.SemWeak, ir.FairWeak), "holds", "holds", "holds", 0},
		// P[1] and P[2] hand the permit to each other while P[0] stays blocked,
		// never enabled, so weak fairness does not help it.
		{"semaphore 3 weak", semLoop(3, ir.SemWeak, ir.FairWeak), "holds", "violated", "violated", -1},
		// The queue serves P[0] after the one holder and at most one process
		// queued before it (4 processes: two).
		{"semaphore 3 fifo", semLoop(3, ir.SemFifo, ir.FairWeak), "holds", "holds", "holds", 1},
		{"semaphore 4 fifo", semLoop(4, ir.SemFifo, ir.FairWeak), "holds", "holds", "holds", 2},
		// A busy down is disabled whenever the other holds the permit: weakly
		// fair runs may never let P[0] in, strongly fair ones must.
		{"semaphore busy weak", semLoop(2, ir.SemBusy, ir.FairWeak), "holds", "violated", "violated", -1},
		{"semaphore busy strong", semLoop(2, ir.SemBusy, ir.FairStrong), "holds", "holds", "violated", -1},
		// The other may stay in noncritical while the turn is its own; while
		// P[0] waits, P[1] enters once and gives the turn away.
		{"strict alternation", strictAlternation(), "violated", "violated", "holds", 1},
		// P[1] can win the test-and-set every time.
		{"tsl spinlock", tslSpinlock(), "holds", "violated", "violated", -1},
		// Once P[0] has written turn, P[1] enters at most once before it.
		{"peterson", petersonLoop(), "holds", "holds", "holds", 1},
		{"peterson strong", func() *phased { p := petersonLoop(); p.fairness = ir.FairStrong; return p }(), "holds", "holds", "holds", 1},
		// No process is ever forced to move: a run may stop with P[0] trying.
		{"semaphore 2 no fairness", semLoop(2, ir.SemWeak, ir.FairNone), "violated", "violated", "holds", 0},
		{"peterson no fairness", func() *phased { p := petersonLoop(); p.fairness = ir.FairNone; return p }(), "violated", "violated", "holds", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.prog.build(tt.name).Program()
			res, err := checker.Run(context.Background(), p, checker.Options{})
			require.NoError(t, err)
			require.True(t, res.Stats.Complete)
			assert.Equal(t, map[string]string{"mutex": "holds", "deadlock": "holds", "assert": "holds", "runtime": "holds",
				"progress": tt.progress, "starvation": tt.starvation, "bounded_waiting": tt.waiting}, verdicts(res))
			bw := check(t, res, "bounded_waiting")
			assert.Equal(t, tt.bound, boundOf(bw))
			for _, c := range res.Checks {
				if c.Verdict == checker.Violated {
					assert.NotEmpty(t, c.Message)
					replayLasso(t, p, c.Trace)
				} else {
					assert.Nil(t, c.Trace)
				}
			}
			if tt.bound >= 0 {
				require.NotNil(t, bw.Witness)
				assert.Equal(t, 0, bw.Witness.LoopStart)
				assert.Equal(t, tt.bound, mostEntries(t, p, replay(t, p, bw.Witness)), "the witness does not reach the bound")
			} else {
				assert.Nil(t, bw.Witness)
			}
			assert.Positive(t, res.Stats.GraphBytes)
			assert.Positive(t, res.Stats.Liveness)
			assert.LessOrEqual(t, res.Stats.Liveness, res.Stats.Elapsed)
		})
	}
}

// TestSmallGraphForcesNoCollection checks that the liveness checks of a
// small model, each process searched in turn or side by side, force no
// garbage collection: on a graph this small one costs more than the whole
// decision.
func TestSmallGraphForcesNoCollection(t *testing.T) {
	p := semLoop(3, ir.SemFifo, ir.FairWeak).build("sem").Program()
	for _, workers := range []int{1, 2} {
		before := forcedCollections()
		res, err := checker.Run(context.Background(), p, checker.Options{Workers: workers})
		require.NoError(t, err)
		require.Equal(t, checker.Holds, check(t, res, "starvation").Verdict)
		require.Positive(t, res.Stats.GraphBytes)
		assert.Equal(t, before, forcedCollections(), "workers %d", workers)
	}
}

// forcedCollections is the number of garbage collections the process has
// forced so far.
func forcedCollections() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestLivenessTimeOnlyWithAGraph checks that a run spends time on liveness
// only when it records a graph for liveness checks.
func TestLivenessTimeOnlyWithAGraph(t *testing.T) {
	p := semLoop(3, ir.SemWeak, ir.FairWeak).build("sem").Program()
	safety, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"mutex"}})
	require.NoError(t, err)
	assert.Zero(t, safety.Stats.Liveness)
	assert.Zero(t, safety.Stats.GraphBytes)
	live, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"mutex", "starvation"}})
	require.NoError(t, err)
	assert.Positive(t, live.Stats.Liveness)
	assert.LessOrEqual(t, live.Stats.Liveness, live.Stats.Elapsed)
	assert.Positive(t, live.Stats.GraphBytes)
}

// mostEntries is, over the processes i, the number of entries into critical
// by the others along the longest stretch at the end of a run in which i is
// waiting (in the waiting region, or trying and blocked).
func mostEntries(t *testing.T, p *ir.Program, states [][]byte) int {
	t.Helper()
	m, err := explorer.New(p)
	require.NoError(t, err)
	region := func(k ir.RegionKind) int {
		for r, reg := range p.Regions {
			if reg.Kind == k {
				return r
			}
		}
		return -1
	}
	crit, trying, waiting := region(ir.RegionCritical), region(ir.RegionTrying), region(ir.RegionWaiting)
	waits := func(s []byte, i int) bool {
		return m.InRegion(s, i, waiting) || (m.InRegion(s, i, trying) && m.Blocked(s, i))
	}
	best := 0
	for i := range p.Processes {
		n := 0
		for k := len(states) - 1; k > 0 && waits(states[k], i) && waits(states[k-1], i); k-- {
			for j := range p.Processes {
				if j != i && !m.InRegion(states[k-1], j, crit) && m.InRegion(states[k], j, crit) {
					n++
				}
			}
		}
		best = max(best, n)
	}
	return best
}

func TestLivenessCounterexamples(t *testing.T) {
	t.Run("strict alternation: the other stays in noncritical", func(t *testing.T) {
		p := strictAlternation().build("alt").Program()
		res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"progress"}})
		require.NoError(t, err)
		c := check(t, res, "progress")
		require.Equal(t, checker.Violated, c.Verdict)
		// After P[0]'s noncritical step the turn is its own and fairness lets it
		// in; after P[1]'s, P[1] is stuck at its await and P[0] may stay in
		// noncritical: no process is fairly enabled, the run stops there.
		assert.Equal(t, "P[1] is trying but no process ever enters critical: P[0] stays in noncritical; the run stays here forever", c.Message)
		require.Len(t, c.Trace.Steps, 1)
		assert.Equal(t, 1, c.Trace.Steps[0].Process)
		assert.Equal(t, "noncritical", c.Trace.Steps[0].Statement)
		assert.Equal(t, 2, c.Trace.LoopStart)
		assert.Equal(t, []checker.ProcessState{
			{Process: 0, Pos: pos(1), Statement: "noncritical"},
			{Process: 1, Pos: pos(102), Statement: "await turn == i"},
		}, c.Trace.Final)
	})
	t.Run("three processes on a weak semaphore: two hand the permit to each other", func(t *testing.T) {
		p := semLoop(3, ir.SemWeak, ir.FairWeak).build("sem3").Program()
		res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"starvation"}})
		require.NoError(t, err)
		c := check(t, res, "starvation")
		require.Equal(t, checker.Violated, c.Verdict)
		assert.Equal(t, "P[0] waits at line 2 while P[1] enters its critical section again and again and P[2] enters its critical section again and again", c.Message)
		replayLasso(t, p, c.Trace)
		cycle := c.Trace.Steps[c.Trace.LoopStart-1:]
		handed := map[int]bool{}
		for _, s := range cycle {
			assert.NotEqual(t, 0, s.Process, "P[0] moves on the cycle")
			if s.Partner >= 0 {
				handed[s.Partner] = true
				assert.Contains(t, s.Note, "hands the permit of s to")
			}
		}
		assert.Equal(t, map[int]bool{1: true, 2: true}, handed)
		assert.Equal(t, checker.ProcessState{Process: 0, Pos: pos(2), Statement: "down(s)", Blocked: true, Waits: "waits in down(s)"}, c.Trace.Final[0])
	})
	t.Run("no fairness: the run stops", func(t *testing.T) {
		p := semLoop(2, ir.SemWeak, ir.FairNone).build("none").Program()
		res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"progress"}})
		require.NoError(t, err)
		c := check(t, res, "progress")
		require.Equal(t, checker.Violated, c.Verdict)
		assert.Equal(t, "P[0] is trying but no process ever enters critical: P[1] stays in noncritical; with no fairness assumed, the run may stop: it stays here forever", c.Message)
		require.Len(t, c.Trace.Steps, 1)
		assert.Equal(t, 2, c.Trace.LoopStart)
	})
	t.Run("tsl spinlock: the cycle enters again and again", func(t *testing.T) {
		p := tslSpinlock().build("tsl").Program()
		res, err := checker.Run(context.Background(), p, checker.Options{})
		require.NoError(t, err)
		for _, name := range []string{"starvation", "bounded_waiting"} {
			c := check(t, res, name)
			require.Equal(t, checker.Violated, c.Verdict, name)
			assert.Equal(t, "P[0] waits at line 2 while P[1] enters its critical section again and again", c.Message, name)
			states := replayLasso(t, p, c.Trace)
			assert.Less(t, c.Trace.LoopStart, len(states), "%s: a real cycle, not a stutter", name)
		}
	})
}

// leadsTo adds `P[0]@trying leadsto goal` to ph's program, with no other
// liveness check.
func leadsTo(ph *phased, left func(ph *phased) *ir.Expr, goal func(ph *phased) *ir.Expr) *ir.Program {
	ph.checks = nil
	b := ph.build("leadsto")
	c := b.Check(ir.CheckLeadsTo, "leadsto", left(ph))
	c.Goal = goal(ph)
	return b.Program()
}

func TestLeadsTo(t *testing.T) {
	p0 := func(r func(ph *phased) int) func(ph *phased) *ir.Expr {
		return func(ph *phased) *ir.Expr { return irtest.At(irtest.Proc(0, ph.n, irtest.C(0)), r(ph)) }
	}
	trying := p0(func(ph *phased) int { return ph.tryingRegion })
	critical := p0(func(ph *phased) int { return ph.critical })
	broken := func(*phased) *ir.Expr {
		return irtest.Bin(ir.OpEq, irtest.Bin(ir.OpDiv, irtest.C(1), irtest.C(0)), irtest.C(0))
	}
	tests := []struct {
		name    string
		prog    *ir.Program
		verdict checker.Verdict
		message string
	}{
		// Two processes: P[0] is handed the permit when it is blocked.
		{"holds", leadsTo(semLoop(2, ir.SemWeak, ir.FairWeak), trying, critical), checker.Holds, ""},
		// Three: P[1] and P[2] keep the permit between them.
		{"violated", leadsTo(semLoop(3, ir.SemWeak, ir.FairWeak), trying, critical), checker.Violated,
			`^the left side holds after \d+ steps?, but the goal never holds from then on$`},
		// A left side that cannot be evaluated is false: nothing to prove.
		{"left side faults", leadsTo(semLoop(3, ir.SemWeak, ir.FairWeak), broken, critical), checker.Holds,
			`^in \d+ states an expression of the check cannot be evaluated \(division by zero\): it counts as false there$`},
		// A goal that cannot be evaluated is never reached.
		{"goal faults", leadsTo(semLoop(2, ir.SemWeak, ir.FairWeak), trying, broken), checker.Violated,
			`^the left side holds after 1 step, but the goal never holds from then on; in \d+ states an expression of the check cannot be evaluated \(division by zero\): it counts as false there$`},
		// No fairness: P[0] may stop right after its noncritical step.
		{"no fairness", leadsTo(semLoop(2, ir.SemWeak, ir.FairNone), trying, critical), checker.Violated,
			"the left side holds after 1 step, but the goal never holds from then on; with no fairness assumed, the run may stop: it stays here forever"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := checker.Run(context.Background(), tt.prog, checker.Options{})
			require.NoError(t, err)
			c := check(t, res, "leadsto")
			assert.Equal(t, tt.verdict, c.Verdict)
			if strings.HasPrefix(tt.message, "^") {
				assert.Regexp(t, tt.message, c.Message)
			} else {
				assert.Equal(t, tt.message, c.Message)
			}
			if tt.verdict == checker.Violated {
				states := replayLasso(t, tt.prog, c.Trace)
				m, err := explorer.New(tt.prog)
				require.NoError(t, err)
				var entry int
				_, err = fmt.Sscanf(c.Message, "the left side holds after %d", &entry)
				require.NoError(t, err)
				require.Less(t, entry, len(states))
				// Regions of a phased program: 0 critical, 2 trying.
				assert.True(t, m.InRegion(states[entry], 0, 2), "P[0] is not trying after %d steps", entry)
				for _, s := range states[entry:] {
					if tt.name == "goal faults" {
						break // the goal is not P[0]@critical
					}
					assert.False(t, m.InRegion(s, 0, 0), "P[0] is in critical after step %d", entry)
				}
			}
		})
	}
}

func TestLivenessLimits(t *testing.T) {
	p := semLoop(2, ir.SemWeak, ir.FairWeak).build("sem").Program()
	t.Run("max states", func(t *testing.T) {
		res, err := checker.Run(context.Background(), p, checker.Options{MaxStates: 3})
		require.NoError(t, err)
		for _, name := range []string{"progress", "starvation", "bounded_waiting"} {
			c := check(t, res, name)
			assert.Equal(t, checker.Unknown, c.Verdict, name)
			assert.Equal(t, "the max-states limit was reached before this check was decided", c.Message)
			assert.Nil(t, c.Bound)
		}
		assert.Zero(t, res.Stats.GraphBytes)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res, err := checker.Run(ctx, p, checker.Options{})
		require.NoError(t, err)
		c := check(t, res, "starvation")
		assert.Equal(t, checker.Unknown, c.Verdict)
		assert.Equal(t, "the run was cancelled before this check was decided", c.Message)
	})
}

// countdown is a context that reports itself cancelled from its n-th call of
// Err on, so that a test can cancel a run at every point where it looks.
type countdown struct {
	context.Context
	n *atomic.Int32
}

func (c countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestLivenessCancelledMidway(t *testing.T) {
	p := semLoop(3, ir.SemWeak, ir.FairWeak).build("sem3").Program()
	want, err := checker.Run(context.Background(), p, checker.Options{})
	require.NoError(t, err)
	midway := 0
	for n := int32(0); n < 40; n++ {
		ctx := countdown{Context: context.Background(), n: new(atomic.Int32)}
		ctx.n.Store(n)
		res, err := checker.Run(ctx, p, checker.Options{})
		require.NoError(t, err, "cancelled after %d looks", n)
		for i, c := range res.Checks {
			if c.Verdict == checker.Unknown {
				assert.Equal(t, "the run was cancelled before this check was decided", c.Message)
				if res.Stats.Complete {
					midway++
				}
				continue
			}
			assert.Equal(t, want.Checks[i], c, "cancelled after %d looks", n)
		}
	}
	assert.Positive(t, midway, "no run was cancelled after its search")
}

func TestLeadsToMessageNamesItsSides(t *testing.T) {
	trying := func(ph *phased) *ir.Expr { return irtest.At(irtest.Proc(0, ph.n, irtest.C(0)), ph.tryingRegion) }
	critical := func(ph *phased) *ir.Expr { return irtest.At(irtest.Proc(0, ph.n, irtest.C(0)), ph.critical) }
	prog := leadsTo(semLoop(2, ir.SemWeak, ir.FairNone), trying, critical)
	for _, c := range prog.Checks {
		if c.Kind == ir.CheckLeadsTo {
			c.Text = "P[0]@trying leadsto P[0]@critical"
		}
	}
	res, err := checker.Run(context.Background(), prog, checker.Options{})
	require.NoError(t, err)
	assert.Equal(t, "P[0]@trying holds after 1 step, but P[0]@critical never holds from then on; "+
		"with no fairness assumed, the run may stop: it stays here forever", check(t, res, "leadsto").Message)
}
