package explorer

import (
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStoreTakesItsArenaSpare: a store lent spares takes a whole chunk of
// its arena from them, the very memory made, and says so in
// NextAllocation, which counts a chunk held as a spare as nothing; the
// arena's first chunk, which doubles, is never taken from a spare; the
// states stored are the same as without.
func TestStoreTakesItsArenaSpare(t *testing.T) {
	const records = 1 << 10 // a whole chunk, made small
	plain, lent := newStore(3, nil, parentsInRecords), newStore(3, nil, parentsInRecords)
	plain.shift, lent.shift = 10, 10
	takeBack := lent.lendSpares()
	lent.arenaSpare.make()
	arena := *lent.arenaSpare.chunk.Load()
	require.Len(t, arena, lent.record*records)

	var key [3]byte
	insert := func(s *Store, i int) {
		binary.LittleEndian.PutUint16(key[:], uint16(i))
		key[2] = byte(i >> 16)
		_, added := s.Insert(key[:], StateID(i/4))
		require.True(t, added)
	}
	for i := range records {
		insert(plain, i)
		insert(lent, i)
	}
	// The first chunk is the store's own; the spare is still held.
	assert.True(t, lent.arenaSpare.holds(lent.record*records))
	assert.NotEqual(t, dataOf(arena), dataOf(lent.chunks[0]))

	// The next state takes a new chunk: the spare, which then holds
	// nothing.
	assert.Equal(t, uint64(lent.record*records), plain.NextAllocation())
	assert.Equal(t, uint64(0), lent.NextAllocation())
	insert(plain, records)
	insert(lent, records)
	require.Len(t, lent.chunks, 2)
	assert.Equal(t, dataOf(arena), dataOf(lent.chunks[1]))
	assert.False(t, lent.arenaSpare.holds(lent.record*records))

	for i := range plain.Len() {
		require.Equal(t, plain.key(StateID(i)), lent.key(StateID(i)), "state %d", i)
		require.Equal(t, plain.Parent(StateID(i)), lent.Parent(StateID(i)), "state %d", i)
	}
	takeBack()
	assert.Nil(t, lent.arenaSpare)
	assert.Nil(t, lent.countSpare)
}

// TestCountsTakeTheirSpare: the counts of children take a whole chunk from
// their spare, and say so in nextRoom; their first chunks, which double,
// never do.
func TestCountsTakeTheirSpare(t *testing.T) {
	const whole = 1 << countChunkShift
	s := newSpare(whole)
	s.make()
	made := *s.chunk.Load()
	cc := new(childCounts)
	for cc.capacity() < whole {
		n := cc.capacity() + 1
		assert.NotZero(t, cc.nextRoom(n, s), "%d counts", n)
		cc.room(n, s)
		require.True(t, s.holds(whole), "%d counts: the spare taken for a first chunk", n)
	}
	require.Len(t, cc.chunks, 1)
	assert.Equal(t, uint64(0), cc.nextRoom(whole+1, s))
	assert.Equal(t, uint64(whole), cc.nextRoom(whole+1, nil))
	cc.room(whole+1, s)
	require.Len(t, cc.chunks, 2)
	assert.Equal(t, dataOf(made), dataOf(cc.chunks[1]))
	assert.False(t, s.holds(whole))
	assert.Equal(t, uint64(whole), cc.nextRoom(2*whole+1, s))
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

// TestSpareMadeAside: makeAside makes the chunk on a goroutine of its own,
// one at a time, none when the spare holds one; drop waits for the one
// being made, and leaves nothing held.
func TestSpareMadeAside(t *testing.T) {
	const whole = 1 << 20
	s := newSpare(whole)
	s.makeAside()
	s.made.Wait()
	require.True(t, s.holds(whole))
	made := *s.chunk.Load()
	s.makeAside()
	assert.False(t, s.making.Load(), "a goroutine started for a spare held")
	s.made.Wait()
	assert.Equal(t, dataOf(made), dataOf(*s.chunk.Load()), "the chunk held made again")
	assert.Equal(t, dataOf(made), dataOf(s.take(whole)))

	for range 8 {
		s.makeAside()
		s.makeAside()
		s.drop()
		s.made.Wait()
		assert.False(t, s.holds(whole), "a chunk made after the spare was dropped")
	}
	var none *spare
	none.makeAside()
	none.drop()
}
