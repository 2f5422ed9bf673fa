package explorer_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

var small = []ir.Type{irtest.IntType(0, 3)}

// rendezvous: senders S[i] do c <- 1+i, receivers R[j] do x_j = <-c, on an
// unbuffered channel c: 0..3. Processes: the senders, then the receivers.
func rendezvous(senders, receivers int) *irtest.Builder {
	b := irtest.New("rendezvous")
	c := b.Chan("c", 0, false, small)
	xs := make([]int, receivers)
	for j := range xs {
		xs[j] = b.Var(fmt.Sprintf("x%d", j), 0, 3, 0)
	}
	for i := range senders {
		b.Process(fmt.Sprintf("S[%d]", i), irtest.Send(fmt.Sprintf("c <- %d", 1+i), irtest.S(c), 1, irtest.C(int32(1+i))))
	}
	for j := range receivers {
		b.Process(fmt.Sprintf("R[%d]", j), irtest.Recv("x = <-c", irtest.S(c), 1, irtest.Ref(xs[j])))
	}
	return b
}

// fifo: Producer does c <- 1; c <- 2; c <- 3 on a buffered channel c[2];
// Consumer does x = <-c; y = <-c; z = <-c.
func fifo() *irtest.Builder {
	b := irtest.New("fifo")
	c := b.Chan("c", 2, false, small)
	x, y, z := b.Var("x", 0, 3, 0), b.Var("y", 0, 3, 0), b.Var("z", 0, 3, 0)
	b.Process("Producer",
		irtest.Send("c <- 1", irtest.S(c), 1, irtest.C(1)),
		irtest.Send("c <- 2", irtest.S(c), 2, irtest.C(2)),
		irtest.Send("c <- 3", irtest.S(c), 3, irtest.C(3)))
	b.Process("Consumer",
		irtest.Recv("x = <-c", irtest.S(c), 1, irtest.Ref(x)),
		irtest.Recv("y = <-c", irtest.S(c), 2, irtest.Ref(y)),
		irtest.Recv("z = <-c", irtest.S(c), 3, irtest.Ref(z)))
	return b
}

// lossy: Sender does c <- 1; c <- 2 on a lossy channel c[1]; nobody receives.
func lossy() *irtest.Builder {
	b := irtest.New("lossy")
	c := b.Chan("c", 1, true, small)
	b.Process("Sender",
		irtest.Send("c <- 1", irtest.S(c), 1, irtest.C(1)),
		irtest.Send("c <- 2", irtest.S(c), 2, irtest.C(2)))
	return b
}

// selects: Q (process 0) runs a select over a buffered a[1] and an
// unbuffered b, with or without a default; A does a <- 1, B does b <- 2.
func selects(withDefault bool) *irtest.Builder {
	b := irtest.New("select")
	a := b.Chan("a", 1, false, small)
	bc := b.Chan("b", 0, false, small)
	x, y := b.Var("x", 0, 3, 0), b.Var("y", 0, 3, 0)
	def := -1
	if withDefault {
		def = 1
	}
	b.Process("Q", irtest.Select(def,
		irtest.RecvCase("x = <-a", irtest.S(a), 1, irtest.Ref(x)),
		irtest.RecvCase("y = <-b", irtest.S(bc), 1, irtest.Ref(y))))
	b.Process("A", irtest.Send("a <- 1", irtest.S(a), 1, irtest.C(1)))
	b.Process("B", irtest.Send("b <- 2", irtest.S(bc), 1, irtest.C(2)))
	return b
}

