package checker

import (
	"strconv"

	"github.com/interleave/interleave/explorer"
)

// growthLevels is how many of the last complete BFS levels growing compares,
// and growthSample how many states of one level it reads at most.
const (
	growthLevels = 5
	growthSample = 1 << 16
)

// growing names the numeric locations (variables, semaphores, channel
// lengths) whose largest value never fell and rose in all, or whose smallest
// value never rose and fell in all, over the last complete levels of a
// search (a value bounded by the model levels off long before): the likely reason a
// search did not end, as "x (up to 17)". The deepest level, which a limit
// may have cut, is left out; nil with fewer than three levels to compare.
func growing(sp *explorer.Space) []string {
	levels := 0
	for {
		if from, to := sp.Level(levels); to <= from {
			break
		}
		levels++
	}
	last := levels - 2 // the deepest complete level
	first := max(0, last-growthLevels+1)
	if last-first+1 < 3 {
		return nil
	}
	m := sp.Machine
	names := m.QuantityNames()
	lo := make([][]int32, 0, last-first+1)
	hi := make([][]int32, 0, last-first+1)
	var buf []int32
	var state []byte
	for d := first; d <= last; d++ {
		from, to := sp.Level(d)
		to = min(to, from+growthSample)
		mins, maxs := make([]int32, len(names)), make([]int32, len(names))
		for id := from; id < to; id++ {
			state = sp.Store.Load(id, state)
			buf = m.Quantities(state, buf[:0])
			for i, v := range buf {
				if id == from || v < mins[i] {
					mins[i] = v
				}
				if id == from || v > maxs[i] {
					maxs[i] = v
				}
			}
		}
		lo, hi = append(lo, mins), append(hi, maxs)
	}
	var out []string
	for i, name := range names {
		n := len(hi) - 1
		up, down := hi[n][i] > hi[0][i], lo[n][i] < lo[0][i]
		for k := 1; k <= n; k++ {
			up = up && hi[k][i] >= hi[k-1][i]
			down = down && lo[k][i] <= lo[k-1][i]
		}
		switch {
		case up:
			out = append(out, name+" (up to "+strconv.Itoa(int(hi[len(hi)-1][i]))+")")
		case down:
			out = append(out, name+" (down to "+strconv.Itoa(int(lo[len(lo)-1][i]))+")")
		}
	}
	return out
}
