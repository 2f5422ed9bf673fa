package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

func pos(line int) source.Pos { return source.Pos{File: irtest.File, Line: line, Col: 1} }

// TestMayBlockIsHavingQueues: a program with a semaphore may block a
// process, one with shared variables alone never does.
func TestMayBlockIsHavingQueues(t *testing.T) {
	assert.True(t, machine(t, semLock(2, ir.SemWeak)).MayBlock())
	assert.False(t, machine(t, counters(2, 2)).MayBlock())
}

func TestWeakUpHasOneSuccessorPerBlockedProcess(t *testing.T) {
	m := machine(t, semLock(3, ir.SemWeak))
	// P[0] takes s, P[1] and P[2] block on it, P[0] reaches up(s).
	s := run(t, m, 0, 1, 2, 0)
	require.Equal(t, 2, m.PC(s, 0))
	require.True(t, m.Blocked(s, 1))
	require.True(t, m.Blocked(s, 2))
	ss := of(successors(m, s), 0)
	require.Len(t, ss, 2) // the permit goes to P[1] or to P[2]
	for i, want := range []int{1, 2} {
		tr := ss[i].T
		assert.Equal(t, want, tr.Partner)
		assert.Equal(t, []explorer.Event{{Kind: explorer.HandsPermit, Obj: 0, Proc: want}}, tr.Events)
		assert.Equal(t, 0, m.PC(ss[i].Next, 0), "the giver moves on")
		assert.Equal(t, 1, m.PC(ss[i].Next, want), "the receiver moves past its down")
		assert.False(t, m.Blocked(ss[i].Next, want))
		assert.True(t, m.Blocked(ss[i].Next, 3-want), "the other stays blocked")
		assert.Empty(t, m.Changes(s, ss[i].Next), "s stays 0: the permit is handed over")
	}
	assert.Equal(t, "hands the permit of s to P[2]", m.Note(&ss[1].T))
}

func TestFifoUpHandsToTheOldest(t *testing.T) {
	m := machine(t, semLock(3, ir.SemFifo))
	// P[0] takes s, then P[2] blocks before P[1].
	s := run(t, m, 0, 2, 1, 0)
	ss := of(successors(m, s), 0)
	require.Len(t, ss, 1) // only the oldest, P[2], gets the permit
	assert.Equal(t, 2, ss[0].T.Partner)
	assert.Equal(t, 1, m.PC(ss[0].Next, 2))
	assert.True(t, m.Blocked(ss[0].Next, 1))
	// P[2] leaves and hands the permit to P[1], the only one left in the queue.
	s = ss[0].Next
	for _, step := range []int{2} {
		s = of(successors(m, s), step)[0].Next
	}
	ss = of(successors(m, s), 2)
	require.Len(t, ss, 1)
	assert.Equal(t, 1, ss[0].T.Partner)
	assert.False(t, m.Blocked(ss[0].Next, 1))
}

func TestDown(t *testing.T) {
	tests := []struct {
		name    string
		kind    ir.SemKind
		moves   int // successors of P[1] when s == 0
		blocked bool
	}{
		{"weak down on 0 blocks", ir.SemWeak, 1, true},
		{"fifo down on 0 blocks", ir.SemFifo, 1, true},
		{"busy down on 0 is disabled", ir.SemBusy, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := machine(t, semLock(2, tt.kind))
			s := run(t, m, 0)
			ss := of(successors(m, s), 1)
			require.Len(t, ss, tt.moves)
			if tt.moves > 0 {
				assert.Equal(t, tt.blocked, m.Blocked(ss[0].Next, 1))
				assert.Equal(t, 0, m.PC(ss[0].Next, 1), "a blocked process stays at its down")
				assert.Equal(t, "waits in down(s)", m.Process(ss[0].Next, 1).Waits)
				assert.Empty(t, of(successors(m, ss[0].Next), 1), "a blocked process cannot move")
			}
		})
	}
}

