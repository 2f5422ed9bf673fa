package liveness

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
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

// endless is the weight gathered from a node of a component that gains on a
// cycle; the weights gathered are below it.
const endless = math.MaxInt32 - 1

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
	s := new(Scratch)
	ww, err := s.WeighWaiting(ctx, g, init, waiting, weight)
	if err != nil {
		return nil, err
	}
	return ww.Witness(ctx, s)
}

// WaitingWeights is the answer of BoundedWaiting without its witness, which
// Witness builds: the search for the answer takes a few bytes a node, the
// witness more, so that a series of searches side by side (one per process)
// can build the one witness wanted once they are done.
type WaitingWeights struct {
	// Reached, Unbounded and Bound are those of WaitingBound.
	Reached, Unbounded bool
	Bound              int

	g       *Graph
	init    []int
	waiting NodeSet
	weight  Weight
	// narrow or, when a weight does not fit it, wide holds for each
	// reachable waiting node 1 + the largest weight gathered from it, or
	// 1 + the word's endless when a cycle of its component gains (weigh).
	narrow []uint16
	wide   []uint32
	// roots are the reachable waiting nodes; partial tells that the
	// words are not all set: the search stopped at the first component
	// that gains, which answers Unbounded, and Witness weighs what it
	// needs then (firstGain).
	roots   NodeSet
	partial bool
}

// weighReach is how far weigh goes.
type weighReach int

const (
	// weighAll weighs every component.
	weighAll weighReach = iota
	// stopAtGain stops at the first component that gains.
	stopAtGain
	// firstGain weighs the components of the roots up to the first node,
	// by number, whose component gains: every root numbered below it is
	// weighed, and so are the nodes it reaches. It tells only which
	// components gain, all that the witness of an unbounded answer asks:
	// the others' words are 1, as if they gathered nothing.
	firstGain
)

// WeighWaiting is the answer of BoundedWaiting, with its scratch kept in s:
// 2 bytes a node (4 when a weight gathered passes 32 765), and the stacks of
// one depth-first search.
func (s *Scratch) WeighWaiting(ctx context.Context, g *Graph, init []int, waiting NodeSet, weight Weight) (*WaitingWeights, error) {
	if err := validate(g, init, waiting); err != nil {
		return nil, err
	}
	if weight == nil {
		return nil, errors.New("liveness: nil weight")
	}
	n := g.Nodes()
	waiting = fit(waiting, n)
	w := s.work(ctx, g)
	reach, err := w.reachSet(init)
	if err != nil {
		return nil, err
	}
	roots := NewNodeSet(n)
	for i := range roots {
		roots[i] = reach[i] & waiting[i]
	}
	ww := &WaitingWeights{g: g, init: init, waiting: waiting, weight: weight, roots: roots}
	// Every node the search visits is a reachable waiting node: the first
	// component that gains answers Unbounded, whatever the others gather.
	switch err := ww.weigh(w, stopAtGain); {
	case err == errGains:
		ww.Reached, ww.Unbounded, ww.partial = true, true, true
		return ww, nil
	case err != nil:
		return nil, err
	}
	var k uint32
	for v := nextBit(roots, 0); v >= 0; v = nextBit(roots, v+1) {
		ww.Reached = true
		k = max(k, ww.most(uint32(v)))
	}
	if k == endless {
		ww.Unbounded = true
	} else {
		ww.Bound = int(k)
	}
	return ww, nil
}

// weigh sets the words of the reachable waiting nodes (weigh), in 2 bytes
// each unless a weight gathered does not fit them, as far as how says.
// With stopAtGain, it returns errGains at the first component that gains,
// its words partly set.
func (ww *WaitingWeights) weigh(w *work, how weighReach) error {
	n := ww.g.Nodes()
	ww.narrow, ww.wide = grownZeroed(ww.narrow, n), nil
	err := weigh(w, ww.roots, ww.waiting, ww.weight, ww.narrow, how)
	if err == errNarrow {
		ww.narrow, ww.wide = nil, make([]uint32, n)
		err = weigh(w, ww.roots, ww.waiting, ww.weight, ww.wide, how)
	}
	return err
}