func TestChannelStateCounts(t *testing.T) {
	tests := []stateCount{
		// One sender, one receiver: the only step is the rendezvous, which
		// ends both. 2 states, 1 transition.
		{"rendezvous", rendezvous(1, 1), 2, 1, 1},
		// Two senders, one receiver: S[0] or S[1] meets R[0]; the other
		// sender then waits forever. 3 states, 2 transitions, 2 dead ends.
		{"two senders", rendezvous(2, 1), 3, 2, 2},
		// One sender, two receivers: 3 states likewise.
		{"two receivers", rendezvous(1, 2), 3, 2, 2},
		// fifo as (Producer's pc, Consumer's pc): the buffer holds pp−cp
		// messages, 0 to 2: pp=0: 1 pair, pp=1: 2, pp=2: 3, pp=3: cp 1..3,
		// 3. 9 states. Transitions: each pair has a producer step when
		// pp < 3 and pp−cp < 2 ((0,0) (1,0) (1,1) (2,1) (2,2)) and a consumer
		// step when cp < pp ((1,0) (2,0) (2,1) (3,1) (3,2)): 10.
		{"fifo", fifo(), 9, 10, 1},
		// lossy as (pc, buffer): (0,[]) → (1,[1]) delivered, (1,[]) lost;
		// (1,[1]) → (2,[1]) lost (full); (1,[]) → (2,[2]), (2,[]). 6 states,
		// 5 transitions, 3 final.
		{"lossy", lossy(), 6, 5, 3},
		// selects without default, as (Q, A, B, a, x, y):
		// 0 (0,0,0,[],0,0) → 1 A sends; 2 B meets Q (Q itself has no step:
		//   a is empty and its b case takes place as B's step)
		// 1 (0,1,0,[1])    → 3 Q takes 1 from a; 4 B meets Q
		// 2 (1,0,1,[],y=2) → 4 A sends
		// 3 (1,1,0,[],x=1)   B waits to send on b forever (dead end)
		// 4 (1,1,1,[1],y=2)  all ended (dead end).
		// 5 states, 5 transitions.
		{"select", selects(false), 5, 5, 2},
		// selects with default: in state 0 the b case is ready (B can meet
		// it), so the default is not taken: the same 5 states and 5
		// transitions.
		{"select with default, a case ready", selects(true), 5, 5, 2},
	}
	assertStateCounts(t, tests)
}

func TestRendezvous(t *testing.T) {
	m := machine(t, rendezvous(1, 1))
	// 2 processes that never block: a one-byte counter each, and x.
	assert.Equal(t, 2*1+1, m.StateSize(), "an unbuffered channel takes no bytes")
	s := m.Initial()
	ss := successors(m, s)
	require.Len(t, ss, 1, "the receiver never moves alone")
	tr := ss[0].T
	assert.Equal(t, 0, tr.Process)
	assert.Equal(t, 1, tr.Partner)
	assert.True(t, tr.PartnerReady())
	assert.Equal(t, "sends 1 to R[0] over c", m.Note(&tr))
	assert.Equal(t, "receives 1 from S[0] over c", m.PartnerNote(&tr))
	assert.Equal(t, 1, m.PC(ss[0].Next, 0))
	assert.Equal(t, 1, m.PC(ss[0].Next, 1), "the receiver moves in the same step")
	assert.Equal(t, []explorer.Change{{Name: "x0", Value: explorer.Value{Kind: explorer.IntValue, Int: 1, Text: "1"}}},
		m.Changes(s, ss[0].Next))

	// Two senders, one receiver: the loser waits to send on c.
	two := machine(t, rendezvous(2, 1))
	ss = successors(two, two.Initial())
	require.Len(t, ss, 2)
	assert.Equal(t, []int{0, 1}, []int{ss[0].T.Process, ss[1].T.Process})
	assert.Equal(t, explorer.ProcState{Process: 1, PC: 0, Pos: pos(101), Statement: "c <- 2", Blocked: true,
		Waits: "waits to send on c"}, two.Process(ss[0].Next, 1))
	assert.False(t, two.Blocked(ss[0].Next, 1), "a disabled send is not in a queue")
	lone := machine(t, rendezvous(0, 1))
	assert.Equal(t, "waits to receive on c", lone.Process(lone.Initial(), 0).Waits)
}

