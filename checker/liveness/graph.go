package liveness

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// NoProc is the Partner of a Move that is the step of one process alone.
const NoProc = -1

// MaxProcs is the largest number of processes a Graph can describe.
const MaxProcs = math.MaxUint16

// MaxNodes and MaxEdges bound the size of a Graph.
const (
	MaxNodes = math.MaxInt32 - 1
	MaxEdges = math.MaxUint32 - 3
)

// noProc16 is NoProc as stored in an edge label.
const noProc16 = math.MaxUint16

// Move labels an edge with the processes that move on it: Proc, and for a joint
// step (a rendezvous, a hand-off) Partner, else NoProc.
type Move struct {
	Proc    int
	Partner int
}

// Graph is an explicit state graph: nodes 0..N-1, edges in compressed sparse row
// form, each edge labelled with a Move, and per node the set of fairly enabled
// processes. A Graph is immutable once built and safe for concurrent readers.
// It takes 8 bytes per edge and 4 + 8⌈P/64⌉ bytes per node for P processes.
type Graph struct {
	procs int
	// words is the number of uint64 words of one node's enabled set.
	words int
	// offsets has N+1 entries: node v's edges are offsets[v]..offsets[v+1]-1.
	offsets []uint32
	// targets, movers and partners have one entry per edge; a partner of
	// noProc16 means none.
	targets  []uint32
	movers   []uint16
	partners []uint16
	// enabled holds words bits per node: node v's set is
	// enabled[v*words : (v+1)*words].
	enabled []uint64
	// always, when not nil, holds the processes that are weakly fair under
	// every fairness, None included (the store buffers of weak memory).
	always ProcSet
}

// Nodes is the number of nodes.
func (g *Graph) Nodes() int { return len(g.offsets) - 1 }

// Edges is the number of edges, stutter loops not included.
func (g *Graph) Edges() int { return len(g.targets) }

// Procs is the number of processes.
func (g *Graph) Procs() int { return g.procs }

// Out is the range of indices of node v's outgoing edges: lo <= e < hi.
func (g *Graph) Out(v int) (lo, hi int) { return int(g.offsets[v]), int(g.offsets[v+1]) }

// Target is the node that edge e leads to.
func (g *Graph) Target(e int) int { return int(g.targets[e]) }

// Source is the node that edge e leaves (a binary search over the offsets).
func (g *Graph) Source(e int) int { return int(g.source(uint32(e))) }

// Move is the label of edge e.
func (g *Graph) Move(e int) Move {
	m := Move{Proc: int(g.movers[e]), Partner: NoProc}
	if g.partners[e] != noProc16 {
		m.Partner = int(g.partners[e])
	}
	return m
}

// Moves reports whether process p moves on edge e.
func (g *Graph) Moves(e, p int) bool {
	return p >= 0 && (int(g.movers[e]) == p || (g.partners[e] != noProc16 && int(g.partners[e]) == p))
}

// FairlyEnabled reports whether process p is fairly enabled in node v.
func (g *Graph) FairlyEnabled(v, p int) bool {
	if p < 0 || p >= g.procs {
		return false
	}
	return g.enabled[v*g.words+p>>6]&(1<<(uint(p)&63)) != 0
}

// Enabled is a copy of the set of processes fairly enabled in node v.
func (g *Graph) Enabled(v int) ProcSet {
	return append(ProcSet(nil), g.enabledSet(uint32(v))...)
}

// Bytes is the memory the graph's arrays hold.
func (g *Graph) Bytes() int {
	return 4*cap(g.offsets) + 4*cap(g.targets) + 2*cap(g.movers) + 2*cap(g.partners) + 8*cap(g.enabled)
}

func (g *Graph) enabledSet(v uint32) ProcSet {
	return ProcSet(g.enabled[int(v)*g.words : int(v+1)*g.words])
}

func (g *Graph) source(e uint32) uint32 {
	n := len(g.offsets) - 1
	return uint32(sort.Search(n, func(v int) bool { return g.offsets[v+1] > e }))
}

// addMoves adds the processes that move on edge e to s (sized for the graph).
func (g *Graph) addMoves(s ProcSet, e uint32) {
	p := g.movers[e]
	s[p>>6] |= 1 << (p & 63)
	if q := g.partners[e]; q != noProc16 {
		s[q>>6] |= 1 << (q & 63)
	}
}

// Builder builds a Graph node by node, in node order: AddNode starts the next
// node, and AddEdge adds an edge leaving the node started last. Edges may lead to
// nodes not yet added. The first misuse is remembered and returned by Build.
type Builder struct {
	g Graph
	// The graph's arrays while it is built, in chunks: see column.
	offsets, targets column[uint32]
	movers, partners column[uint16]
	enabled          column[uint64]
	err              error
}

