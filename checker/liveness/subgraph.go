package liveness

import (
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/interleave/interleave/explorer/pages"
)

// subgraph makes the subgraph of a Graph on a set of its nodes, a small part
// of them: a Graph of its own, its nodes those of the set numbered anew
// 0..m-1 in their order, with the edges between them alone, the moves and
// enabled sets of the graph. A depth-first search of the set, as
// weaklyFair's on a starvation check's core, goes from node to node in no
// order the memory can foresee: on the whole graph each node it visits is a
// cache miss for its edges, and another for its offset; on the subgraph, a
// fraction of the graph's size, fewer are. It takes 4 bytes a node of the
// set (its first edge, its enabled set's row above), the bits of a target
// and a row an edge between two of them, and 4 bytes for every 64 nodes of
// the graph, in chunks kept from one subgraph to the next.
type subgraph struct {
	g Graph
	// in is the set, and rank[j] the number of its nodes below node 64j.
	in   NodeSet
	rank []uint32
	// roots is the set of the roots of the search, numbered anew.
	roots NodeSet
	// into holds, when build counted them, the number of edges into each
	// node from the nodes of the set, up to 65535 (a node with more keeps
	// 65535), in memory lent by the search (positions.lend); trim's queue
	// holds the nodes it is to drop.
	into  []uint16
	queue []uint32
}

// maxSubgraphShare is the largest share of the graph's nodes, as 1/n, that
// weaklyFair searches on a subgraph of their own: beyond it the subgraph
// would take more memory than the search saves time.
const maxSubgraphShare = 4

// build makes s the subgraph of w's graph on the nodes of in, unless it
// holds more than a maxSubgraphShare'th of the nodes, or a node would not
// fit in 32 bits, or the graph's moves and enabled sets take more than a
// word; with countInto, it counts the edges into each node for trim, in
// the memory countInto gives for the number of nodes it asks for. It
// reports whether it made it.
func (s *subgraph) build(w *work, in NodeSet, countInto func(nodes int) []uint16) (bool, error) {
	g := w.g
	if g.words != 1 || len(g.moveTable) == 0 || len(g.setTable) == 0 {
		return false, nil
	}
	s.in, s.rank = in, s.rank[:0]
	m := 0
	for _, x := range in {
		s.rank = append(s.rank, uint32(m))
		m += bits.OnesCount64(x)
	}
	setBits := bits.Len(uint(len(g.setTable) - 1))
	if m == 0 || m*maxSubgraphShare > g.Nodes() || setBits > 16 {
		return false, nil
	}
	sub := &s.g
	*sub = Graph{
		procs: g.procs, words: 1, nodes: m,
		offsets: sub.offsets, edges: sub.edges[:0],
		moveTable: g.moveTable, moveBits: g.moveBits, setTable: g.setTable,
		// A node's first edge in the bits its set row leaves, 16 at
		// least.
		offsetBits: uint8(32 - max(setBits, 1)),
	}
	s.into = nil
	if countInto != nil {
		s.into = countInto(m)
		clear(s.into)
	}
	into := s.into
	// The edges take the bits of the largest subgraph of g, so that the
	// chunks of one are those of the next, whatever their nodes.
	tb, rb := uint8(bits.Len(uint(g.Nodes()/maxSubgraphShare))), uint8(bits.Len(uint(len(g.moveTable)-1)))
	offMask := uint32(1)<<sub.offsetBits - 1
	e := 0 // the edges so far
	v := 0 // the nodes so far
	for j, x := range in {
		for ; x != 0; x &= x - 1 {
			u := uint32(j<<6 + bits.TrailingZeros64(x))
			if w.cancelled() {
				return false, w.ctx.Err()
			}
			if e > int(offMask) {
				return false, nil
			}
			sub.offsets = setChunked(sub.offsets, v, uint32(e)|g.setRow(u)<<sub.offsetBits)
			v++
			for f, hi := g.off(u), g.off(u+1); f < hi; f++ {
				t, row := g.edges.at(f)
				if local, ok := s.local(t); ok {
					ch := sub.edgeChunk(e, tb, rb)
					ch.put(uint32(e)&chunkMask, uint64(local)|uint64(row)<<tb)
					e++
					if into != nil && into[local] < math.MaxUint16 {
						into[local]++
					}
				}
			}
		}
	}
	if e > int(offMask) {
		return false, nil
	}
	sub.offsets = setChunked(sub.offsets, v, uint32(e))
	sub.makeGuide()
	return true, nil
}

