package liveness

import (
	"cmp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arc is an edge of a hand-built graph.
type arc struct{ from, to, proc, partner int }

// mv is an edge on which proc alone moves.
func mv(from, to, proc int) arc { return arc{from, to, proc, NoProc} }

// joint is an edge on which proc and partner move together.
func joint(from, to, proc, partner int) arc { return arc{from, to, proc, partner} }

// build makes a graph whose node v has the fairly enabled processes enabled[v]
// and the given edges (kept in their order for each source node).
func build(t testing.TB, procs int, enabled [][]int, arcs []arc) *Graph {
	t.Helper()
	return buildIn(t, procs, enabled, arcs, true)
}

// buildIn is build, with the nodes kept in rel where they fit, or, without
// rel, in offsets whatever the number of processes.
func buildIn(t testing.TB, procs int, enabled [][]int, arcs []arc, rel bool) *Graph {
	t.Helper()
	sorted := slices.Clone(arcs)
	slices.SortStableFunc(sorted, func(a, b arc) int { return cmp.Compare(a.from, b.from) })
	b, err := NewBuilder(procs)
	require.NoError(t, err)
	if !rel {
		b.g.relBits = 0
	}
	i := 0
	for v, en := range enabled {
		var s ProcSet
		for _, p := range en {
			s.Add(p)
		}
		require.Equal(t, v, b.AddNode(s))
		for ; i < len(sorted) && sorted[i].from == v; i++ {
			b.AddEdge(sorted[i].to, Move{sorted[i].proc, sorted[i].partner})
		}
	}
	require.Equal(t, len(sorted), i, "edge from a node that does not exist")
	g, err := b.Build()
	require.NoError(t, err)
	return g
}

// nodes is the set of the given nodes.
func nodes(vs ...int) NodeSet {
	var s NodeSet
	for _, v := range vs {
		s.Add(v)
	}
	return s
}

// all is the set of nodes 0..n-1.
func all(n int) NodeSet {
	s := NewNodeSet(n)
	for v := range n {
		s.Add(v)
	}
	return s
}

// checkPath asserts that steps form a path of real edges (stutters only where
// allowed) from node start, and returns its nodes, start included.
func checkPath(t *testing.T, g *Graph, start int, steps []Step, stutter bool) []int {
	t.Helper()
	path := []int{start}
	at := start
	for i, s := range steps {
		require.Equal(t, at, s.From, "step %d does not continue the path", i)
		if s.Edge == Stutter {
			require.True(t, stutter, "stutter step %d", i)
			require.Equal(t, s.From, s.To, "stutter step %d moves", i)
		} else {
			require.True(t, s.Edge >= 0 && s.Edge < g.Edges(), "step %d: edge %d", i, s.Edge)
			require.Equal(t, s.From, g.Source(s.Edge), "step %d: edge %d leaves another node", i, s.Edge)
			require.Equal(t, s.To, g.Target(s.Edge), "step %d: edge %d leads elsewhere", i, s.Edge)
		}
		at = s.To
		path = append(path, at)
	}
	return path
}

// cycleFair decides from the definitions whether repeating cycle forever is
// fair: the nodes visited infinitely often are the cycle's, the processes that
// move infinitely often are those moving on its edges.
func cycleFair(g *Graph, cycle []Step, fairness Fairness) bool {
	moved := map[int]bool{}
	for _, s := range cycle {
		if s.Edge != Stutter {
			m := g.Move(s.Edge)
			moved[m.Proc] = true
			moved[m.Partner] = true
		}
	}
	for p := range g.Procs() {
		if moved[p] || fairness == None {
			continue
		}
		always, sometimes := true, false
		for _, s := range cycle {
			en := g.FairlyEnabled(s.From, p)
			always = always && en
			sometimes = sometimes || en
		}
		if fairness == Weak && always || fairness == Strong && sometimes {
			return false
		}
	}
	return true
}

// checkLasso asserts that l is a run of g as FairLasso promises it.
func checkLasso(t *testing.T, g *Graph, init []int, from, inside NodeSet, fairness Fairness, l *Lasso) {
	t.Helper()
	require.NotNil(t, l)
	assert.Contains(t, init, l.Start, "the run does not start in an initial node")
	prefix := checkPath(t, g, l.Start, l.Prefix, false)
	require.True(t, l.Entry >= 0 && l.Entry < len(prefix), "entry %d", l.Entry)
	assert.True(t, from.Has(prefix[l.Entry]), "entry node %d is not a from node", prefix[l.Entry])
	for _, v := range prefix[l.Entry:] {
		assert.True(t, inside.Has(v), "node %d after the entry is not inside", v)
	}
	require.NotEmpty(t, l.Cycle)
	c := prefix[len(prefix)-1]
	assert.Equal(t, c, l.CycleStart())
	cycle := checkPath(t, g, c, l.Cycle, true)
	assert.Equal(t, c, cycle[len(cycle)-1], "the cycle does not close")
	for _, v := range cycle {
		assert.True(t, inside.Has(v), "cycle node %d is not inside", v)
	}
	assert.True(t, cycleFair(g, l.Cycle, fairness), "the cycle is not fair under %v: %v", fairness, l.Cycle)
}
