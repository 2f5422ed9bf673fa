package liveness

import (
	"math"
	"slices"
)

// onePass holds the scratch of weaklyFair and reachSet, apart from the
// per-node slots of the other algorithms: 2 bits a node, and the stacks and
// queue that grow with the depth and the breadth of the search.
type onePass struct {
	// marks holds 2 bits a node (fresh, onStack, done): what the search
	// knows of it. It is small enough to stay in the caches: a search
	// looks at it for every edge, and at pos only for the edges into the
	// components in the making.
	marks []uint64
	// pos holds the positions in stack of the nodes marked onStack;
	// compact tells it to save memory (Scratch.Compact).
	pos     positions
	compact bool
	// stack holds the visited nodes of the components in the making, in
	// order of visit.
	stack []uint32
	// roots holds, for each component in the making, the position in stack
	// of its first node; sets holds for each 2*words words: the processes
	// fairly enabled in all its nodes so far, then those that move on its
	// edges so far.
	roots []uint32
	sets  []uint64
	// comps is roots and sets side by side, for sets of one word.
	comps []component
	// weighing holds the components in the making of weigh.
	weighing []weighing
	dfs      []pathFrame
	// queue is the queue of reachSet.
	queue []uint32
	// ahead is the XOR of the values weaklyFair1 loads ahead of need,
	// kept so that the loads are made.
	ahead uint32
	// sub is the subgraph that weaklyFair searches when its nodes are few.
	sub subgraph
	// rootSet and withinSet hold the roots and the nodes of
	// FairLassoWithin's first look.
	rootSet, withinSet NodeSet
	// reach caches the nodes reachable from reachInit.
	reach     NodeSet
	reachInit []int
}

// The marks of a node in onePass.marks.
const (
	// fresh: not yet visited.
	fresh = 0
	// onStack: visited, its component in the making.
	onStack = 1
	// done: its component is complete, or it is outside the subgraph.
	done = 3
)

// mark is the mark of node v.
func mark(marks []uint64, v uint32) uint64 { return marks[v>>5] >> (v & 31 * 2) & 3 }

// setMark adds the bits of m to the mark of node v.
func setMark(marks []uint64, v uint32, m uint64) { marks[v>>5] |= m << (v & 31 * 2) }

// visit puts node v on the stack, marked so, as a component of its own in
// the making: it returns the stack and the components' first positions
// with v's, and v's position.
func (op *onePass) visit(stack, roots []uint32, v uint32) ([]uint32, []uint32, uint32) {
	stack = append(stack, v)
	pos := uint32(len(stack))
	op.pos.set(v, pos, stack)
	setMark(op.marks, v, onStack)
	return stack, append(roots, pos), pos
}

// markDone marks done the nodes of a complete component.
func markDone(marks []uint64, comp []uint32) {
	for _, v := range comp {
		setMark(marks, v, done)
	}
}

// backDepth is how far below the top of its path a depth-first search
// asks for a node's edges ahead of need as it backs up (askBelow).
const backDepth = 4

// askBelow asks for the edges of the node backDepth below the top of a
// depth-first search's path dfs, whose edges are edges, as the search
// backs up: the nodes below resume their edges one after the other, and
// their cache misses then overlap.
func askBelow(dfs []pathFrame, edges edgeChunks) {
	if k := len(dfs) - backDepth; k >= 0 {
		if b := &dfs[k]; b.e < b.hi {
			prefetch(edges.addr(b.e))
		}
	}
}

// pathFrame is a node of the depth-first search with its position in the
// stack, its next edge to follow and the end of its edges; weaklyFair1 keeps
// in out the move row of the edge it followed last to a new node.
type pathFrame struct{ pos, e, hi, out uint32 }

// component is a component in the making of weaklyFair1: the position in
// the stack of its first node, the processes fairly enabled in all its nodes
// so far, and those that move on its edges so far.
type component struct {
	pos            uint32
	enabled, moved uint64
}