// mutexPair: P[0] and P[1] each lock(m); unlock(m).
func mutexPair() *irtest.Builder {
	b := irtest.New("mutex")
	mu := b.Mutex("m")
	for _, name := range []string{"P[0]", "P[1]"} {
		b.Process(name, irtest.Lock("lock(m)", mu, 1), irtest.Unlock("unlock(m)", mu, 2))
	}
	return b
}

func TestMutexHandOver(t *testing.T) {
	m := machine(t, mutexPair())
	s0 := m.Initial()
	s := run(t, m, 0)
	assert.Equal(t, []explorer.Change{{Name: "m", Value: explorer.Value{Kind: explorer.ProcessValue, Int: 0, Text: "P[0]"}}},
		m.Changes(s0, s))
	s = run(t, m, 0, 1)
	require.True(t, m.Blocked(s, 1))
	assert.Equal(t, "waits for mutex m", m.Process(s, 1).Waits)
	ss := of(successors(m, s), 0)
	require.Len(t, ss, 1)
	assert.Equal(t, 1, ss[0].T.Partner)
	assert.Equal(t, "hands mutex m to P[1]", m.Note(&ss[0].T))
	assert.Equal(t, []explorer.Change{{Name: "m", Value: explorer.Value{Kind: explorer.ProcessValue, Int: 1, Text: "P[1]"}}},
		m.Changes(s, ss[0].Next))
	assert.Equal(t, 1, m.PC(ss[0].Next, 1))
	// P[1] unlocks with nobody waiting: m is free again.
	last := of(successors(m, ss[0].Next), 1)
	require.Len(t, last, 1)
	assert.Equal(t, []explorer.Change{{Name: "m", Value: explorer.Value{Kind: explorer.ProcessValue, Int: -1, Text: "none"}}},
		m.Changes(ss[0].Next, last[0].Next))
}

func TestMutexSelfDeadlock(t *testing.T) {
	b := irtest.New("self")
	mu := b.Mutex("m")
	b.Process("P[0]", irtest.Lock("lock(m)", mu, 1), irtest.Lock("lock(m)", mu, 2))
	m := machine(t, b)
	r := &recorder{}
	sp := explore(t, m, r)
	// initial, after the first lock (P[0] owns m), blocked in the second lock.
	assert.Equal(t, int64(3), sp.Outcome.States)
	require.Equal(t, []explorer.StateID{2}, r.deadends)
	ps := m.Process(sp.Store.Get(2), 0)
	assert.Equal(t, explorer.ProcState{Process: 0, PC: 1, Pos: pos(2), Statement: "lock(m)", Blocked: true, Waits: "waits for mutex m"}, ps)
}

func TestLostWakeup(t *testing.T) {
	m := machine(t, lostWakeup())
	ss := successors(m, m.Initial())
	require.Len(t, ss, 2)
	assert.Equal(t, "falls asleep", m.Note(&ss[0].T))
	assert.Equal(t, "wakeup of P[0] is lost: it is not asleep", m.Note(&ss[1].T))
	assert.Equal(t, -1, ss[1].T.Partner)
	// After P[0] sleeps, P[1] wakes it: P[0] moves past its sleep.
	woken := of(successors(m, ss[0].Next), 1)
	require.Len(t, woken, 1)
	assert.Equal(t, 0, woken[0].T.Partner)
	assert.Equal(t, []explorer.Event{{Kind: explorer.Wakes, Proc: 0}}, woken[0].T.Events)
	assert.True(t, m.Terminated(woken[0].Next, 0))
	assert.Equal(t, "sleeps", m.Process(ss[0].Next, 0).Waits)
}

func TestEither(t *testing.T) {
	b := irtest.New("either")
	x := b.Var("x", 0, 2, 0)
	b.Process("P[0]",
		irtest.Either(1, 2, 3),
		irtest.Await("await x == 1", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(1)), 4),
		irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 4),
		irtest.Assign("x = 2", irtest.Ref(x), irtest.C(2), 4))
	m := machine(t, b)
	ss := successors(m, m.Initial())
	// The first alternative is disabled; the other two give one successor each, in order.
	require.Len(t, ss, 2)
	for i, want := range []struct{ pc, x int }{{2, 1}, {3, 2}} {
		assert.Equal(t, want.pc, ss[i].T.PC, "the step is the alternative's statement")
		assert.Equal(t, i, ss[i].T.Index)
		assert.Equal(t, "x", m.Changes(m.Initial(), ss[i].Next)[0].Name)
		assert.Equal(t, int32(want.x), m.Changes(m.Initial(), ss[i].Next)[0].Value.Int)
		assert.True(t, m.Terminated(ss[i].Next, 0))
	}
}

