package explorer

import (
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableMemoryResizesEmpty fills tables of a tableMemory and resizes
// them, larger, the same, then below mapTablesFrom, and checks that each
// table it gives is empty, of the size asked, in the mapping while large.
func TestTableMemoryResizesEmpty(t *testing.T) {
	m := new(tableMemory)
	defer m.release()
	var table []uint32
	for _, slots := range []int{mapTablesFrom / 4, 3 * mapTablesFrom / 8, 3 * mapTablesFrom / 8, 5 * mapTablesFrom / 4, 1000} {
		table = m.resize(table, slots)
		require.Len(t, table, slots)
		for i, v := range table {
			require.Zero(t, v, "slot %d of %d", i, slots)
		}
		if 4*slots >= mapTablesFrom {
			require.NotNil(t, m.mapped)
			base := uintptr(unsafe.Pointer(unsafe.SliceData(m.mapped)))
			assert.Equal(t, base, uintptr(unsafe.Pointer(unsafe.SliceData(table))), "the table is the mapping")
			assert.GreaterOrEqual(t, len(m.mapped), 4*slots)
		} else {
			assert.Nil(t, m.mapped, "a small table is an ordinary allocation")
		}
		for i := range table {
			table[i] = uint32(i) | 1
		}
	}
}

// TestStoreGrowsItsTableInPlace grows a store's table past mapTablesFrom,
// gives it back and builds it again, and checks that every state reads back
// as inserted.
func TestStoreGrowsItsTableInPlace(t *testing.T) {
	st := NewStore(8)
	key := func(i int) []byte {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, uint64(i)*0x9e3779b97f4a7c15)
		return b
	}
	n := 0
	for growths := 0; growths < 3; n++ {
		before := len(st.table)
		_, added := st.Insert(key(n), NoParent)
		require.True(t, added)
		if len(st.table) != before && 4*before >= mapTablesFrom {
			growths++
		}
	}
	require.NotNil(t, st.mem.mapped)
	check := func() {
		for j := range n {
			id, ok := st.Lookup(key(j))
			require.True(t, ok)
			require.Equal(t, StateID(j), id)
			require.Equal(t, key(j), st.Get(id))
		}
	}
	check()
	st.ReleaseTable()
	require.Nil(t, st.mem.mapped)
	check()
}
