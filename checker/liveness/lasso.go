package liveness

import (
	"context"
	"fmt"
	"math/bits"
)

// Fairness is the scheduler assumption under which FairLasso looks for a run. The
// values are in the order of the language's `fairness` declaration: weak,
// strong, none.
type Fairness uint8

const (
	// Weak: a process that is fairly enabled in every state from some point on
	// moves infinitely often.
	Weak Fairness = iota
	// Strong: a process that is fairly enabled infinitely often moves infinitely
	// often.
	Strong
	// None: no process is ever forced to move; a run may stay in any state.
	None
)

// String is the fairness as written in a model.
func (f Fairness) String() string {
	switch f {
	case Weak:
		return "weak"
	case Strong:
		return "strong"
	case None:
		return "none"
	}
	return fmt.Sprintf("Fairness(%d)", uint8(f))
}

// FairLasso looks for a run that starts in one of the init nodes, reaches a node
// of from, and from that node on stays forever in nodes of inside while being
// fair under fairness (a from node that is not in inside starts nothing). It
// returns such a run with the shortest prefix, or nil when there is none.
//
// With from = "someone trying, nobody in critical" and inside = "nobody in
// critical" this refutes progress; with from = "i trying" and inside = "i not in
// critical", starvation of i; with from = e1 ∧ ¬e2 and inside = ¬e2, `e1 leadsto
// e2`.
//
// The error is for invalid arguments and for a cancelled context; then no
// verdict was reached.
func FairLasso(ctx context.Context, g *Graph, init []int, from, inside NodeSet, fairness Fairness) (*Lasso, error) {
	return new(Scratch).FairLasso(ctx, g, init, from, inside, fairness)
}

// Scratch keeps the memory of FairLasso's searches on one graph from one
// search to the next, so that a series of searches (one per process)
// allocates it once: 2 bits and 2 bytes a node and the stacks of a
// depth-first search for a weakly fair search that finds nothing (see
// Compact), some 40 bytes a node for the searches that build a lasso. A
// Scratch serves one search at a time.
type Scratch struct {
	w       *work
	compact bool
	// sets are the node sets of Sets.
	sets [2]NodeSet
}

// Sets returns two empty node sets for n nodes, kept in s and handed out
// again by its next call: for the sets a caller makes for each of its
// searches with s, as their from and inside.
func (s *Scratch) Sets(n int) (NodeSet, NodeSet) {
	s.sets[0], s.sets[1] = emptied(s.sets[0], n), emptied(s.sets[1], n)
	return s.sets[0], s.sets[1]
}

// Compact makes the searches with s trade some speed for memory: a weakly
// fair search then keeps the positions of the nodes on its stack in a hash
// table, some 16 bytes a node on its stack, rather than in an array of 2
// bytes a node of the graph, and searches a small set on the whole graph
// rather than on the set's subgraph. It is for searches that run side by
// side, each with its own Scratch.
func (s *Scratch) Compact() {
	s.compact = true
	if s.w != nil {
		s.w.one.compact = true
	}
}

// work returns s's scratch for a search on g, as a fresh one would be.
func (s *Scratch) work(ctx context.Context, g *Graph) *work {
	if s.w == nil || s.w.g != g {
		s.w = newWork(ctx, g)
		s.w.one.compact = s.compact
		return s.w
	}
	w := s.w
	w.ctx, w.ticks, w.mask, w.next = ctx, 0, nil, 0
	return w
}

// FairLasso is the package's FairLasso, with its memory kept in s.
func (s *Scratch) FairLasso(ctx context.Context, g *Graph, init []int, from, inside NodeSet, fairness Fairness) (*Lasso, error) {
	return s.FairLassoWithin(ctx, g, init, from, inside, nil, fairness)
}

