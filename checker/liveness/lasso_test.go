package liveness

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stay is the cycle of a run that stays in node v forever.
func stay(v int) []Step { return []Step{{v, v, Stutter}} }

func TestFairLasso(t *testing.T) {
	tests := []struct {
		name    string
		procs   int
		enabled [][]int
		arcs    []arc // sorted by source node: the edge indices are their positions
		init    []int
		from    NodeSet
		inside  NodeSet
		want    map[Fairness]*Lasso // nil: no fair run
	}{
		{
			// Inside {0,1} only P0 moves while P1 is fairly enabled in both nodes:
			// P1 is continuously enabled and never moves, unfair under weak and
			// strong fairness. With none, the run may stop in node 0.
			name:    "enabled but never moves",
			procs:   2,
			enabled: [][]int{{0, 1}, {0, 1}, {0, 1}},
			arcs:    []arc{mv(0, 1, 0), mv(0, 2, 1), mv(1, 0, 0), mv(1, 2, 1)},
			init:    []int{0}, from: nodes(0), inside: nodes(0, 1),
			want: map[Fairness]*Lasso{
				None: {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// P1 is enabled in node 0 only: not continuously enabled on 0→1→0, so
			// weakly fair; enabled infinitely often and never moving, so not
			// strongly fair. Under strong fairness node 0 goes, and node 1 alone
			// keeps P0 enabled without moving.
			name:    "enabled intermittently",
			procs:   2,
			enabled: [][]int{{0, 1}, {0}, {}},
			arcs:    []arc{mv(0, 1, 0), mv(0, 2, 1), mv(1, 0, 0)},
			init:    []int{0}, from: nodes(0), inside: nodes(0, 1),
			want: map[Fairness]*Lasso{
				Weak: {Start: 0, Cycle: []Step{{0, 1, 0}, {1, 0, 2}}},
				None: {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// The component {0,1,2} fails under strong fairness: P2 is enabled in
			// node 0 and never moves inside. Without node 0, the component {1,2}
			// is fair: P0 and P1, the only processes enabled there, both move on
			// 1→2→1. Weak fairness accepts {0,1,2} itself: only P0 is enabled in
			// all three nodes, and it moves; the cycle through 0 must also leave P1
			// and P2 a node where they are not enabled, which it does.
			name:    "strong needs refinement",
			procs:   3,
			enabled: [][]int{{0, 2}, {0}, {0, 1}, {}},
			arcs:    []arc{mv(0, 1, 0), mv(0, 3, 2), mv(1, 2, 0), mv(2, 1, 1), mv(2, 0, 0)},
			init:    []int{0}, from: nodes(0), inside: nodes(0, 1, 2),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 0, Cycle: []Step{{0, 1, 0}, {1, 2, 2}, {2, 0, 4}}},
				Strong: {Start: 0, Prefix: []Step{{0, 1, 0}}, Cycle: []Step{{1, 2, 2}, {2, 1, 3}}},
				None:   {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// Two rounds of refinement under strong fairness: {0,1,2,3} fails for
			// P2 (enabled in 0, moving only out of inside), so node 0 goes;
			// {1,2,3} then fails for P1 (enabled in 1, moving only on 1→0), so
			// node 1 goes; {2,3} is fair, P0 being the only process enabled there
			// and moving on 2→3→2. Under weak fairness only P0 is enabled in all
			// of {0,1,2,3}, and 0→1→0 is a fair cycle.
			name:    "strong needs two refinements",
			procs:   3,
			enabled: [][]int{{0, 2}, {0, 1}, {0}, {0}, {}},
			arcs: []arc{
				mv(0, 1, 0), mv(0, 4, 2), mv(1, 2, 0), mv(1, 0, 1), mv(2, 3, 0), mv(3, 2, 0), mv(3, 1, 0),
			},
			init: []int{0}, from: nodes(0), inside: nodes(0, 1, 2, 3),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 0, Cycle: []Step{{0, 1, 0}, {1, 0, 3}}},
				Strong: {Start: 0, Prefix: []Step{{0, 1, 0}, {1, 2, 2}}, Cycle: []Step{{2, 3, 4}, {3, 2, 5}}},
				None:   {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// In node 1, P0 is blocked and P1 is at noncritical, so nothing is
			// fairly enabled: the run may stop there under every fairness.
			name:    "stutter where only noncritical is enabled",
			procs:   2,
			enabled: [][]int{{0}, {}, {0}},
			arcs:    []arc{mv(0, 1, 0), mv(1, 2, 1), mv(2, 0, 0)},
			init:    []int{0}, from: nodes(1), inside: nodes(1),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 0, Prefix: []Step{{0, 1, 0}}, Entry: 1, Cycle: stay(1)},
				Strong: {Start: 0, Prefix: []Step{{0, 1, 0}}, Entry: 1, Cycle: stay(1)},
				None:   {Start: 0, Prefix: []Step{{0, 1, 0}}, Entry: 1, Cycle: stay(1)},
			},
		},
		{
			// In node 1, P1 is trying and enabled; its only move leaves inside.
			// Stopping there is unfair under weak and strong fairness.
			name:    "stutter where a trying process is enabled",
			procs:   2,
			enabled: [][]int{{0}, {1}, {0}},
			arcs:    []arc{mv(0, 1, 0), mv(1, 2, 1), mv(2, 0, 0)},
			init:    []int{0}, from: nodes(1), inside: nodes(1),
			want: map[Fairness]*Lasso{
				None: {Start: 0, Prefix: []Step{{0, 1, 0}}, Entry: 1, Cycle: stay(1)},
			},
		},
		{
			// Node 2 is the only from node and nothing leads to it.
			name:    "from node not reachable",
			procs:   1,
			enabled: [][]int{{}, {}, {}},
			arcs:    []arc{mv(0, 1, 0), mv(1, 0, 0)},
			init:    []int{0}, from: nodes(2), inside: all(3),
			want: map[Fairness]*Lasso{},
		},
		{
			// The run must stay inside from the from node on, the from node
			// included: node 0 is not inside, so nothing starts there.
			name:    "from node outside inside",
			procs:   1,
			enabled: [][]int{{0}, {}},
			arcs:    []arc{mv(0, 1, 0)},
			init:    []int{0}, from: nodes(0), inside: nodes(1),
			want: map[Fairness]*Lasso{},
		},
		{
			// From node 0 the only move, P0's, leaves inside; P0 is enabled, so
			// staying is unfair except under no fairness.
			name:    "inside broken",
			procs:   1,
			enabled: [][]int{{0}, {0}},
			arcs:    []arc{mv(0, 1, 0), mv(1, 0, 0)},
			init:    []int{0}, from: nodes(0), inside: nodes(0),
			want: map[Fairness]*Lasso{
				None: {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// The joint step 0→1 moves P0 and P1 both, so P1 moves on the cycle.
			name:    "joint step moves both",
			procs:   2,
			enabled: [][]int{{0, 1}, {0, 1}},
			arcs:    []arc{joint(0, 1, 0, 1), mv(1, 0, 0)},
			init:    []int{0}, from: nodes(0), inside: all(2),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 0, Cycle: []Step{{0, 1, 0}, {1, 0, 1}}},
				Strong: {Start: 0, Cycle: []Step{{0, 1, 0}, {1, 0, 1}}},
				None:   {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// The same without the partner: P1 never moves though always enabled.
			name:    "no partner",
			procs:   2,
			enabled: [][]int{{0, 1}, {0, 1}},
			arcs:    []arc{mv(0, 1, 0), mv(1, 0, 0)},
			init:    []int{0}, from: nodes(0), inside: all(2),
			want: map[Fairness]*Lasso{
				None: {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// P0 can move forever without leaving node 0.
			name:    "real self-loop",
			procs:   1,
			enabled: [][]int{{0}},
			arcs:    []arc{mv(0, 0, 0)},
			init:    []int{0}, from: nodes(0), inside: nodes(0),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 0, Cycle: []Step{{0, 0, 0}}},
				Strong: {Start: 0, Cycle: []Step{{0, 0, 0}}},
				None:   {Start: 0, Cycle: stay(0)},
			},
		},
		{
			// The cycle 1→2→1 is nearer, but only the cycle 3→4→3 comes after the
			// from node 3. Node 0 alone is unfair (P0 enabled, no loop).
			name:    "cycle after the from node",
			procs:   1,
			enabled: [][]int{{0}, {0}, {0}, {0}, {0}},
			arcs:    []arc{mv(0, 1, 0), mv(0, 3, 0), mv(1, 2, 0), mv(2, 1, 0), mv(3, 4, 0), mv(4, 3, 0)},
			init:    []int{0}, from: nodes(3), inside: all(5),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 0, Prefix: []Step{{0, 3, 1}}, Entry: 1, Cycle: []Step{{3, 4, 4}, {4, 3, 5}}},
				Strong: {Start: 0, Prefix: []Step{{0, 3, 1}}, Entry: 1, Cycle: []Step{{3, 4, 4}, {4, 3, 5}}},
				None:   {Start: 0, Prefix: []Step{{0, 3, 1}}, Entry: 1, Cycle: stay(3)},
			},
		},
		{
			// Two initial nodes: the from node 3 is one step from initial node 2
			// and two from initial node 0; the prefix is the shorter one.
			name:    "nearest initial node",
			procs:   1,
			enabled: [][]int{{0}, {0}, {0}, {}},
			arcs:    []arc{mv(0, 1, 0), mv(1, 3, 0), mv(2, 3, 0)},
			init:    []int{0, 2}, from: nodes(3), inside: nodes(3),
			want: map[Fairness]*Lasso{
				Weak:   {Start: 2, Prefix: []Step{{2, 3, 2}}, Entry: 1, Cycle: stay(3)},
				Strong: {Start: 2, Prefix: []Step{{2, 3, 2}}, Entry: 1, Cycle: stay(3)},
				None:   {Start: 2, Prefix: []Step{{2, 3, 2}}, Entry: 1, Cycle: stay(3)},
			},
		},
	}
	for _, tt := range tests {
		g := build(t, tt.procs, tt.enabled, tt.arcs)
		for _, f := range []Fairness{Weak, Strong, None} {
			t.Run(tt.name+"/"+f.String(), func(t *testing.T) {
				got, err := FairLasso(context.Background(), g, tt.init, tt.from, tt.inside, f)
				require.NoError(t, err)
				want := tt.want[f]
				if want == nil {
					assert.Nil(t, got)
					return
				}
				checkLasso(t, g, tt.init, tt.from, tt.inside, f, got)
				assert.Equal(t, want, got)
			})
		}
	}
}

func TestFairLassoErrors(t *testing.T) {
	g := build(t, 1, [][]int{{0}, {0}}, []arc{mv(0, 1, 0)})
	tests := []struct {
		name     string
		g        *Graph
		init     []int
		from     NodeSet
		fairness Fairness
		want     string
	}{
		{"nil graph", nil, []int{0}, nodes(0), Weak, "liveness: nil graph"},
		{"initial node out of range", g, []int{2}, nodes(0), Weak, "liveness: initial node 2, want 0..1"},
		{"set out of range", g, []int{0}, nodes(0, 5), Weak, "liveness: node set holds node 5, want 0..1"},
		{"unknown fairness", g, []int{0}, nodes(0), Fairness(7), "liveness: unknown fairness 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FairLasso(context.Background(), tt.g, tt.init, tt.from, all(2), tt.fairness)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestFairLassoCancelled(t *testing.T) {
	g := ring(t, 20000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := FairLasso(ctx, g, []int{0}, all(g.Nodes()), all(g.Nodes()), Strong)
	assert.ErrorIs(t, err, context.Canceled)
}

// ring is a cycle of n nodes on which P0 moves, P0 enabled everywhere.
func ring(t testing.TB, n int) *Graph {
	b, err := NewBuilder(1)
	require.NoError(t, err)
	en := NewProcSet(1)
	en.Add(0)
	for v := range n {
		b.AddNode(en)
		b.AddEdge((v+1)%n, Move{0, NoProc})
	}
	g, err := b.Build()
	require.NoError(t, err)
	return g
}