// NewBuilder returns a Builder for a graph of procs processes.
func NewBuilder(procs int) (*Builder, error) {
	if procs < 0 || procs > MaxProcs {
		return nil, fmt.Errorf("liveness: %d processes, want 0..%d", procs, MaxProcs)
	}
	return &Builder{g: Graph{procs: procs, words: wordsFor(procs)}}, nil
}

// AlwaysFair makes processes from..procs-1 weakly fair whatever the fairness
// FairLasso is asked for: under None they alone are constrained, under Weak
// they are like any other, and under Strong they are strongly fair, which for
// a process that stays enabled until it moves is the same.
func (b *Builder) AlwaysFair(from int) {
	b.g.always = NewProcSet(b.g.procs)
	for p := max(from, 0); p < b.g.procs; p++ {
		b.g.always[p>>6] |= 1 << (uint(p) & 63)
	}
}

// Grow reserves room for nodes more nodes and edges more edges.
func (b *Builder) Grow(nodes, edges int) {
	if nodes > 0 {
		b.offsets.reserve(nodes + 1)
		b.enabled.reserve(nodes * b.g.words)
	}
	if edges > 0 {
		b.targets.reserve(edges)
		b.movers.reserve(edges)
		b.partners.reserve(edges)
	}
}

// Bytes is the memory the Builder holds.
func (b *Builder) Bytes() int {
	return b.offsets.bytes(4) + b.targets.bytes(4) + b.movers.bytes(2) + b.partners.bytes(2) + b.enabled.bytes(8)
}

// AddNode starts the next node, whose fairly enabled processes are enabled, and
// returns its id. enabled is copied; it may be reused for the next node.
func (b *Builder) AddNode(enabled ProcSet) int {
	id := b.offsets.n
	if id >= MaxNodes {
		b.fail(fmt.Errorf("liveness: more than %d nodes", MaxNodes))
		return id
	}
	for i, w := range enabled {
		bad := w
		if i < b.g.words {
			bad = w &^ b.g.wordMask(i)
		}
		if bad != 0 {
			b.fail(fmt.Errorf("liveness: node %d: enabled process %d, want 0..%d", id, i<<6+nextBit([]uint64{bad}, 0), b.g.procs-1))
			break
		}
	}
	b.offsets.add(uint32(b.targets.n))
	for i := range b.g.words {
		var w uint64
		if i < len(enabled) {
			w = enabled[i] & b.g.wordMask(i)
		}
		b.enabled.add(w)
	}
	return id
}

// wordMask is the bits of word i of an enabled set that name processes.
func (g *Graph) wordMask(i int) uint64 {
	if rest := g.procs - i<<6; rest < 64 {
		return 1<<uint(rest) - 1
	}
	return math.MaxUint64
}

// AddEdge adds an edge to node to, labelled m, leaving the node added last.
func (b *Builder) AddEdge(to int, m Move) {
	switch {
	case b.offsets.n == 0:
		b.fail(errors.New("liveness: edge before the first node"))
	case to < 0 || to >= MaxNodes:
		b.fail(fmt.Errorf("liveness: node %d: edge to node %d", b.offsets.n-1, to))
	case m.Proc < 0 || m.Proc >= b.g.procs || m.Partner < NoProc || m.Partner >= b.g.procs:
		b.fail(fmt.Errorf("liveness: node %d: edge moves processes %d and %d, want 0..%d", b.offsets.n-1, m.Proc, m.Partner, b.g.procs-1))
	case b.targets.n >= MaxEdges:
		b.fail(fmt.Errorf("liveness: more than %d edges", MaxEdges))
	default:
		partner := uint16(noProc16)
		if m.Partner != NoProc {
			partner = uint16(m.Partner)
		}
		b.targets.add(uint32(to))
		b.movers.add(uint16(m.Proc))
		b.partners.add(partner)
	}
}

func (b *Builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// Build returns the graph, or the first misuse of the Builder. The Builder must
// not be used afterwards. It joins the Builder's chunks into the graph's
// arrays, one array at a time, letting each chunk go once copied.
func (b *Builder) Build() (*Graph, error) {
	if b.err != nil {
		return nil, b.err
	}
	g := b.g
	g.offsets = b.offsets.flat(1)
	g.enabled = b.enabled.flat(0)
	g.targets = b.targets.flat(0)
	g.movers = b.movers.flat(0)
	g.partners = b.partners.flat(0)
	n := len(g.offsets)
	for e, w := range g.targets {
		if int(w) >= n {
			return nil, fmt.Errorf("liveness: edge %d leads to node %d, but there are %d nodes", e, w, n)
		}
	}
	g.offsets = append(g.offsets, uint32(len(g.targets)))
	b.g = Graph{}
	return &g, nil
}
