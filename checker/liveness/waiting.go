package liveness

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Weight is the weight of edge edge, from node from to node to: for bounded
// waiting, the number of other processes that newly enter critical on it. It must
// not be negative, and must give the same answer every time.
type Weight func(from, to, edge int) int

// WaitingBound is the answer of BoundedWaiting.
type WaitingBound struct {
	// Reached is whether a waiting node is reachable at all; when it is not,
	// Bound is 0 and there is no witness.
	Reached bool
	// Unbounded is whether waiting paths of every weight exist; Lasso is then a
	// run whose cycle stays waiting and gathers weight on every turn.
	Unbounded bool
	Lasso     *Lasso
	// Bound is the largest weight of a waiting path when the weights are
	// bounded; Path is a path that gathers it.
	Bound int
	Path  *Interval
}

// BoundedWaiting computes the largest total weight of a path that stays among the
// waiting nodes, over all runs from the init nodes, no fairness assumed. Only
// edges between two waiting nodes count: an interval is a stretch of waiting
// nodes. The weight is unbounded when a cycle among reachable waiting nodes has
// an edge of positive weight. The witness has the shortest prefix among those
// that show the answer.
//
// The error is for invalid arguments, a negative weight and a cancelled context;
// then no answer was reached.
func BoundedWaiting(ctx context.Context, g *Graph, init []int, waiting NodeSet, weight Weight) (*WaitingBound, error) {
	if err := validate(g, init, waiting); err != nil {
		return nil, err
	}
	if weight == nil {
		return nil, errors.New("liveness: nil weight")
	}
	n := g.Nodes()
	waiting = fit(waiting, n)
	w := newWork(ctx, g)
	w.slots()
	par, reached, err := w.reachable(init)
	if err != nil {
		return nil, err
	}
	order := make([]uint32, 0, len(reached))
	for _, v := range reached {
		if waiting.has(v) {
			order = append(order, v)
			w.nodes[v].label = 1
		}
	}
	if len(order) == 0 {
		return &WaitingBound{}, nil
	}
	w.next = 2
	// Once its component is complete, the low of waiting node v is the largest
	// weight gathered from v, or endless when a cycle of its component gains.
	const endless = math.MaxUint32
	unbounded := false
	gather := func(id uint32, _, _ int, comp []uint32) error {
		var most uint64
		for _, v := range comp {
			for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
				t := g.target(e)
				if w.nodes[t].label == 0 {
					continue // not waiting
				}
				wt := weight(int(v), int(t), int(e))
				if wt < 0 {
					return fmt.Errorf("liveness: edge %d from node %d to %d has weight %d", e, v, t, wt)
				}
				switch {
				case w.nodes[t].label == id:
					if wt > 0 {
						most = endless
					}
				case most != endless && w.nodes[t].low != endless:
					sum := uint64(wt) + uint64(w.nodes[t].low)
					if sum >= endless {
						return fmt.Errorf("liveness: waiting weight over %d", endless-1)
					}
					most = max(most, sum)
				}
			}
		}
		unbounded = unbounded || most == endless
		for _, v := range comp {
			w.nodes[v].low = uint32(most)
		}
		return nil
	}
	if err := w.scc(order, 1, gather); err != nil {
		return nil, err
	}
	w.resetParents()
	res := &WaitingBound{Reached: true, Unbounded: unbounded}
	if unbounded {
		for _, v := range reached {
			if waiting.has(v) && w.nodes[v].low == endless {
				res.Lasso, err = w.positiveCycle(par, v, weight, waiting)
				return res, err
			}
		}
		return nil, errBroken
	}
	var k uint32
	for _, v := range order {
		k = max(k, w.nodes[v].low)
	}
	res.Bound = int(k)
	for _, v := range reached {
		if waiting.has(v) && w.nodes[v].low == k {
			res.Path, err = w.heaviestPath(par, v, weight, waiting)
			return res, err
		}
	}
	return nil, errBroken
}

// heaviestPath is a path from an initial node to waiting node v and on among
// the waiting nodes that gathers the largest weight from v, which low holds
// for every waiting node. Inside each component it takes the shortest way to
// an edge that leaves it and keeps the largest weight ahead.
func (w *work) heaviestPath(par []uint32, v uint32, weight Weight, waiting NodeSet) (*Interval, error) {
	g := w.g
	in := &Interval{Start: int(v)}
	in.Prefix = w.trace(func(v uint32) uint32 { return par[v] }, v)
	if len(in.Prefix) > 0 {
		in.Start = in.Prefix[0].From
	}
	in.Entry = entryOf(in.Prefix, waiting)
	for x := v; w.nodes[x].low > 0; {
		id, want := w.nodes[x].label, uint64(w.nodes[x].low)
		exit := func(u, e uint32) bool {
			t := g.target(e)
			if w.nodes[t].label == 0 || w.nodes[t].label == id {
				return false
			}
			return uint64(weight(int(u), int(t), int(e)))+uint64(w.nodes[t].low) == want
		}
		path, ok, err := w.reach(x, id, nil, exit)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errBroken
		}
		in.Inside = append(in.Inside, path...)
		x = uint32(path[len(path)-1].To)
	}
	return in, nil
}

// positiveCycle is a lasso through waiting node c whose cycle stays in c's
// component and takes an edge of positive weight.
func (w *work) positiveCycle(par []uint32, c uint32, weight Weight, waiting NodeSet) (*Lasso, error) {
	g := w.g
	id := w.nodes[c].label
	positive := func(u, e uint32) bool {
		t := g.target(e)
		return w.nodes[t].label == id && weight(int(u), int(t), int(e)) > 0
	}
	out, ok, err := w.reach(c, id, nil, positive)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBroken
	}
	x := uint32(out[len(out)-1].To)
	back, ok, err := w.reach(x, id, func(v uint32) bool { return v == c }, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBroken
	}
	l := &Lasso{Start: int(c), Prefix: w.trace(func(v uint32) uint32 { return par[v] }, c), Cycle: append(out, back...)}
	if len(l.Prefix) > 0 {
		l.Start = l.Prefix[0].From
	}
	l.Entry = entryOf(l.Prefix, waiting)
	return l, nil
}

// entryOf is the smallest j such that the path's nodes from the j-th on (its
// first node being the 0th) are all in set, given that its last node is.
func entryOf(steps []Step, set NodeSet) int {
	j := len(steps)
	for j > 0 && set.Has(steps[j-1].From) {
		j--
	}
	return j
}

// reachable is a breadth-first search over every edge from the init nodes. It
// returns the parent links and the nodes reached, in search order.
func (w *work) reachable(init []int) (par, reached []uint32, err error) {
	g := w.g
	par = make([]uint32, g.Nodes())
	for i := range par {
		par[i] = unvisited
	}
	reached = make([]uint32, 0, g.Nodes())
	for _, i := range init {
		if par[i] == unvisited {
			par[i] = isRoot
			reached = append(reached, uint32(i))
		}
	}
	for head := 0; head < len(reached); head++ {
		if w.cancelled() {
			return nil, nil, w.ctx.Err()
		}
		v := reached[head]
		for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
			if t := g.target(e); par[t] == unvisited {
				par[t] = e
				reached = append(reached, t)
			}
		}
	}
	return par, reached, nil
}