// edgeChunk is the chunk of the subgraph g that edge e goes in, edges of tb
// bits of target and rb of row: the chunks of the subgraph before are used
// again, cleared.
func (g *Graph) edgeChunk(e int, tb, rb uint8) *edgeChunk {
	i := e >> chunkBits
	if i < len(g.edges) {
		return &g.edges[i]
	}
	size := packedBytes(chunkLen, widthOf(tb, rb))
	var packed []byte
	if i < cap(g.edges) && cap(g.edges[:i+1][i].packed) >= size {
		packed = g.edges[:i+1][i].packed[:size]
		clear(packed)
	} else {
		packed = pages.Whole(size)
	}
	g.edges = append(g.edges, newEdgeChunk(packed, tb, rb))
	return &g.edges[i]
}

// setChunked sets value i of c, adding a chunk when c has none for it,
// and returns c.
func setChunked(c chunks[uint32], i int, v uint32) chunks[uint32] {
	if i>>chunkBits == len(c) {
		c = append(c, wholeOf[uint32](chunkLen))
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

// localRoots is the set of the nodes of roots, all of them in the
// subgraph's set, numbered anew.
func (s *subgraph) localRoots(roots NodeSet) NodeSet {
	m := s.g.nodes
	s.roots = emptied(s.roots, m)
	if slices.Equal(roots, s.in) {
		for i := range s.roots {
			s.roots[i] = ^uint64(0)
		}
		if r := m & 63; r != 0 {
			s.roots[len(s.roots)-1] = 1<<r - 1
		}
		return s.roots
	}
	for j, x := range s.in {
		for i := s.rank[j]; x != 0; x &= x - 1 {
			if roots[j]&(x&-x) != 0 {
				s.roots[i>>6] |= 1 << (i & 63)
			}
			i++
		}
	}
	return s.roots
}

// trim marks done in marks, the subgraph's, the nodes that no cycle of the
// subgraph reaches, all of whose components are single nodes without an
// edge of their own (Kahn's algorithm on the edges build counted), unless
// one of its nodes has no process fairly enabled (enabled & mask empty),
// which it reports at once. Such a node is a fair component of its own,
// or lies in one; every other node that trim drops is a component that
// cannot be fair, and the components of the nodes left are those of the
// whole subgraph. A search from every node of the subgraph may then start
// from the nodes left alone: on a starvation check's core, trim drops four
// nodes of five, most of them single-node components reached from a few
// nodes without an edge into them, and the depth-first search goes from
// cache miss to cache miss where trim asks for the lines of the nodes it
// queues long before it takes them.
func (s *subgraph) trim(marks []uint64, mask uint64) bool {
	g, into := &s.g, s.into
	offMask := uint32(1)<<g.offsetBits - 1
	queue, head := s.queue[:0], 0
	// The counts are the memory of the positions, which the search takes next.
	defer func() { s.queue, s.into = queue[:0], nil }()
	// drop marks u done and takes its edges off the counts; of the nodes
	// left without an edge into them, those that the sweep, going down,
	// has passed (pos and above) are queued, it finds the others itself.
	drop := func(u, pos uint32) {
		setMark(marks, u, done)
		for e, hi := g.offsets.at(u)&offMask, g.offsets.at(u+1)&offMask; e < hi; e++ {
			t, _ := g.edges.at(e)
			if into[t] == math.MaxUint16 {
				continue
			}
			if into[t]--; into[t] == 0 && t >= pos {
				queue = append(queue, t)
				prefetch(unsafe.Pointer(&g.offsets[t>>chunkBits][t&chunkMask]))
				prefetch(g.edges.addr(g.edgeGuess(t)))
			}
		}
	}
	// The sweep goes down: on a core, most edges between the nodes dropped
	// lead down, and the nodes queued then wait for their lines.
	for v := uint32(g.nodes); v > 0; {
		v--
		if g.setTable[g.offsets.at(v)>>g.offsetBits]&mask == 0 {
			return true
		}
		if into[v] == 0 {
			drop(v, v)
		}
		for len(queue)-head > trimAhead {
			drop(queue[head], v)
			head++
		}
		if head >= 1<<12 && 2*head >= len(queue) {
			queue = queue[:copy(queue, queue[head:])]
			head = 0
		}
	}
	for ; head < len(queue); head++ {
		drop(queue[head], 0)
	}
	return false
}

// trimAhead is how many nodes trim queues ahead of the one it drops, their
// lines asked for while it waits.
const trimAhead = 16