// weaklyFair reports whether a component of the subgraph of the nodes of
// inside that the roots reach inside it is fair under weak fairness (limited
// to w.mask when it is set): every process fairly enabled in all its nodes
// moves on one of its edges. It is fairComponents' question under Weak, for
// nodes = that subgraph, answered by one path-based depth-first search
// (Gabow's algorithm) that gathers each component's enabled and moving
// processes while it finds the component, and stops at the first fair one.
// On a small set inside, the search runs on the subgraph of its nodes
// (subgraph), and from every node inside (roots = inside, a starvation
// check's core) it leaves out the nodes that no cycle reaches
// (subgraph.trim). roots must be a subset of inside.
func (w *work) weaklyFair(roots, inside NodeSet) (bool, error) {
	n := w.g.Nodes()
	op := &w.one
	// Close to the memory limit (compact), the search stays on the whole
	// graph, in less memory than a subgraph takes.
	if !op.compact {
		// From every node inside, the search need not visit the nodes
		// that no cycle reaches (subgraph.trim); the counts trim takes
		// are in the memory of the positions, which the search only uses
		// after it.
		var countInto func(int) []uint16
		if slices.Equal(roots, inside) {
			countInto = op.pos.lend
		}
		ok, err := op.sub.build(w, inside, countInto)
		if err != nil {
			return false, err
		}
		if ok {
			// The same search on the subgraph, whose nodes are all inside.
			g := w.g
			w.g = &op.sub.g
			defer func() { w.g = g }()
			m := w.g.Nodes()
			op.marks = grownZeroed(op.marks, (m+31)/32) // all fresh
			if countInto != nil {
				if op.sub.trim(op.marks, w.mask1()) {
					return true, nil
				}
			}
			op.pos.reset(m, false)
			return w.weaklyFair1(op.sub.localRoots(roots))
		}
	}
	op.start(n, inside)
	op.pos.reset(n, op.compact)
	if w.g.words == 1 && (w.g.relBits != 0 || w.g.offsetBits < 32) {
		return w.weaklyFair1(roots)
	}
	return w.weaklyFairN(roots)
}

// mask1 is the word of w.mask, all processes where it is not set, for a
// graph whose process sets fit in a word.
func (w *work) mask1() uint64 {
	if w.mask != nil {
		return w.mask[0]
	}
	return math.MaxUint64
}

// start marks the nodes of inside fresh and the others done, which the
// search then skips as it skips the nodes of complete components.
func (op *onePass) start(n int, inside NodeSet) {
	words := (n + 31) / 32
	if cap(op.marks) < words {
		op.marks = make([]uint64, words)
	}
	op.marks = op.marks[:words]
	for i := range op.marks {
		// Node 32i+j is bit 32i+j of inside: its mark is bits 2j, 2j+1.
		out := ^inside[i>>1] >> (i & 1 * 32) & math.MaxUint32
		out = (out | out<<16) & 0x0000ffff0000ffff
		out = (out | out<<8) & 0x00ff00ff00ff00ff
		out = (out | out<<4) & 0x0f0f0f0f0f0f0f0f
		out = (out | out<<2) & 0x3333333333333333
		out = (out | out<<1) & 0x5555555555555555
		op.marks[i] = out | out<<1
	}
}

