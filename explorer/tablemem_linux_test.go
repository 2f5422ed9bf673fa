package explorer

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableMemoryResizesEmpty fills tables of a tableMemory and resizes
// them, larger, the same, then below mapTablesFrom, and checks that each
// table it gives is empty, of the size asked, in the mapping while large,
// and that the mapping is counted.
func TestTableMemoryResizesEmpty(t *testing.T) {
	var counted atomic.Int64
	m := &tableMemory{counted: &counted}
	defer m.release()
	var table []uint32
	for _, slots := range []int{mapTablesFrom / 4, 3 * mapTablesFrom / 8, 3 * mapTablesFrom / 8, 5 * mapTablesFrom / 4, 1000} {
		table = m.resize(slots)
		require.Len(t, table, slots)
		for i, v := range table {
			require.Zero(t, v, "slot %d of %d", i, slots)
		}
		if 4*slots >= mapTablesFrom {
			require.NotNil(t, m.mapped)
			base := uintptr(unsafe.Pointer(unsafe.SliceData(m.mapped)))
			assert.Equal(t, base, uintptr(unsafe.Pointer(unsafe.SliceData(table))), "the table is the mapping")
			assert.GreaterOrEqual(t, len(m.mapped), 4*slots)
			assert.Equal(t, int64(len(m.mapped)), counted.Load(), "the mapping is counted")
		} else {
			assert.Nil(t, m.mapped, "a small table is an ordinary allocation")
			assert.Zero(t, counted.Load(), "no mapping is counted")
		}
		for i := range table {
			table[i] = uint32(i) | 1
		}
	}
}

// TestStoreGrowsItsTableInPlace grows a store's table past mapTablesFrom,
// gives it back and builds it again, and checks that every state reads back
// as inserted, and that the heap's readings count the table.
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
	// The limits and figures of a search count the table with the heap.
	require.GreaterOrEqual(t, offHeapBytes(), uint64(4*len(st.table)))
	runtime.GC()
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	require.GreaterOrEqual(t, MemoryInUse()+1<<20, heap[0].Value.Uint64()+offHeapBytes())
	check := func() {
		for j := range n {
			// testify only on a mismatch, for speed.
			id, ok := st.Lookup(key(j))
			if !ok || id != StateID(j) || !bytes.Equal(key(j), st.Get(id)) {
				require.True(t, ok)
				require.Equal(t, StateID(j), id)
				require.Equal(t, key(j), st.Get(id))
			}
		}
	}
	check()
	st.ReleaseTable()
	require.Nil(t, st.mem.mapped)
	check()
}

// TestTableMemoryReleasesItsMapping grows a mapped table, which moves its
// mapping, releases it, and checks that the process no longer maps its
// memory.
func TestTableMemoryReleasesItsMapping(t *testing.T) {
	m := new(tableMemory)
	m.resize(mapTablesFrom / 4)
	for _, slots := range []int{mapTablesFrom, 4 * mapTablesFrom} {
		m.resize(slots)
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(m.mapped)))
	hi := lo + uintptr(len(m.mapped))
	mapped := func() bool {
		maps, err := os.ReadFile("/proc/self/maps")
		require.NoError(t, err)
		for line := range strings.Lines(string(maps)) {
			var from, to uintptr
			if _, err := fmt.Sscanf(line, "%x-%x", &from, &to); err == nil && from < hi && lo < to {
				return true
			}
		}
		return false
	}
	require.True(t, mapped())
	m.release()
	assert.False(t, mapped(), "the table's memory is still mapped")
}

// TestStoreLendsItsTable lends the memory of a store's mapped table and
// writes all of it, and checks that the words lent are the mapping's,
// cleared, the rest of the mapping given back, and that the states read
// back meanwhile; that ReleaseTable then gives the mapping back and that
// lookups find every state again; and that a table of fewer slots than
// asked for lends nothing and is kept.
func TestStoreLendsItsTable(t *testing.T) {
	st := NewStore(8)
	key := func(i int) []byte { return keyOfSize(i, 8) }
	n := 0
	// A mapping of two steps at least, with the states in its first.
	for ; 4*len(st.table) < 2*mappingStep; n++ {
		_, added := st.Insert(key(n), NoParent)
		require.True(t, added)
	}
	slots := len(st.table)
	require.Nil(t, st.LendTable(slots+1))
	require.Len(t, st.table, slots, "a table too small is kept")

	lent := st.LendTable(n)
	require.Len(t, lent, n)
	assert.GreaterOrEqual(t, len(st.mem.mapped), 4*n)
	assert.Less(t, len(st.mem.mapped), 4*slots, "the mapping past the words lent is given back")
	assert.Equal(t, unsafe.Pointer(unsafe.SliceData(st.mem.mapped)), unsafe.Pointer(unsafe.SliceData(lent)), "the words are the table's memory")
	for i, v := range lent {
		if v != 0 {
			require.Zero(t, v, "word %d", i)
		}
		lent[i] = ^uint32(i)
	}
	for j := range n {
		if got := st.Get(StateID(j)); !bytes.Equal(key(j), got) {
			require.Equal(t, key(j), got, "state %d", j)
		}
	}
	assert.Nil(t, st.LendTable(1), "a table is lent once")

	st.ReleaseTable()
	require.True(t, st.mem.mapped == nil, "the mapping is given back")
	for j := range n {
		if id, ok := st.Lookup(key(j)); !ok || id != StateID(j) {
			require.True(t, ok, "state %d", j)
			require.Equal(t, StateID(j), id)
		}
	}
}
