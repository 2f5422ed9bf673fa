package liveness

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestColumn: values added across many chunks, and a reserved chunk, come
// back in order from flat, with the extra room asked for.
func TestColumn(t *testing.T) {
	var c column[uint32]
	const n = 3*lastChunk + 12345
	for i := range n {
		if i == 5000 {
			c.reserve(100000)
		}
		c.add(uint32(i * 7))
	}
	assert.Equal(t, n, c.n)
	assert.Greater(t, len(c.chunks), 3)
	for _, ch := range c.chunks {
		assert.LessOrEqual(t, cap(ch), lastChunk)
	}
	out := c.flat(1)
	require.Len(t, out, n)
	assert.Equal(t, n+1, cap(out))
	for i, v := range out {
		if v != uint32(i*7) {
			t.Fatalf("value %d is %d, want %d", i, v, i*7)
		}
	}
	assert.Zero(t, c.n)
	assert.Empty(t, c.chunks)
}
