package checker_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

func TestMutexViolation(t *testing.T) {
	res := run(t, lockVariable(), checker.Options{})
	c := check(t, res, "mutex")
	require.Equal(t, checker.Violated, c.Verdict)
	assert.Equal(t, "P[0] and P[1] are both in critical", c.Message)
	require.NotNil(t, c.Trace)
	// Both awaits must pass before either assignment: the shortest runs have
	// 4 steps, and the first in successor order is P[0], P[1], P[0], P[1].
	var got []string
	for _, s := range c.Trace.Steps {
		got = append(got, res.Processes[s.Process]+": "+s.Statement)
	}
	assert.Equal(t, []string{"P[0]: await lock == 0", "P[1]: await lock == 0", "P[0]: lock = 1", "P[1]: lock = 1"}, got)
	assert.Equal(t, []checker.Change{{Name: "lock", Value: checker.Value{Kind: checker.IntValue, Int: 1, Text: "1"}}},
		c.Trace.Steps[2].Changes)
	assert.Empty(t, c.Trace.Steps[3].Changes, "lock was 1 already")
	assert.Equal(t, pos(2), c.Trace.Steps[2].Pos)
	assert.Equal(t, []checker.ProcessState{
		{Process: 0, Pos: pos(3), Statement: "skip"},
		{Process: 1, Pos: pos(103), Statement: "skip"},
	}, c.Trace.Final)
	assert.Equal(t, map[string]string{"mutex": "violated", "deadlock": "holds", "assert": "holds", "runtime": "holds"}, verdicts(res))
	assert.True(t, res.Stats.Complete, "deadlock, assert and runtime still need the whole space")
}