// weighed tells whether node v's word is set.
func (ww *WaitingWeights) weighed(v uint32) bool {
	if ww.narrow != nil {
		return ww.narrow[v] != 0
	}
	return ww.wide[v] != 0
}

// most is the largest weight gathered from reachable waiting node v, or
// endless.
func (ww *WaitingWeights) most(v uint32) uint32 {
	if ww.narrow != nil {
		if m := uint32(ww.narrow[v]) - 1; m != endlessIn[uint16]() {
			return m
		}
		return endless
	}
	return ww.wide[v] - 1
}

// weighing is a component in the making of weigh: the position in the stack
// of its first node, and the largest weight gathered from its nodes so far
// (endless once one of its edges has a positive weight).
type weighing struct{ pos, most uint32 }

// A node's word in weigh: 0 while it is not visited; its top bit and the
// low bits of its position in the stack while its component is in the
// making; then 1 + the largest weight gathered from it, or 1 + endlessIn[W].

// endlessIn is the weight that stands for endless in a word of type W: the
// largest that leaves the top bit clear once 1 is added to it. The weights
// gathered are below it: endless for 4-byte words.
func endlessIn[W uint16 | uint32]() uint32 { return uint32(^W(0)>>1) - 1 }

// errNarrow tells that a weight gathered does not fit 2-byte words.
var errNarrow = errors.New("liveness: weight wider than 2 bytes")

// errGains tells that weigh stopped at a component that gains.
var errGains = errors.New("liveness: a component gains")

