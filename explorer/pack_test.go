package explorer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// packedProgram has a part of every kind the layout bounds: counters and
// block statuses, variables of one, two and four bytes with negative lows,
// arrays, fifo semaphore queues, a mutex, a Hoare monitor with its condition
// and urgent queues, and a buffered channel of pairs; with procs processes
// of vars locals each, so that keys span several words.
func packedProgram(procs, locals int) *ir.Program {
	b := irtest.New("packed")
	b.Var("small", -3, 4, 0)
	b.Var("flags", 0, 1, 0, 5)
	b.Var("mid", -100, 900, 0, 2)
	b.Var("wide", -70000, 70000, 0)
	b.Sem("s", ir.SemFifo, 1, 2)
	b.Mutex("m")
	mon := b.Monitor("mon", true)
	b.Cond("c", mon)
	b.Chan("ch", 3, false, []ir.Type{irtest.IntType(0, 5), irtest.IntType(-2, 300)})
	for p := range procs {
		for l := range locals {
			b.Local(p, fmt.Sprintf("l%d", l), 0, int32(l%7+1), 0)
		}
	}
	for p := range procs {
		b.Process(fmt.Sprintf("P[%d]", p), irtest.Skip(1), irtest.Skip(2), irtest.Skip(0))
	}
	return b.Program()
}

// randomState is a state in which every byte lies within the bits of its
// group.
func randomState(r *rand.Rand, c *codec) []byte {
	st := make([]byte, c.size)
	for _, g := range c.groups {
		for j := range g.n {
			st[g.at+j] = byte(r.IntN(1 << g.width))
		}
	}
	return st
}

func TestCodecPacksEveryStateLosslessly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	programs := map[string]*ir.Program{
		"one word of whole groups": countersProgram(8, 4),
		"one word and a tail":      countersProgram(5, 8),
	}
	for _, shape := range []struct{ procs, locals int }{{1, 0}, {2, 3}, {6, 5}, {12, 9}} {
		programs[fmt.Sprintf("%dx%d", shape.procs, shape.locals)] = packedProgram(shape.procs, shape.locals)
	}
	for name, p := range programs {
		t.Run(name, func(t *testing.T) {
			m, err := New(p)
			require.NoError(t, err)
			c := m.codec
			require.NotNil(t, c)
			assert.Less(t, c.packed, m.StateSize())
			seen := map[string]string{}
			out, back := make([]byte, c.room()), make([]byte, c.size)
			key := out[:c.packed]
			var keys []byte
			for range 2000 {
				st := randomState(r, c)
				keys = c.appendKey(keys, st)
				c.packInto(out, st)
				c.unpack(back, key)
				require.Equal(t, st, back)
				if other, ok := seen[string(key)]; ok {
					require.Equal(t, other, string(st), "two states share a key")
				}
				seen[string(key)] = string(st)
			}
			for k := range 2000 {
				c.unpack(back, keys[k*c.packed:(k+1)*c.packed])
				require.Equal(t, seen[string(keys[k*c.packed:(k+1)*c.packed])], string(back))
			}
		})
	}
}

// filterLock is the filter lock of n processes of the side-by-side models.
func filterLock(t *testing.T, n int32) *ir.Program {
	text, err := os.ReadFile("../checker/testdata/spinpairs/filter.ilv")
	require.NoError(t, err)
	p, err := lang.Compile(lang.File{Name: "filter.ilv", Text: text}, lang.Options{Consts: map[string]int32{"N": n}})
	require.NoError(t, err)
	return p
}

// TestCodecPacksByGroupsOfFour checks the size of a key: counters of 0..7
// in five processes of two instructions take 1 bit a counter for the first
// group, the program counters, then 3 bits a byte.
func TestCodecPacksByGroupsOfFour(t *testing.T) {
	m, err := New(countersProgram(5, 8))
	require.NoError(t, err)
	require.Equal(t, 10, m.StateSize())
	require.NotNil(t, m.codec)
	assert.Equal(t, []uint8{1, 3, 3}, []uint8{m.codec.groups[0].width, m.codec.groups[1].width, m.codec.groups[2].width})
	assert.Equal(t, 3, m.codec.packed) // 4 + 12 + 6 bits
}

func TestCodecBoundsTheInitialStateAndItsParts(t *testing.T) {
	m, err := New(packedProgram(3, 2))
	require.NoError(t, err)
	bound := m.lay.byteBounds(m.prog)
	init := m.Initial()
	for i, b := range init {
		assert.LessOrEqual(t, b, bound[i], "byte %d", i)
	}
	// The counter of a process of 3 instructions and an end: at most 3.
	assert.Equal(t, uint8(3), bound[0])
	// small: -3..4, stored as 0..7.
	assert.Equal(t, uint8(7), bound[m.lay.vars[0].off])
	// wide: a span of 140000 in four bytes.
	w := m.lay.vars[3].off
	assert.Equal(t, []uint8{0xff, 0xff, 0x02, 0x00}, bound[w:w+4])
}

func TestCodecRefusesAByteOutOfItsBound(t *testing.T) {
	m, err := New(packedProgram(2, 1))
	require.NoError(t, err)
	st := m.Initial()
	at := m.lay.vars[0].off // small holds 0..7, in a group of 3 bits
	g := m.codec.groups[at/packGroupBytes]
	require.Equal(t, uint8(3), g.width)
	st[at] = 8
	assert.Panics(t, func() { m.codec.packInto(make([]byte, m.codec.room()), st) })
}

func TestCodecIsLeftOutWhenItSavesNothing(t *testing.T) {
	b := irtest.New("wide")
	b.Var("x", -1<<31, 1<<31-1, 0, 4)
	b.Process("P", irtest.Skip(0))
	m, err := New(b.Program())
	require.NoError(t, err)
	assert.Nil(t, m.codec)
}

