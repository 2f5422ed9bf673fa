package explorer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTakeKeepsThePlaceOfTheChunkMergedLast checks that the chunk merged
// last keeps its place in the ring until the chunk after it is merged:
// that chunk reads it as its prior while it is expanded (expandPiped).
func TestTakeKeepsThePlaceOfTheChunkMergedLast(t *testing.T) {
	q := newPipeline()
	q.chunks = 100
	for want := range len(q.ring) - 1 {
		i, ok, _ := q.take(false)
		require.True(t, ok)
		require.Equal(t, want, i)
	}
	_, ok, _ := q.take(false)
	assert.False(t, ok, "as many chunks taken as the ring holds less one")
	q.merged.Store(1)
	q.released.Store(1)
	i, ok, _ := q.take(false)
	require.True(t, ok)
	assert.Equal(t, len(q.ring)-1, i)
	_, ok, _ = q.take(false)
	assert.False(t, ok, "chunk 0's place is kept while chunk 1, whose prior it is, is not merged")
	q.merged.Store(2)
	q.released.Store(2)
	i, ok, _ = q.take(false)
	require.True(t, ok)
	assert.Equal(t, len(q.ring), i)
	assert.Same(t, q.chunk(0), q.chunk(i))
}
