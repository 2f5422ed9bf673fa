package liveness

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// Parent links of the breadth-first searches, stored per node as the index of
// the edge that reached it, or one of these markers.
const (
	unvisited = math.MaxUint32
	isRoot    = math.MaxUint32 - 1
	switched  = math.MaxUint32 - 2
)

// errBroken reports a witness that the algorithms failed to build although it
// exists; it means a bug in this package.
var errBroken = errors.New("liveness: internal error: witness not found")

// work holds the scratch arrays of one run of an algorithm on one graph. Every
// per-node array is allocated once, on first use, and reused.
type work struct {
	g     *Graph
	ctx   context.Context
	ticks uint32
	// mask, when not nil, limits the processes that fairness constrains
	// (FairLasso under None with always fair processes).
	mask ProcSet
	// nodes holds what the algorithms keep per node, side by side so that a
	// visit touches one cache line.
	nodes []slot
	// dirty tells that nodes were used since they were allocated.
	dirty bool
	// next is the next fresh component label.
	next uint32
	dfs  []frame
	// buf holds Tarjan's stack at its top end and the completed components at
	// its bottom end; the two never meet, since they hold distinct nodes.
	buf   []uint32
	queue []uint32
	// par and layers are the parent links and the queue of the layered
	// search, kept for the next search with the same Scratch.
	par    [][2]uint32
	layers []uint32
	// one is the scratch of the one-pass algorithms (weak.go).
	one onePass
}

// slot is the scratch of one node.
type slot struct {
	// label is the component the node belongs to in the subgraph under study;
	// 0 means outside it. Tarjan runs on the nodes with one label and gives each
	// component it finds a fresh label.
	label uint32
	// index and low are Tarjan's numbers. Once the node's component is
	// complete, they are free: low then holds what an algorithm computes per
	// component, and index the parent link of the searches inside components.
	index, low uint32
}

// frame is a node of Tarjan's depth-first search with its next edge to follow.
type frame struct{ v, e uint32 }

func newWork(ctx context.Context, g *Graph) *work {
	return &work{g: g, ctx: ctx}
}

// slots makes w.nodes ready for an algorithm that uses them: allocated, and
// cleared when they were used before.
func (w *work) slots() {
	if w.nodes == nil {
		w.nodes = make([]slot, w.g.Nodes())
	} else if w.dirty {
		clear(w.nodes)
	}
	w.dirty = true
}

// cancelled reports, every few thousand calls, whether the context is done.
func (w *work) cancelled() bool {
	w.ticks++
	return w.ticks&0xfff == 0 && w.ctx.Err() != nil
}

// validate checks the arguments common to the algorithms.
func validate(g *Graph, init []int, sets ...NodeSet) error {
	if g == nil {
		return errors.New("liveness: nil graph")
	}
	for _, v := range init {
		if v < 0 || v >= g.Nodes() {
			return fmt.Errorf("liveness: initial node %d, want 0..%d", v, g.Nodes()-1)
		}
	}
	for _, s := range sets {
		if v := s.Next(g.Nodes()); v >= 0 {
			return fmt.Errorf("liveness: node set holds node %d, want 0..%d", v, g.Nodes()-1)
		}
	}
	return nil
}

// fit returns s with room for n nodes, copying it when it is shorter.
func fit(s NodeSet, n int) NodeSet {
	if len(s) >= wordsFor(n) {
		return s
	}
	t := NewNodeSet(n)
	copy(t, s)
	return t
}

// nearest is a breadth-first search over every edge from the init nodes
// that stops at the first node, in search order, where hit holds. It returns
// that node, or unvisited when no node reached holds hit, and the parent
// links of the nodes visited in par, all 0 before: 1 + the edge that
// reached a node, 1 + isRoot for an initial node (links). seen is 1 + the
// largest node visited: par is 0 from there on.
func (w *work) nearest(init []int, hit func(uint32) bool, par []uint32) (found uint32, seen int, err error) {
	g := w.g
	queue := w.queue[:0]
	defer func() { w.queue = queue[:0] }()
	visit := func(v, link uint32) bool {
		par[v] = link + 1
		seen = max(seen, int(v)+1)
		queue = append(queue, v)
		return hit(v)
	}
	for _, i := range init {
		if par[i] == 0 && visit(uint32(i), isRoot) {
			return uint32(i), seen, nil
		}
	}
	for head := 0; head < len(queue); head++ {
		if w.cancelled() {
			return 0, 0, w.ctx.Err()
		}
		if head >= 1<<16 && 2*head >= len(queue) {
			// The parent links keep the paths: the queue holds only the
			// nodes still to follow.
			queue = queue[:copy(queue, queue[head:])]
			head = 0
		}
		v := queue[head]
		for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
			if t := g.target(e); par[t] == 0 && visit(t, e) {
				return t, seen, nil
			}
		}
	}
	return unvisited, seen, nil
}

// links reads parent links kept as 1 + the link, so that 0 is unvisited:
// an array of them need not be filled before a search.
func links(par []uint32) func(uint32) uint32 {
	return func(v uint32) uint32 { return par[v] - 1 }
}

// pathTo is the path that the parent links par (as nearest keeps them) give
// from a root to node v: its first node and its steps.
func (w *work) pathTo(par []uint32, v uint32) (start int, steps []Step) {
	steps = w.trace(links(par), v)
	if len(steps) > 0 {
		return steps[0].From, steps
	}
	return int(v), steps
}

