package explorer_test

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
)

func TestStore(t *testing.T) {
	const n = 50000 // enough to grow the table and fill several arena chunks
	st := explorer.NewStore(6)
	key := func(i int) []byte {
		b := make([]byte, 6)
		binary.LittleEndian.PutUint32(b, uint32(i*7919))
		b[5] = byte(i)
		return b
	}
	for i := range n {
		id, added := st.Insert(key(i), explorer.StateID(i/2))
		require.True(t, added)
		require.Equal(t, explorer.StateID(i), id, "ids are in insertion order")
	}
	require.Equal(t, n, st.Len())
	for _, i := range []int{0, 1, 16383, 16384, 49999} {
		id, added := st.Insert(key(i), 0)
		assert.False(t, added, "a duplicate is not added")
		assert.Equal(t, explorer.StateID(i), id)
		assert.Equal(t, key(i), st.Get(id))
		assert.Equal(t, explorer.StateID(i/2), st.Parent(id))
		got, ok := st.Lookup(key(i))
		assert.True(t, ok)
		assert.Equal(t, explorer.StateID(i), got)
	}
	_, ok := st.Lookup(key(n))
	assert.False(t, ok)
	assert.Equal(t, n, st.Len())
	assert.Greater(t, st.Bytes(), uint64(6*n))
}

func TestStoreInsertDoesNotAllocate(t *testing.T) {
	st := explorer.NewStore(8)
	buf := make([]byte, 8)
	i := uint64(0)
	// Warm up past the first growth, then measure inserts that fit.
	for ; i < 100; i++ {
		binary.LittleEndian.PutUint64(buf, i)
		st.Insert(buf, 0)
	}
	allocs := testing.AllocsPerRun(200, func() {
		binary.LittleEndian.PutUint64(buf, i)
		i++
		st.Insert(buf, 0)
	})
	assert.Zero(t, allocs)
}

// TestStoreChunksAreBoundedInBytes: the arena grows a chunk of at most 4 MiB
// at a time whatever the size of a state, so that a large state never makes
// one huge allocation, and a small store holds little more than its states.
func TestStoreChunksAreBoundedInBytes(t *testing.T) {
	for _, size := range []int{1, 6, 48, 4096, explorer.MaxStateBytes} {
		st := explorer.NewStore(size)
		require.LessOrEqual(t, st.NextAllocation(), uint64(4<<20), "size %d", size)
		b := make([]byte, size)
		for i := range 40 {
			b[0], b[size-1] = byte(i), byte(i)
			_, added := st.Insert(b, 0)
			require.True(t, added)
			assert.Equal(t, b, st.Get(explorer.StateID(i)))
		}
		// 40 states: 40 records (the state and its parent's id) and room for
		// as many again or 16 KiB, beside a table of 8 KiB.
		arena := max(uint64(2*40*(size+4)), 16<<10)
		assert.LessOrEqual(t, st.Bytes(), arena+8<<10, "size %d", size)
	}
}

// TestStoreNextAllocation: NextAllocation is 0 exactly when an insertion
// allocates nothing, and bounds what it allocates otherwise.
func TestStoreNextAllocation(t *testing.T) {
	st := explorer.NewStore(8)
	b := make([]byte, 8)
	for i := range 5000 {
		binary.LittleEndian.PutUint64(b, uint64(i))
		before, need := st.Bytes(), st.NextAllocation()
		st.Insert(b, 0)
		grew := st.Bytes() - before
		if need == 0 {
			require.Zero(t, grew, "state %d", i)
		} else {
			require.LessOrEqual(t, grew, need, "state %d", i)
		}
	}
}
