package explorer

import (
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStoreTakesItsSpares: a store lent spares takes a whole chunk of its
// arena and of its counts from them, the very memory made, and says so in
// NextAllocation, which counts a chunk held as a spare as nothing; the
// arena's first chunk, which doubles, and the counts' first chunks are
// never taken from a spare; the states stored are the same as without.
func TestStoreTakesItsSpares(t *testing.T) {
	const records = 1 << 20 // the arena's whole chunk of 3-byte keys
	plain, lent := newStore(3, nil, parentsCounted), newStore(3, nil, parentsCounted)
	require.Equal(t, uint(20), lent.shift)
	takeBack := new(pipeline).lendSpares(lent)
	lent.arenaSpare.make()
	lent.countSpare.make()
	arena, counts := *lent.arenaSpare.chunk.Load(), *lent.countSpare.chunk.Load()
	require.Len(t, arena, 3*records)
	require.Len(t, counts, 1<<countChunkShift)

	var key [3]byte
	insert := func(s *Store, i int) {
		binary.LittleEndian.PutUint16(key[:], uint16(i))
		key[2] = byte(i >> 16)
		parent := StateID(i / 4)
		if i == 0 {
			parent = NoParent
		}
		_, added := s.Insert(key[:], parent)
		require.True(t, added)
	}
	for i := range records {
		insert(plain, i)
		insert(lent, i)
	}
	// The first chunks are the store's own; the spares are still held.
	assert.True(t, lent.arenaSpare.holds(3*records))
	assert.True(t, lent.countSpare.holds(1<<countChunkShift))
	assert.NotEqual(t, dataOf(arena), dataOf(lent.chunks[0]))

	// The next state takes a new chunk of arena and of counts: from the
	// spares, which then hold nothing.
	assert.Equal(t, uint64(3*records+1<<countChunkShift), plain.NextAllocation())
	assert.Equal(t, uint64(0), lent.NextAllocation())
	insert(plain, records)
	insert(lent, records)
	require.Len(t, lent.chunks, 2)
	assert.Equal(t, dataOf(arena), dataOf(lent.chunks[1]))
	assert.Equal(t, dataOf(counts), dataOf(lent.counts.chunks[1]))
	assert.False(t, lent.arenaSpare.holds(3*records))
	assert.False(t, lent.countSpare.holds(1<<countChunkShift))

	for i := range plain.Len() {
		require.Equal(t, plain.key(StateID(i)), lent.key(StateID(i)), "state %d", i)
		require.Equal(t, plain.Parent(StateID(i)), lent.Parent(StateID(i)), "state %d", i)
	}
	takeBack()
	assert.Nil(t, lent.arenaSpare)
	assert.Nil(t, lent.countSpare)
}

// TestSpareDroppedWhenNotTaken: a spare made and never taken is dropped,
// and a nil spare is made, taken and dropped as none.
func TestSpareDroppedWhenNotTaken(t *testing.T) {
	s := newSpare(8 << 10)
	s.make()
	require.True(t, s.holds(8<<10))
	assert.False(t, s.holds(4<<10), "a spare of another size")
	assert.Nil(t, s.take(4<<10))
	s.drop()
	assert.False(t, s.holds(8<<10))
	var none *spare
	none.make()
	assert.False(t, none.holds(8<<10))
	assert.Nil(t, none.take(8<<10))
	none.drop()
}

// dataOf is the address of b's memory.
func dataOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
