package explorer

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keyOf is the i-th state of a store of states of 6 bytes.
func keyOf(i int) []byte { return keyOfSize(i, 6) }

// keyOfSize is the i-th state of a store of states of size bytes.
func keyOfSize(i, size int) []byte {
	b := make([]byte, size)
	binary.LittleEndian.PutUint32(b, uint32(i)*2654435761)
	b[5] = byte(i)
	return b
}

func filled(n, size int) *Store {
	s := NewStore(size)
	for i := range n {
		s.Insert(keyOfSize(i, size), StateID(i/3))
	}
	return s
}

func arenaLens(s *Store) []int {
	var l []int
	for _, c := range s.chunks {
		l = append(l, len(c))
	}
	return l
}

// tableFor is the table size of a store of n states.
func tableFor(n int) int {
	slots := minTableSlots
	for i := 1; i <= n; i++ {
		if full(i, slots) {
			slots = grown(slots)
		}
	}
	return slots
}

// lastBeforeGrowth is the most states a store holds with the table of a
// store of m states.
func lastBeforeGrowth(m int) int {
	slots := tableFor(m)
	n := m
	for !full(n+1, slots) {
		n++
	}
	return n
}

func TestTruncateLeavesTheStoreOfFewerStates(t *testing.T) {
	// A store is truncated only back to a state stored since the table last
	// grew: each pair keeps the table's size. The first chunk shrinks back
	// (1600 records of 10 bytes, of 1638 in the first chunk at first), whole
	// chunks go (4096 records of 1024 bytes fill a chunk).
	type pair struct{ n, m, size int }
	var pairs []pair
	for _, m := range []int{1, 700, 1600, 2999, 49152} {
		pairs = append(pairs, pair{lastBeforeGrowth(m), m, 6})
	}
	for _, m := range []int{4096, 4097, 6000} {
		pairs = append(pairs, pair{lastBeforeGrowth(m), m, 1020})
	}
	for _, tc := range pairs {
		t.Run(fmt.Sprintf("%d to %d of %d bytes", tc.n, tc.m, tc.size), func(t *testing.T) {
			key := func(i int) []byte { return keyOfSize(i, tc.size) }
			cut, want := filled(tc.n, tc.size), filled(tc.m, tc.size)
			require.Equal(t, len(want.table), len(cut.table), "the pair keeps the table")
			cut.truncate(tc.m)
			require.Equal(t, tc.m, cut.Len())
			assert.Equal(t, want.Bytes(), cut.Bytes())
			assert.Equal(t, arenaLens(want), arenaLens(cut))
			for i := range tc.n {
				id, ok := cut.Lookup(key(i))
				if i < tc.m {
					require.True(t, ok, "state %d is kept", i)
					require.Equal(t, StateID(i), id)
					require.Equal(t, StateID(i/3), cut.Parent(id))
				} else {
					require.False(t, ok, "state %d is taken out", i)
				}
			}
			id, added := cut.Insert(key(tc.m), 7)
			assert.True(t, added)
			assert.Equal(t, StateID(tc.m), id)
			assert.Equal(t, key(tc.m), cut.Get(id))
		})
	}
}

func TestRemoveKeepsClustersThatWrapAround(t *testing.T) {
	s := NewStore(6)
	slots := len(s.table)
	// Two states of each of the homes: the last slot but one, the last slot
	// and slot 0. They fill the table's end and wrap around to its start.
	homeOf := func(i int) int { return (slots - 2 + i/2) % slots }
	var ids []StateID
	var hashes []uint64
	next := 0
	for i := range 6 {
		// The next state whose hash has the home wanted.
		st := keyOf(next)
		for ; s.home(s.hash.of(st)) != uint64(homeOf(i)); st = keyOf(next) {
			next++
		}
		next++
		h := s.hash.of(st)
		id, added := s.insert(st, h, NoParent)
		require.True(t, added)
		ids, hashes = append(ids, id), append(hashes, h)
	}
	find := func(id StateID, h uint64) bool {
		for i := s.home(h); s.table[i] != 0; i = after(i, slots) {
			if s.slotID(s.table[i]) == id {
				return true
			}
		}
		return false
	}
	// Take out the entry in the table's last slot but one.
	at := uint64(len(s.table) - 2)
	gone := s.slotID(s.table[at])
	s.remove(at)
	for i, id := range ids {
		assert.Equal(t, id != gone, find(id, hashes[i]), "state %d", id)
	}
}