// FairLassoWithin is FairLasso told of core, a set of nodes (nil for none)
// within which lies every fair component of the subgraph of inside that
// from reaches: a component of that subgraph with a node outside core is
// never fair. Under weak fairness the search that first looks whether there
// is a lasso at all then looks at the nodes of core ∩ from ∩ inside alone,
// each taken as a start; it finds one exactly when it would without core.
// The lasso returned, if any, is FairLasso's.
func (s *Scratch) FairLassoWithin(ctx context.Context, g *Graph, init []int, from, inside, core NodeSet, fairness Fairness) (*Lasso, error) {
	if err := validate(g, init, from, inside); err != nil {
		return nil, err
	}
	if fairness > None {
		return nil, fmt.Errorf("liveness: unknown fairness %d", uint8(fairness))
	}
	n := g.Nodes()
	from, inside = fit(from, n), fit(inside, n)
	w := s.work(ctx, g)
	if fairness == None && g.always != nil {
		// Only the always fair processes are constrained: weak fairness
		// restricted to them.
		fairness, w.mask = Weak, g.always
	}
	if fairness == Weak {
		// Most searches find nothing: first look whether there is anything
		// to find, in one pass, before the searches that build the lasso.
		reach, err := w.reachSet(init)
		if err != nil {
			return nil, err
		}
		// The sets are kept for the next search with the same Scratch.
		op := &w.one
		op.rootSet = emptied(op.rootSet, n)
		roots := op.rootSet
		within := inside
		if core != nil {
			// Every fair component lies in core ∩ from ∩ inside, each of
			// whose nodes is a start: the components of that subgraph are
			// those of inside there, each with the same edges.
			op.withinSet = emptied(op.withinSet, n)
			within = op.withinSet
			core = fit(core, n)
			for i := range within {
				within[i] = core[i] & from[i] & inside[i]
			}
		}
		for i := range roots {
			roots[i] = reach[i] & from[i] & within[i]
		}
		if ok, err := w.weaklyFair(roots, within); err != nil || !ok {
			return nil, err
		}
	}
	w.slots()
	par, after, err := w.layered(init, from, inside, fairness == None)
	if err != nil || len(after) == 0 {
		return nil, err
	}
	var c, id uint32
	if fairness == None {
		c = after[0]
	} else {
		good, err := w.fairComponents(after, fairness)
		if err != nil {
			return nil, err
		}
		found := false
		for _, v := range after {
			if good.has(v) {
				c, found = v, true
				break
			}
		}
		if !found {
			return nil, nil
		}
		id = w.nodes[c].label
	}
	cycle, err := w.fairCycle(c, id, fairness)
	if err != nil {
		return nil, err
	}
	l := &Lasso{Cycle: cycle}
	l.Start, l.Prefix, l.Entry = w.prefix(par, c)
	return l, nil
}

// layer1 marks a queue entry of the second layer of the layered search.
const layer1 = 1 << 31

// layered is a breadth-first search of two layers: in the first, any edge from
// an initial node; from a node of from ∩ inside a free switch to the second
// layer, where only edges inside inside are followed. par[v][layer] are the
// parent links; after lists the nodes reached in the second layer
// in order of distance from an initial node (ties in search order). With first,
// the search stops at the first node of the second layer.
func (w *work) layered(init []int, from, inside NodeSet, first bool) (par [][2]uint32, after []uint32, err error) {
	g := w.g
	n := g.Nodes()
	if cap(w.par) < n {
		w.par = make([][2]uint32, n)
	}
	par = w.par[:n]
	for i := range par {
		par[i] = [2]uint32{unvisited, unvisited}
	}
	if need := n + inside.Len(); cap(w.layers) < need {
		w.layers = make([]uint32, 0, need)
	}
	queue := w.layers[:0]
	found := false
	visit0 := func(v, p uint32) {
		par[v][0] = p
		queue = append(queue, v)
		if from.has(v) && inside.has(v) && par[v][1] == unvisited {
			par[v][1] = switched
			queue = append(queue, v|layer1)
			found = true
		}
	}
	for _, i := range init {
		if par[i][0] == unvisited {
			visit0(uint32(i), isRoot)
		}
	}
	for head := 0; head < len(queue); head++ {
		if first && found {
			break
		}
		if w.cancelled() {
			return nil, nil, w.ctx.Err()
		}
		q := queue[head]
		v := q &^ layer1
		for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
			t := g.target(e)
			switch {
			case q&layer1 == 0:
				if par[t][0] == unvisited {
					visit0(t, e)
				}
			case inside.has(t) && par[t][1] == unvisited:
				par[t][1] = e
				queue = append(queue, t|layer1)
			}
		}
	}
	after = queue[:0]
	for _, q := range queue {
		if q&layer1 != 0 {
			after = append(after, q&^layer1)
		}
	}
	return par, after, nil
}

// prefix is the path of the layered search from an initial node to node c of
// the second layer, with the number of steps taken in the first layer.
func (w *work) prefix(par [][2]uint32, c uint32) (start int, steps []Step, entry int) {
	g := w.g
	v, layer, inSecond := c, 1, 0
	for {
		p := par[v][layer]
		if p == switched {
			layer = 0
			continue
		}
		if p == isRoot {
			break
		}
		u := g.source(p)
		steps = append(steps, Step{int(u), int(v), int(p)})
		inSecond += layer
		v = u
	}
	reverseSteps(steps)
	return int(v), steps, len(steps) - inSecond
}

