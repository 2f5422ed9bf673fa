package explorer

import (
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestArenaTakesTheMemoryOfTheOldTable grows a store's table past the size
// of an arena chunk and checks that the next chunk lies in the old table's
// memory, and that every state still reads back as inserted.
func TestArenaTakesTheMemoryOfTheOldTable(t *testing.T) {
	st := NewStore(8)
	key := func(i int) []byte {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, uint64(i)*0x9e3779b97f4a7c15)
		return b
	}
	chunk := st.record << st.shift
	i := 0
	insert := func() {
		_, added := st.Insert(key(i), NoParent)
		require.True(t, added)
		i++
	}
	for 4*len(st.table) < chunk || !full(st.n+1, len(st.table)) {
		insert()
	}
	old, chunks := st.table, len(st.chunks)
	for len(st.chunks) == chunks {
		insert()
	}
	require.NotEqual(t, len(old), len(st.table), "the table grew")
	last := st.chunks[len(st.chunks)-1]
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(old)))
	at := uintptr(unsafe.Pointer(unsafe.SliceData(last)))
	assert.True(t, at >= lo && at+uintptr(len(last)) <= lo+4*uintptr(len(old)), "the new chunk lies in the old table")
	for j := range i {
		id, ok := st.Lookup(key(j))
		require.True(t, ok)
		require.Equal(t, StateID(j), id)
		require.Equal(t, key(j), st.Get(id))
	}
}
