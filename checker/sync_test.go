package checker_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// buffer is the bounded-buffer monitor of LANGUAGE.md section 7 with `if`
// instead of `while` around the wait, for one item and two consumers:
// monitor B { var count; cond notEmpty; proc put() { count++;
// signal(notEmpty) } proc get() { if count == 0 { wait(notEmpty) }; count-- }
// }, with `check invariant B.count >= 0`. Entering a procedure is lock(B),
// leaving it unlock(B); a Mesa wait is followed by its re-entry lock, a Hoare
// wait is not.
func buffer(hoare bool) *irtest.Builder {
	b := irtest.New("buffer")
	count := b.Var("B.count", -2, 2, 0)
	mon := b.Monitor("B", hoare)
	ne := b.Cond("notEmpty", mon)
	b.Process("Producer",
		irtest.Lock("B.put()", mon, 1),
		irtest.Assign("count = count + 1", irtest.Ref(count), irtest.Bin(ir.OpAdd, irtest.Load(count), irtest.C(1)), 2),
		irtest.Signal("signal(notEmpty)", irtest.S(ne), 3),
		irtest.Unlock("return", mon, 4))
	dec := irtest.Bin(ir.OpSub, irtest.Load(count), irtest.C(1))
	test := irtest.Bin(ir.OpEq, irtest.Load(count), irtest.C(0))
	for _, name := range []string{"Consumer[0]", "Consumer[1]"} {
		if hoare {
			b.Process(name,
				irtest.Lock("B.get()", mon, 1),
				irtest.Branch("if count == 0", test, 2, 3),
				irtest.Wait("wait(notEmpty)", irtest.S(ne), irtest.S(mon), 3),
				irtest.Assign("count = count - 1", irtest.Ref(count), dec, 4),
				irtest.Unlock("return", mon, 5))
			continue
		}
		b.Process(name,
			irtest.Lock("B.get()", mon, 1),
			irtest.Branch("if count == 0", test, 2, 4),
			irtest.Wait("wait(notEmpty)", irtest.S(ne), irtest.S(mon), 3),
			irtest.Lock("B.get()", mon, 4),
			irtest.Assign("count = count - 1", irtest.Ref(count), dec, 5),
			irtest.Unlock("return", mon, 6))
	}
	b.Check(ir.CheckInvariant, "invariant", irtest.Bin(ir.OpGe, irtest.Load(count), irtest.C(0)))
	b.Implicit()
	return b
}

func TestMesaAndHoareBuffer(t *testing.T) {
	t.Run("mesa", func(t *testing.T) {
		res := run(t, buffer(false), checker.Options{})
		c := check(t, res, "invariant")
		require.Equal(t, checker.Violated, c.Verdict)
		require.NotNil(t, c.Trace)
		// The shortest run has 13 steps: Consumer[0] enters, finds 0 and
		// waits (5 steps with its re-entry and decrement); the Producer
		// puts, signals and leaves (4); Consumer[1] enters before
		// Consumer[0] re-enters and takes the item (4); Consumer[0] then
		// takes it again. The first in successor order:
		var got []string
		for _, s := range c.Trace.Steps {
			got = append(got, res.Processes[s.Process]+": "+s.Statement)
		}
		assert.Equal(t, []string{
			"Consumer[0]: B.get()",
			"Producer: B.put()",
			"Consumer[0]: if count == 0",
			"Consumer[0]: wait(notEmpty)",
			"Producer: count = count + 1",
			"Producer: signal(notEmpty)",
			"Producer: return",
			"Consumer[1]: B.get()",
			"Consumer[0]: B.get()",
			"Consumer[1]: if count == 0",
			"Consumer[1]: count = count - 1",
			"Consumer[1]: return",
			"Consumer[0]: count = count - 1",
		}, got)
		assert.Equal(t, "blocks entering monitor B", c.Trace.Steps[1].Note)
		assert.Equal(t, "waits in notEmpty; hands monitor B to Producer", c.Trace.Steps[3].Note)
		assert.Equal(t, []checker.Change{
			{Name: "B", Value: checker.Value{Kind: checker.ProcessValue, Int: 0, Text: "Producer"}},
			{Name: "notEmpty", Value: checker.Value{Kind: checker.ListValue, Int: 1, Text: "[Consumer[0]]"}},
		}, c.Trace.Steps[3].Changes)
		assert.Equal(t, "signals notEmpty: Consumer[0] wakes", c.Trace.Steps[5].Note)
		assert.Equal(t, 1, c.Trace.Steps[5].Partner)
		assert.Equal(t, "hands monitor B to Consumer[0]", c.Trace.Steps[11].Note)
		last := c.Trace.Steps[len(c.Trace.Steps)-1]
		assert.Equal(t, "count = count - 1", last.Statement)
		assert.Equal(t, []checker.Change{{Name: "B.count", Value: checker.Value{Kind: checker.IntValue, Int: -1, Text: "-1"}}}, last.Changes)
	})
	t.Run("hoare", func(t *testing.T) {
		res := run(t, buffer(true), checker.Options{})
		assert.Equal(t, checker.Holds, check(t, res, "invariant").Verdict)
		// One item for two consumers: one of them waits forever.
		d := check(t, res, "deadlock")
		require.Equal(t, checker.Violated, d.Verdict)
		assert.Regexp(t, `^no process can move: Consumer\[[01]\] waits in notEmpty$`, d.Message)
	})
}

