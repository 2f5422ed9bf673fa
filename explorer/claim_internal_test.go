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

func TestTruncateLeavesTheStoreOfFewerStates(t *testing.T) {
	// The pairs keep the table's size (a store is truncated only back to a
	// state stored since the table last grew): the first chunk shrinks back
	// (1600 records of 10 bytes), whole chunks go (4096 records of 1024 bytes
	// fill a chunk).
	for _, tc := range []struct{ n, m, size int }{
		{10, 1, 6}, {767, 700, 6}, {3000, 1600, 6}, {3000, 2999, 6}, {50000, 49152, 6},
		{12287, 8192, 1020}, {12287, 8193, 1020}, {12287, 6144, 1020},
	} {
		t.Run(fmt.Sprintf("%d to %d of %d bytes", tc.n, tc.m, tc.size), func(t *testing.T) {
			key := func(i int) []byte { return keyOfSize(i, tc.size) }
			cut, want := filled(tc.n, tc.size), filled(tc.m, tc.size)
			cut.truncate(tc.m)
			require.Equal(t, tc.m, cut.Len())
			assert.Equal(t, want.Bytes(), cut.Bytes())
			assert.Equal(t, len(want.table), len(cut.table))
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
	mask := uint64(len(s.table) - 1)
	// Slots holding hashes whose home is the last slot, then slot 0, fill the
	// table's end and wrap around to its start.
	var ids []StateID
	for i := range 6 {
		h := uint64(len(s.table)-2+i/2) << (64 - s.bits)
		st := keyOf(i)
		s.room()
		copy(s.rec(StateID(s.n)), st)
		i := s.home(h)
		for s.table[i] != 0 {
			i = (i + 1) & mask
		}
		s.table[i] = h&^(1<<32-1) | uint64(s.n+1)
		ids = append(ids, StateID(s.n))
		s.n++
	}
	find := func(id StateID, h uint64) bool {
		for i := s.home(h); s.table[i] != 0; i = (i + 1) & mask {
			if uint32(s.table[i]) == uint32(id+1) {
				return true
			}
		}
		return false
	}
	// Take out the entry in the table's last slot but one.
	at := uint64(len(s.table) - 2)
	gone := StateID(uint32(s.table[at]) - 1)
	s.remove(at)
	for i, id := range ids {
		h := uint64(len(s.table)-2+i/2) << (64 - s.bits)
		assert.Equal(t, id != gone, find(id, h), "state %d", id)
	}
}
