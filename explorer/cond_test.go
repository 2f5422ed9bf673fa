package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// condWhile: pthreads style. W: 0 lock(m); 1 while !ready: 2 wait(c, m);
// 3 lock(m) (the re-entry, back to the test); 4 unlock(m). S: 0 lock(m);
// 1 ready = true; 2 signal(c); 3 unlock(m).
func condWhile() *irtest.Builder {
	b := irtest.New("condwhile")
	ready := b.Bool("ready", false)
	mu := b.Mutex("m")
	c := b.Cond("c", -1)
	b.Process("W",
		irtest.Lock("lock(m)", mu, 1),
		irtest.Branch("while !ready", irtest.Not(irtest.Load(ready)), 2, 4),
		irtest.Wait("wait(c, m)", irtest.S(c), irtest.S(mu), 3),
		irtest.Lock("lock(m)", mu, 1),
		irtest.Unlock("unlock(m)", mu, 5))
	b.Process("S",
		irtest.Lock("lock(m)", mu, 1),
		irtest.Assign("ready = true", irtest.Ref(ready), irtest.C(1), 2),
		irtest.Signal("signal(c)", irtest.S(c), 3),
		irtest.Unlock("unlock(m)", mu, 4))
	return b
}

// lostSignal: W: 0 lock(m); 1 wait(c, m); 2 lock(m); 3 unlock(m). S: 0
// signal(c), without any predicate: the signal is lost when S goes first.
func lostSignal() *irtest.Builder {
	b := irtest.New("lostsignal")
	mu := b.Mutex("m")
	c := b.Cond("c", -1)
	b.Process("W",
		irtest.Lock("lock(m)", mu, 1),
		irtest.Wait("wait(c, m)", irtest.S(c), irtest.S(mu), 2),
		irtest.Lock("lock(m)", mu, 3),
		irtest.Unlock("unlock(m)", mu, 4))
	b.Process("S", irtest.Signal("signal(c)", irtest.S(c), 1))
	return b
}

func TestConditionStateCounts(t *testing.T) {
	tests := []stateCount{
		// condWhile, as (W, S, ready, owner, queue of c), "b" for blocked on
		// m, "c" for in c's queue:
		//  0 (0,0,f,-)      → 1 W lock, 2 S lock
		//  1 (1,0,f,W)      → 3 W test, 4 S blocks
		//  2 (0,1,f,S)      → 5 W blocks, 6 S ready = true
		//  3 (2,0,f,W)      → 7 W waits (m free), 8 S blocks
		//  4 (1,0b,f,W)     → 8 W test
		//  5 (0b,1,f,S)     → 9 S ready = true
		//  6 (0,2,t,S)      → 9 W blocks, 10 S's signal is lost
		//  7 (2c,0,f,-,[W]) → 11 S lock
		//  8 (2,0b,f,W)     → 11 W waits and hands m to S
		//  9 (0b,2,t,S)     → 12 signal lost
		// 10 (0,3,t,S)      → 12 W blocks, 13 S unlock
		// 11 (2c,1,f,S,[W]) → 14 ready = true
		// 12 (0b,3,t,S)     → 15 unlock hands m to W
		// 13 (0,4,t,-)      → 15 W lock
		// 14 (2c,2,t,S,[W]) → 16 signal: W leaves the queue for its lock
		// 15 (1,4,t,W)      → 17 test false
		// 16 (3,3,t,S)      → 18 W blocks, 19 S unlock
		// 17 (4,4,t,W)      → 20 unlock
		// 18 (3b,3,t,S)     → 15 unlock hands m to W, back at the test
		// 19 (3,4,t,-)      → 15 W lock
		// 20 (5,4,t,-)        both ended.
		// 21 states, 27 transitions, no dead end but the final state.
		{"while around wait", condWhile(), 21, 27, 1},
		// lostSignal, as (W, S, owner, queue):
		// 0 (0,0,-)      → 1 W lock, 2 S signal lost
		// 1 (1,0,W)      → 3 W waits, 4 S signal lost
		// 2 (0,1,-)      → 4 W lock
		// 3 (1c,0,-,[W]) → 5 S signals W out
		// 4 (1,1,W)      → 6 W waits: nobody will signal (dead end)
		// 5 (2,1,-)      → 7 W lock
		// 7 (3,1,W)      → 8 unlock; 8 (4,1,-) ended (dead end too).
		// 9 states, 9 transitions.
		{"lost signal", lostSignal(), 9, 9, 2},
	}
	assertStateCounts(t, tests)
}