// weigh sets the word of every waiting node that the roots reach among the
// waiting nodes to 1 + the largest weight of a path from it that stays
// among them, or 1 + endlessIn[W] when its component has an edge of
// positive weight. It is one path-based depth-first search (Gabow's
// algorithm) that weighs each component as it completes: its own edges tell
// whether it gains, those that leave it to complete components add their
// weight to theirs. A component that does not gain takes no account of
// those that do (it gathers the largest weight of the others). The one word
// a node holds is all the search knows of it. roots must be a subset of
// waiting; words must be all 0. With 2-byte words, a weight gathered that
// does not fit returns errNarrow. With stopAtGain, the first component
// that gains ends the search, which returns errGains; with firstGain, the
// search takes no root numbered past a node whose component gains, and
// weighs no edge that leaves a component.
func weigh[W uint16 | uint32](w *work, roots, waiting NodeSet, weight Weight, words []W, how weighReach) error {
	g := w.g
	op := &w.one
	// onStack is a word's top bit; a position is written in the bits below
	// it, and found again from them: it is the one with those low bits
	// where the stack holds the node.
	onStack := ^W(0)>>1 + 1
	end := endlessIn[W]()
	stack, comps, dfs := op.stack[:0], op.weighing[:0], op.dfs[:0]
	defer func() { op.stack, op.weighing, op.dfs = stack[:0], comps[:0], dfs[:0] }()
	weightOf := func(u, t, e uint32) (uint32, error) {
		x := weight(int(u), int(t), int(e))
		if x < 0 {
			return 0, fmt.Errorf("liveness: edge %d from node %d to %d has weight %d", e, u, t, x)
		}
		return uint32(min(x, int(end))), nil
	}
	// leave counts edge e from u to t, whose component is complete and
	// gathers most, in the top component.
	leave := func(u, t, e, most uint32) error {
		c := &comps[len(comps)-1]
		if c.most == end || most == end || how == firstGain {
			return nil
		}
		x, err := weightOf(u, t, e)
		if err != nil {
			return err
		}
		sum := uint64(x) + uint64(most)
		if sum >= uint64(end) {
			if end < endless {
				return errNarrow
			}
			return fmt.Errorf("liveness: waiting weight over %d", endless-1)
		}
		c.most = max(c.most, uint32(sum))
		return nil
	}
	// within counts edge e from u to t, both in the top component.
	within := func(u, t, e uint32) error {
		c := &comps[len(comps)-1]
		if c.most == end {
			return nil
		}
		x, err := weightOf(u, t, e)
		if x > 0 {
			c.most = end
		}
		return err
	}
	edgeChunks, edges := g.edges, uint32(g.Edges())
	var ahead uint32
	defer func() { op.ahead = ahead }()
	// leastGain is the least node whose component gains, of those
	// weighed, with firstGain.
	leastGain := uint32(math.MaxUint32)
	for r := nextBit(roots, 0); r >= 0 && uint32(r) <= leastGain; r = nextBit(roots, r+1) {
		if words[r] != 0 {
			continue
		}
		v := uint32(r)
		for {
			// Visit v: a node of its own, a component in the making. Its
			// edges are asked for where the guide tells while its offset
			// is read, as weaklyFair1 does.
			if e := g.edgeGuess(v); e < edges {
				ahead ^= uint32(*(*byte)(edgeChunks.addr(e)))
			}
			stack = append(stack, v)
			pos := uint32(len(stack))
			words[v] = onStack | W(pos)&(onStack-1)
			comps = append(comps, weighing{pos: pos})
			dfs = append(dfs, pathFrame{pos: pos, e: g.off(v), hi: g.off(v + 1)})
			// Follow the edges of the node on top up to the first that
			// reaches a new node, which is visited next; complete the
			// components of the nodes whose edges are all followed.
			next := false
			for len(dfs) > 0 && !next {
				if w.cancelled() {
					return w.ctx.Err()
				}
				f := &dfs[len(dfs)-1]
				u := stack[f.pos-1]
			follow:
				for e, hi := f.e, f.hi; e < hi; e++ {
					t, _ := edgeChunks.at(e)
					if !waiting.has(t) {
						continue
					}
					switch x := words[t]; {
					case x == 0:
						f.e, f.out, v, next = e+1, e, t, true
						break follow
					case x&onStack != 0:
						// t is in a component in the making: every
						// component from t's to the top one is one.
						pt := uint32(x &^ onStack)
						for pt == 0 || stack[pt-1] != t {
							pt += uint32(onStack)
						}
						top := len(comps) - 1
						for ; comps[top].pos > pt; top-- {
							comps[top-1].most = max(comps[top-1].most, comps[top].most)
						}
						comps = comps[:top+1]
						if err := within(u, t, e); err != nil {
							return err
						}
					default:
						if err := leave(u, t, e, uint32(x)-1); err != nil {
							return err
						}
					}
				}
				if next {
					break
				}
				upos := f.pos
				dfs = dfs[:len(dfs)-1]
				askBelow(dfs, edgeChunks)
				if comps[len(comps)-1].pos != upos {
					// u's component goes on below: the edge that reached
					// u is one of its edges.
					p := &dfs[len(dfs)-1]
					if err := within(stack[p.pos-1], u, p.out); err != nil {
						return err
					}
					continue
				}
				lo := upos - 1
				m := comps[len(comps)-1].most
				if m == end && how == stopAtGain {
					return errGains
				}
				for _, x := range stack[lo:] {
					words[x] = W(m + 1)
				}
				if m == end && how == firstGain {
					leastGain = min(leastGain, slices.Min(stack[lo:]))
				}
				stack = stack[:lo]
				comps = comps[:len(comps)-1]
				if len(dfs) > 0 {
					// The edge that reached u leaves the component below.
					p := &dfs[len(dfs)-1]
					if err := leave(stack[p.pos-1], u, p.out, m); err != nil {
						return err
					}
				}
			}
			if !next {
				break
			}
		}
	}
	return nil
}

