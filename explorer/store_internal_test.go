package explorer

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fillStore inserts states 0, 1, … of 8 bytes into s until it holds n.
func fillStore(s *Store, n int) {
	var b [8]byte
	for i := s.Len(); i < n; i++ {
		binary.LittleEndian.PutUint64(b[:], uint64(i))
		s.Insert(b[:], 0)
	}
}

// fillWithin inserts states into s until it holds n, as a search with a
// memory limit does: the store may take budget bytes for its table and
// records, and chooses the table of each growth for what is left.
func fillWithin(s *Store, budget uint64, n int) {
	var b [8]byte
	for i := s.Len(); i < n; i++ {
		if s.NextAllocation() > 0 {
			s.sizeWithin(budget - 4*uint64(len(s.table)) - uint64(s.n*s.record))
		}
		binary.LittleEndian.PutUint64(b[:], uint64(i))
		s.Insert(b[:], 0)
	}
}

// TestSizeWithinTakesItsTableAtOnce: a store that grows within a memory
// budget grows by the usual steps while its table is small against the one
// the budget holds, then takes that one at once; and it finds every state
// it holds.
func TestSizeWithinTakesItsTableAtOnce(t *testing.T) {
	s := NewStore(8)
	// 8-byte keys and 4-byte parents: 10.4 MB hold 800 000 slots and the
	// records of 600 000 states (4 + 3/4 × 12 bytes a slot).
	const budget = 10_400_000
	var sizes []int
	for n := 1; n <= 590_000; n += 1000 {
		fillWithin(s, budget, n)
		if len(sizes) == 0 || sizes[len(sizes)-1] != len(s.table) {
			sizes = append(sizes, len(s.table))
		}
	}
	// 131 072 slots would grow to 262 144, a quarter of 800 000 or more.
	assert.Equal(t, []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 17, 800_000}, sizes)
	var b [8]byte
	for i := range s.Len() {
		binary.LittleEndian.PutUint64(b[:], uint64(i))
		id, ok := s.Lookup(b[:])
		require.True(t, ok)
		require.Equal(t, StateID(i), id)
	}
}

// TestSizeWithinLargeBudget: a store with far more memory than its states
// need grows by the usual steps.
func TestSizeWithinLargeBudget(t *testing.T) {
	s := NewStore(8)
	fillWithin(s, 1<<30, 100_000)
	assert.Equal(t, 1<<18, len(s.table), "doubled from 2^17 slots")
}

// stateList records the states a search finds, in order.
type stateList struct{ states [][]byte }

func (l *stateList) State(_ StateID, s []byte, _ int) Control {
	l.states = append(l.states, append([]byte(nil), s...))
	return Continue
}
func (l *stateList) Fault(StateID, *Transition) Control { return Continue }
func (l *stateList) Deadend(StateID, []byte) Control    { return Continue }

// TestPresizeChangesNoSearch: a search that sizes its store's table for its
// memory limit takes its table at once, larger than by growing, and finds
// the same states in the same order as one that grows its table by doubling,
// with one worker and with two. The memory in use is taken as 0 beside the
// store, so that the sizes do not depend on the heap of the tests.
func TestPresizeChangesNoSearch(t *testing.T) {
	m, err := New(countersProgram(4, 24))
	require.NoError(t, err)
	none := func() uint64 { return 0 }
	for _, workers := range []int{1, 2} {
		var plain, sized stateList
		sp, err := Search(context.Background(), m, Options{Workers: workers}, &plain)
		require.NoError(t, err)
		require.True(t, sp.Outcome.Complete)
		require.Equal(t, 331_776, sp.Store.Len())
		// 4 MB, 3-byte keys and a byte a state for the parents (counted):
		// from 131 072 slots and 98 304 states on, those and the 4 MB hold
		// 730 000 slots or so, a quarter of which growing to 262 144
		// reaches.
		opts := Options{Workers: workers, MaxMemory: 4 << 20, Presize: true, memoryInUse: none}
		sizedSp, err := Search(context.Background(), m, opts, &sized)
		require.NoError(t, err)
		require.True(t, sizedSp.Outcome.Complete)
		assert.Equal(t, sp.Outcome.Transitions, sizedSp.Outcome.Transitions)
		assert.Equal(t, plain.states, sized.states, "workers %d", workers)
		assert.Greater(t, len(sizedSp.Store.table), len(sp.Store.table), "workers %d", workers)
		assert.InDelta(t, 730_000, len(sizedSp.Store.table), 20_000, "workers %d", workers)
	}
}

// allocationNow is NextAllocation worked out in full.
func allocationNow(s *Store) uint64 {
	n := s.nextRoom()
	if full(s.n+1, len(s.table)) {
		n += uint64(s.nextSlots()) * 4
	}
	return n
}

// TestNextAllocationFromRoom: NextAllocation, which answers from the room
// the store had when last asked, says what inserting the next state
// allocates before every insert: through the arena's first chunk doubling,
// whole chunks, the counts' chunks and the table's growths, and after a
// truncation.
func TestNextAllocationFromRoom(t *testing.T) {
	for _, parents := range []parentKeeping{parentsInRecords, parentsCounted} {
		s := newStore(3, nil, parents)
		var b [3]byte
		check := func(n int) {
			for i := s.Len(); i < n; i++ {
				if want := allocationNow(s); want != s.NextAllocation() {
					require.Equal(t, want, s.NextAllocation(), "parents %d, state %d", parents, i)
				}
				b[0], b[1], b[2] = byte(i), byte(i>>8), byte(i>>16)
				parent := StateID(i / 3)
				if i == 0 {
					parent = NoParent
				}
				s.Insert(b[:], parent)
			}
		}
		check(1_200_000)
		s.truncate(1_100_000)
		check(1_300_000)
	}
}

// TestHashKeysIsTheKeysHash checks the hashes a growth files states by,
// read as words from the chunks, against the hash of each state's key, for
// keys of 1 to 9 bytes, records with and without their parents, and
// batches that start anywhere, reach the last record of a chunk, or cross
// into the next.
func TestHashKeysIsTheKeysHash(t *testing.T) {
	for _, size := range []int{1, 3, 7, 8, 9} {
		for _, parents := range []parentKeeping{parentsInRecords, parentsDerived} {
			s := newStore(size, nil, parents)
			s.shift = 6 // chunks of 64 records
			st := make([]byte, size)
			for i := range 300 {
				for b := range st {
					st[b] = byte(i>>(8*(b%2)) + b)
				}
				s.Insert(st, 0)
			}
			require.Greater(t, s.Len(), 200)
			for _, from := range []int{0, 1, 63, 64, 100, 127, s.Len() - 65, s.Len() - 1} {
				for _, n := range []int{1, 2, 63, 64, 65} {
					n = min(n, s.Len()-from)
					got := make([]uint64, n)
					s.hashKeys(from, got)
					for j, h := range got {
						require.Equal(t, s.hash.of(s.key(StateID(from+j))), h,
							"key size %d, parents %d: state %d of a batch from %d", size, parents, from+j, from)
					}
				}
			}
		}
	}
}
