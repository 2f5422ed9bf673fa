package explorer

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRepeatsFindTheFirstOfEachKey enters keys with some repeated, some
// sharing a hash with another key, more than the least table holds, and
// checks that each is matched with the first of its key, or none.
func TestRepeatsFindTheFirstOfEachKey(t *testing.T) {
	const size, n = 12, 5000
	var keys []byte
	var hashes []uint64
	var r repeats
	r.reset(n)
	firstOf := map[uint64]int{}
	for k := range n {
		v := uint64(k*7919) % 1500 // about three successors a key
		key := make([]byte, size)
		binary.LittleEndian.PutUint64(key, v)
		keys = append(keys, key...)
		// Keys v and v+1 share a hash when v is even: the key decides.
		h := (v &^ 1) * 0x9e3779b97f4a7c15
		hashes = append(hashes, h)
		got := r.first(k, h, keys, size)
		if j, ok := firstOf[v]; ok {
			require.Equal(t, int32(j), got, "successor %d", k)
		} else {
			require.Equal(t, int32(-1), got, "successor %d", k)
			firstOf[v] = k
		}
	}
	assert.Len(t, firstOf, 1500)
	assert.GreaterOrEqual(t, len(r.slots), 2*n, "the table is at most half full")

	// A new chunk starts empty.
	r.reset(1)
	assert.Equal(t, int32(-1), r.first(0, hashes[0], keys, size))
}

// TestHoldsWordFindsTheKeysOfAnotherChunk fills a table as fileFirsts
// does, keys of a word with some sharing a hash, and checks that holdsWord
// finds exactly the keys entered, adding none.
func TestHoldsWordFindsTheKeysOfAnotherChunk(t *testing.T) {
	const n, mask = 3000, uint64(1)<<40 - 1
	hashOf := func(v uint64) uint64 { return (v &^ 1) * 0x9e3779b97f4a7c15 } // v and v+1 share one
	var r repeats
	r.reset(n)
	var keys [][8]byte
	for v := uint64(0); v < 2*n; v += 3 {
		require.False(t, r.repeatsWord(hashOf(v), v, keys, mask))
		keys = append(keys, [8]byte{})
		binary.LittleEndian.PutUint64(keys[len(keys)-1][:], v|0xff<<56) // bytes past the mask
	}
	before := append([]uint64(nil), r.slots...)
	for v := uint64(0); v < 2*n+3; v++ {
		assert.Equal(t, v%3 == 0 && v < 2*n, r.holdsWord(hashOf(v), v, keys, mask), "key %d", v)
	}
	assert.Equal(t, before, r.slots, "nothing added")
}