func TestSignal(t *testing.T) {
	m := machine(t, lostSignal())
	// S first: the signal is lost.
	ss := of(successors(m, m.Initial()), 1)
	require.Len(t, ss, 1)
	assert.Equal(t, "signals c: nobody waits (lost)", m.Note(&ss[0].T))
	assert.Equal(t, -1, ss[0].T.Partner)
	// W locks and waits: it joins c's queue and releases m.
	s := run(t, m, 0, 0)
	assert.Equal(t, explorer.ProcState{Process: 0, PC: 1, Pos: pos(2), Statement: "wait(c, m)", Blocked: true, Waits: "waits in c"},
		m.Process(s, 0))
	assert.True(t, m.Blocked(s, 0))
	before := run(t, m, 0)
	assert.Equal(t, []explorer.Change{
		{Name: "m", Value: explorer.Value{Kind: explorer.ProcessValue, Int: -1, Text: "none"}},
		{Name: "c", Value: explorer.Value{Kind: explorer.ListValue, Int: 1, Text: "[W]"}},
	}, m.Changes(before, s))
	require.Len(t, successors(m, s), 1, "only S can move")
	// S signals: W leaves the queue, not blocked, at its re-entry lock.
	ss = successors(m, s)
	tr := ss[0].T
	assert.Equal(t, 1, tr.Process)
	assert.Equal(t, 0, tr.Partner)
	assert.False(t, tr.PartnerReady(), "W was blocked: freed, not ready")
	assert.Equal(t, "signals c: W wakes", m.Note(&tr))
	assert.Equal(t, 2, m.PC(ss[0].Next, 0))
	assert.False(t, m.Blocked(ss[0].Next, 0))
	assert.Equal(t, []explorer.Change{{Name: "c", Value: explorer.Value{Kind: explorer.ListValue, Int: 0, Text: "[]"}}},
		m.Changes(s, ss[0].Next))
}

func TestWaitWithoutTheMutexIsAFault(t *testing.T) {
	b := irtest.New("nomutex")
	mu := b.Mutex("m")
	c := b.Cond("notEmpty", -1)
	b.Process("P[1]", irtest.Wait("wait(notEmpty, m)", irtest.S(c), irtest.S(mu), 1))
	m := machine(t, b)
	r := &recorder{m: m}
	sp := explore(t, m, r)
	// One state; its only transition is the fault.
	assert.Equal(t, int64(1), sp.Outcome.States)
	require.Len(t, r.faults, 1)
	f := r.faults[0].T.Fault
	assert.Equal(t, explorer.FaultRuntime, f.Kind)
	assert.Equal(t, "wait(notEmpty, m) by P[1], which does not hold m", f.Msg)
	assert.Equal(t, pos(1), f.Pos)
}

// broadcastProg: W[0], W[1]: 0 lock(m); 1 wait(c, m); 2 lock(m); 3
// unlock(m). B: 0 lock(m); 1 broadcast(c); 2 unlock(m).
func broadcastProg() *irtest.Builder {
	b := irtest.New("broadcast")
	mu := b.Mutex("m")
	c := b.Cond("c", -1)
	for _, name := range []string{"W[0]", "W[1]"} {
		b.Process(name,
			irtest.Lock("lock(m)", mu, 1),
			irtest.Wait("wait(c, m)", irtest.S(c), irtest.S(mu), 2),
			irtest.Lock("lock(m)", mu, 3),
			irtest.Unlock("unlock(m)", mu, 4))
	}
	b.Process("B",
		irtest.Lock("lock(m)", mu, 1),
		irtest.Broadcast("broadcast(c)", irtest.S(c), 2),
		irtest.Unlock("unlock(m)", mu, 3))
	return b
}