func TestSemaphoreLockHolds(t *testing.T) {
	tests := []struct {
		name   string
		prog   *irtest.Builder
		states int64
	}{
		// Worked out in the explorer's tests: 9 states for weak and fifo, 5 for
		// busy (no blocked states).
		{"weak", semLock(2, ir.SemWeak), 9},
		{"fifo", semLock(2, ir.SemFifo), 9},
		{"busy", semLock(2, ir.SemBusy), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.prog, checker.Options{})
			assert.Equal(t, map[string]string{"mutex": "holds", "deadlock": "holds", "assert": "holds", "runtime": "holds"}, verdicts(res))
			assert.Equal(t, tt.states, res.Stats.States)
			assert.True(t, res.Stats.Complete)
			assert.Equal(t, 2*2+2+2*boolInt(tt.name == "fifo"), res.Stats.StateBytes) // a byte of counter and one of block status a process
			assert.Greater(t, res.Stats.BytesPerState, float64(res.Stats.StateBytes))
			assert.Equal(t, []string{"P[0]", "P[1]"}, res.Processes)
			for _, c := range res.Checks {
				assert.Nil(t, c.Trace)
				assert.Empty(t, c.Message)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestDeadlock(t *testing.T) {
	t.Run("lost wakeup", func(t *testing.T) {
		b := irtest.New("wakeup")
		b.Process("P[0]", irtest.Sleep(1))
		b.Process("P[1]", irtest.Wakeup("wakeup(P[0])", irtest.Proc(0, 2, irtest.C(0)), 1))
		b.Implicit()
		res := run(t, b, checker.Options{})
		c := check(t, res, "deadlock")
		require.Equal(t, checker.Violated, c.Verdict)
		assert.Equal(t, "no process can move: P[0] sleeps", c.Message)
		require.Len(t, c.Trace.Steps, 2)
		assert.Equal(t, checker.Step{Number: 1, Process: 1, Partner: -1, Pos: pos(101), Statement: "wakeup(P[0])",
			Note: "wakeup of P[0] is lost: it is not asleep"}, c.Trace.Steps[0])
		assert.Equal(t, checker.Step{Number: 2, Process: 0, Partner: -1, Pos: pos(1), Statement: "sleep()",
			Note: "falls asleep", Blocked: []int{0}}, c.Trace.Steps[1])
		assert.Equal(t, []checker.ProcessState{
			{Process: 0, Pos: pos(1), Statement: "sleep()", Blocked: true, Waits: "sleeps"},
			{Process: 1, Pos: pos(102), Statement: "end", Terminated: true},
		}, c.Trace.Final)
		assert.Equal(t, int64(5), res.Stats.States) // see the explorer's state counts
	})
	t.Run("mutex self-deadlock", func(t *testing.T) {
		b := irtest.New("self")
		mu := b.Mutex("m")
		b.Process("P[0]", irtest.Lock("lock(m)", mu, 1), irtest.Lock("lock(m)", mu, 2))
		b.Implicit()
		res := run(t, b, checker.Options{})
		c := check(t, res, "deadlock")
		require.Equal(t, checker.Violated, c.Verdict)
		assert.Equal(t, "no process can move: P[0] waits for mutex m", c.Message)
		require.Len(t, c.Trace.Steps, 2)
		assert.Equal(t, "blocks in lock(m)", c.Trace.Steps[1].Note)
		assert.Equal(t, []checker.Change{{Name: "m", Value: checker.Value{Kind: checker.ProcessValue, Int: 0, Text: "P[0]"}}},
			c.Trace.Steps[0].Changes)
	})
	t.Run("dining philosophers, left then right", func(t *testing.T) {
		res := run(t, leftRight(3), checker.Options{})
		c := check(t, res, "deadlock")
		require.Equal(t, checker.Violated, c.Verdict)
		assert.Equal(t, "no process can move: P[0] waits in down(fork[1]), P[1] waits in down(fork[2]) and P[2] waits in down(fork[0])", c.Message)
		assert.Len(t, c.Trace.Steps, 6, "each takes its left fork, then each blocks on its right one")
	})
	t.Run("a blocked daemon is no deadlock", func(t *testing.T) {
		b := irtest.New("daemon")
		s := b.Sem("s", ir.SemWeak, 0)
		b.Daemon(b.Process("Server", irtest.Down("down(s)", s, 1)))
		b.Process("Client", irtest.Skip(1))
		b.Implicit()
		res := run(t, b, checker.Options{})
		assert.Equal(t, checker.Holds, check(t, res, "deadlock").Verdict)
	})
	t.Run("an await that never passes", func(t *testing.T) {
		b := irtest.New("await")
		x := b.Var("x", 0, 1, 0)
		b.Process("P[0]", irtest.Await("await x == 1", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(1)), 1))
		b.Implicit()
		res := run(t, b, checker.Options{})
		c := check(t, res, "deadlock")
		require.Equal(t, checker.Violated, c.Verdict)
		assert.Equal(t, "no process can move: P[0] cannot pass await x == 1", c.Message)
		assert.Empty(t, c.Trace.Steps, "the initial state is stuck")
	})
}

// overflow: P[0] does x = 1, then x = x + 1, which leaves x's range 0..1.
func overflow() (*irtest.Builder, *ir.Check) {
	b := irtest.New("overflow")
	x := b.Var("x", 0, 1, 0)
	b.Process("P[0]",
		irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 1),
		irtest.Assign("x = x + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(x), irtest.C(1)), 2))
	inv := b.Check(ir.CheckInvariant, "invariant", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(0)))
	b.Implicit()
	return b, inv
}

func TestInvariantMessageQuotesIt(t *testing.T) {
	b, inv := overflow()
	inv.Text = "x == 0"
	res := run(t, b, checker.Options{})
	assert.Equal(t, "invariant x == 0 is false after 1 step", check(t, res, "invariant").Message)
}

func TestInvariantPrunes(t *testing.T) {
	b, _ := overflow()
	res := run(t, b, checker.Options{})
	// The state x = 1 violates the invariant and gets no successors: the
	// overflow is never reached, and that state is not a deadlock. 2 states.
	assert.Equal(t, map[string]string{"invariant": "violated", "deadlock": "holds", "assert": "holds", "runtime": "holds"}, verdicts(res))
	c := check(t, res, "invariant")
	assert.Equal(t, "the invariant is false after 1 step", c.Message)
	require.Len(t, c.Trace.Steps, 1)
	assert.Equal(t, int64(2), res.Stats.States)
	assert.Equal(t, int64(1), res.Stats.Transitions)
}

func TestUnselectedInvariantDoesNotPrune(t *testing.T) {
	b, _ := overflow()
	res := run(t, b, checker.Options{Checks: []string{"deadlock"}})
	assert.Equal(t, map[string]string{"deadlock": "holds", "assert": "holds", "runtime": "violated"}, verdicts(res))
	c := check(t, res, "runtime")
	assert.Equal(t, "P[0]: x = 2 is out of range 0..1", c.Message)
	require.Len(t, c.Trace.Steps, 2)
	last := c.Trace.Steps[1]
	assert.Equal(t, "x = x + 1", last.Statement)
	assert.Equal(t, "run-time error: x = 2 is out of range 0..1", last.Note)
	assert.Empty(t, last.Changes)
	assert.Equal(t, "x = x + 1", c.Trace.Final[0].Statement, "the fault leaves the process at its statement")
	// x=0 and x=1; the step out of x=1 faults. The run ends there.
	assert.Equal(t, int64(2), res.Stats.States)
}

func TestInvariantOnTheInitialState(t *testing.T) {
	b := irtest.New("initial")
	x := b.Var("x", 0, 1, 1)
	b.Process("P[0]", irtest.Skip(1))
	b.Check(ir.CheckInvariant, "zero", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(0)))
	b.Implicit()
	res := run(t, b, checker.Options{})
	c := check(t, res, "zero")
	require.Equal(t, checker.Violated, c.Verdict)
	assert.Empty(t, c.Trace.Steps)
	assert.Equal(t, "the invariant is false after 0 steps", c.Message)
	assert.Equal(t, checker.Holds, check(t, res, "deadlock").Verdict, "a pruned state is never a deadlock")
}

func TestLostUpdateInvariant(t *testing.T) {
	// LANGUAGE.md section 7: two processes doing tmp = x; x = tmp + 1 violate
	// (P[0]@end && P[1]@end) => x == 2.
	b := irtest.New("lost-update")
	x := b.Var("x", 0, 2, 0)
	t0 := b.Local(0, "tmp", 0, 2, 0)
	t1 := b.Local(1, "tmp", 0, 2, 0)
	for i, tv := range []int{t0, t1} {
		b.Process([]string{"P[0]", "P[1]"}[i],
			irtest.Assign("tmp = x", irtest.Ref(tv), irtest.Load(x), 1),
			irtest.Assign("x = tmp + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(tv), irtest.C(1)), 2))
	}
	end := b.Region("end", ir.RegionEnd, []int{2}, []int{2})
	both := irtest.Bin(ir.OpAnd, irtest.At(irtest.Proc(0, 2, irtest.C(0)), end), irtest.At(irtest.Proc(0, 2, irtest.C(1)), end))
	b.Check(ir.CheckInvariant, "invariant", irtest.Bin(ir.OpImplies, both, irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(2))))
	b.Implicit()
	res := run(t, b, checker.Options{})
	c := check(t, res, "invariant")
	require.Equal(t, checker.Violated, c.Verdict)
	var got []string
	for _, s := range c.Trace.Steps {
		got = append(got, res.Processes[s.Process]+": "+s.Statement)
	}
	// Both read x = 0 before either writes: the first such run in order.
	assert.Equal(t, []string{"P[0]: tmp = x", "P[1]: tmp = x", "P[0]: x = tmp + 1", "P[1]: x = tmp + 1"}, got)
	assert.Empty(t, c.Trace.Steps[0].Changes, "tmp was 0 already")
	assert.Equal(t, []checker.Change{{Name: "x", Value: checker.Value{Kind: checker.IntValue, Int: 1, Text: "1"}}}, c.Trace.Steps[2].Changes)
	assert.Equal(t, checker.Holds, check(t, res, "deadlock").Verdict)
}

func TestAssertAndShortestOrder(t *testing.T) {
	tests := []struct {
		name  string
		p0    []*ir.Instr
		p1    []*ir.Instr
		msg   string
		steps int
		proc  int
	}{
		{"the shorter wins", []*ir.Instr{irtest.Skip(1), irtest.Assert(`assert false, "a"`, irtest.C(0), "a", 2)},
			[]*ir.Instr{irtest.Assert(`assert false, "b"`, irtest.C(0), "b", 1)}, "P[1]: assertion failed: b", 1, 1},
		{"among the shortest, the first process", []*ir.Instr{irtest.Assert(`assert false, "a"`, irtest.C(0), "a", 1)},
			[]*ir.Instr{irtest.Assert(`assert false, "b"`, irtest.C(0), "b", 1)}, "P[0]: assertion failed: a", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := irtest.New("asserts")
			b.Process("P[0]", tt.p0...)
			b.Process("P[1]", tt.p1...)
			b.Implicit()
			res := run(t, b, checker.Options{})
			c := check(t, res, "assert")
			require.Equal(t, checker.Violated, c.Verdict)
			assert.Equal(t, tt.msg, c.Message)
			require.Len(t, c.Trace.Steps, tt.steps)
			last := c.Trace.Steps[tt.steps-1]
			assert.Equal(t, tt.proc, last.Process)
			assert.Equal(t, strings.TrimPrefix(tt.msg, res.Processes[tt.proc]+": "), last.Note)
		})
	}
}

func TestRuntimeUnlockByNonOwner(t *testing.T) {
	b := irtest.New("unlock")
	mu := b.Mutex("m")
	b.Process("P[0]", irtest.Lock("lock(m)", mu, 1))
	b.Process("P[1]", irtest.Unlock("unlock(m)", mu, 1))
	b.Implicit()
	res := run(t, b, checker.Options{})
	c := check(t, res, "runtime")
	require.Equal(t, checker.Violated, c.Verdict)
	assert.Equal(t, "P[1]: unlock of m by P[1], which does not hold it", c.Message)
	require.Len(t, c.Trace.Steps, 1, "m is free in the initial state: P[1] does not hold it")
	assert.Equal(t, pos(101), c.Trace.Steps[0].Pos)
}

func TestWakeupPartner(t *testing.T) {
	b := irtest.New("wakeup")
	b.Process("P[0]", irtest.Sleep(1))
	b.Process("P[1]", irtest.Wakeup("wakeup(P[0])", irtest.Proc(0, 2, irtest.C(0)), 1))
	end := b.Region("end", ir.RegionEnd, []int{1}, []int{1})
	b.Check(ir.CheckInvariant, "never", irtest.Not(irtest.At(irtest.Proc(0, 2, irtest.C(0)), end)))
	b.Implicit()
	res := run(t, b, checker.Options{})
	c := check(t, res, "never")
	require.Equal(t, checker.Violated, c.Verdict)
	require.Len(t, c.Trace.Steps, 2)
	assert.Equal(t, 0, c.Trace.Steps[1].Partner)
	assert.Equal(t, "wakes P[0]", c.Trace.Steps[1].Note)
}

func TestSelection(t *testing.T) {
	b := lockVariable()
	b.Check(ir.CheckInvariant, "inv", irtest.C(1))
	b.Check(ir.CheckProgress, "progress", nil)
	tests := []struct {
		name   string
		checks []string
		want   map[string]string
	}{
		// The program declares no trying region: no process is ever trying, so
		// progress holds.
		{"all", nil, map[string]string{"mutex": "violated", "inv": "holds", "progress": "holds", "deadlock": "holds", "assert": "holds", "runtime": "holds"}},
		{"by name", []string{"inv"}, map[string]string{"inv": "holds", "deadlock": "holds", "assert": "holds", "runtime": "holds"}},
		{"by kind", []string{"invariant", "mutex"}, map[string]string{"mutex": "violated", "inv": "holds", "deadlock": "holds", "assert": "holds", "runtime": "holds"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, b, checker.Options{Checks: tt.checks})
			assert.Equal(t, tt.want, verdicts(res))
		})
	}
	_, err := checker.Run(context.Background(), b.Program(), checker.Options{Checks: []string{"nope"}})
	assert.EqualError(t, err, `unknown check "nope"`)
}