func TestChannelDeadlock(t *testing.T) {
	// S[0] and S[1] send on unbuffered c, R receives once: the first state
	// after a rendezvous is a deadlock (S[0] meets R first in successor
	// order).
	b := irtest.New("chandead")
	c := b.Chan("c", 0, false, []ir.Type{irtest.IntType(0, 3)})
	x := b.Var("x", 0, 3, 0)
	b.Process("S[0]", irtest.Send("c <- 1", irtest.S(c), 1, irtest.C(1)))
	b.Process("S[1]", irtest.Send("c <- 2", irtest.S(c), 1, irtest.C(2)))
	b.Process("R", irtest.Recv("x = <-c", irtest.S(c), 1, irtest.Ref(x)))
	b.Implicit()
	res := run(t, b, checker.Options{})
	d := check(t, res, "deadlock")
	require.Equal(t, checker.Violated, d.Verdict)
	assert.Equal(t, "no process can move: S[1] waits to send on c", d.Message)
	require.NotNil(t, d.Trace)
	require.Len(t, d.Trace.Steps, 1)
	s := d.Trace.Steps[0]
	assert.Equal(t, 0, s.Process)
	assert.Equal(t, 2, s.Partner)
	assert.Equal(t, "sends 1 to R over c", s.Note)
	assert.Equal(t, "receives 1 from S[0] over c", s.PartnerNote)
	assert.Equal(t, checker.ProcessState{Process: 1, Pos: pos(101), Statement: "c <- 2", Blocked: true, Waits: "waits to send on c"},
		d.Trace.Final[1])
	assert.Equal(t, int64(3), res.Stats.States)
}

func TestWaitWithoutTheMutex(t *testing.T) {
	b := irtest.New("nomutex")
	mu := b.Mutex("m")
	c := b.Cond("notEmpty", -1)
	b.Process("P[0]", irtest.Skip(1))
	b.Process("P[1]", irtest.Wait("wait(notEmpty, m)", irtest.S(c), irtest.S(mu), 1))
	b.Implicit()
	res := run(t, b, checker.Options{})
	r := check(t, res, "runtime")
	require.Equal(t, checker.Violated, r.Verdict)
	assert.Equal(t, "P[1]: wait(notEmpty, m) by P[1], which does not hold m", r.Message)
	require.NotNil(t, r.Trace)
	require.Len(t, r.Trace.Steps, 1)
	assert.Equal(t, "run-time error: wait(notEmpty, m) by P[1], which does not hold m", r.Trace.Steps[0].Note)
}

func TestChannelContentsInTraces(t *testing.T) {
	b := irtest.New("contents")
	c := b.Chan("c", 2, false, []ir.Type{irtest.IntType(0, 3), irtest.BoolType()})
	b.Process("P", irtest.Send("c <- (1, true)", irtest.S(c), 1, irtest.C(1), irtest.C(1)),
		irtest.Assert("assert false", irtest.C(0), "", 2))
	b.Implicit()
	res := run(t, b, checker.Options{})
	a := check(t, res, "assert")
	require.NotNil(t, a.Trace)
	require.Len(t, a.Trace.Steps, 2)
	assert.Equal(t, []checker.Change{{Name: "c", Value: checker.Value{Kind: checker.ListValue, Int: 1, Text: "[(1, true)]"}}},
		a.Trace.Steps[0].Changes)
}