func TestBroadcastOrder(t *testing.T) {
	m := machine(t, broadcastProg())
	// W[1] waits first, then W[0]: the queue is [W[1], W[0]].
	s := run(t, m, 1, 1, 0, 0, 2)
	require.True(t, m.Blocked(s, 0))
	require.True(t, m.Blocked(s, 1))
	ss := of(successors(m, s), 2)
	require.Len(t, ss, 1)
	tr := ss[0].T
	assert.Equal(t, "broadcasts c: W[1], W[0] wake", m.Note(&tr))
	assert.Equal(t, []explorer.Event{
		{Kind: explorer.Broadcasts, Obj: 0, Proc: 1},
		{Kind: explorer.Broadcasts, Obj: 0, Proc: 0},
	}, tr.Events)
	assert.Equal(t, 1, tr.Partner, "the first woken")
	for p := range 2 {
		assert.False(t, m.Blocked(ss[0].Next, p))
		assert.Equal(t, 2, m.PC(ss[0].Next, p), "at the re-entry lock")
	}
	// Both then compete for m, with no priority: after B's unlock, either
	// may lock first.
	after := of(successors(m, ss[0].Next), 2)
	require.Len(t, after, 1)
	assert.Len(t, successors(m, after[0].Next), 2)
	// A broadcast with nobody waiting is lost.
	ss = of(successors(m, run(t, m, 2)), 2)
	require.Len(t, ss, 1)
	assert.Equal(t, "broadcasts c: nobody waits (lost)", m.Note(&ss[0].T))
}

// boundedBuffer builds the bounded-buffer monitor of LANGUAGE.md section 7
// with `if` instead of `while` around the wait, one item: monitor B { var
// count; cond notEmpty; proc put() { count++; signal(notEmpty) } proc get() {
// if count == 0 { wait(notEmpty) }; count-- } }, a Producer calling put and
// Consumer[0], Consumer[1] calling get. Entering a procedure is lock(B),
// leaving it unlock(B); with Mesa semantics the wait is followed by the
// re-entry lock, with Hoare semantics it is not.
func boundedBuffer(hoare bool) (*irtest.Builder, int) {
	b := irtest.New("buffer")
	count := b.Var("B.count", -2, 2, 0)
	mon := b.Monitor("B", hoare)
	ne := b.Cond("notEmpty", mon)
	b.Process("Producer",
		irtest.Lock("B.put()", mon, 1),
		irtest.Assign("count = count + 1", irtest.Ref(count), irtest.Bin(ir.OpAdd, irtest.Load(count), irtest.C(1)), 2),
		irtest.Signal("signal(notEmpty)", irtest.S(ne), 3),
		irtest.Unlock("return", mon, 4))
	for _, name := range []string{"Consumer[0]", "Consumer[1]"} {
		if hoare {
			b.Process(name,
				irtest.Lock("B.get()", mon, 1),
				irtest.Branch("if count == 0", irtest.Bin(ir.OpEq, irtest.Load(count), irtest.C(0)), 2, 3),
				irtest.Wait("wait(notEmpty)", irtest.S(ne), irtest.S(mon), 3),
				irtest.Assign("count = count - 1", irtest.Ref(count), irtest.Bin(ir.OpSub, irtest.Load(count), irtest.C(1)), 4),
				irtest.Unlock("return", mon, 5))
			continue
		}
		b.Process(name,
			irtest.Lock("B.get()", mon, 1),
			irtest.Branch("if count == 0", irtest.Bin(ir.OpEq, irtest.Load(count), irtest.C(0)), 2, 4),
			irtest.Wait("wait(notEmpty)", irtest.S(ne), irtest.S(mon), 3),
			irtest.Lock("B.get()", mon, 4),
			irtest.Assign("count = count - 1", irtest.Ref(count), irtest.Bin(ir.OpSub, irtest.Load(count), irtest.C(1)), 5),
			irtest.Unlock("return", mon, 6))
	}
	return b, count
}

func TestHoareSignalHandsTheMonitorOver(t *testing.T) {
	b, _ := boundedBuffer(true)
	m := machine(t, b)
	// Consumer[0] enters and waits; the Producer enters and increments.
	s := run(t, m, 1, 1, 1, 0, 0)
	assert.Equal(t, "waits in notEmpty", m.Process(s, 1).Waits)
	ss := of(successors(m, s), 0)
	require.Len(t, ss, 1)
	tr := ss[0].T
	assert.Equal(t, "signals notEmpty: hands monitor B to Consumer[0]; waits in the urgent queue of B", m.Note(&tr))
	assert.Equal(t, 1, tr.Partner)
	next := ss[0].Next
	assert.Equal(t, explorer.ProcState{Process: 0, PC: 2, Pos: pos(3), Statement: "signal(notEmpty)", Blocked: true,
		Waits: "waits in the urgent queue of B"}, m.Process(next, 0))
	assert.Equal(t, 3, m.PC(next, 1), "Consumer[0] continues after its wait, inside the monitor")
	// Consumer[1] tries to enter: it waits in the entry set.
	blocked := of(successors(m, next), 2)
	require.Len(t, blocked, 1)
	assert.Equal(t, "waits to enter monitor B", m.Process(blocked[0].Next, 2).Waits)
	// Consumer[0] decrements and leaves: the urgent Producer comes first.
	s = of(successors(m, blocked[0].Next), 1)[0].Next
	ss = of(successors(m, s), 1)
	require.Len(t, ss, 1, "the urgent queue goes before the entry set")
	assert.Equal(t, "hands monitor B to Producer", m.Note(&ss[0].T))
	assert.Equal(t, 3, m.PC(ss[0].Next, 0), "the Producer continues after its signal")
	assert.True(t, m.Blocked(ss[0].Next, 2))
}

