package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPhaseSet: states added as a search stores them, across the small first
// chunk's doublings and many full chunks, make the flat set of exactly those
// states; the chunks are full length but the first while it grows.
func TestPhaseSet(t *testing.T) {
	const n = 3*phaseChunkWords*64 + 1000
	var s phaseSet
	want := map[int]bool{}
	for v := 0; v < n; v += 1 + v%977 {
		if v>>6 >= s.words() {
			s.grow(v>>6 + 1)
		}
		w := v >> 6
		s.chunks[w>>phaseChunkBits][w&(phaseChunkWords-1)] |= 1 << (uint(v) & 63)
		want[v] = true
		if v < 1000 {
			assert.Less(t, s.words(), phaseChunkWords, "a small set keeps a small first chunk")
		}
	}
	require.Len(t, s.chunks, 4)
	for _, ch := range s.chunks {
		assert.Len(t, ch, phaseChunkWords)
	}
	flat := s.flat(n)
	assert.Nil(t, s.chunks, "flat empties the recorded set")
	assert.Len(t, flat, (n+63)/64)
	for v := range n {
		if flat.Has(v) != want[v] {
			t.Fatalf("state %d: in the flat set %v, recorded %v", v, flat.Has(v), want[v])
		}
	}
}

// TestPhaseSetEmpty: a set nothing was recorded in is the empty set of
// every node.
func TestPhaseSetEmpty(t *testing.T) {
	var s phaseSet
	flat := s.flat(130)
	assert.Len(t, flat, 3)
	assert.Equal(t, -1, flat.Next(0))
}