// scc runs Tarjan's algorithm on the subgraph of the nodes in order whose label
// is x, following only edges between such nodes. Each component found gets a
// fresh label, and done is called with it as soon as the component is complete:
// after all the components it can reach. The nodes are written back into order,
// component by component; done gets the component's position lo:hi in order
// (and its nodes, valid during the call). Nodes of order with another label are
// dropped, so the components cover a prefix of order. done may take nodes of
// the component out of the subgraph by setting their label to 0.
func (w *work) scc(order []uint32, x uint32, done func(id uint32, lo, hi int, nodes []uint32) error) error {
	g := w.g
	if cap(w.buf) < len(order) {
		w.buf = make([]uint32, len(order))
		w.dfs = make([]frame, 0, len(order))
	}
	nodes := w.nodes
	for _, v := range order {
		nodes[v].index = 0
	}
	buf := w.buf[:len(order)]
	out, top := 0, len(buf) // buf[:out] are done, buf[top:] is the stack
	var counter uint32
	for _, r := range order {
		if nodes[r].label != x || nodes[r].index != 0 {
			continue
		}
		counter++
		nodes[r].index, nodes[r].low = counter, counter
		top--
		buf[top] = r
		w.dfs = append(w.dfs[:0], frame{r, g.off(r)})
		for len(w.dfs) > 0 {
			if w.cancelled() {
				return w.ctx.Err()
			}
			f := &w.dfs[len(w.dfs)-1]
			v := f.v
			if f.e < g.off(v+1) {
				t := g.target(f.e)
				f.e++
				nt := &nodes[t]
				if nt.label != x {
					continue // outside the subgraph, or in a complete component
				}
				if nt.index == 0 {
					counter++
					nt.index, nt.low = counter, counter
					top--
					buf[top] = t
					w.dfs = append(w.dfs, frame{t, g.off(t)})
				} else if nt.index < nodes[v].low {
					nodes[v].low = nt.index // t is still on the stack
				}
				continue
			}
			w.dfs = w.dfs[:len(w.dfs)-1]
			nv := &nodes[v]
			if len(w.dfs) > 0 {
				if nu := &nodes[w.dfs[len(w.dfs)-1].v]; nv.low < nu.low {
					nu.low = nv.low
				}
			}
			if nv.low != nv.index {
				continue
			}
			if w.next == math.MaxUint32 {
				return errors.New("liveness: too many components")
			}
			id := w.next
			w.next++
			lo := out
			for {
				t := buf[top]
				top++
				nodes[t].label = id
				buf[out] = t
				out++
				if t == v {
					break
				}
			}
			if err := done(id, lo, out, buf[lo:out]); err != nil {
				return err
			}
		}
	}
	copy(order, buf[:out])
	return nil
}

// reach is a breadth-first search inside the component labelled id, from src to
// the nearest node where nodeHit holds, or the nearest edge where edgeHit holds
// (taken as the last step; it may leave the component; edgeHit gets the edge's
// source node and index). Either function may be nil. It returns the steps of a
// shortest such path (none when nodeHit(src)), and false when there is none.
// The parent links are the nodes' index, which resetParents prepares.
func (w *work) reach(src, id uint32, nodeHit func(uint32) bool, edgeHit func(v, e uint32) bool) ([]Step, bool, error) {
	nodes := w.nodes
	return w.reachWith(src, func(t uint32) bool { return nodes[t].label == id },
		func(v uint32) uint32 { return nodes[v].index },
		func(v, link uint32) { nodes[v].index = link },
		nodeHit, edgeHit)
}

// reachIn is reach among the nodes where in holds rather than in a
// component, with the parent links in par as nearest keeps them, all 0
// before and after.
func (w *work) reachIn(src uint32, in func(uint32) bool, par []uint32, nodeHit func(uint32) bool, edgeHit func(v, e uint32) bool) ([]Step, bool, error) {
	return w.reachWith(src, in, links(par), func(v, link uint32) { par[v] = link + 1 }, nodeHit, edgeHit)
}

// reachWith is reach among the nodes where in holds, with the parent links
// read by parent and written by setParent, all unvisited before and after.
func (w *work) reachWith(src uint32, in func(uint32) bool, parent func(uint32) uint32, setParent func(v, link uint32), nodeHit func(uint32) bool, edgeHit func(v, e uint32) bool) ([]Step, bool, error) {
	g := w.g
	if nodeHit != nil && nodeHit(src) {
		return nil, true, nil
	}
	q := append(w.queue[:0], src)
	setParent(src, isRoot)
	defer func() {
		for _, v := range q {
			setParent(v, unvisited)
		}
		w.queue = q[:0]
	}()
	for head := 0; head < len(q); head++ {
		if w.cancelled() {
			return nil, false, w.ctx.Err()
		}
		v := q[head]
		for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
			if edgeHit != nil && edgeHit(v, e) {
				steps := w.trace(parent, v)
				return append(steps, Step{int(v), int(g.target(e)), int(e)}), true, nil
			}
			t := g.target(e)
			if !in(t) || parent(t) != unvisited {
				continue
			}
			setParent(t, e)
			q = append(q, t)
			if nodeHit != nil && nodeHit(t) {
				return w.trace(parent, t), true, nil
			}
		}
	}
	return nil, false, nil
}

// trace follows parent edges back from v to a root and returns the steps from
// the root to v.
func (w *work) trace(parent func(uint32) uint32, v uint32) []Step {
	var steps []Step
	for parent(v) < switched {
		e := parent(v)
		u := w.g.source(e)
		steps = append(steps, Step{int(u), int(v), int(e)})
		v = u
	}
	reverseSteps(steps)
	return steps
}

// resetParents makes the nodes' index usable as the parent links of reach.
func (w *work) resetParents() {
	for i := range w.nodes {
		w.nodes[i].index = unvisited
	}
}

func reverseSteps(s []Step) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
