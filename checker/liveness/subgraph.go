package liveness

import "math/bits"

// subgraph is the subgraph of a Graph on a set of its nodes, a small part of
// them, numbered anew 0..m-1 in their order, with the edges between them
// alone. A depth-first search of the set, as weaklyFair's on a starvation
// check's core, goes from node to node in no order the memory can foresee:
// on the whole graph each node it visits is a cache miss for its edges, and
// another for its offset; on the subgraph, a fraction of the graph's
// size, fewer are. It takes 4 bytes a node of the set and an edge between
// two of them, and 4 bytes for every 64 nodes of the graph, in chunks kept
// from one subgraph to the next.
type subgraph struct {
	// in is the set, and rank[j] the number of its nodes below node 64j.
	in   NodeSet
	rank []uint32
	// nodes holds, for each node, its first edge in the low edgeBits
	// bits, the row of its enabled set in Graph.setTable above them; and
	// then the number of edges.
	nodes    chunks[uint32]
	edgeBits uint8
	edgeMask uint32
	// edges holds each edge's target above its move's row, the low
	// rowBits bits; rowMask is the row's mask.
	edges   chunks[uint32]
	rowBits uint8
	rowMask uint32
	// guide holds the first edge of every 1<<guideShift-th node, then the
	// number of edges, twice (edgeGuess).
	guide []uint32
	// n and e are the numbers of nodes and edges.
	n, e int
}

// maxSubgraphShare is the largest share of the graph's nodes, as 1/n, that
// weaklyFair searches on a subgraph of their own: beyond it the subgraph
// would take more memory than the search saves time.
const maxSubgraphShare = 4

// build makes s the subgraph of g on the nodes of in, unless it holds more
// than a maxSubgraphShare'th of the nodes, or an edge or a node would not
// fit in 32 bits, or g's moves and enabled sets take more than a word. It
// reports whether it made it.
func (s *subgraph) build(w *work, in NodeSet) (bool, error) {
	g := w.g
	if g.words != 1 || len(g.moveTable) == 0 || len(g.setTable) == 0 {
		return false, nil
	}
	m := 0
	for _, x := range in {
		m += bits.OnesCount64(x)
	}
	rowBits := uint8(bits.Len(uint(len(g.moveTable) - 1)))
	setBits := uint8(bits.Len(uint(len(g.setTable) - 1)))
	if m*maxSubgraphShare > g.Nodes() || bits.Len(uint(m))+int(rowBits) > 32 || setBits >= 32 {
		return false, nil
	}
	s.in, s.rowBits, s.rowMask = in, rowBits, 1<<rowBits-1
	s.edgeBits = 32 - setBits
	s.edgeMask = uint32(1<<s.edgeBits - 1)
	s.rank = s.rank[:0]
	next := uint32(0)
	for _, x := range in {
		s.rank = append(s.rank, next)
		next += uint32(bits.OnesCount64(x))
	}
	s.n, s.e = 0, 0
	s.guide = s.guide[:0]
	for j, x := range in {
		for ; x != 0; x &= x - 1 {
			v := uint32(j<<6 + bits.TrailingZeros64(x))
			if w.cancelled() {
				return false, w.ctx.Err()
			}
			if s.e > int(s.edgeMask) {
				return false, nil
			}
			if s.n&(1<<guideShift-1) == 0 {
				s.guide = append(s.guide, uint32(s.e))
			}
			s.nodes = appendChunked(s.nodes, s.n, uint32(s.e)|g.setRow(v)<<s.edgeBits)
			s.n++
			for e, hi := g.off(v), g.off(v+1); e < hi; e++ {
				t, row := g.edges.at(e)
				if local, ok := s.local(t); ok {
					s.edges = appendChunked(s.edges, s.e, local<<rowBits|row)
					s.e++
				}
			}
		}
	}
	if s.e > int(s.edgeMask) {
		return false, nil
	}
	s.nodes = appendChunked(s.nodes, s.n, uint32(s.e))
	s.guide = append(s.guide, uint32(s.e), uint32(s.e))
	return true, nil
}

// edgeGuess is an edge index near node v's first edge, as Graph.edgeGuess.
func (s *subgraph) edgeGuess(v uint32) uint32 {
	lo, hi := s.guide[v>>guideShift], s.guide[v>>guideShift+1]
	return lo + uint32(uint64(hi-lo)*uint64(v&(1<<guideShift-1))>>guideShift)
}

// appendChunked sets value i of c, the one after its last, adding a chunk
// when c has no room for it, and returns c.
func appendChunked(c chunks[uint32], i int, v uint32) chunks[uint32] {
	if i>>chunkBits == len(c) {
		c = append(c, make([]uint32, chunkLen))
	}
	c[i>>chunkBits][i&chunkMask] = v
	return c
}

// local is node v's number in the subgraph, and whether v is one of its
// nodes.
func (s *subgraph) local(v uint32) (uint32, bool) {
	x, bit := s.in[v>>6], uint64(1)<<(v&63)
	return s.rank[v>>6] + uint32(bits.OnesCount64(x&(bit-1))), x&bit != 0
}

// size is the number of nodes of the subgraph.
func (s *subgraph) size() int { return s.n }

// weaklyFairSub is weaklyFair1 on the subgraph s of the nodes of inside
// (build), from the roots, which it holds.
func (w *work) weaklyFairSub(s *subgraph, roots NodeSet) (bool, error) {
	g := w.g
	op := &w.one
	n := s.size()
	words := (n + 31) / 32
	if cap(op.marks) < words {
		op.marks = make([]uint64, words)
	}
	op.marks = op.marks[:words]
	clear(op.marks)
	op.pos.reset(n, op.compact)
	marks, ps := op.marks, &op.pos
	nodes, edges := s.nodes, s.edges
	edgeBits, edgeMask := s.edgeBits, s.edgeMask
	setTable, moveBits := g.setTable, g.moveBits
	rowBits, rowMask := s.rowBits, s.rowMask
	mask := ^uint64(0)
	if w.mask != nil {
		mask = w.mask[0]
	}
	stack, comps, dfs := op.stack[:0], op.comps[:0], op.dfs[:0]
	var ahead uint32
	defer func() { op.stack, op.comps, op.dfs, op.ahead = stack[:0], comps[:0], dfs[:0], ahead }()
	for r := nextBit(roots, 0); r >= 0; r = nextBit(roots, r+1) {
		v, _ := s.local(uint32(r))
		if mark(marks, v) != fresh {
			continue
		}
		for {
			// Visit v: a node of its own, a component in the making. Its
			// first edge and its edges are most often two cache misses,
			// the second waiting for the first: load the edges' line the
			// guide tells of, most often theirs, to wait for both at once.
			if e := s.edgeGuess(v); e < uint32(s.e) {
				ahead ^= edges.at(e)
			}
			stack = append(stack, v)
			pos := uint32(len(stack))
			ps.set(v, pos, stack)
			setMark(marks, v, onStack)
			x := nodes.at(v)
			comps = append(comps, component{pos: pos, enabled: setTable[x>>edgeBits] & mask})
			dfs = append(dfs, pathFrame{pos: pos, e: x & edgeMask, hi: nodes.at(v+1) & edgeMask})
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
					x := edges.at(e)
					t, row := x>>rowBits, x&rowMask
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
						prefetch(edges.addr(b.e))
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