func TestImplicitChecksAdded(t *testing.T) {
	b := irtest.New("bare")
	b.Process("P[0]", irtest.Skip(1))
	res := run(t, b, checker.Options{})
	assert.Equal(t, map[string]string{"deadlock": "holds", "assert": "holds", "runtime": "holds"}, verdicts(res))
}

func TestLimits(t *testing.T) {
	t.Run("undecided checks are unknown", func(t *testing.T) {
		res := run(t, semLock(2, ir.SemWeak), checker.Options{MaxStates: 3})
		assert.Equal(t, map[string]string{"mutex": "unknown", "deadlock": "unknown", "assert": "unknown", "runtime": "unknown"}, verdicts(res))
		assert.Equal(t, "the max-states limit was reached before this check was decided", check(t, res, "mutex").Message)
		assert.False(t, res.Stats.Complete)
		assert.Equal(t, "max-states", res.Stats.Limit)
		assert.Equal(t, int64(3), res.Stats.States)
	})
	t.Run("violations found stand", func(t *testing.T) {
		b := irtest.New("limit")
		c := b.Var("c", 0, 99, 0)
		b.Process("P[0]", irtest.Assert(`assert false`, irtest.C(0), "", 1))
		b.Process("P[1]", irtest.Assign("c = (c + 1) % 100", irtest.Ref(c),
			irtest.Bin(ir.OpMod, irtest.Bin(ir.OpAdd, irtest.Load(c), irtest.C(1)), irtest.C(100)), 0))
		b.Implicit()
		res := run(t, b, checker.Options{MaxStates: 5})
		assert.Equal(t, map[string]string{"deadlock": "unknown", "assert": "violated", "runtime": "unknown"}, verdicts(res))
		assert.Equal(t, "P[0]: assertion failed: false", check(t, res, "assert").Message)
	})
	t.Run("timeout", func(t *testing.T) {
		ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
		defer cancel()
		res, err := checker.Run(ctx, semLock(2, ir.SemWeak).Program(), checker.Options{})
		require.NoError(t, err)
		assert.Equal(t, "timeout", res.Stats.Limit)
		assert.Equal(t, "the timeout was reached before this check was decided", check(t, res, "mutex").Message)
	})
}