// fairComponents labels the strongly connected components of the subgraph of
// the nodes nodes (closed under successors inside it) and returns the nodes of
// those on which a fair run can stay forever. Under weak fairness a component
// qualifies when every process fairly enabled in all its nodes moves on one of
// its edges. Under strong fairness a component qualifies when every process
// fairly enabled in one of its nodes moves on one of its edges; one that does not
// loses the nodes where such a process is enabled, and what remains is split
// into components and examined in turn.
func (w *work) fairComponents(nodes []uint32, fairness Fairness) (NodeSet, error) {
	g := w.g
	order := append([]uint32(nil), nodes...)
	for _, v := range order {
		w.nodes[v].label = 1
	}
	w.next = 2
	good := NewNodeSet(g.Nodes())
	moved, need := NewProcSet(g.procs), NewProcSet(g.procs)
	// todo lists the components, as positions in order, that lost nodes and
	// must be split again.
	var todo []span
	base := 0
	examine := func(id uint32, lo, hi int, comp []uint32) error {
		moved.Clear()
		if fairness == Weak {
			copy(need, g.enabledSet(comp[0]))
		} else {
			need.Clear()
		}
		for _, v := range comp {
			en := g.enabledSet(v)
			for i := range need {
				if fairness == Weak {
					need[i] &= en[i]
				} else {
					need[i] |= en[i]
				}
			}
			for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
				if w.nodes[g.target(e)].label == id {
					g.addMoves(moved, e)
				}
			}
		}
		unfair := false
		for i := range need {
			if w.mask != nil {
				need[i] &= w.mask[i]
			}
			need[i] &^= moved[i]
			unfair = unfair || need[i] != 0
		}
		if !unfair {
			for _, v := range comp {
				good.Add(int(v))
			}
			return nil
		}
		if fairness == Weak {
			return nil
		}
		left := 0
		for _, v := range comp {
			en := g.enabledSet(v)
			for i := range need {
				if en[i]&need[i] != 0 {
					w.nodes[v].label = 0
					break
				}
			}
			if w.nodes[v].label != 0 {
				left++
			}
		}
		if left > 0 {
			todo = append(todo, span{id, uint32(base + lo), uint32(base + hi)})
		}
		return nil
	}
	if err := w.scc(order, 1, examine); err != nil {
		return nil, err
	}
	for len(todo) > 0 {
		sp := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		base = int(sp.lo)
		if err := w.scc(order[sp.lo:sp.hi], sp.id, examine); err != nil {
			return nil, err
		}
	}
	return good, nil
}

// span is a component: its label, and its nodes order[lo:hi].
type span struct{ id, lo, hi uint32 }

// fairCycle builds a fair cycle through c inside the component labelled id,
// which fairComponents found fair (any id under no fairness). It starts with the
// stutter at c and, as long as some process is owed a move, goes to the nearest
// place that settles it — under weak fairness a node where that process is not
// fairly enabled or an edge where it moves, under strong fairness such an edge —
// and finally back to c. Visiting more nodes and edges never unsettles a
// process under weak fairness; under strong fairness it may owe new moves, which
// the component provides.
func (w *work) fairCycle(c, id uint32, fairness Fairness) ([]Step, error) {
	g := w.g
	stutter := []Step{{int(c), int(c), Stutter}}
	if fairness == None {
		return stutter, nil
	}
	w.resetParents()
	need := g.Enabled(int(c))
	if w.mask != nil {
		for i := range need {
			need[i] &= w.mask[i]
		}
	}
	moved := NewProcSet(g.procs)
	var steps []Step
	x := c
	// Each round settles a process or, all settled, returns to c; a return
	// leaves every process settled under weak fairness and, under strong
	// fairness, can only be followed by rounds settling new processes.
	for round := 0; round <= 2*g.procs+2; round++ {
		p := -1
		for i := range need {
			if d := need[i] &^ moved[i]; d != 0 {
				p = i<<6 + bits.TrailingZeros64(d)
				break
			}
		}
		moves := func(_, e uint32) bool { return w.nodes[g.target(e)].label == id && g.Moves(int(e), p) }
		var path []Step
		var ok bool
		var err error
		switch {
		case p < 0 && x == c:
			if len(steps) == 0 {
				return stutter, nil
			}
			return steps, nil
		case p < 0:
			path, ok, err = w.reach(x, id, func(v uint32) bool { return v == c }, nil)
		case fairness == Weak:
			path, ok, err = w.reach(x, id, func(v uint32) bool { return !g.FairlyEnabled(int(v), p) }, moves)
		default:
			path, ok, err = w.reach(x, id, nil, moves)
		}
		if err != nil {
			return nil, err
		}
		if !ok || len(path) == 0 {
			return nil, errBroken
		}
		for _, s := range path {
			g.addMoves(moved, uint32(s.Edge))
			en := g.enabledSet(uint32(s.To))
			for i := range need {
				if fairness == Weak {
					need[i] &= en[i]
				} else {
					need[i] |= en[i]
				}
			}
		}
		steps = append(steps, path...)
		x = uint32(path[len(path)-1].To)
	}
	return nil, errBroken
}
