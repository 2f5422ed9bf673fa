package liveness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWeaklyFairAgainstComponents: the one-pass search finds a weakly fair
// component exactly when the layered search and fairComponents do, on random
// graphs larger than the oracle's, with processes in one word and in two, with
// and without a mask, one Scratch serving them all, compact every other
// time; some graphs are large enough for the positions of a compact search to
// start in their hash table. A third of the subgraphs hold a fifth of the
// nodes, which the search takes on a subgraph of their own.
func TestWeaklyFairAgainstComponents(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	s := new(Scratch)
	seen, seenAll := map[bool]int{}, map[bool]int{}
	subs := 0
	for i := range 2000 {
		n := 1 + r.IntN(60)
		local := i%50 == 49
		if local {
			n = 3000 + r.IntN(2000)
		}
		procs := 1 + r.IntN(4)
		if i%5 == 0 {
			procs = 60 + r.IntN(10)
		}
		enabled := make([][]int, n)
		for v := range n {
			for p := range procs {
				if r.IntN(4) != 0 {
					enabled[v] = append(enabled[v], p)
				}
			}
		}
		// share is the percentage of nodes inside; with fewer inside,
		// more edges, for as many between them.
		share, degree := 80, 4
		if i%3 == 1 {
			share, degree = 20, 16
		}
		var arcs []arc
		for v := range n {
			for range r.IntN(degree) {
				to := r.IntN(n)
				if local {
					to = (v + r.IntN(40) + n - 20) % n
				}
				a := mv(v, to, r.IntN(procs))
				if r.IntN(5) == 0 {
					a.partner = r.IntN(procs)
				}
				arcs = append(arcs, a)
			}
		}
		g := build(t, procs, enabled, arcs)
		pick := func(percent int) NodeSet {
			set := NewNodeSet(n)
			for v := range n {
				if r.IntN(100) < percent {
					set.Add(v)
				}
			}
			return set
		}
		from, inside := pick(30), pick(share)
		init := []int{r.IntN(n)}
		var mask ProcSet
		if r.IntN(3) == 0 {
			mask = NewProcSet(procs)
			for p := range procs {
				if r.IntN(3) == 0 {
					mask.Add(p)
				}
			}
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			w := s.work(context.Background(), g)
			w.mask = mask
			w.one.compact = i%2 == 0
			w.slots()
			_, after, err := w.layered(init, from, inside, false)
			require.NoError(t, err)
			after = append([]uint32(nil), after...)
			want := false
			if len(after) > 0 {
				good, err := w.fairComponents(after, Weak)
				require.NoError(t, err)
				want = good.Len() > 0
			}
			reach, err := w.reachSet(init)
			require.NoError(t, err)
			roots := NewNodeSet(n)
			for k := range roots {
				roots[k] = reach[k] & from[k] & inside[k]
			}
			got, err := w.weaklyFair(roots, inside)
			require.NoError(t, err)
			assert.Equal(t, want, got)
			if ok, err := w.one.sub.build(w, inside, nil); err == nil && ok && (g.relBits != 0 || g.offsetBits < 32) {
				subs++
				// The same search on the whole graph.
				w.one.start(n, inside)
				w.one.pos.reset(n, w.one.compact)
				got, err := w.weaklyFair1(roots)
				require.NoError(t, err)
				assert.Equal(t, want, got, "weaklyFair1")
			}
			if g.words == 1 {
				// The general search, on a graph the one-word search
				// takes.
				w.one.start(n, inside)
				w.one.pos.reset(n, w.one.compact)
				got, err := w.weaklyFairN(roots)
				require.NoError(t, err)
				assert.Equal(t, want, got, "weaklyFairN")
			}
			seen[want]++
			// From every node inside, as on a starvation check's core:
			// the search on a subgraph trims it first.
			every := make([]int, n)
			for v := range every {
				every[v] = v
			}
			_, after, err = w.layered(every, inside, inside, false)
			require.NoError(t, err)
			after = append([]uint32(nil), after...)
			want = false
			if len(after) > 0 {
				good, err := w.fairComponents(after, Weak)
				require.NoError(t, err)
				want = good.Len() > 0
			}
			got, err = w.weaklyFair(inside, inside)
			require.NoError(t, err)
			assert.Equal(t, want, got, "from every node")
			seenAll[want]++
		})
	}
	assert.Positive(t, seen[true])
	assert.Positive(t, seen[false])
	assert.Positive(t, seenAll[true])
	assert.Positive(t, seenAll[false])
	assert.Positive(t, subs, "no search on a subgraph")
}

// TestReachedTakesEveryNodeForReached: told that every node is reachable
// from node 0, the first look takes every node for reached from it, node 2,
// which no edge reaches, too; from other nodes it still follows the edges.
func TestReachedTakesEveryNodeForReached(t *testing.T) {
	g := build(t, 2, [][]int{{0}, {0}, {1}}, []arc{mv(0, 1, 0), mv(1, 0, 0), mv(2, 2, 1)})
	reached := func(g *Graph, init []int) []int {
		set, err := newWork(context.Background(), g).reachSet(init)
		require.NoError(t, err)
		var out []int
		for v := range g.Nodes() {
			if set.Has(v) {
				out = append(out, v)
			}
		}
		return out
	}
	assert.Equal(t, []int{0, 1}, reached(g, []int{0}))
	g.Reached([]int{0})
	assert.Equal(t, []int{0, 1, 2}, reached(g, []int{0}))
	assert.Equal(t, []int{2}, reached(g, []int{2}))
}

// TestTrimKeepsNodesOfManyEdges: a node of a fair cycle with more edges
// into it than its count holds (65535) stays in the subgraph whatever
// edges are dropped. Into node 0 of the fair cycle 0 → 1 → 0 lead node 1,
// nodes each on an unfair cycle of its own, and nodes that no cycle
// reaches, which are dropped: 65536 of those, or 65535 of the others and
// 10. The counts start from 0 in the memory they borrow.
func TestTrimKeepsNodesOfManyEdges(t *testing.T) {
	for _, c := range []struct{ looped, dropped int }{{0, 65536}, {65535, 10}} {
		t.Run(fmt.Sprint(c.looped), func(t *testing.T) {
			const n = 300000
			inside := 2 + c.looped + c.dropped
			enabled := make([][]int, n)
			for v := range enabled {
				enabled[v] = []int{0}
			}
			arcs := []arc{mv(0, 1, 0), mv(1, 0, 0)}
			for v := 2; v < inside; v++ {
				if v < 2+c.looped {
					arcs = append(arcs, mv(v, v, 1))
				}
				arcs = append(arcs, mv(v, 0, 0))
			}
			g := build(t, 2, enabled, arcs)
			in := NewNodeSet(n)
			for v := range inside {
				in.Add(v)
			}
			w := new(Scratch).work(context.Background(), g)
			// The counts take the memory of the positions, whatever an
			// earlier search left there.
			for i := range w.one.pos.lend(inside) {
				w.one.pos.dense[i] = 7
			}
			fair, err := w.weaklyFair(in, in)
			require.NoError(t, err)
			assert.True(t, fair)
			assert.Equal(t, inside, w.one.sub.g.Nodes(), "searched on the subgraph")
			assert.Equal(t, done, int(mark(w.one.marks, uint32(inside-1))), "a node no cycle reaches is trimmed")
		})
	}
}