// weaklyFair1 is weaklyFair for a graph whose process sets fit in a word and
// whose edges and nodes hold their moves and enabled sets in the bits their
// targets and offsets (or rel) leave free (Graph.pack), the common case, with
// the component sets side by side with their roots.
func (w *work) weaklyFair1(roots NodeSet) (bool, error) {
	g := w.g
	op := &w.one
	marks, ps := op.marks, &op.pos
	offsets, rel, guide, edgeChunks := g.offsets, g.rel, g.guide, g.edges
	setTable, moveBits := g.setTable, g.moveBits
	offBits, relBits := g.offsetBits, g.relBits
	offMask, relMask := uint32(1)<<offBits-1, uint32(1)<<relBits-1
	mask := w.mask1()
	edges := uint32(g.Edges())
	stack, comps, dfs := op.stack[:0], op.comps[:0], op.dfs[:0]
	var ahead uint32
	defer func() { op.stack, op.comps, op.dfs, op.ahead = stack[:0], comps[:0], dfs[:0], ahead }()
	for r := nextBit(roots, 0); r >= 0; r = nextBit(roots, r+1) {
		if mark(marks, uint32(r)) != fresh {
			continue
		}
		v := uint32(r)
		for {
			// Visit v: a node of its own, a component in the making. Its
			// offset and its edges are most often two cache misses, the
			// second waiting for the first: load the edges' line the guide
			// tells of, most often theirs, to wait for both at once.
			if e := g.edgeGuess(v); e < edges {
				ahead ^= uint32(*(*byte)(edgeChunks.addr(e)))
			}
			var first, hi, row uint32
			if relBits != 0 {
				r := uint32(rel.at(v))
				first, row = guide[v>>guideShift]+r&relMask, r>>relBits
				hi = guide[(v+1)>>guideShift] + uint32(rel.at(v+1))&relMask
			} else {
				o := offsets.at(v)
				first, row = o&offMask, o>>offBits
				hi = offsets.at(v+1) & offMask
			}
			stack = append(stack, v)
			pos := uint32(len(stack))
			ps.set(v, pos, stack)
			setMark(marks, v, onStack)
			comps = append(comps, component{pos: pos, enabled: setTable[row] & mask})
			dfs = append(dfs, pathFrame{pos: pos, e: first, hi: hi})
			// Follow the edges of the node on top up to the first that
			// reaches a new node, which is visited next; complete the
			// components of the nodes whose edges are all followed.
			next := false
			for len(dfs) > 0 && !next {
				if w.cancelled() {
					return false, w.ctx.Err()
				}
				f := &dfs[len(dfs)-1]
				e, hi := f.e, f.hi
				for ; e < hi; e++ {
					t, row := edgeChunks.at(e)
					m := mark(marks, t)
					if m == fresh {
						f.e, f.out, v, next = e+1, row, t, true
						break
					}
					if m == done {
						continue
					}
					// t is in a component in the making: every component
					// from t's to the top one is one.
					pt := ps.get(t, stack)
					top := len(comps) - 1
					if comps[top].pos > pt {
						c := comps[top]
						for top--; comps[top].pos > pt; top-- {
							c.enabled &= comps[top].enabled
							c.moved |= comps[top].moved
						}
						comps[top].enabled &= c.enabled
						comps[top].moved |= c.moved
						comps = comps[:top+1]
					}
					comps[top].moved |= moveBits[row]
				}
				if next {
					break
				}
				upos := f.pos
				dfs = dfs[:len(dfs)-1]
				askBelow(dfs, edgeChunks)
				top := &comps[len(comps)-1]
				if top.pos != upos {
					// u's component goes on below: the edge that reached
					// u is one of its edges.
					top.moved |= moveBits[dfs[len(dfs)-1].out]
					continue
				}
				if top.enabled&^top.moved == 0 {
					return true, nil
				}
				lo := top.pos - 1
				markDone(marks, stack[lo:])
				stack = stack[:lo]
				comps = comps[:len(comps)-1]
			}
			if !next {
				break
			}
		}
	}
	return false, nil
}