// atomicIncrement: P[0] and P[1] each do atomic { t = x; x = t + 1 } with a
// local t.
func atomicIncrement() *irtest.Builder {
	b := irtest.New("atomic")
	x := b.Var("x", 0, 2, 0)
	t0 := b.Local(0, "t", 0, 2, 0)
	t1 := b.Local(1, "t", 0, 2, 0)
	for i, tv := range []int{t0, t1} {
		b.Process([]string{"P[0]", "P[1]"}[i],
			irtest.Atomic(1),
			irtest.In(irtest.Assign("t = x", irtest.Ref(tv), irtest.Load(x), 2)),
			irtest.In(irtest.Assign("x = t + 1", irtest.Ref(x), irtest.Bin(ir.OpAdd, irtest.Load(tv), irtest.C(1)), 3)))
	}
	return b
}

func TestAtomic(t *testing.T) {
	t.Run("whole block is one step", func(t *testing.T) {
		m := machine(t, atomicIncrement())
		s0 := m.Initial()
		ss := of(successors(m, s0), 0)
		require.Len(t, ss, 1)
		assert.Equal(t, 0, ss[0].T.PC)
		assert.True(t, m.Terminated(ss[0].Next, 0))
		assert.Equal(t, []explorer.Change{
			{Name: "x", Value: explorer.Value{Kind: explorer.IntValue, Int: 1, Text: "1"}},
		}, m.Changes(s0, ss[0].Next), "t = x writes 0 over 0")
		r := &recorder{}
		sp := explore(t, m, r)
		// initial; P[0] done (x=1); P[1] done (x=1); both done with x=2 and
		// t = (0,1) or (1,0): 5 states, never x=2 missed.
		assert.Equal(t, int64(5), sp.Outcome.States)
		assert.Equal(t, int64(4), sp.Outcome.Transitions)
	})
	t.Run("either inside branches the step", func(t *testing.T) {
		b := irtest.New("atomic-either")
		x := b.Var("x", 0, 2, 0)
		y := b.Var("y", 0, 2, 0)
		b.Process("P[0]",
			irtest.Atomic(1),
			irtest.In(irtest.Either(2, 3)),
			irtest.In(irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 4)),
			irtest.In(irtest.Assign("x = 2", irtest.Ref(x), irtest.C(2), 4)),
			irtest.In(irtest.Assign("y = x", irtest.Ref(y), irtest.Load(x), 5)))
		m := machine(t, b)
		ss := successors(m, m.Initial())
		require.Len(t, ss, 2)
		for i, want := range []string{"1", "2"} {
			ch := m.Changes(m.Initial(), ss[i].Next)
			require.Len(t, ch, 2)
			assert.Equal(t, "y", ch[1].Name)
			assert.Equal(t, want, ch[1].Value.Text)
			assert.Equal(t, 0, ss[i].T.PC)
		}
	})
	t.Run("disabled first statement disables the block", func(t *testing.T) {
		b := irtest.New("atomic-await")
		x := b.Var("x", 0, 1, 0)
		b.Process("P[0]",
			irtest.Atomic(1),
			irtest.In(irtest.Await("await x == 1", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(1)), 2)),
			irtest.In(irtest.Assign("x = 0", irtest.Ref(x), irtest.C(0), 3)))
		b.Process("P[1]", irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 1))
		m := machine(t, b)
		assert.Empty(t, of(successors(m, m.Initial()), 0))
		s := run(t, m, 1)
		ss := of(successors(m, s), 0)
		require.Len(t, ss, 1)
		assert.True(t, m.Terminated(ss[0].Next, 0))
		assert.Equal(t, "0", m.Changes(s, ss[0].Next)[0].Value.Text)
	})
	t.Run("empty block is a step that changes nothing", func(t *testing.T) {
		b := irtest.New("atomic-empty")
		b.Process("P[0]", irtest.Atomic(1))
		m := machine(t, b)
		ss := successors(m, m.Initial())
		require.Len(t, ss, 1)
		assert.True(t, m.Terminated(ss[0].Next, 0))
	})
	t.Run("runaway loop is a fault", func(t *testing.T) {
		b := irtest.New("atomic-loop")
		b.Process("P[0]",
			irtest.Atomic(1),
			irtest.In(irtest.Branch("while true", irtest.C(1), 1, 2)))
		m := machine(t, b)
		ss := successors(m, m.Initial())
		require.Len(t, ss, 1)
		require.NotNil(t, ss[0].T.Fault)
		assert.Equal(t, "atomic block runs more than 100000 instructions", ss[0].T.Fault.Msg)
		assert.Nil(t, ss[0].Next)
	})
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name string
		code func(b *irtest.Builder) *ir.Instr
		kind explorer.FaultKind
		msg  string
	}{
		{"value out of range", func(b *irtest.Builder) *ir.Instr {
			x := b.Var("x", 0, 1, 0)
			return irtest.Assign("x = 2", irtest.Ref(x), irtest.C(2), 1)
		}, explorer.FaultRuntime, "x = 2 is out of range 0..1"},
		{"array element out of range", func(b *irtest.Builder) *ir.Instr {
			a := b.Var("a", -1, 1, 0, 3)
			return irtest.Assign("a[2] = -2", irtest.Ref(a, irtest.C(2)), irtest.C(-2), 1)
		}, explorer.FaultRuntime, "a[2] = -2 is out of range -1..1"},
		{"division by zero", func(b *irtest.Builder) *ir.Instr {
			x := b.Var("x", 0, 1, 0)
			return irtest.Assign("x = 1 / x", irtest.Ref(x), irtest.Bin(ir.OpDiv, irtest.C(1), irtest.Load(x)), 1)
		}, explorer.FaultRuntime, "division by zero"},
		{"modulo by zero", func(b *irtest.Builder) *ir.Instr {
			x := b.Var("x", 0, 1, 0)
			return irtest.Assign("x = 1 % x", irtest.Ref(x), irtest.Bin(ir.OpMod, irtest.C(1), irtest.Load(x)), 1)
		}, explorer.FaultRuntime, "division by zero"},
		{"index out of bounds", func(b *irtest.Builder) *ir.Instr {
			a := b.Bool("interested", false, 2)
			return irtest.Assign("interested[2] = true", irtest.Ref(a, irtest.C(2)), irtest.C(1), 1)
		}, explorer.FaultRuntime, "index 2 is out of bounds for interested (length 2)"},
		{"negative index", func(b *irtest.Builder) *ir.Instr {
			a := b.Var("a", 0, 3, 0, 2)
			x := b.Var("x", 0, 3, 0)
			return irtest.Assign("x = a[-1]", irtest.Ref(x), irtest.Load(a, irtest.C(-1)), 1)
		}, explorer.FaultRuntime, "index -1 is out of bounds for a (length 2)"},
		{"process index out of range", func(b *irtest.Builder) *ir.Instr {
			return irtest.Wakeup("wakeup(P[3])", irtest.Proc(0, 1, irtest.C(3)), 1)
		}, explorer.FaultRuntime, "process index 3 is out of range 0..0"},
		{"unlock by a non-owner", func(b *irtest.Builder) *ir.Instr {
			mu := b.Mutex("m")
			return irtest.Unlock("unlock(m)", mu, 1)
		}, explorer.FaultRuntime, "unlock of m by P[0], which does not hold it"},
		{"semaphore overflow", func(b *irtest.Builder) *ir.Instr {
			s := b.Sem("s", ir.SemWeak, 65535)
			return irtest.Up("up(s)", s, 1)
		}, explorer.FaultRuntime, "up(s) takes s past 65535"},
		{"assertion with a message", func(b *irtest.Builder) *ir.Instr {
			return irtest.Assert(`assert false, "never"`, irtest.C(0), "never", 1)
		}, explorer.FaultAssert, "assertion failed: never"},
		{"assertion without a message", func(b *irtest.Builder) *ir.Instr {
			x := b.Var("x", 0, 3, 0)
			return irtest.Assert("assert x == 2", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(2)), "", 1)
		}, explorer.FaultAssert, "assertion failed: x == 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := irtest.New("fault")
			in := tt.code(b)
			b.Process("P[0]", in)
			m := machine(t, b)
			r := &recorder{}
			sp := explore(t, m, r)
			assert.Equal(t, int64(1), sp.Outcome.States, "a fault has no successor state")
			require.Len(t, r.faults, 1)
			f := r.faults[0].T.Fault
			require.NotNil(t, f)
			assert.Equal(t, tt.kind, f.Kind)
			assert.Equal(t, tt.msg, f.Msg)
			assert.Equal(t, 1, f.Pos.Line)
			assert.Empty(t, r.deadends, "a state whose only step faults is not a dead end")
		})
	}
}