func TestEarlyStopWhenEverythingIsViolated(t *testing.T) {
	b := irtest.New("all-bad")
	x := b.Var("x", 0, 1, 0)
	c := b.Var("c", 0, 99, 0)
	b.Process("P[0]", irtest.Either(1, 2), irtest.Assert("assert false", irtest.C(0), "", 3), irtest.Sleep(3))
	b.Process("P[1]", irtest.Either(1, 2), irtest.Assign("x = 2", irtest.Ref(x), irtest.C(2), 3), irtest.Sleep(3))
	b.Process("P[2]", irtest.Either(1, 2), irtest.Sleep(3), irtest.Assign("c = (c + 1) % 100", irtest.Ref(c),
		irtest.Bin(ir.OpMod, irtest.Bin(ir.OpAdd, irtest.Load(c), irtest.C(1)), irtest.C(100)), 0))
	b.Implicit()
	// The whole space has 2·2·2·100 = 800 states (each process asleep or
	// not, and c). Assert and runtime fail at depth 1, all three asleep is a
	// deadlock at depth 3: the search stops there.
	res := run(t, b, checker.Options{})
	assert.Equal(t, map[string]string{"deadlock": "violated", "assert": "violated", "runtime": "violated"}, verdicts(res))
	assert.Equal(t, "no process can move: P[0] sleeps, P[1] sleeps and P[2] sleeps", check(t, res, "deadlock").Message)
	assert.False(t, res.Stats.Complete)
	assert.Empty(t, res.Stats.Limit)
	assert.Less(t, res.Stats.States, int64(800))
	assert.Equal(t, 3, res.Stats.Depth)
}

