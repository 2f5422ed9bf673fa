package liveness

import (
	"math"
	"slices"
)

// onePass holds the scratch of weaklyFair and reachSet, apart from the
// per-node slots of the other algorithms: 4 bytes a node, and stacks that
// grow with the depth of the search.
type onePass struct {
	// pre is a node's position in stack, counted from 1, while its component
	// is in the making; 0 before the node is visited; gone once its
	// component is complete.
	pre []uint32
	// stack holds the visited nodes of the components in the making, in
	// order of visit.
	stack []uint32
	// roots holds, for each component in the making, the position in stack
	// of its first node; sets holds for each 2*words words: the processes
	// fairly enabled in all its nodes so far, then those that move on its
	// edges so far.
	roots []uint32
	sets  []uint64
	dfs   []pathFrame
	// reach caches the nodes reachable from reachInit.
	reach     NodeSet
	reachInit []int
}

// pathFrame is a node of the depth-first search with its next edge to
// follow and the end of its edges.
type pathFrame struct{ v, e, hi uint32 }

// gone is pre of a node whose component is complete.
const gone = math.MaxUint32

// weaklyFair reports whether a component of the subgraph of the nodes of
// inside that the roots reach inside it is fair under weak fairness (limited
// to w.mask when it is set): every process fairly enabled in all its nodes
// moves on one of its edges. It is fairComponents' question under Weak, for
// nodes = that subgraph, answered by one path-based depth-first search
// (Gabow's algorithm) that gathers each component's enabled and moving
// processes while it finds the component, and stops at the first fair one.
// roots must be a subset of inside.
func (w *work) weaklyFair(roots, inside NodeSet) (bool, error) {
	g := w.g
	n := g.Nodes()
	words := g.words
	op := &w.one
	if cap(op.pre) < n {
		op.pre = make([]uint32, n)
	}
	pre := op.pre[:n]
	clear(pre)
	stack, rootPos, sets, dfs := op.stack[:0], op.roots[:0], op.sets[:0], op.dfs[:0]
	defer func() { op.stack, op.roots, op.sets, op.dfs = stack[:0], rootPos[:0], sets[:0], dfs[:0] }()
	// push visits v: a node of its own, a component in the making.
	push := func(v uint32) {
		stack = append(stack, v)
		pre[v] = uint32(len(stack))
		rootPos = append(rootPos, pre[v])
		en := g.enabledSet(v)
		for i := range words {
			x := en[i]
			if w.mask != nil {
				x &= w.mask[i]
			}
			sets = append(sets, x)
		}
		for range words {
			sets = append(sets, 0)
		}
		dfs = append(dfs, pathFrame{v, g.off(v), g.off(v + 1)})
	}
	// moved adds the processes moving on edge e to the top component.
	plane, onePlane := g.moves.planes[0], len(g.moves.planes) == 1
	moved := func(e uint32) {
		var row uint32
		if onePlane {
			row = uint32(plane[e>>chunkBits][e&chunkMask])
		} else {
			row = g.moves.at(e)
		}
		m := sets[len(sets)-words:]
		for i, b := range g.moveBits[int(row)*words : int(row+1)*words] {
			m[i] |= b
		}
	}
	for r := nextBit(roots, 0); r >= 0; r = nextBit(roots, r+1) {
		if pre[r] != 0 {
			continue
		}
		push(uint32(r))
		for len(dfs) > 0 {
			if w.cancelled() {
				return false, w.ctx.Err()
			}
			f := &dfs[len(dfs)-1]
			v := f.v
			// Follow v's edges up to the first that reaches a new node.
			e, hi, next := f.e, f.hi, uint32(0)
			for ; e < hi; e++ {
				t := g.target(e)
				if !inside.has(t) {
					continue
				}
				pt := pre[t]
				if pt == 0 {
					next = t
					break
				}
				if pt == gone {
					continue
				}
				// t is in a component in the making: every component
				// from t's to the top one is one.
				for rootPos[len(rootPos)-1] > pt {
					top := sets[len(sets)-2*words:]
					sets = sets[:len(sets)-2*words]
					rootPos = rootPos[:len(rootPos)-1]
					below := sets[len(sets)-2*words:]
					for i := range words {
						below[i] &= top[i]
						below[words+i] |= top[words+i]
					}
				}
				moved(e)
			}
			if e < hi {
				f.e = e + 1
				push(next)
				continue
			}
			dfs = dfs[:len(dfs)-1]
			if rootPos[len(rootPos)-1] != pre[v] {
				// v's component goes on below: the edge that reached
				// v is one of its edges.
				moved(dfs[len(dfs)-1].e - 1)
				continue
			}
			top := sets[len(sets)-2*words:]
			fair := true
			for i := range words {
				if top[i]&^top[words+i] != 0 {
					fair = false
					break
				}
			}
			if fair {
				return true, nil
			}
			lo := pre[v] - 1
			for _, u := range stack[lo:] {
				pre[u] = gone
			}
			stack = stack[:lo]
			rootPos = rootPos[:len(rootPos)-1]
			sets = sets[:len(sets)-2*words]
		}
	}
	return false, nil
}

// reachSet is the set of nodes reachable from the nodes of init, kept for
// the next call with the same init.
func (w *work) reachSet(init []int) (NodeSet, error) {
	op := &w.one
	if op.reach != nil && slices.Equal(op.reachInit, init) {
		return op.reach, nil
	}
	g := w.g
	seen := NewNodeSet(g.Nodes())
	if cap(op.stack) < g.Nodes() {
		op.stack = make([]uint32, 0, g.Nodes())
	}
	queue := op.stack[:0]
	defer func() { op.stack = queue[:0] }()
	for _, v := range init {
		if !seen.has(uint32(v)) {
			seen.Add(v)
			queue = append(queue, uint32(v))
		}
	}
	for head := 0; head < len(queue); head++ {
		if w.cancelled() {
			return nil, w.ctx.Err()
		}
		v := queue[head]
		for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
			t := g.target(e)
			if !seen.has(t) {
				seen[t>>6] |= 1 << (t & 63)
				queue = append(queue, t)
			}
		}
	}
	op.reach, op.reachInit = seen, append([]int(nil), init...)
	return seen, nil
}