func TestReadModifyWrite(t *testing.T) {
	tests := []struct {
		name     string
		kind     ir.RMWKind
		init     int32
		args     []int32
		res, loc int32
	}{
		{"tsl on false", ir.TSL, 0, nil, 0, 1},
		{"tsl on true", ir.TSL, 1, nil, 1, 1},
		{"cas that succeeds", ir.CAS, 2, []int32{2, 5}, 1, 5},
		{"cas that fails", ir.CAS, 3, []int32{2, 5}, 0, 3},
		{"fetch_add", ir.FetchAdd, 3, []int32{4}, 3, 7},
		{"swap", ir.Swap, 3, []int32{6}, 3, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := irtest.New("rmw")
			v := b.Var("v", 0, 9, tt.init)
			r := b.Var("r", 0, 9, 0)
			var args []*ir.Expr
			for _, a := range tt.args {
				args = append(args, irtest.C(a))
			}
			b.Process("P[0]", irtest.AssignRMW("r = rmw(v)", irtest.Ref(r), irtest.RMW(tt.kind, irtest.Ref(v), args...), 1))
			m := machine(t, b)
			ss := successors(m, m.Initial())
			require.Len(t, ss, 1)
			require.Nil(t, ss[0].T.Fault)
			got := map[string]int32{"v": tt.init, "r": 0}
			for _, c := range m.Changes(m.Initial(), ss[0].Next) {
				got[c.Name] = c.Value.Int
			}
			assert.Equal(t, map[string]int32{"v": tt.loc, "r": tt.res}, got)
		})
	}
}