func TestDeterminism(t *testing.T) {
	a := run(t, leftRight(4), checker.Options{})
	b := run(t, leftRight(4), checker.Options{Workers: 4})
	a.Stats.Elapsed, b.Stats.Elapsed = 0, 0
	a.Stats.Liveness, b.Stats.Liveness = 0, 0
	a.Stats.PeakMemory, b.Stats.PeakMemory = 0, 0
	assert.Equal(t, a, b)
}

func TestNotRunnable(t *testing.T) {
	b := irtest.New("bad")
	b.Process("P[0]", irtest.Skip(9))
	_, err := checker.Run(context.Background(), b.Program(), checker.Options{})
	assert.EqualError(t, err, "test.ilv:1:1: P[0]: jump to 9 is out of the code")
}

func TestCheckerImports(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	const module = "github.com/interleave/interleave/"
	out, err := exec.Command("go", "list", "-deps", module+"checker").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	for _, bad := range []string{"lang/syntax", "lang", "reports", "models", "cmd/interleave"} {
		assert.NotContains(t, deps, module+bad)
	}
}

// peterson: Peterson's algorithm as in LANGUAGE.md section 1; swapped puts
// turn = i before interested[i] = true.
func peterson(swapped bool) *irtest.Builder {
	b := irtest.New("peterson")
	turn := b.Var("turn", 0, 1, 0)
	in := b.Bool("interested", false, 2)
	for i := range 2 {
		me, other := irtest.C(int32(i)), irtest.C(int32(1-i))
		set := irtest.Assign("interested[i] = true", irtest.Ref(in, me), irtest.C(1), 2)
		give := irtest.Assign("turn = i", irtest.Ref(turn), me, 3)
		if swapped {
			give.Next, set.Next = 2, 3
			set, give = give, set
		}
		wait := irtest.Not(irtest.Bin(ir.OpAnd, irtest.Bin(ir.OpEq, irtest.Load(turn), me), irtest.Load(in, other)))
		b.Process([]string{"P[0]", "P[1]"}[i],
			irtest.Noncritical(1),
			set,
			give,
			irtest.Await("await !(turn == i && interested[1 - i])", wait, 4),
			irtest.Skip(5),
			irtest.Assign("interested[i] = false", irtest.Ref(in, me), irtest.C(0), 0))
	}
	b.Region("critical", ir.RegionCritical, []int{4}, []int{4})
	b.Check(ir.CheckMutex, "mutex", nil)
	b.Implicit()
	return b
}

