package liveness

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomCase is a small random graph with arguments for both algorithms.
type randomCase struct {
	n, procs        int
	enabled         [][]int
	arcs            []arc
	weights         []int
	init            []int
	from, inside    NodeSet
	waiting         NodeSet
	fromL, insideL  []bool
	waitingL, initL []bool
}

func newRandomCase(r *rand.Rand) randomCase {
	c := randomCase{n: 1 + r.IntN(8), procs: 2 + r.IntN(2)}
	c.enabled = make([][]int, c.n)
	for v := range c.n {
		for p := range c.procs {
			if r.IntN(2) == 0 {
				c.enabled[v] = append(c.enabled[v], p)
			}
		}
	}
	for v := range c.n {
		for range r.IntN(4) {
			a := mv(v, r.IntN(c.n), r.IntN(c.procs))
			if r.IntN(5) == 0 {
				if q := r.IntN(c.procs); q != a.proc {
					a.partner = q
				}
			}
			c.arcs = append(c.arcs, a)
			c.weights = append(c.weights, max(0, r.IntN(4)-1))
		}
	}
	pick := func(percent int) (NodeSet, []bool) {
		s, l := NewNodeSet(c.n), make([]bool, c.n)
		for v := range c.n {
			if r.IntN(100) < percent {
				s.Add(v)
				l[v] = true
			}
		}
		return s, l
	}
	c.from, c.fromL = pick(40)
	c.inside, c.insideL = pick(75)
	c.waiting, c.waitingL = pick(60)
	c.initL = make([]bool, c.n)
	for range 1 + r.IntN(2) {
		v := r.IntN(c.n)
		if !c.initL[v] {
			c.initL[v] = true
			c.init = append(c.init, v)
		}
	}
	return c
}

const inf = 1 << 30

// distances is the number of steps from an initial node to every node, along
// the arcs allowed by ok, by repeated relaxation.
func (c randomCase) distances(start []int, ok func(a arc) bool) []int {
	d := make([]int, c.n)
	for v := range d {
		d[v] = inf
		if start[v] < inf {
			d[v] = start[v]
		}
	}
	for changed := true; changed; {
		changed = false
		for _, a := range c.arcs {
			if ok(a) && d[a.from] < inf && d[a.from]+1 < d[a.to] {
				d[a.to] = d[a.from] + 1
				changed = true
			}
		}
	}
	return d
}

// closure is reach[u][v]: v can be reached from u in zero or more steps along
// the arcs allowed by ok (Floyd–Warshall).
func (c randomCase) closure(ok func(a arc) bool) [][]bool {
	reach := make([][]bool, c.n)
	for u := range reach {
		reach[u] = make([]bool, c.n)
		reach[u][u] = true
	}
	for _, a := range c.arcs {
		if ok(a) {
			reach[a.from][a.to] = true
		}
	}
	for k := range c.n {
		for i := range c.n {
			for j := range c.n {
				reach[i][j] = reach[i][j] || reach[i][k] && reach[k][j]
			}
		}
	}
	return reach
}

// lassoOracle decides by the definitions whether a fair run exists, and the
// length of the shortest prefix of one. A run that stays inside forever visits
// some set D of nodes infinitely often; D is strongly connected (every node has
// its stutter loop) and the run can take every arc inside D infinitely often,
// which only adds moves. So a fair run exists exactly when some such D, reached
// after a from node, is fair with all the moves of the arcs inside it. Every
// subset D of the inside nodes is tried.
func (c randomCase) lassoOracle(fairness Fairness) (bool, int) {
	start := make([]int, c.n)
	for v := range start {
		start[v] = inf
		if c.initL[v] {
			start[v] = 0
		}
	}
	d0 := c.distances(start, func(arc) bool { return true })
	for v := range start {
		start[v] = inf
		if c.fromL[v] && c.insideL[v] {
			start[v] = d0[v]
		}
	}
	d1 := c.distances(start, func(a arc) bool { return c.insideL[a.to] })
	best := inf
	for mask := 1; mask < 1<<c.n; mask++ {
		in := func(v int) bool { return mask&(1<<v) != 0 }
		ok := true
		for v := range c.n {
			ok = ok && (!in(v) || c.insideL[v])
		}
		if !ok {
			continue
		}
		reach := c.closure(func(a arc) bool { return in(a.from) && in(a.to) })
		moved := map[int]bool{}
		for _, a := range c.arcs {
			if in(a.from) && in(a.to) {
				moved[a.proc], moved[a.partner] = true, true
			}
		}
		dist := inf
		for u := range c.n {
			for v := range c.n {
				ok = ok && (!in(u) || !in(v) || reach[u][v])
			}
			if in(u) {
				dist = min(dist, d1[u])
			}
		}
		if !ok || dist == inf {
			continue
		}
		for p := range c.procs {
			if moved[p] || fairness == None {
				continue
			}
			always, sometimes := true, false
			for v := range c.n {
				if in(v) {
					en := false
					for _, q := range c.enabled[v] {
						en = en || q == p
					}
					always, sometimes = always && en, sometimes || en
				}
			}
			if fairness == Weak && always || fairness == Strong && sometimes {
				ok = false
			}
		}
		if ok {
			best = min(best, dist)
		}
	}
	return best < inf, best
}

