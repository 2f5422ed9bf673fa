package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// storer: P[0] stores x = 1, then y = 2, then takes semaphore s; P[1]
// fences, then reads x into its local r. x and y are shared.
func storer(mem ir.Memory, k int) *irtest.Builder {
	b := irtest.New("storer")
	x := b.Var("x", 0, 3, 0)
	y := b.Var("y", 0, 3, 0)
	s := b.Sem("s", ir.SemWeak, 1)
	b.Process("P[0]",
		irtest.Assign("x = 1", irtest.Ref(x), irtest.C(1), 1),
		irtest.Assign("y = 2", irtest.Ref(y), irtest.C(2), 2),
		irtest.Down("down(s)", s, 3))
	r := b.Local(1, "r", 0, 3, 0)
	b.Process("P[1]",
		&ir.Instr{Op: ir.OpFence, Text: "fence", Next: 1},
		irtest.Assign("r = x", irtest.Ref(r), irtest.Load(x), 2))
	b.Program().Memory = mem
	b.Program().StoreBuffer = k
	return b
}

func TestMemoryStateSize(t *testing.T) {
	sc := machine(t, storer(ir.SC, 0)).StateSize()
	// SC: 2 processes × 2 (counter and block status), x, y, r: 1 byte each,
	// s: 2 bytes — no buffers.
	assert.Equal(t, 4+3+2, sc)
	// TSO: one buffer of K entries of 6 bytes per process.
	assert.Equal(t, sc+2*3*6, machine(t, storer(ir.TSO, 3)).StateSize())
	// PSO: one buffer per process and shared element (x, y).
	assert.Equal(t, sc+2*2*3*6, machine(t, storer(ir.PSO, 3)).StateSize())
	// The default capacity.
	assert.Equal(t, sc+2*ir.DefaultStoreBuffer*6, machine(t, storer(ir.TSO, 0)).StateSize())
}

func TestStoresWaitInBuffers(t *testing.T) {
	m := machine(t, storer(ir.TSO, 2))
	s := m.Initial()
	// P[0] stores x = 1: into its buffer, memory unchanged.
	s = of(successors(m, s), 0)[0].Next
	assert.Equal(t, []string{"x=1"}, m.Buffered(s, 0))
	assert.Equal(t, []explorer.Change{{Name: "P[0] buffer", Value: explorer.Value{Kind: explorer.ListValue, Int: 1, Text: "[x=1]"}}},
		m.Changes(m.Initial(), s))
	// P[1] may fence (its own buffer is empty) and then reads x = 0 from memory.
	s1 := of(successors(m, s), 1)[0].Next
	s1 = of(successors(m, s1), 1)[0].Next
	assert.Equal(t, 2, m.PC(s1, 1))
	assert.Empty(t, m.Changes(s, s1), "P[1] read x = 0 into r, which was 0")
	// P[0]: y = 2, then its buffer is full (K = 2): down(s) is disabled, and the
	// only steps of P[0] are flushes, oldest first.
	s = of(successors(m, s), 0)[0].Next
	ss := of(successors(m, s), 0)
	require.Len(t, ss, 1)
	assert.True(t, ss[0].T.Flush)
	assert.Equal(t, "P[0]'s store x=1 reaches memory", m.Note(&ss[0].T))
	v, err := m.Eval(ss[0].Next, irtest.Load(0))
	require.NoError(t, err)
	assert.Equal(t, int32(1), v, "x is in memory")
	assert.Equal(t, []string{"y=2"}, m.Buffered(ss[0].Next, 0))
	// Once both are flushed, down(s) is enabled.
	s = of(successors(m, ss[0].Next), 0)[0].Next
	assert.True(t, m.BuffersEmpty(s, 0))
	ss = of(successors(m, s), 0)
	require.Len(t, ss, 1)
	assert.False(t, ss[0].T.Flush)
	assert.Equal(t, 3, m.PC(ss[0].Next, 0))
}

func TestOwnStoresAreRead(t *testing.T) {
	b := irtest.New("own")
	x := b.Var("x", 0, 3, 0)
	r := b.Local(0, "r", 0, 3, 0)
	b.Process("P[0]",
		irtest.Assign("x = 2", irtest.Ref(x), irtest.C(2), 1),
		irtest.Assign("r = x", irtest.Ref(r), irtest.Load(x), 2))
	b.Program().Memory = ir.PSO
	m := machine(t, b)
	s := run(t, m, 0, 0)
	assert.Equal(t, []string{"x=2"}, m.Buffered(s, 0), "the store is still buffered")
	v, err := m.Eval(s, irtest.Load(r))
	require.NoError(t, err)
	assert.Equal(t, int32(2), v, "the process reads its own buffered store")
	v, err = m.Eval(s, irtest.Load(x))
	require.NoError(t, err)
	assert.Equal(t, int32(0), v, "memory still holds the old value")
}

func TestMemoryStateCounts(t *testing.T) {
	// Exact state counts of storer. P[0] has c configurations (pc, buffers,
	// memory), m of them with x = 1 in memory; P[1] is at pc 0 or 1 (2c
	// states) or has read r = 0 (any of the c configurations can follow) or
	// r = 1 (m): 3c + m states.
	//   SC: pc 0..3, c = 4, m = 3.
	//   TSO, K = 1: (0,[]) (1,[x]) (1,[]) (2,[y]) (2,[]) (3,[]): c = 6, m = 4.
	//   TSO, K = 2: (0,[]) (1,[x]) (1,[]) (2,[x,y]) (2,[y]) (2,[]) (3,[]): c = 7, m = 4.
	//   PSO, K = 1: x and y buffered apart: (0) (1,x) (1) (2,x,y) (2,x) (2,y)
	//   (2) (3): c = 8, m = 4.
	for _, tt := range []struct {
		mem    ir.Memory
		k      int
		states int
	}{
		{ir.SC, 0, 3*4 + 3},
		{ir.TSO, 1, 3*6 + 4},
		{ir.TSO, 2, 3*7 + 4},
		{ir.PSO, 1, 3*8 + 4},
	} {
		t.Run(tt.mem.String(), func(t *testing.T) {
			sp := explore(t, machine(t, storer(tt.mem, tt.k)), &recorder{})
			assert.Equal(t, int64(tt.states), sp.Outcome.States)
		})
	}
}