func TestRendezvousRangeChecks(t *testing.T) {
	b := irtest.New("range")
	c := b.Chan("c", 0, false, []ir.Type{irtest.IntType(0, 9)})
	x := b.Var("x", 0, 3, 0)
	b.Process("S", irtest.Send("c <- 7", irtest.S(c), 1, irtest.C(7)))
	b.Process("R", irtest.Recv("x = <-c", irtest.S(c), 1, irtest.Ref(x)))
	m := machine(t, b)
	ss := successors(m, m.Initial())
	require.Len(t, ss, 1)
	require.NotNil(t, ss[0].T.Fault)
	assert.Equal(t, "x = 7 is out of range 0..3", ss[0].T.Fault.Msg)
	assert.Equal(t, 1, ss[0].T.Partner)

	b = irtest.New("range")
	c = b.Chan("c", 1, false, []ir.Type{irtest.IntType(0, 3), irtest.BoolType()})
	b.Process("S", irtest.Send("c <- (2, 2)", irtest.S(c), 1, irtest.C(2), irtest.C(2)))
	m = machine(t, b)
	ss = successors(m, m.Initial())
	require.Len(t, ss, 1)
	require.NotNil(t, ss[0].T.Fault)
	assert.Equal(t, "component 2 of the message sent on c, 2, is out of range 0..1", ss[0].T.Fault.Msg)
}

func TestBufferedFIFO(t *testing.T) {
	m := machine(t, fifo())
	// 2 processes (a one-byte counter each), x, y, z, then c: a length byte
	// and 2 one-byte slots.
	assert.Equal(t, 2*1+3+1+2, m.StateSize())
	s0 := m.Initial()
	s1 := run(t, m, 0)
	s2 := run(t, m, 0, 0)
	assert.Equal(t, []explorer.Change{{Name: "c", Value: explorer.Value{Kind: explorer.ListValue, Int: 1, Text: "[1]"}}},
		m.Changes(s0, s1))
	assert.Equal(t, []explorer.Change{{Name: "c", Value: explorer.Value{Kind: explorer.ListValue, Int: 2, Text: "[1, 2]"}}},
		m.Changes(s1, s2))
	assert.Empty(t, of(successors(m, s2), 0), "the buffer is full")
	assert.Equal(t, "waits to send on c", m.Process(s2, 0).Waits)
	assert.Equal(t, "waits to receive on c", m.Process(s0, 1).Waits)
	end := run(t, m, 0, 0, 1, 0, 1, 1)
	for i, want := range []int32{1, 2, 3} {
		v, err := m.Eval(end, irtest.Load(i))
		require.NoError(t, err)
		assert.Equal(t, want, v, "messages come out in the order they went in")
	}
	// Taking 1 then sending 3 leaves [2, 3] (the change after x's).
	assert.Equal(t, []explorer.Change{{Name: "c", Value: explorer.Value{Kind: explorer.ListValue, Int: 2, Text: "[2, 3]"}}},
		m.Changes(s0, run(t, m, 0, 0, 1, 0))[1:])
}

func TestLossy(t *testing.T) {
	m := machine(t, lossy())
	ss := successors(m, m.Initial())
	require.Len(t, ss, 2, "deliver, then lose")
	assert.Equal(t, "", m.Note(&ss[0].T))
	assert.Equal(t, "[1]", m.Changes(m.Initial(), ss[0].Next)[0].Value.Text)
	assert.Equal(t, "loses the message on c", m.Note(&ss[1].T))
	assert.Empty(t, m.Changes(m.Initial(), ss[1].Next))
	full := successors(m, ss[0].Next)
	require.Len(t, full, 1, "a full lossy channel only loses")
	assert.Equal(t, "loses the message on c", m.Note(&full[0].T))
	assert.Equal(t, "", m.Process(ss[0].Next, 0).Waits, "a lossy send never waits")
}