// selectFairness: S loops on select { case c <- 1; case d <- 1 }, R1 does x
// = <-c once, R2 loops on <-d; the check is R1@start leadsto R1@end. S may
// serve R2 forever, but R1 stays enabled all along (S can meet it), so weak
// fairness forces the rendezvous with R1; with no fairness it may never come.
func selectFairness(f ir.Fairness) *irtest.Builder {
	b := irtest.New("selfair")
	c := b.Chan("c", 0, false, []ir.Type{irtest.IntType(0, 1)})
	d := b.Chan("d", 0, false, []ir.Type{irtest.IntType(0, 1)})
	x := b.Var("x", 0, 1, 0)
	b.Process("S", irtest.Select(-1,
		irtest.SendCase("c <- 1", irtest.S(c), 0, irtest.C(1)),
		irtest.SendCase("d <- 1", irtest.S(d), 0, irtest.C(1))))
	b.Process("R1", irtest.Recv("x = <-c", irtest.S(c), 1, irtest.Ref(x)))
	b.Process("R2", irtest.Recv("<-d", irtest.S(d), 0))
	start := b.Region("start", ir.RegionLabel, nil, []int{0}, nil)
	end := b.Region("end", ir.RegionEnd, []int{1}, []int{1}, []int{1})
	r1 := irtest.Proc(1, 1, irtest.C(0))
	ch := b.Check(ir.CheckLeadsTo, "leadsto", irtest.At(r1, start))
	ch.Goal = irtest.At(irtest.Proc(1, 1, irtest.C(0)), end)
	b.Implicit()
	b.Program().Fairness = f
	return b
}

func TestRendezvousReceiverIsEnabled(t *testing.T) {
	tests := []struct {
		fairness ir.Fairness
		verdict  checker.Verdict
	}{
		{ir.FairWeak, checker.Holds},
		{ir.FairStrong, checker.Holds},
		{ir.FairNone, checker.Violated},
	}
	for _, tt := range tests {
		t.Run(tt.fairness.String(), func(t *testing.T) {
			res := run(t, selectFairness(tt.fairness), checker.Options{})
			// States (S, R1, R2, x): (0,0,0,0) and, after the rendezvous
			// with R1, (0,1,0,1): 2.
			assert.Equal(t, int64(2), res.Stats.States)
			c := check(t, res, "leadsto")
			assert.Equal(t, tt.verdict, c.Verdict, c.Message)
			if tt.verdict == checker.Violated {
				require.NotNil(t, c.Trace)
				for _, s := range c.Trace.Steps {
					assert.NotEqual(t, 1, s.Partner, "R1 never receives on the cycle")
				}
			}
		})
	}
}

func TestSyncDeterminism(t *testing.T) {
	progs := map[string]func() *irtest.Builder{
		"mesa":  func() *irtest.Builder { return buffer(false) },
		"hoare": func() *irtest.Builder { return buffer(true) },
		"select": func() *irtest.Builder {
			return selectFairness(ir.FairWeak)
		},
	}
	for _, name := range []string{"mesa", "hoare", "select"} {
		t.Run(name, func(t *testing.T) {
			a := run(t, progs[name](), checker.Options{})
			b := run(t, progs[name](), checker.Options{Workers: 4})
			a.Stats.Elapsed, b.Stats.Elapsed = 0, 0
			a.Stats.Liveness, b.Stats.Liveness = 0, 0
			a.Stats.PeakMemory, b.Stats.PeakMemory = 0, 0
			assert.Equal(t, a, b, fmt.Sprintf("%s with 1 and 4 workers", name))
		})
	}
}

func TestLostSignalDeadlock(t *testing.T) {
	// W: lock(m); wait(c, m); lock(m); unlock(m). S: signal(c). When S
	// signals first, the signal is lost and W waits forever: 2 steps, the
	// first in successor order being W's lock.
	b := irtest.New("lost")
	mu := b.Mutex("m")
	c := b.Cond("c", -1)
	b.Process("W",
		irtest.Lock("lock(m)", mu, 1),
		irtest.Wait("wait(c, m)", irtest.S(c), irtest.S(mu), 2),
		irtest.Lock("lock(m)", mu, 3),
		irtest.Unlock("unlock(m)", mu, 4))
	b.Process("S", irtest.Signal("signal(c)", irtest.S(c), 1))
	b.Implicit()
	res := run(t, b, checker.Options{})
	d := check(t, res, "deadlock")
	require.Equal(t, checker.Violated, d.Verdict)
	assert.Equal(t, "no process can move: W waits in c", d.Message)
	require.NotNil(t, d.Trace)
	var notes []string
	for _, s := range d.Trace.Steps {
		notes = append(notes, res.Processes[s.Process]+": "+s.Statement+" | "+s.Note)
	}
	assert.Equal(t, []string{
		"W: lock(m) | ",
		"S: signal(c) | signals c: nobody waits (lost)",
		"W: wait(c, m) | waits in c",
	}, notes)
}
