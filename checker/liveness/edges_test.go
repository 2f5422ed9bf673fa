package liveness

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEdgeColumn: edges whose targets and rows need more bits as they come
// — in the small first chunk, in a full chunk while the next was being
// made ready at the narrower width (which must not be taken), up to the
// widest (31 bits of target, 32 of row, which take 64 bits) — come back in
// order, each chunk as wide as the largest target and row so far.
func TestEdgeColumn(t *testing.T) {
	x := uint64(1)
	random := func(bits int) uint32 {
		x = x*6364136223846793005 + 1442695040888963407
		if bits == 0 {
			return 0
		}
		return uint32(x>>33) >> (31 - bits) // up to bits bits
	}
	type edge struct{ target, row uint32 }
	var want []edge
	var c edgeColumn
	const n = 4*chunkLen - 10
	for i := range n {
		// The bits grow at these edges: within the first chunk as it
		// doubles, within a full chunk, at a chunk's first edge.
		tb, rb := 0, 0
		switch {
		case i >= 4*chunkLen-1000:
			tb, rb = 31, 32
		case i >= 2*chunkLen+777:
			tb, rb = 24, 9
		case i >= chunkLen:
			tb, rb = 21, 3
		case i >= 5000:
			tb, rb = 12, 2
		case i >= 10:
			tb, rb = 3, 1
		}
		e := edge{random(tb), random(min(rb, 31))}
		if rb == 32 && i%3 == 0 {
			e.row = 1<<32 - 1
		}
		if tb == 31 && i%5 == 0 {
			e.target = MaxNodes - 1
		}
		if i == 5 {
			c.reserve(3000)
			require.Len(t, c.chunks, 1)
			assert.Equal(t, 3000+c.k, c.room)
		}
		want = append(want, e)
		c.add(e.target, e.row)
	}
	assert.Equal(t, n, c.n)
	ch := c.finish()
	require.Len(t, ch, 4)
	for i, e := range want {
		if tg, r := ch.at(uint32(i)); tg != e.target || r != e.row {
			t.Fatalf("edge %d is %d by %d, want %d by %d", i, tg, r, e.target, e.row)
		}
	}
	assert.Equal(t, []uint8{12 + 2, 21 + 3, 24 + 9, 64}, []uint8{ch[0].width, ch[1].width, ch[2].width, ch[3].width})
}