func TestSelect(t *testing.T) {
	t.Run("default when no case is ready", func(t *testing.T) {
		b := irtest.New("default")
		a := b.Chan("a", 1, false, small)
		x := b.Var("x", 0, 3, 0)
		b.Process("Q", irtest.Select(1, irtest.RecvCase("x = <-a", irtest.S(a), 1, irtest.Ref(x))), irtest.Skip(2))
		b.Process("A", irtest.Send("a <- 1", irtest.S(a), 1, irtest.C(1)))
		m := machine(t, b)
		ss := of(successors(m, m.Initial()), 0)
		require.Len(t, ss, 1)
		assert.Equal(t, 1, m.PC(ss[0].Next, 0), "the default")
		// Once A has sent, the case is ready and the default is not taken.
		s := run(t, m, 1)
		ss = of(successors(m, s), 0)
		require.Len(t, ss, 1)
		assert.Equal(t, []explorer.Change{
			{Name: "x", Value: explorer.Value{Kind: explorer.IntValue, Int: 1, Text: "1"}},
			{Name: "a", Value: explorer.Value{Kind: explorer.ListValue, Int: 0, Text: "[]"}},
		}, m.Changes(s, ss[0].Next))
		// States as (Q, A, a, x), Q being 0 select, 1 skip, 2 end:
		// (0,0,[],0) → (1,0,[],0) default, (0,1,[1],0) sent
		// (1,0,[],0) → (2,0,[],0), (1,1,[1],0)
		// (0,1,[1],0) → (1,1,[],1) the case, not the default
		// (2,0,[],0) → (2,1,[1],0); (1,1,[1],0) → (2,1,[1],0)
		// (1,1,[],1) → (2,1,[],1). 8 states, 8 transitions.
		sp := explore(t, m, &recorder{m: m})
		assert.Equal(t, int64(8), sp.Outcome.States)
		assert.Equal(t, int64(8), sp.Outcome.Transitions)
	})
	t.Run("without default", func(t *testing.T) {
		m := machine(t, selects(false))
		assert.Empty(t, of(successors(m, m.Initial()), 0), "no step of Q's own: b's case is B's step")
		s := run(t, m, 1)
		ss := of(successors(m, s), 0)
		require.Len(t, ss, 1)
		assert.Equal(t, 1, m.PC(ss[0].Next, 0))
		// After B's rendezvous with Q, nothing is left for A's message.
		done := of(successors(m, m.Initial()), 2)
		require.Len(t, done, 1)
		assert.Equal(t, "sends 2 to Q over b", m.Note(&done[0].T))
		// Q alone, with nobody to talk to, waits in select.
		lone := irtest.New("lone")
		a := lone.Chan("a", 1, false, small)
		lone.Process("Q", irtest.Select(-1, irtest.RecvCase("<-a", irtest.S(a), 1)))
		lm := machine(t, lone)
		assert.Equal(t, explorer.ProcState{Process: 0, PC: 0, Pos: pos(1), Statement: "select", Blocked: true, Waits: "waits in select"},
			lm.Process(lm.Initial(), 0))
	})
	t.Run("a select sends", func(t *testing.T) {
		b := irtest.New("selsend")
		c := b.Chan("c", 0, false, small)
		x := b.Var("x", 0, 3, 0)
		b.Process("Q", irtest.Select(-1, irtest.SendCase("c <- 3", irtest.S(c), 1, irtest.C(3))))
		b.Process("R", irtest.Recv("x = <-c", irtest.S(c), 1, irtest.Ref(x)))
		m := machine(t, b)
		ss := successors(m, m.Initial())
		require.Len(t, ss, 1)
		assert.Equal(t, 0, ss[0].T.Process)
		assert.Equal(t, 1, ss[0].T.Partner)
		assert.Equal(t, "sends 3 to R over c", m.Note(&ss[0].T))
	})
}

func TestLen(t *testing.T) {
	b := irtest.New("len")
	c := b.Chan("c", 2, false, small)
	u := b.Chan("u", 0, false, small)
	n := b.Var("n", 0, 2, 0)
	b.Process("P",
		irtest.Send("c <- 1", irtest.S(c), 1, irtest.C(1)),
		irtest.Assign("n = len(c)", irtest.Ref(n), irtest.Len(c), 2))
	m := machine(t, b)
	// c <- 1, then n = len(c): 3 states in a line.
	sp := explore(t, m, &recorder{m: m})
	assert.Equal(t, int64(3), sp.Outcome.States)
	end := run(t, m, 0, 0)
	v, err := m.Eval(end, irtest.Load(n))
	require.NoError(t, err)
	assert.Equal(t, int32(1), v)
	v, err = m.Eval(end, irtest.Len(u))
	require.NoError(t, err)
	assert.Equal(t, int32(0), v, "an unbuffered channel holds nothing")
}