// waitingOracle computes by enumeration whether the waiting weights are
// unbounded, the bound, and the length of the shortest prefix of a witness: to
// a waiting node on a closed waiting walk with positive weight, or to a waiting
// node from which a simple waiting path gathers the bound (with no positive
// cycle, removing a cycle from a path never lowers its weight).
func (c randomCase) waitingOracle() (reached, unbounded bool, bound, prefix int) {
	start := make([]int, c.n)
	for v := range start {
		start[v] = inf
		if c.initL[v] {
			start[v] = 0
		}
	}
	d0 := c.distances(start, func(arc) bool { return true })
	inW := func(a arc) bool { return c.waitingL[a.from] && c.waitingL[a.to] }
	reach := c.closure(inW)
	prefix = inf
	for v := range c.n {
		if !c.waitingL[v] || d0[v] == inf {
			continue
		}
		reached = true
		for i, a := range c.arcs {
			if inW(a) && c.weights[i] > 0 && reach[v][a.from] && reach[a.to][v] {
				unbounded = true
				prefix = min(prefix, d0[v])
			}
		}
	}
	if !reached || unbounded {
		return reached, unbounded, 0, prefix
	}
	longest := make([]int, c.n)
	for v := range c.n {
		if !c.waitingL[v] || d0[v] == inf {
			continue
		}
		seen := make([]bool, c.n)
		var dfs func(u, sum int)
		dfs = func(u, sum int) {
			longest[v] = max(longest[v], sum)
			seen[u] = true
			for i, a := range c.arcs {
				if a.from == u && inW(a) && !seen[a.to] {
					dfs(a.to, sum+c.weights[i])
				}
			}
			seen[u] = false
		}
		dfs(v, 0)
		bound = max(bound, longest[v])
	}
	for v := range c.n {
		if c.waitingL[v] && d0[v] < inf && longest[v] == bound {
			prefix = min(prefix, d0[v])
		}
	}
	return reached, false, bound, prefix
}

func TestRandomAgainstOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// seen counts the outcomes, to make sure that the cases exercise them all.
	seen := map[string]int{}
	// Scratch kept from search to search, one of them compact: the bounded
	// waiting searches give the same with it as with fresh scratch.
	kept, compact := new(Scratch), new(Scratch)
	compact.Compact()
	for i := range 3000 {
		c := newRandomCase(r)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			g := build(t, c.procs, c.enabled, c.arcs)
			require.NotZero(t, g.relBits, "nodes in rel")
			// The same graph with its nodes in offsets: the searches read
			// either form.
			wide := buildIn(t, c.procs, c.enabled, c.arcs, false)
			require.Zero(t, wide.relBits, "nodes in offsets")
			for _, f := range []Fairness{Weak, Strong, None} {
				exists, prefix := c.lassoOracle(f)
				l, err := FairLasso(context.Background(), g, c.init, c.from, c.inside, f)
				require.NoError(t, err)
				require.Equal(t, exists, l != nil, "%v: %+v", f, c)
				lw, err := FairLasso(context.Background(), wide, c.init, c.from, c.inside, f)
				require.NoError(t, err)
				require.Equal(t, l, lw, "%v: the graph with its nodes in offsets", f)
				seen[fmt.Sprint(f, exists)]++
				if exists {
					checkLasso(t, g, c.init, c.from, c.inside, f, l)
					assert.Len(t, l.Prefix, prefix, "%v: not the shortest prefix", f)
				}
				again, err := FairLasso(context.Background(), g, c.init, c.from, c.inside, f)
				require.NoError(t, err)
				assert.Equal(t, l, again, "not deterministic")
				// Told that every node is reachable from init, true or
				// not, the search finds the same.
				told := build(t, c.procs, c.enabled, c.arcs)
				told.Reached(c.init)
				lt, err := FairLasso(context.Background(), told, c.init, c.from, c.inside, f)
				require.NoError(t, err)
				assert.Equal(t, l, lt, "%v: the graph told Reached", f)
			}
			// The arcs are made in order of source node, so that the index of an
			// arc is the index of its edge.
			weight := func(from, to, edge int) int { return c.weights[edge] }
			reached, unbounded, bound, prefix := c.waitingOracle()
			got, err := BoundedWaiting(context.Background(), g, c.init, c.waiting, weight)
			require.NoError(t, err)
			require.Equal(t, reached, got.Reached)
			require.Equal(t, unbounded, got.Unbounded)
			seen[fmt.Sprint("reached ", reached, ", unbounded ", unbounded, ", bound > 1 ", bound > 1)]++
			assert.Equal(t, bound, got.Bound)
			checkWaiting(t, g, c.init, c.waiting, weight, got)
			switch {
			case unbounded:
				assert.Len(t, got.Lasso.Prefix, prefix, "not the shortest prefix")
			case reached:
				assert.Len(t, got.Path.Prefix, prefix, "not the shortest prefix")
			}
			if unbounded {
				// The witness weighs the components it needs, or all when
				// those do not tell the nearest node whose component
				// gains: the same witness as with all weighed before.
				ww, err := kept.WeighWaiting(context.Background(), g, c.init, c.waiting, weight)
				require.NoError(t, err)
				if ww.partial {
					require.NoError(t, ww.weigh(kept.work(context.Background(), g), weighAll))
					ww.partial = false
					all, err := ww.Witness(context.Background(), kept)
					require.NoError(t, err)
					assert.Equal(t, all, got, "the witness of every component weighed")
					seen[fmt.Sprint("partial, weighed all ", weighedAll(g, &c, weight))]++
				}
			}
			for _, s := range []*Scratch{kept, compact} {
				// The scratch of a search on the same graph before.
				_, err := s.FairLasso(context.Background(), g, c.init, c.from, c.inside, Weak)
				require.NoError(t, err)
				for range 2 {
					ww, err := s.WeighWaiting(context.Background(), g, c.init, c.waiting, weight)
					require.NoError(t, err)
					again, err := ww.Witness(context.Background(), s)
					require.NoError(t, err)
					assert.Equal(t, got, again, "with scratch used before")
				}
			}
		})
	}
	for _, f := range []Fairness{Weak, Strong, None} {
		for _, exists := range []bool{false, true} {
			assert.Positive(t, seen[fmt.Sprint(f, exists)], "no case with fairness %v and a fair run %v", f, exists)
		}
	}
	for _, k := range []string{
		"partial, weighed all false",
		"partial, weighed all true",
		"reached false, unbounded false, bound > 1 false",
		"reached true, unbounded false, bound > 1 false",
		"reached true, unbounded false, bound > 1 true",
		"reached true, unbounded true, bound > 1 false",
	} {
		assert.Positive(t, seen[k], "no case with %s", k)
	}
	t.Log(seen)
}

// TestScratchIsReusable: one Scratch serving searches one after another, on
// one graph with other arguments and on other graphs, finds what a fresh one
// finds.
func TestScratchIsReusable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	s := new(Scratch)
	for i := range 500 {
		c := newRandomCase(r)
		g := build(t, c.procs, c.enabled, c.arcs)
		for _, f := range []Fairness{Weak, Strong, None} {
			for _, sets := range [][2]NodeSet{{c.from, c.inside}, {c.waiting, c.inside}, {c.from, c.waiting}} {
				want, err := FairLasso(context.Background(), g, c.init, sets[0], sets[1], f)
				require.NoError(t, err)
				got, err := s.FairLasso(context.Background(), g, c.init, sets[0], sets[1], f)
				require.NoError(t, err)
				require.Equal(t, want, got, "case %d, %v", i, f)
			}
		}
	}
}

// TestScratchSetsAreEmpty: the sets a Scratch hands out are empty and sized
// for the nodes asked, whatever the sets it handed out before held.
func TestScratchSetsAreEmpty(t *testing.T) {
	s := new(Scratch)
	for _, n := range []int{130, 10, 64, 200, 1} {
		from, inside := s.Sets(n)
		require.Len(t, from, wordsFor(n))
		require.Len(t, inside, wordsFor(n))
		assert.Zero(t, from.Len()+inside.Len(), "%d nodes", n)
		for v := range n {
			from.Add(v)
			inside.Add(v)
		}
	}
}

// weighedAll tells whether the witness of the bounded waiting search of
// case c on g weighed every component: the search's words are then all
// set, no longer partial.
func weighedAll(g *Graph, c *randomCase, weight Weight) bool {
	s := new(Scratch)
	ww, err := s.WeighWaiting(context.Background(), g, c.init, c.waiting, weight)
	if err != nil {
		panic(err)
	}
	if _, err := ww.Witness(context.Background(), s); err != nil {
		panic(err)
	}
	return !ww.partial
}
