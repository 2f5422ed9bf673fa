package liveness

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// weighted is an edge of a hand-built graph with its weight.
type weighted struct{ from, to, weight int }

// buildWeighted makes a graph of n nodes and one process that moves on every
// edge, and the weight function of its edges.
func buildWeighted(t testing.TB, n int, edges []weighted) (*Graph, Weight) {
	arcs := make([]arc, len(edges))
	weights := make([]int, len(edges))
	for i, e := range edges {
		arcs[i] = mv(e.from, e.to, 0)
		weights[i] = e.weight
	}
	g := build(t, 1, make([][]int, n), arcs)
	return g, func(from, to, edge int) int { return weights[edge] }
}

func TestBoundedWaiting(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		edges   []weighted // sorted by source node: the edge indices are their positions
		init    []int
		waiting NodeSet
		want    *WaitingBound
	}{
		{
			// Node 3 is the only waiting node and nothing leads to it.
			name:  "waiting not reachable",
			n:     4,
			edges: []weighted{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}},
			init:  []int{0}, waiting: nodes(3),
			want: &WaitingBound{},
		},
		{
			// Nobody enters critical while waiting: bound 0, shown by reaching
			// the nearest waiting node.
			name:  "bound 0",
			n:     3,
			edges: []weighted{{0, 1, 1}, {1, 2, 0}, {2, 0, 1}},
			init:  []int{0}, waiting: nodes(1, 2),
			want: &WaitingBound{Reached: true, Path: &Interval{
				Prefix: []Step{{0, 1, 0}}, Entry: 1,
			}},
		},
		{
			// Only 1→2 counts: the edge into the waiting nodes and the one out of
			// them do not, whatever their weight.
			name:  "bound 1",
			n:     4,
			edges: []weighted{{0, 1, 5}, {1, 2, 1}, {2, 3, 0}, {3, 0, 7}},
			init:  []int{0}, waiting: nodes(1, 2, 3),
			want: &WaitingBound{Reached: true, Bound: 1, Path: &Interval{
				Prefix: []Step{{0, 1, 0}}, Entry: 1, Inside: []Step{{1, 2, 1}},
			}},
		},
		{
			// 1→2→1 weighs 0, so going round it gains nothing; then 2→3 weighs
			// 2: bound 2.
			name:  "zero-weight cycle is bounded",
			n:     4,
			edges: []weighted{{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {2, 3, 2}, {3, 3, 0}},
			init:  []int{0}, waiting: nodes(1, 2, 3),
			want: &WaitingBound{Reached: true, Bound: 2, Path: &Interval{
				Prefix: []Step{{0, 1, 0}}, Entry: 1, Inside: []Step{{1, 2, 1}, {2, 3, 3}},
			}},
		},
		{
			// From 1: via 2 to 4 weighs 1+1, via 3 to 4 weighs 2+1: bound 3.
			name:  "bound 3 on the heavier branch",
			n:     5,
			edges: []weighted{{0, 1, 0}, {1, 2, 1}, {1, 3, 2}, {2, 4, 1}, {3, 4, 1}},
			init:  []int{0}, waiting: nodes(1, 2, 3, 4),
			want: &WaitingBound{Reached: true, Bound: 3, Path: &Interval{
				Prefix: []Step{{0, 1, 0}}, Entry: 1, Inside: []Step{{1, 3, 2}, {3, 4, 4}},
			}},
		},
		{
			// Entering at 1 gives 1 (1→2); entering at 3, three steps from the
			// start, gives 3 (3→4→1→2): the bound is 3 and the witness enters at 3.
			name: "two entry points",
			n:    7,
			edges: []weighted{
				{0, 1, 0}, {0, 5, 0}, {1, 2, 1}, {3, 4, 1}, {4, 1, 1}, {5, 6, 0}, {6, 3, 0},
			},
			init: []int{0}, waiting: nodes(1, 2, 3, 4),
			want: &WaitingBound{Reached: true, Bound: 3, Path: &Interval{
				Prefix: []Step{{0, 5, 1}, {5, 6, 5}, {6, 3, 6}}, Entry: 3,
				Inside: []Step{{3, 4, 3}, {4, 1, 4}, {1, 2, 2}},
			}},
		},
		{
			// A bound that 2-byte words do not hold: the search weighs
			// again in 4-byte words.
			name:  "bound past 16 bits",
			n:     4,
			edges: []weighted{{0, 1, 0}, {1, 2, 30000}, {2, 3, 30000}},
			init:  []int{0}, waiting: nodes(1, 2, 3),
			want: &WaitingBound{Reached: true, Bound: 60000, Path: &Interval{
				Prefix: []Step{{0, 1, 0}}, Entry: 1, Inside: []Step{{1, 2, 1}, {2, 3, 2}},
			}},
		},
		{
			// 1→2→1 gains 1 each time round: unbounded.
			name:  "positive cycle",
			n:     3,
			edges: []weighted{{0, 1, 0}, {1, 2, 0}, {2, 1, 1}},
			init:  []int{0}, waiting: nodes(1, 2),
			want: &WaitingBound{Reached: true, Unbounded: true, Lasso: &Lasso{
				Prefix: []Step{{0, 1, 0}}, Entry: 1, Cycle: []Step{{1, 2, 1}, {2, 1, 2}},
			}},
		},
		{
			// Another process can enter critical again and again without the
			// waiting one's state changing.
			name:  "positive self-loop",
			n:     2,
			edges: []weighted{{0, 1, 0}, {1, 1, 1}},
			init:  []int{0}, waiting: nodes(1),
			want: &WaitingBound{Reached: true, Unbounded: true, Lasso: &Lasso{
				Prefix: []Step{{0, 1, 0}}, Entry: 1, Cycle: []Step{{1, 1, 1}},
			}},
		},
		{
			// The positive cycle 2→3→2 is not waiting all the way round (3 is
			// not waiting): bound 1.
			name:  "positive cycle leaves waiting",
			n:     4,
			edges: []weighted{{0, 2, 0}, {2, 3, 1}, {2, 1, 1}, {3, 2, 1}},
			init:  []int{0}, waiting: nodes(1, 2),
			want: &WaitingBound{Reached: true, Bound: 1, Path: &Interval{
				Prefix: []Step{{0, 2, 0}}, Entry: 1, Inside: []Step{{2, 1, 2}},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, weight := buildWeighted(t, tt.n, tt.edges)
			got, err := BoundedWaiting(context.Background(), g, tt.init, tt.waiting, weight)
			require.NoError(t, err)
			require.NotNil(t, got)
			checkWaiting(t, g, tt.init, tt.waiting, weight, got)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBoundedWaitingErrors(t *testing.T) {
	g, weight := buildWeighted(t, 2, []weighted{{0, 1, 0}, {1, 1, -1}})
	tests := []struct {
		name   string
		weight Weight
		want   string
	}{
		{"nil weight", nil, "liveness: nil weight"},
		{"negative weight", weight, "liveness: edge 1 from node 1 to 1 has weight -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BoundedWaiting(context.Background(), g, []int{0}, nodes(1), tt.weight)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// checkWaiting asserts that the witness of r is a run of g as BoundedWaiting
// promises it.
func checkWaiting(t *testing.T, g *Graph, init []int, waiting NodeSet, weight Weight, r *WaitingBound) {
	t.Helper()
	switch {
	case !r.Reached:
		assert.False(t, r.Unbounded)
		assert.Zero(t, r.Bound)
		assert.Nil(t, r.Path)
		assert.Nil(t, r.Lasso)
	case r.Unbounded:
		require.NotNil(t, r.Lasso)
		assert.Nil(t, r.Path)
		l := r.Lasso
		assert.Contains(t, init, l.Start)
		prefix := checkPath(t, g, l.Start, l.Prefix, false)
		checkEntry(t, prefix, l.Entry, waiting)
		c := prefix[len(prefix)-1]
		require.NotEmpty(t, l.Cycle)
		cycle := checkPath(t, g, c, l.Cycle, false)
		assert.Equal(t, c, cycle[len(cycle)-1], "the cycle does not close")
		gain := 0
		for _, s := range l.Cycle {
			assert.True(t, waiting.Has(s.To), "cycle node %d is not waiting", s.To)
			gain += weight(s.From, s.To, s.Edge)
		}
		assert.Positive(t, gain, "the cycle gains nothing")
	default:
		require.NotNil(t, r.Path)
		assert.Nil(t, r.Lasso)
		p := r.Path
		assert.Contains(t, init, p.Start)
		prefix := checkPath(t, g, p.Start, p.Prefix, false)
		checkEntry(t, prefix, p.Entry, waiting)
		inside := checkPath(t, g, prefix[len(prefix)-1], p.Inside, false)
		sum := 0
		for i, s := range p.Inside {
			assert.True(t, waiting.Has(inside[i+1]), "node %d is not waiting", inside[i+1])
			sum += weight(s.From, s.To, s.Edge)
		}
		assert.Equal(t, r.Bound, sum, "the path does not gather the bound")
	}
}

// checkEntry asserts that the path's nodes from entry on are waiting and the one
// before is not.
func checkEntry(t *testing.T, path []int, entry int, waiting NodeSet) {
	t.Helper()
	require.True(t, entry >= 0 && entry < len(path), "entry %d", entry)
	for _, v := range path[entry:] {
		assert.True(t, waiting.Has(v), "node %d after the entry is not waiting", v)
	}
	if entry > 0 {
		assert.False(t, waiting.Has(path[entry-1]), "the interval begins before the entry")
	}
}

func TestBoundedWaitingOverflow(t *testing.T) {
	g, weight := buildWeighted(t, 4, []weighted{{0, 1, 0}, {1, 2, 1 << 30}, {2, 3, 1 << 30}})
	_, err := BoundedWaiting(context.Background(), g, []int{0}, nodes(1, 2, 3), weight)
	assert.EqualError(t, err, "liveness: waiting weight over 2147483645")
}

// TestBoundedWaitingDeepStack runs the search on a chain of waiting nodes
// longer than a 2-byte word counts, 0→1→…→n-1, with an edge back from n-1
// to node 40 000, deep in the stack: the search finds that node's position
// again from the low bits its word holds. Edge 20 000→20 001 weighs 1 (the
// cycle lies past it); the edge back weighs back.
func TestBoundedWaitingDeepStack(t *testing.T) {
	const n, deep, heavy = 100_000, 40_000, 20_000
	for _, back := range []int{0, 1} {
		edges := make([]weighted, 0, n)
		for v := range n - 1 {
			x := 0
			if v == heavy {
				x = 1
			}
			edges = append(edges, weighted{v, v + 1, x})
		}
		edges = append(edges, weighted{n - 1, deep, back})
		g, weight := buildWeighted(t, n, edges)
		waiting := all(n)
		waiting.Remove(0)
		got, err := BoundedWaiting(context.Background(), g, []int{0}, waiting, weight)
		require.NoError(t, err)
		checkWaiting(t, g, []int{0}, waiting, weight, got)
		if back == 0 {
			// The cycle gains nothing: from node 1, the one edge of
			// weight 1.
			assert.False(t, got.Unbounded)
			assert.Equal(t, 1, got.Bound)
			assert.Len(t, got.Path.Prefix, 1)
			continue
		}
		require.True(t, got.Unbounded)
		assert.Len(t, got.Lasso.Prefix, deep)
		assert.Len(t, got.Lasso.Cycle, n-deep)
	}
}

func TestBoundedWaitingCancelled(t *testing.T) {
	g := ring(t, 20000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := BoundedWaiting(ctx, g, []int{0}, all(g.Nodes()), func(int, int, int) int { return 0 })
	assert.ErrorIs(t, err, context.Canceled)
}

func TestEmptyGraph(t *testing.T) {
	g := build(t, 0, nil, nil)
	for _, f := range []Fairness{Weak, Strong, None} {
		t.Run(f.String(), func(t *testing.T) {
			l, err := FairLasso(context.Background(), g, nil, nil, nil, f)
			require.NoError(t, err)
			assert.Nil(t, l)
		})
	}
	t.Run("bounded waiting", func(t *testing.T) {
		r, err := BoundedWaiting(context.Background(), g, nil, nil, func(int, int, int) int { return 1 })
		require.NoError(t, err)
		assert.Equal(t, &WaitingBound{}, r)
	})
}
