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