// Witness is the answer of ww with its witness, built with the scratch of s:
// a path from an initial node to the first waiting node, in breadth-first
// order, from which the answer's weight is gathered, and on from there.
// Unbounded, the cycle goes round that node's component to its nearest edge
// of positive weight and back; bounded, the path goes the shortest way among
// the nodes that gather as much as the node to the nearest edge of positive
// weight that keeps the rest ahead, and on from there.
func (ww *WaitingWeights) Witness(ctx context.Context, s *Scratch) (*WaitingBound, error) {
	res := &WaitingBound{Reached: ww.Reached, Unbounded: ww.Unbounded, Bound: ww.Bound}
	if !ww.Reached {
		return res, nil
	}
	g, most, waiting := ww.g, ww.most, ww.waiting
	w := s.work(ctx, g)
	partial := ww.partial
	if partial {
		// The witness goes to the nearest node whose component gains.
		// Weighed first are the components of the nodes numbered up to
		// the first of them: where the nodes are numbered in the order of
		// a breadth-first search from the initial ones, as a search's
		// states are, those are all the nodes the search for the nearest
		// meets before it.
		if err := ww.weigh(w, firstGain); err != nil {
			return nil, err
		}
	}
	want := uint32(ww.Bound)
	if ww.Unbounded {
		want = endless
	}
	// Parent links for the search from the initial nodes, then for those
	// inside the components: a node's link is written when it is first
	// visited, so the pages of those never visited are never touched.
	par := make([]uint32, g.Nodes())
	// unweighed tells that the search met a waiting node not weighed: it
	// stops there, and goes again once every component is weighed.
	unweighed := false
	hit := func(v uint32) bool {
		if !waiting.has(v) {
			return false
		}
		if partial && !ww.weighed(v) {
			unweighed = true
			return true
		}
		return most(v) == want
	}
	c, seen, err := w.nearest(ww.init, hit, par)
	if err != nil {
		return nil, err
	}
	if unweighed {
		clear(par[:seen])
		if err := ww.weigh(w, weighAll); err != nil {
			return nil, err
		}
		ww.partial, partial = false, false
		if c, seen, err = w.nearest(ww.init, hit, par); err != nil {
			return nil, err
		}
	}
	if c == unvisited {
		return nil, errBroken
	}
	start, prefix := w.pathTo(par, c)
	clear(par[:seen])
	entry := entryOf(prefix, waiting)
	if ww.Unbounded {
		cycle, err := ww.positiveCycle(w, par, c)
		if err != nil {
			return nil, err
		}
		res.Lasso = &Lasso{Start: start, Prefix: prefix, Entry: entry, Cycle: cycle}
		return res, nil
	}
	in := &Interval{Start: start, Prefix: prefix, Entry: entry}
	for x := c; most(x) > 0; {
		want := most(x)
		same := func(t uint32) bool { return waiting.has(t) && most(t) == want }
		keeps := func(u, e uint32) bool {
			t := g.target(e)
			if !waiting.has(t) {
				return false
			}
			x := ww.weight(int(u), int(t), int(e))
			return x > 0 && uint64(x)+uint64(most(t)) == uint64(want)
		}
		path, ok, err := w.reachIn(x, same, par, nil, keeps)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errBroken
		}
		in.Inside = append(in.Inside, path...)
		x = uint32(path[len(path)-1].To)
	}
	res.Path = in
	return res, nil
}

// positiveCycle is a cycle from node c, of a component that gains, that stays
// in c's component and takes an edge of positive weight: the shortest way to
// the nearest such edge, then the shortest way back. par is all 0 (reachIn).
func (ww *WaitingWeights) positiveCycle(w *work, par []uint32, c uint32) ([]Step, error) {
	g := w.g
	gains := NewNodeSet(g.Nodes())
	for v := nextBit(ww.waiting, 0); v >= 0; v = nextBit(ww.waiting, v+1) {
		if ww.most(uint32(v)) == endless {
			gains[v>>6] |= 1 << (v & 63)
		}
	}
	comp, err := w.componentOf(c, gains)
	if err != nil {
		return nil, err
	}
	in := func(t uint32) bool { return comp.has(t) }
	positive := func(u, e uint32) bool {
		t := g.target(e)
		return comp.has(t) && ww.weight(int(u), int(t), int(e)) > 0
	}
	out, ok, err := w.reachIn(c, in, par, nil, positive)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBroken
	}
	x := uint32(out[len(out)-1].To)
	back, ok, err := w.reachIn(x, in, par, func(v uint32) bool { return v == c }, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBroken
	}
	return append(out, back...), nil
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