// TestPackedSearchIsTheUnpackedOne checks that a search storing packed keys
// stores the states an unpacked search stores, with the same ids and
// parents, with one worker and with two.
func TestPackedSearchIsTheUnpackedOne(t *testing.T) {
	programs := map[string]*ir.Program{
		"philosophers": philosophersProgram(6),
		"counters":     countersProgram(5, 8),
		"one word":     countersProgram(8, 4),
	}
	for name, p := range programs {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d", name, workers), func(t *testing.T) {
				packed, err := New(p)
				require.NoError(t, err)
				require.NotNil(t, packed.codec)
				plain, err := New(p)
				require.NoError(t, err)
				plain.codec = nil
				a, err := Search(context.Background(), packed, Options{Workers: workers}, nopVisitor{})
				require.NoError(t, err)
				b, err := Search(context.Background(), plain, Options{Workers: workers}, nopVisitor{})
				require.NoError(t, err)
				require.Equal(t, b.Store.Len(), a.Store.Len())
				assert.Less(t, a.Store.KeyBytes(), b.Store.KeyBytes())
				buf := []byte(nil)
				for id := range StateID(a.Store.Len()) {
					buf = a.Store.Load(id, buf)
					require.Equal(t, b.Store.Get(id), buf)
					require.Equal(t, b.Store.Parent(id), a.Store.Parent(id))
					found, ok := a.Store.Lookup(buf)
					require.True(t, ok)
					require.Equal(t, id, found)
				}
			})
		}
	}
}

// nopVisitor explores everything.
type nopVisitor struct{}

func (nopVisitor) State(StateID, []byte, int) Control { return Continue }
func (nopVisitor) Fault(StateID, *Transition) Control { return Continue }
func (nopVisitor) Deadend(StateID, []byte) Control    { return Continue }

// philosophersProgram: n philosophers taking their lower fork first, forks
// a semaphore array.
func philosophersProgram(n int) *ir.Program {
	b := irtest.New("philosophers")
	fork := b.Sem("fork", ir.SemWeak, 1, n)
	for i := range n {
		lo, hi := i, (i+1)%n
		if hi < lo {
			lo, hi = hi, lo
		}
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Down("down(fork[lo])", fork, 1, irtest.C(int32(lo))),
			irtest.Down("down(fork[hi])", fork, 2, irtest.C(int32(hi))),
			irtest.Skip(3),
			irtest.Up("up(fork[hi])", fork, 4, irtest.C(int32(hi))),
			irtest.Up("up(fork[lo])", fork, 0, irtest.C(int32(lo))))
	}
	return b.Program()
}

// countersProgram: n processes each counting modulo k: k^n states.
func countersProgram(n, k int) *ir.Program {
	b := irtest.New("counters")
	vars := make([]int, n)
	for i := range n {
		vars[i] = b.Local(i, "c", 0, int32(k-1), 0)
	}
	for i, c := range vars {
		b.Process(fmt.Sprintf("P[%d]", i), irtest.Assign("c = (c + 1) % K", irtest.Ref(c),
			irtest.Bin(ir.OpMod, irtest.Bin(ir.OpAdd, irtest.Load(c), irtest.C(1)), irtest.C(int32(k))), 0))
	}
	return b.Program()
}

func TestSameKeyComparesOnlyTheKeys(t *testing.T) {
	buf := []byte{1, 2, 3, 4, 5, 6, 7, 0xaa, 1, 2, 3, 4, 5, 6, 7, 0xbb, 0xcc}
	a, b := buf[0:7:16], buf[8:15:17]
	assert.True(t, sameKey(a, b), "the bytes past the keys differ, the keys do not")
	b[6] = 8
	assert.False(t, sameKey(a, b))
	assert.True(t, sameKey(buf[0:8:8], []byte{1, 2, 3, 4, 5, 6, 7, 0xaa}))
	assert.False(t, sameKey(buf[0:8:8], []byte{1, 2, 3, 4, 5, 6, 7, 0xab}))
	assert.True(t, sameKey(buf[0:3:3], []byte{1, 2, 3}), "a short slice is compared byte by byte")
	assert.True(t, sameKey(buf[0:0:8], buf[8:8:16]))
}

// TestReleasedTableIsBuiltAgain checks that a store whose table was
// released finds every state again, from several goroutines at once, and
// takes new ones.
func TestReleasedTableIsBuiltAgain(t *testing.T) {
	m, err := New(countersProgram(4, 9))
	require.NoError(t, err)
	sp, err := Search(context.Background(), m, Options{Workers: 1}, nopVisitor{})
	require.NoError(t, err)
	st := sp.Store
	before := st.Bytes()
	st.ReleaseTable()
	assert.Less(t, st.Bytes(), before)
	states := make([][]byte, st.Len())
	for id := range states {
		states[id] = st.Get(StateID(id))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for id := w; id < len(states); id += 4 {
				found, ok := st.Lookup(states[id])
				assert.True(t, ok)
				assert.Equal(t, StateID(id), found)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, before, st.Bytes())
	st.ReleaseTable()
	id, added := st.Insert(states[7], NoParent)
	assert.False(t, added)
	assert.Equal(t, StateID(7), id)
	fresh := append([]byte(nil), states[0]...)
	fresh[len(fresh)-1] = 0
	fresh[0] = 1
	if _, ok := st.Lookup(fresh); !ok {
		// The search's store is filled breadth first: a new state's
		// parent is the last expanded or one after it.
		last := StateID(len(states) - 1)
		id, added = st.Insert(fresh, last)
		assert.True(t, added)
		assert.Equal(t, StateID(len(states)), id)
		assert.Equal(t, last, st.Parent(id))
	}
}
