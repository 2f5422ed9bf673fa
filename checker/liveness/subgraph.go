package liveness

import (
	"math/bits"
	"unsafe"
)

// subgraph is the subgraph of a Graph on a set of its nodes, a small part of
// them, numbered anew 0..m-1 in their order, with the edges between them
// alone. A depth-first search of the set, as weaklyFair's on a starvation
// check's core, goes from node to node in no order the memory can foresee:
// on the whole graph each node it visits is a cache miss for its edges, and
// another for its offset; on the subgraph, a fraction of the graph's
// size, most are cache hits. It takes 4 bytes a node of the set and an edge
// between two of them, 2 bytes a node for its enabled set, and a word for
// every 64 nodes of the graph.
type subgraph struct {
	// in is the set, and rank[j] the number of its nodes below node 64j.
	in   NodeSet
	rank []uint32
	// off[i] is the first edge of node i, off[m] the number of edges.
	off []uint32
	// edges holds each edge's target above its move's row, the low
	// rowBits bits; rowMask is the row's mask.
	edges   []uint32
	rowBits uint8
	rowMask uint32
	// sets holds the row of each node's enabled set in Graph.setTable.
	sets []uint16
}

// maxSubgraphShare is the largest share of the graph's nodes, as 1/n, that
// weaklyFair searches on a subgraph of their own: beyond it the subgraph
// would take more memory than the search saves time.
const maxSubgraphShare = 4

// build makes s the subgraph of g on the nodes of in, unless it holds more
// than a maxSubgraphShare'th of the nodes or an edge would not fit in 32
// bits, or g's moves and enabled sets take more than a word. It reports
// whether it made it.
func (s *subgraph) build(w *work, in NodeSet) (bool, error) {
	g := w.g
	if g.words != 1 || len(g.setTable) > 1<<16 || len(g.moveTable) == 0 {
		return false, nil
	}
	m := 0
	for _, x := range in {
		m += bits.OnesCount64(x)
	}
	rowBits := uint8(bits.Len(uint(len(g.moveTable) - 1)))
	if m*maxSubgraphShare > g.Nodes() || bits.Len(uint(m))+int(rowBits) > 32 {
		return false, nil
	}
	s.in, s.rowBits, s.rowMask = in, rowBits, 1<<rowBits-1
	s.rank = s.rank[:0]
	next := uint32(0)
	for _, x := range in {
		s.rank = append(s.rank, next)
		next += uint32(bits.OnesCount64(x))
	}
	off, edges, sets := grown(s.off, m+1), grown(s.edges, 4*m), grown(s.sets, m)
	defer func() { s.off, s.edges, s.sets = off, edges, sets }()
	for j, x := range in {
		for ; x != 0; x &= x - 1 {
			v := uint32(j<<6 + bits.TrailingZeros64(x))
			if w.cancelled() {
				return false, w.ctx.Err()
			}
			off = append(off, uint32(len(edges)))
			sets = append(sets, uint16(g.setRow(v)))
			for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
				t, row := g.edges.at(e)
				if local, ok := s.local(t); ok {
					edges = append(edges, local<<rowBits|row)
				}
			}
		}
	}
	off = append(off, uint32(len(edges)))
	return true, nil
}

// grown is s emptied, with room for n elements at least: for a slice to be
// filled by append without a copy, as long as n is the most it takes.
func grown[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// local is node v's number in the subgraph, and whether v is one of its
// nodes.
func (s *subgraph) local(v uint32) (uint32, bool) {
	x, bit := s.in[v>>6], uint64(1)<<(v&63)
	return s.rank[v>>6] + uint32(bits.OnesCount64(x&(bit-1))), x&bit != 0
}

// nodes is the number of nodes of the subgraph.
func (s *subgraph) nodes() int { return len(s.off) - 1 }

// weaklyFairSub is weaklyFair1 on the subgraph s of the nodes of inside
// (build), from the roots, which it holds.
func (w *work) weaklyFairSub(s *subgraph, roots NodeSet) (bool, error) {
	g := w.g
	op := &w.one
	n := s.nodes()
	words := (n + 31) / 32
	if cap(op.marks) < words {
		op.marks = make([]uint64, words)
	}
	op.marks = op.marks[:words]
	clear(op.marks)
	op.pos.reset(n, op.compact)
	marks, ps := op.marks, &op.pos
	off, edges, sets := s.off, s.edges, s.sets
	setTable, moveBits := g.setTable, g.moveBits
	rowBits, rowMask := s.rowBits, s.rowMask
	mask := ^uint64(0)
	if w.mask != nil {
		mask = w.mask[0]
	}
	stack, comps, dfs := op.stack[:0], op.comps[:0], op.dfs[:0]
	defer func() { op.stack, op.comps, op.dfs = stack[:0], comps[:0], dfs[:0] }()
	for r := nextBit(roots, 0); r >= 0; r = nextBit(roots, r+1) {
		v, _ := s.local(uint32(r))
		if mark(marks, v) != fresh {
			continue
		}
		for {
			// Visit v: a node of its own, a component in the making.
			stack = append(stack, v)
			pos := uint32(len(stack))
			ps.set(v, pos, stack)
			setMark(marks, v, onStack)
			comps = append(comps, component{pos: pos, enabled: setTable[sets[v]] & mask})
			dfs = append(dfs, pathFrame{pos: pos, e: off[v], hi: off[v+1]})
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
					t, row := edges[e]>>rowBits, edges[e]&rowMask
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
				// The nodes below resume their edges as the search
				// backs up: ask for the edges of the one backDepth
				// below now, so that their cache misses overlap.
				if k := len(dfs) - backDepth; k >= 0 {
					if b := &dfs[k]; b.e < b.hi {
						prefetch(unsafe.Pointer(&edges[b.e]))
					}
				}
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
