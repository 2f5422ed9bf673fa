package liveness

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPositions: nodes pushed on a stack and popped in runs, as weaklyFair
// does, are found at their positions, whether the positions live in the
// array, or in the hash table, through its rebuilds, then maybe the array;
// one positions serves several searches. The array holds a position's low
// 16 bits: a stack of more than 65535 nodes has positions that share them.
func TestPositions(t *testing.T) {
	for _, c := range []struct {
		n                  int
		compact, pops, arr bool
		pushes             int
	}{
		{5, true, true, true, 20000}, {3000, true, false, true, 20000}, {1 << 20, true, true, false, 20000}, {3000, false, true, true, 20000},
		{300000, false, false, true, 250000}, {300000, true, false, true, 250000},
	} {
		n := c.n
		t.Run(fmt.Sprint(n, c.compact, c.pops), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(n), 7))
			var p positions
			for search := range 3 {
				p.reset(n, c.compact)
				order := r.Perm(n)
				var stack []uint32
				for _, x := range order[:min(n, c.pushes)] {
					v := uint32(x)
					stack = append(stack, v)
					p.set(v, uint32(len(stack)), stack)
					if c.pops && r.IntN(256) == 0 {
						stack = stack[:r.IntN(len(stack)+1)]
					}
					for range 3 {
						if len(stack) == 0 {
							break
						}
						// testify only on a mismatch: it is slow per position.
						if i := r.IntN(len(stack)); p.get(stack[i], stack) != uint32(i+1) {
							require.Equal(t, uint32(i+1), p.get(stack[i], stack), "search %d, node %d", search, stack[i])
						}
					}
				}
				for i, v := range stack {
					if got := p.get(v, stack); got != uint32(i+1) {
						require.Equal(t, uint32(i+1), got, "node %d", v)
					}
				}
				if c.pushes > 1<<16 {
					require.Greater(t, len(stack), 1<<17, "a stack of positions that share their low bits")
				}
			}
			assert.Equal(t, c.arr, p.on, "the positions went to the array")
			if !c.arr {
				assert.Greater(t, len(p.table), minTable, "the table was rebuilt larger")
			}
		})
	}
}
