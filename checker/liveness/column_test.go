package liveness

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestColumn: values added across many chunks, after a reserved first chunk,
// come back in order, every chunk but the last full.
func TestColumn(t *testing.T) {
	var c column[uint32]
	const n = 3*chunkLen + 12345
	for i := range n {
		if i == 500 {
			c.reserve(100000)
			require.Len(t, c.chunks, 1)
			assert.GreaterOrEqual(t, len(c.chunks[0]), 100500)
		}
		c.add(uint32(i * 7))
	}
	assert.Equal(t, n, c.n)
	ch := c.finish()
	require.Len(t, ch, 4)
	for _, x := range ch[:3] {
		assert.Len(t, x, chunkLen)
	}
	assert.Len(t, ch[3], 12345)
	for i := range uint32(n) {
		if v := ch.at(i); v != i*7 {
			t.Fatalf("value %d is %d, want %d", i, v, i*7)
		}
	}
}

// TestColumnFullFirst: a first chunk reserved full length is followed by
// chunks made ready ahead, and the values come back in order.
func TestColumnFullFirst(t *testing.T) {
	var c column[uint16]
	c.reserve(chunkLen)
	require.Len(t, c.chunks, 1)
	require.Len(t, c.chunks[0], chunkLen)
	require.NotNil(t, c.ahead, "the next chunk is being made ready")
	const n = 2*chunkLen + 3
	for i := range n {
		c.add(uint16(i))
	}
	ch := c.finish()
	require.Len(t, ch, 3)
	assert.Len(t, ch[2], 3)
	for i := range uint32(n) {
		if v := ch.at(i); v != uint16(i) {
			t.Fatalf("value %d is %d, want %d", i, v, uint16(i))
		}
	}
}

// TestCodes: numbers that need more bytes as they come take more planes,
// and every number comes back, those before the planes were added included.
func TestCodes(t *testing.T) {
	var c codeColumn
	want := []uint32{0, 7, 255, 256, 3, 70000, 1, 1 << 31, 12}
	planes := []int{1, 1, 1, 2, 2, 3, 3, 4, 4}
	for i, v := range want {
		c.add(v)
		assert.Len(t, c.planes, planes[i])
	}
	got := c.done()
	for i, v := range want {
		assert.Equal(t, v, got.at(uint32(i)))
	}
	var none codeColumn
	assert.Len(t, none.done().planes, 1)
}