func TestPeterson(t *testing.T) {
	res := run(t, peterson(false), checker.Options{})
	assert.Equal(t, map[string]string{"mutex": "holds", "deadlock": "holds", "assert": "holds", "runtime": "holds"}, verdicts(res))

	res = run(t, peterson(true), checker.Options{})
	c := check(t, res, "mutex")
	require.Equal(t, checker.Violated, c.Verdict)
	assert.Equal(t, "P[0] and P[1] are both in critical", c.Message)
	// Each process needs noncritical, two assignments and the await: 8 steps.
	assert.Len(t, c.Trace.Steps, 8)
}

func TestInvariantThatFaults(t *testing.T) {
	b := irtest.New("invariant-fault")
	x := b.Var("x", 0, 1, 1)
	b.Process("P[0]", irtest.Assign("x = 0", irtest.Ref(x), irtest.C(0), 1))
	b.Check(ir.CheckInvariant, "ratio", irtest.Bin(ir.OpEq, irtest.Bin(ir.OpDiv, irtest.C(1), irtest.Load(x)), irtest.C(1)))
	b.Implicit()
	res := run(t, b, checker.Options{})
	c := check(t, res, "ratio")
	require.Equal(t, checker.Violated, c.Verdict)
	assert.Equal(t, "the invariant cannot be evaluated: division by zero", c.Message)
	assert.Len(t, c.Trace.Steps, 1)
	assert.Equal(t, checker.Holds, check(t, res, "runtime").Verdict, "an invariant is not the model's code")
}