// TestSlotsHoldIDAndHashBits checks that a slot of every table size, up to
// the largest, holds the largest id the table can hold (one slot stays
// empty) with any hash bits, below the bit that marks a claim, and gives
// both back.
func TestSlotsHoldIDAndHashBits(t *testing.T) {
	hashes := []uint64{0, ^uint64(0), 0x9E3779B97F4A7C15, 1 << 63, 1<<32 - 1}
	for slots := minTableSlots; ; slots = grown(slots) {
		s := &Store{}
		s.idBits = slotIDBits(slots)
		ids := uint32(1)<<s.idBits - 1
		for _, id := range []StateID{0, StateID(slots/16*15 - 1), StateID(slots - 2)} {
			for _, h := range hashes {
				v := slotTag(h, s.idBits) | uint32(id+1)
				require.Zero(t, v&claimBit, "slots %d id %d", slots, id)
				require.Equal(t, id, s.slotID(v), "slots %d", slots)
				require.Equal(t, slotTag(h, s.idBits), v&^ids, "slots %d", slots)
			}
		}
		// Two hashes that differ in the bits a slot keeps are told apart.
		if s.idBits < 31 {
			bit := uint64(1) << 31
			require.NotEqual(t, slotTag(0, s.idBits), slotTag(bit, s.idBits))
		}
		if slots == maxTableSlots {
			break
		}
	}
	require.LessOrEqual(t, maxStoredStates, maxTableSlots/16*15)
}

// TestRangesCoverTheTable checks that the workers' ranges of a table follow
// one another from its first slot to its last, and that every hash a worker
// files has its home in that worker's range, or at its end (where its probe
// leaves the range at once).
func TestRangesCoverTheTable(t *testing.T) {
	x := uint64(1)
	for _, slots := range []int{minTableSlots, 1536, 25856860, maxTableSlots} {
		for workers := 1; workers <= 9; workers++ {
			require.Equal(t, uint64(0), rangeStart(0, slots, workers))
			require.Equal(t, uint64(slots), rangeStart(workers, slots, workers))
			inRange := func(h uint64) {
				w := rangeOf(h, workers)
				require.Less(t, w, workers)
				home := homeIn(h, slots)
				require.GreaterOrEqual(t, home, rangeStart(w, slots, workers), "slots %d workers %d hash %x", slots, workers, h)
				require.LessOrEqual(t, home, rangeStart(w+1, slots, workers), "slots %d workers %d hash %x", slots, workers, h)
			}
			for w := range workers {
				require.LessOrEqual(t, rangeStart(w, slots, workers), rangeStart(w+1, slots, workers))
				least := (uint64(w)<<32 + uint64(workers) - 1) / uint64(workers) << 32
				require.Equal(t, w, rangeOf(least, workers))
				inRange(least)
				if w > 0 {
					require.Equal(t, w-1, rangeOf(least-1, workers))
					inRange(least - 1)
				}
			}
			inRange(^uint64(0))
			for range 1000 {
				x = x*6364136223846793005 + 1442695040888963407
				inRange(x)
			}
		}
	}
}

// TestGrowTogether: a table grown by several goroutines at once holds every
// state, found by its id, and only those, as the table grown by one does,
// at the same size; the states go on being inserted after it.
func TestGrowTogether(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			const n = 200000
			one, many := filled(n, 6), filled(n, 6)
			one.grow()
			many.growTogether(func(f func(w int)) {
				done := make(chan struct{})
				for w := range workers {
					go func() { f(w); done <- struct{}{} }()
				}
				for range workers {
					<-done
				}
			})
			require.Equal(t, len(one.table), len(many.table))
			stored := 0
			for _, v := range many.table {
				if v != 0 {
					stored++
				}
			}
			require.Equal(t, n, stored, "one slot a state")
			for i := range n + 1000 {
				id, ok := many.Lookup(keyOf(i))
				require.Equal(t, i < n, ok, "state %d", i)
				if ok {
					require.Equal(t, StateID(i), id)
				}
			}
			for i := n; i < n+1000; i++ {
				id, added := many.Insert(keyOf(i), 0)
				require.True(t, added)
				require.Equal(t, StateID(i), id)
			}
		})
	}
}

// TestSmallTablesGrowFourTimesOver: a table grows four times over while it
// is small, then doubles.
func TestSmallTablesGrowFourTimesOver(t *testing.T) {
	var sizes []int
	for slots := minTableSlots; slots < 1<<18; slots = grown(slots) {
		sizes = append(sizes, slots)
	}
	assert.Equal(t, []int{1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 17}, sizes)
}

// TestClaimableBoundsAFiledChunkByItsFirsts checks that a chunk that keeps
// its firsts alone (fileFirsts), no successor's hash, is merged alongside
// the expander only while its firsts, as many new states, would leave the
// table at most 15/16 full: else the table could fill up under the merge.
func TestClaimableBoundsAFiledChunkByItsFirsts(t *testing.T) {
	st := filled(700, 6)
	require.Len(t, st.table, 1024)
	sr := &searcher{st: st, sp: &Space{}, maxStates: int64(maxStoredStates)}
	var p parallel
	filed := []chunk{{firsts: make([]uint64, 300), kinds: make([]uint8, 900)}}
	assert.False(t, p.claimable(sr, filed), "1000 states in 1024 slots")
	filed[0].firsts = filed[0].firsts[:200]
	assert.True(t, p.claimable(sr, filed), "900 states in 1024 slots")
}