// weaklyFairN is weaklyFair for any graph.
func (w *work) weaklyFairN(roots NodeSet) (bool, error) {
	g := w.g
	words := g.words
	op := &w.one
	marks, ps := op.marks, &op.pos
	stack, rootPos, sets, dfs := op.stack[:0], op.roots[:0], op.sets[:0], op.dfs[:0]
	defer func() { op.stack, op.roots, op.sets, op.dfs = stack[:0], rootPos[:0], sets[:0], dfs[:0] }()
	// push visits v: a node of its own, a component in the making.
	push := func(v uint32) {
		var pos uint32
		stack, rootPos, pos = op.visit(stack, rootPos, v)
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
		dfs = append(dfs, pathFrame{pos: pos, e: g.off(v), hi: g.off(v + 1)})
	}
	// moved adds the processes moving on edge e to the top component.
	moved := func(e uint32) {
		row := g.moveRow(e)
		m := sets[len(sets)-words:]
		for i, b := range g.moveBits[int(row)*words : int(row+1)*words] {
			m[i] |= b
		}
	}
	for r := nextBit(roots, 0); r >= 0; r = nextBit(roots, r+1) {
		if mark(marks, uint32(r)) != fresh {
			continue
		}
		push(uint32(r))
		for len(dfs) > 0 {
			if w.cancelled() {
				return false, w.ctx.Err()
			}
			f := &dfs[len(dfs)-1]
			vpos := f.pos
			// Follow v's edges up to the first that reaches a new node.
			e, hi, next := f.e, f.hi, uint32(0)
			for ; e < hi; e++ {
				t := g.target(e)
				m := mark(marks, t)
				if m == fresh {
					next = t
					break
				}
				if m == done {
					continue
				}
				// t is in a component in the making: every component
				// from t's to the top one is one.
				for pt := ps.get(t, stack); rootPos[len(rootPos)-1] > pt; {
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
			if rootPos[len(rootPos)-1] != vpos {
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
			lo := vpos - 1
			markDone(marks, stack[lo:])
			stack = stack[:lo]
			rootPos = rootPos[:len(rootPos)-1]
			sets = sets[:len(sets)-2*words]
		}
	}
	return false, nil
}

// componentOf is the component of node c in the subgraph of the nodes of
// inside, which holds c: the first that a path-based depth-first search from
// c finds, as it completes c last.
func (w *work) componentOf(c uint32, inside NodeSet) (NodeSet, error) {
	g := w.g
	n := g.Nodes()
	op := &w.one
	op.start(n, inside)
	// Run once, for a witness: the positions in a table as small as the
	// stack, rather than 2 bytes a node of the graph.
	op.pos.reset(n, true)
	marks, ps := op.marks, &op.pos
	stack, rootPos, dfs := op.stack[:0], op.roots[:0], op.dfs[:0]
	defer func() { op.stack, op.roots, op.dfs = stack[:0], rootPos[:0], dfs[:0] }()
	push := func(v uint32) {
		var pos uint32
		stack, rootPos, pos = op.visit(stack, rootPos, v)
		dfs = append(dfs, pathFrame{pos: pos, e: g.off(v), hi: g.off(v + 1)})
	}
	push(c)
search:
	for len(dfs) > 0 {
		if w.cancelled() {
			return nil, w.ctx.Err()
		}
		f := &dfs[len(dfs)-1]
		for e, hi := f.e, f.hi; e < hi; e++ {
			t := g.target(e)
			switch mark(marks, t) {
			case fresh:
				f.e = e + 1
				push(t)
				continue search
			case onStack:
				pt := ps.get(t, stack)
				for rootPos[len(rootPos)-1] > pt {
					rootPos = rootPos[:len(rootPos)-1]
				}
			}
		}
		upos := f.pos
		dfs = dfs[:len(dfs)-1]
		if rootPos[len(rootPos)-1] != upos {
			continue
		}
		if upos == 1 {
			comp := NewNodeSet(n)
			for _, x := range stack {
				comp[x>>6] |= 1 << (x & 63)
			}
			return comp, nil
		}
		lo := upos - 1
		markDone(marks, stack[lo:])
		stack = stack[:lo]
		rootPos = rootPos[:len(rootPos)-1]
	}
	return nil, errBroken
}

// reachSet is the set of nodes reachable from the nodes of init, kept for
// the next call with the same init: every node when the graph was Reached
// from init.
func (w *work) reachSet(init []int) (NodeSet, error) {
	op := &w.one
	if op.reach != nil && slices.Equal(op.reachInit, init) {
		return op.reach, nil
	}
	g := w.g
	seen := NewNodeSet(g.Nodes())
	if g.reachedFrom != nil && slices.Equal(g.reachedFrom, init) {
		for i := range seen {
			seen[i] = math.MaxUint64
		}
		if r := g.Nodes() & 63; r != 0 {
			seen[len(seen)-1] = 1<<r - 1
		}
		op.reach, op.reachInit = seen, slices.Clone(init)
		return seen, nil
	}
	queue := op.queue[:0]
	defer func() { op.queue = queue[:0] }()
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
		if head >= 1<<16 && 2*head >= len(queue) {
			// Drop the nodes done with: the queue holds about two
			// layers of the search, not the whole graph.
			queue = queue[:copy(queue, queue[head:])]
			head = 0
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