func TestSignalOutsideTheMonitorIsAFault(t *testing.T) {
	b := irtest.New("outside")
	mon := b.Monitor("B", false)
	ne := b.Cond("notEmpty", mon)
	b.Process("P[0]", irtest.Signal("signal(notEmpty)", irtest.S(ne), 1))
	m := machine(t, b)
	ss := successors(m, m.Initial())
	require.Len(t, ss, 1)
	require.NotNil(t, ss[0].T.Fault)
	assert.Equal(t, "signal(notEmpty) outside the monitor B", ss[0].T.Fault.Msg)
	assert.Equal(t, explorer.FaultRuntime, ss[0].T.Fault.Kind)
}

func TestHoareWaitServesTheUrgentQueueFirst(t *testing.T) {
	// W: 0 enter H; 1 wait(a); 2 wait(b); 3 leave. S: 0 enter H; 1
	// signal(a); 2 signal(b); 3 leave. E: 0 enter H; 1 leave.
	b := irtest.New("urgent")
	h := b.Monitor("H", true)
	ca, cb := b.Cond("a", h), b.Cond("b", h)
	b.Process("W",
		irtest.Lock("H.w()", h, 1),
		irtest.Wait("wait(a)", irtest.S(ca), irtest.S(h), 2),
		irtest.Wait("wait(b)", irtest.S(cb), irtest.S(h), 3),
		irtest.Unlock("return", h, 4))
	b.Process("S",
		irtest.Lock("H.s()", h, 1),
		irtest.Signal("signal(a)", irtest.S(ca), 2),
		irtest.Signal("signal(b)", irtest.S(cb), 3),
		irtest.Unlock("return", h, 4))
	b.Process("E", irtest.Lock("H.e()", h, 1), irtest.Unlock("return", h, 2))
	m := machine(t, b)
	// W waits in a; S enters; E blocks in the entry set; S signals a: W
	// owns H, S is in the urgent queue.
	s := run(t, m, 0, 0, 1, 2, 1)
	require.Equal(t, "waits in the urgent queue of H", m.Process(s, 1).Waits)
	require.Equal(t, "waits to enter monitor H", m.Process(s, 2).Waits)
	assert.Len(t, successors(m, s), 1, "only W, the owner, can move")
	// W waits in b: H goes to S, from the urgent queue, not to E.
	ss := successors(m, s)
	require.Len(t, ss, 1)
	assert.Equal(t, "waits in b; hands monitor H to S", m.Note(&ss[0].T))
	assert.Equal(t, 2, m.PC(ss[0].Next, 1), "S continues after its signal")
	assert.True(t, m.Blocked(ss[0].Next, 2))
	// S signals b, W leaves and hands H back to S, S leaves and hands it to E.
	s = run(t, m, 0, 0, 1, 2, 1, 0, 1, 0)
	ss = successors(m, s)
	require.Len(t, ss, 1)
	assert.Equal(t, 1, ss[0].T.Process)
	assert.Equal(t, "hands monitor H to E", m.Note(&ss[0].T))
	assert.Equal(t, 1, m.PC(ss[0].Next, 2))
}

// stateCount is a program with its state space's size worked out by hand.
type stateCount struct {
	name        string
	prog        *irtest.Builder
	states      int64
	transitions int64
	deadends    int
}

// assertStateCounts explores each program and compares the counts; no
// program may fault.
func assertStateCounts(t *testing.T, tests []stateCount) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, tt.prog)
			r := &recorder{m: m}
			sp := explore(t, m, r)
			assert.Equal(t, tt.states, sp.Outcome.States)
			assert.Equal(t, tt.transitions, sp.Outcome.Transitions)
			assert.Len(t, r.deadends, tt.deadends)
			assert.Empty(t, r.faults)
		})
	}
}