func TestBranchAndAwait(t *testing.T) {
	b := irtest.New("branch")
	x := b.Var("x", 0, 3, 0)
	b.Process("P[0]",
		irtest.Branch("if x == 0", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(0)), 1, 2),
		irtest.Assign("x = 3", irtest.Ref(x), irtest.C(3), 2),
		irtest.Await("await x == 3", irtest.Bin(ir.OpEq, irtest.Load(x), irtest.C(3)), 3))
	m := machine(t, b)
	s := m.Initial()
	for _, pc := range []int{1, 2, 3} {
		ss := successors(m, s)
		require.Len(t, ss, 1)
		s = ss[0].Next
		assert.Equal(t, pc, m.PC(s, 0))
	}
	assert.True(t, m.Terminated(s, 0))
}

func TestEitherCycleIsAFault(t *testing.T) {
	b := irtest.New("either-cycle")
	x := b.Var("x", 0, 1, 0)
	b.Process("P[0]", irtest.Either(0, 1), irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 0))
	m := machine(t, b)
	ss := successors(m, m.Initial())
	require.Len(t, ss, 2)
	require.NotNil(t, ss[0].T.Fault)
	assert.Equal(t, "either alternatives lead back to the either without a statement", ss[0].T.Fault.Msg)
	assert.Nil(t, ss[1].T.Fault)
	assert.Equal(t, 1, ss[1].T.PC)
}
