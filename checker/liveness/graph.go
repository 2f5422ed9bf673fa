package liveness

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
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
// An edge takes the bits of its target and of its move's row together, as
// many as the largest target and row of its chunk of edges need (see
// edgeChunks): 27 bits for a graph of 18 million nodes and 4 moves. A node
// takes 2 bytes when a node's set row and the distance of
// its first edge from its stretch's in the guide fit together in 16 bits (see
// relBits), else 4 bytes when an edge count and a set row fit in 32 bits,
// else 5 bytes when there are fewer than 256 distinct enabled sets, and so
// on. The tables of those moves and sets, and a quarter of a byte per node
// for the guide, come on top.
type Graph struct {
	procs int
	// words is the number of uint64 words of one process set.
	words int
	nodes int
	// offsets has N+1 entries: node v's edges are offsets[v]..offsets[v+1]-1;
	// it is empty when rel holds them.
	offsets chunks[uint32]
	// rel, when relBits is not 0, has N+1 entries in place of offsets:
	// node v's first edge is guide[v>>guideShift] plus the low relBits
	// bits of rel[v], and the bits above them are the row of its enabled
	// set (sets is then empty).
	rel     chunks[uint16]
	relBits uint8
	// edges has one entry per edge: its target and a row of moveTable,
	// which holds the edge's mover in its low 16 bits and its partner
	// (noProc16 for none) in its high 16 bits; moveBits holds words words
	// per row, the set of both.
	edges     edgeChunks
	moveTable []uint32
	moveBits  []uint64
	// sets has one entry per node, a row of setTable, which holds words
	// words per row: the processes fairly enabled in the node.
	sets     codes
	setTable []uint64
	// offsetBits is the bits of a node's first edge in offsets: when
	// they are fewer than 32, the node's set row is held above them, and
	// sets is empty. A search then finds a node's edges and enabled set
	// with one cache miss instead of two. The Builder packs them from the
	// start when the processes bound the rows (see NewBuilder), and Build
	// when the rows it saw fit.
	offsetBits uint8
	// guide holds the first edge of every 1<<guideShift-th node, then the
	// number of edges: a quarter of a byte a node, which stays in the
	// caches, from which a search guesses where a node's edges lie
	// (edgeGuess) and asks for them while it waits for the node's offset,
	// and on which rel counts.
	guide []uint32
	// always, when not nil, holds the processes that are weakly fair under
	// every fairness, None included (the store buffers of weak memory).
	always ProcSet
	// reachedFrom, when not nil, holds nodes every node is reachable from
	// (Reached).
	reachedFrom []int
}

// Reached tells that every node of g is reachable from the nodes of init,
// as in the graph of a complete search from them: a search from init then
// takes every node for reached rather than looking which are. Were it not
// so, the searches would still be right, only slower: they take that set
// for a first look, and build what they report from init.
func (g *Graph) Reached(init []int) { g.reachedFrom = slices.Clone(init) }

// Nodes is the number of nodes.
func (g *Graph) Nodes() int { return g.nodes }

// Edges is the number of edges, stutter loops not included.
func (g *Graph) Edges() int { return int(g.off(uint32(g.nodes))) }

// Procs is the number of processes.
func (g *Graph) Procs() int { return g.procs }

// Out is the range of indices of node v's outgoing edges: lo <= e < hi.
func (g *Graph) Out(v int) (lo, hi int) {
	return int(g.off(uint32(v))), int(g.off(uint32(v + 1)))
}

// Target is the node that edge e leads to.
func (g *Graph) Target(e int) int { return int(g.target(uint32(e))) }

// Source is the node that edge e leaves (a binary search over the offsets).
func (g *Graph) Source(e int) int { return int(g.source(uint32(e))) }

// Move is the label of edge e.
func (g *Graph) Move(e int) Move { return g.RowMove(g.MoveRow(e)) }

// MoveRows is the number of distinct moves on the graph's edges: the rows
// that MoveRow gives, from 0.
func (g *Graph) MoveRows() int { return len(g.moveTable) }

// MoveRow is the row of edge e's move, the same for all the edges of one
// move.
func (g *Graph) MoveRow(e int) int { return int(g.moveRow(uint32(e))) }

// RowMove is the move of row r.
func (g *Graph) RowMove(r int) Move {
	m := Move{Proc: int(uint16(g.moveTable[r])), Partner: NoProc}
	if partner := uint16(g.moveTable[r] >> 16); partner != noProc16 {
		m.Partner = int(partner)
	}
	return m
}

// TargetRow is Target and MoveRow of edge e together.
func (g *Graph) TargetRow(e int) (target, row int) {
	t, r := g.edges.at(uint32(e))
	return int(t), int(r)
}

// Moves reports whether process p moves on edge e.
func (g *Graph) Moves(e, p int) bool {
	mover, partner := g.move(uint32(e))
	return p >= 0 && (int(mover) == p || (partner != noProc16 && int(partner) == p))
}

// FairlyEnabled reports whether process p is fairly enabled in node v.
func (g *Graph) FairlyEnabled(v, p int) bool {
	if p < 0 || p >= g.procs {
		return false
	}
	return g.enabledSet(uint32(v))[p>>6]&(1<<(uint(p)&63)) != 0
}

// FairlyEnabledIn is the set of processes fairly enabled in node v, shared
// with the graph: it must not be modified.
func (g *Graph) FairlyEnabledIn(v int) ProcSet { return g.enabledSet(uint32(v)) }

// Enabled is a copy of the set of processes fairly enabled in node v.
func (g *Graph) Enabled(v int) ProcSet {
	return append(ProcSet(nil), g.enabledSet(uint32(v))...)
}

// Bytes is the memory the graph's arrays hold.
func (g *Graph) Bytes() int {
	return g.offsets.bytes(4) + g.rel.bytes(2) + g.edges.bytes() + g.sets.bytes() +
		4*cap(g.moveTable) + 8*cap(g.moveBits) + 8*cap(g.setTable) + 4*cap(g.guide)
}

// off is the first edge of node v, the end of node v-1's edges.
func (g *Graph) off(v uint32) uint32 {
	if g.relBits != 0 {
		return g.guide[v>>guideShift] + uint32(g.rel.at(v))&(1<<g.relBits-1)
	}
	return low(g.offsets.at(v), g.offsetBits)
}

// target is the node edge e leads to.
func (g *Graph) target(e uint32) uint32 {
	t, _ := g.edges.at(e)
	return t
}

// low is the bits of x below bit n.
func low(x uint32, n uint8) uint32 { return x & (1<<n - 1) }

// moveRow is the row of moveTable of edge e.
func (g *Graph) moveRow(e uint32) uint32 {
	_, r := g.edges.at(e)
	return r
}

// setRow is the row of setTable of node v.
func (g *Graph) setRow(v uint32) uint32 {
	if g.relBits != 0 {
		return uint32(g.rel.at(v)) >> g.relBits
	}
	if g.offsetBits < 32 {
		return g.offsets.at(v) >> g.offsetBits
	}
	return g.sets.at(v)
}

// move is the mover and the partner (noProc16 for none) of edge e.
func (g *Graph) move(e uint32) (mover, partner uint16) {
	m := g.moveTable[g.moveRow(e)]
	return uint16(m), uint16(m >> 16)
}

func (g *Graph) enabledSet(v uint32) ProcSet {
	c := int(g.setRow(v))
	return ProcSet(g.setTable[c*g.words : (c+1)*g.words])
}

func (g *Graph) source(e uint32) uint32 {
	return uint32(sort.Search(g.nodes, func(v int) bool { return g.off(uint32(v+1)) > e }))
}

// addMoves adds the processes that move on edge e to s (sized for the graph).
func (g *Graph) addMoves(s ProcSet, e uint32) {
	c := int(g.moveRow(e))
	for i, w := range g.moveBits[c*g.words : (c+1)*g.words] {
		s[i] |= w
	}
}

// Builder builds a Graph node by node, in node order: AddNode starts the next
// node, and AddEdge adds an edge leaving the node started last; AddNodeRows
// adds a node and its edges at once. Edges may lead to nodes not yet added.
// The first misuse is remembered and returned by Build.
type Builder struct {
	g Graph
	// The graph's arrays while it is built: see column. While rel is in
	// use (g.relBits), relGuide holds the guide so far; n is the number of
	// nodes.
	offsets  column[uint32]
	targets  edgeColumn
	rel      column[uint16]
	relGuide []uint32
	n        int
	sets     codeColumn
	// moveRow finds the row of a move: when there are at most 255 processes
	// by the index proc*(procs+1)+partner+1 (the row plus one, 0 for none
	// yet), else by the move as moveTable holds it.
	moveFast []uint32
	moveRow  map[uint32]uint32
	// setRow finds the row of an enabled set: when there are at most 12
	// processes by its word in setFast (the row plus one, 0 for none yet),
	// else by its word when there is one, else by its bytes in key.
	setFast []uint32
	setRow1 map[uint64]uint32
	setRowN map[string]uint32
	key     []byte
	err     error
}

// NewBuilder returns a Builder for a graph of procs processes.
func NewBuilder(procs int) (*Builder, error) {
	if procs < 0 || procs > MaxProcs {
		return nil, fmt.Errorf("liveness: %d processes, want 0..%d", procs, MaxProcs)
	}
	b := &Builder{g: Graph{procs: procs, words: wordsFor(procs), offsetBits: 32}}
	if procs <= 255 {
		b.moveFast = make([]uint32, procs*(procs+1))
	} else {
		b.moveRow = map[uint32]uint32{}
	}
	switch {
	case procs <= 12:
		b.setFast = make([]uint32, 1<<procs)
		// At most 2^procs enabled sets.
		b.g.offsetBits = uint8(32 - procs)
		if procs <= maxRelProcs {
			b.g.relBits = uint8(16 - procs)
		}
	case b.g.words == 1:
		b.setRow1 = map[uint64]uint32{}
	default:
		b.setRowN = map[string]uint32{}
	}
	return b, nil
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

// Grow reserves room for nodes more nodes and edges more edges, as far as a
// graph's first chunk goes: the rest grows without copying anyway.
func (b *Builder) Grow(nodes, edges int) {
	switch {
	case nodes > 0 && b.g.relBits != 0:
		b.rel.reserve(nodes + 1)
	case nodes > 0:
		b.offsets.reserve(nodes + 1)
	}
	if edges > 0 {
		b.targets.reserve(edges)
	}
}

// Bytes is the memory the Builder holds.
func (b *Builder) Bytes() int {
	n := b.offsets.chunks.bytes(4) + b.rel.chunks.bytes(2) + 4*cap(b.relGuide) + b.targets.chunks.bytes() + 4*cap(b.moveFast) + 4*cap(b.g.moveTable) + 8*cap(b.g.moveBits) + 8*cap(b.g.setTable)
	for _, p := range b.sets.planes {
		n += p.chunks.bytes(1)
	}
	return n
}

// AddNode starts the next node, whose fairly enabled processes are enabled, and
// returns its id. enabled is copied; it may be reused for the next node.
func (b *Builder) AddNode(enabled ProcSet) int {
	id := b.n
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
	b.addOffset(b.setRow(enabled))
	b.n++
	return id
}

// maxRelProcs is the most processes of a graph whose nodes' set rows go into
// rel: they leave at least 8 bits for the distance to the guide.
const maxRelProcs = 8

// addOffset adds the offset of the next node, the edges so far, with the
// row of its enabled set: into rel while the distance from the guide and
// the row fit, else into offsets, rel's values first moved there.
func (b *Builder) addOffset(row uint32) {
	off := uint32(b.targets.n)
	if bits := b.g.relBits; bits != 0 {
		if b.rel.n&(1<<guideShift-1) == 0 {
			b.relGuide = append(b.relGuide, off)
		}
		if d := off - b.relGuide[len(b.relGuide)-1]; d>>bits == 0 && row>>(16-bits) == 0 {
			b.rel.add(uint16(d | row<<bits))
			return
		}
		b.unpackRel()
	}
	addWithRow(&b.offsets, &b.sets, &b.g.offsetBits, off, row)
}

// unpackRel moves the offsets and rows held in rel into offsets and sets,
// for good: a stretch of nodes has more edges than rel's bits can count.
func (b *Builder) unpackRel() {
	bits, rel := b.g.relBits, b.rel.finish()
	b.g.relBits = 0
	v := 0
	for _, ch := range rel {
		for _, x := range ch {
			off := b.relGuide[v>>guideShift] + uint32(x)&(1<<bits-1)
			addWithRow(&b.offsets, &b.sets, &b.g.offsetBits, off, uint32(x)>>bits)
			v++
		}
	}
	b.relGuide = nil
}

// addTarget adds an edge to node to whose move has row row.
func (b *Builder) addTarget(to, row uint32) {
	b.targets.add(to, row)
}

// addWithRow adds v to values with row above its low *bits bits, or, when
// *bits is 32 (unpacked), v to values and row to rows. A v past its bits
// first unpacks the values so far, for good.
func addWithRow(values *column[uint32], rows *codeColumn, bits *uint8, v, row uint32) {
	if *bits < 32 && v>>*bits != 0 {
		unpackRows(values, rows, *bits)
		*bits = 32
	}
	if *bits < 32 {
		values.add(v | row<<*bits)
		return
	}
	values.add(v)
	rows.add(row)
}

// unpackRows moves the rows held above the low n bits of the values of
// values into rows, leaving the low bits.
func unpackRows(values *column[uint32], rows *codeColumn, n uint8) {
	left := values.n
	for _, ch := range values.chunks {
		ch = ch[:min(len(ch), left)]
		for i, x := range ch {
			rows.add(x >> n)
			ch[i] = low(x, n)
		}
		left -= len(ch)
	}
}

// setRow is the row of setTable that holds enabled (masked to the graph's
// processes), added when it is new.
func (b *Builder) setRow(enabled ProcSet) uint32 {
	g := &b.g
	word := func(i int) uint64 {
		if i < len(enabled) {
			return enabled[i] & g.wordMask(i)
		}
		return 0
	}
	if b.setFast != nil {
		w := word(0)
		if r := b.setFast[w]; r != 0 {
			return r - 1
		}
		r := uint32(len(g.setTable))
		b.setFast[w] = r + 1
		g.setTable = append(g.setTable, w)
		return r
	}
	if g.words == 1 {
		w := word(0)
		row, ok := b.setRow1[w]
		if !ok {
			row = uint32(len(g.setTable))
			b.setRow1[w] = row
			g.setTable = append(g.setTable, w)
		}
		return row
	}
	b.key = b.key[:0]
	for i := range g.words {
		b.key = binary.LittleEndian.AppendUint64(b.key, word(i))
	}
	row, ok := b.setRowN[string(b.key)]
	if !ok {
		row = uint32(len(g.setTable) / max(g.words, 1))
		b.setRowN[string(b.key)] = row
		for i := range g.words {
			g.setTable = append(g.setTable, word(i))
		}
	}
	return row
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
	if b.moveFast != nil && b.n > 0 && uint(to) < MaxNodes && uint(m.Proc) < uint(b.g.procs) &&
		m.Partner >= NoProc && m.Partner < b.g.procs && b.targets.n < MaxEdges {
		b.addTarget(uint32(to), b.moveRowOf(m))
		return
	}
	b.addEdge(to, m)
}

// MoveRow is the row of move m in the graph's table of moves, added when it
// is new: the number that stands for m in AddNodeRows. A caller that meets
// the same few moves again and again keeps their rows. A move of processes
// outside the graph's is a misuse, remembered for Build; it gives row 0.
func (b *Builder) MoveRow(m Move) uint32 {
	if m.Proc < 0 || m.Proc >= b.g.procs || m.Partner < NoProc || m.Partner >= b.g.procs {
		b.fail(fmt.Errorf("liveness: a move of processes %d and %d, want 0..%d", m.Proc, m.Partner, b.g.procs-1))
		return 0
	}
	return b.moveRowOf(m)
}

// AddNodeRows adds the next node, whose fairly enabled processes are
// enabled, and its edges: to node to[i], labelled with the move of row
// rows[i] (MoveRow), for each i in order. It returns the node's id. It does
// what AddNode and as many calls of AddEdge do, in one call: a search
// records every node this way, and in the common case (at most 12
// processes, targets and rows that fit the packed arrays) it writes the
// node and its edges straight into the last chunks. enabled is copied; it
// may be reused for the next node.
func (b *Builder) AddNodeRows(enabled ProcSet, to, rows []uint32) int {
	id, n := b.n, len(to)
	var word uint64
	if len(enabled) > 0 {
		word = enabled[0]
	}
	fast := b.setFast != nil && len(enabled) <= 1 && word&^b.g.wordMask(0) == 0 && id < MaxNodes &&
		len(rows) == n && b.targets.n+n <= MaxEdges
	if !fast {
		id = b.AddNode(enabled)
		if len(rows) != n {
			b.fail(fmt.Errorf("liveness: node %d: %d edges and %d moves", id, n, len(rows)))
			return id
		}
		b.addRows(to, rows)
		return id
	}
	row := b.setFast[word]
	if row == 0 {
		row = uint32(len(b.g.setTable)) + 1
		b.setFast[word] = row
		b.g.setTable = append(b.g.setTable, word)
	}
	b.addOffset(row - 1)
	b.n++
	if !b.targets.addAll(to, rows, MaxNodes, uint32(len(b.g.moveTable))) {
		b.addRows(to, rows)
	}
	return id
}

// addRows adds the edges of AddNodeRows one by one, with their checks.
func (b *Builder) addRows(to, rows []uint32) {
	moves := uint32(len(b.g.moveTable))
	for i, t := range to {
		switch r := rows[i]; {
		case b.n == 0:
			b.fail(errors.New("liveness: edge before the first node"))
		case t >= MaxNodes:
			b.fail(fmt.Errorf("liveness: node %d: edge to node %d", b.n-1, t))
		case r >= moves:
			b.fail(fmt.Errorf("liveness: node %d: edge of move row %d, want 0..%d", b.n-1, r, int(moves)-1))
		case b.targets.n >= MaxEdges:
			b.fail(fmt.Errorf("liveness: more than %d edges", MaxEdges))
		default:
			b.addTarget(t, r)
		}
	}
}

// addEdge is AddEdge, the checks spelled out.
func (b *Builder) addEdge(to int, m Move) {
	switch {
	case b.n == 0:
		b.fail(errors.New("liveness: edge before the first node"))
	case to < 0 || to >= MaxNodes:
		b.fail(fmt.Errorf("liveness: node %d: edge to node %d", b.n-1, to))
	case m.Proc < 0 || m.Proc >= b.g.procs || m.Partner < NoProc || m.Partner >= b.g.procs:
		b.fail(fmt.Errorf("liveness: node %d: edge moves processes %d and %d, want 0..%d", b.n-1, m.Proc, m.Partner, b.g.procs-1))
	case b.targets.n >= MaxEdges:
		b.fail(fmt.Errorf("liveness: more than %d edges", MaxEdges))
	default:
		b.addTarget(uint32(to), b.moveRowOf(m))
	}
}

// moveRowOf is the row of moveTable that holds m, added when it is new.
func (b *Builder) moveRowOf(m Move) uint32 {
	g := &b.g
	if b.moveFast != nil {
		i := m.Proc*(g.procs+1) + m.Partner + 1
		if r := b.moveFast[i]; r != 0 {
			return r - 1
		}
		r := b.newMove(m)
		b.moveFast[i] = r + 1
		return r
	}
	partner := uint32(noProc16)
	if m.Partner != NoProc {
		partner = uint32(m.Partner)
	}
	key := uint32(m.Proc) | partner<<16
	r, ok := b.moveRow[key]
	if !ok {
		r = b.newMove(m)
		b.moveRow[key] = r
	}
	return r
}

// newMove adds a row for m to moveTable and moveBits.
func (b *Builder) newMove(m Move) uint32 {
	g := &b.g
	r := uint32(len(g.moveTable))
	partner := uint32(noProc16)
	bits := NewProcSet(g.procs)
	bits.Add(m.Proc)
	if m.Partner != NoProc {
		partner = uint32(m.Partner)
		bits.Add(m.Partner)
	}
	g.moveTable = append(g.moveTable, uint32(m.Proc)|partner<<16)
	g.moveBits = append(g.moveBits, bits...)
	return r
}

func (b *Builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// Build returns the graph, or the first misuse of the Builder. The Builder must
// not be used afterwards. The graph keeps the Builder's arrays as they are.
func (b *Builder) Build() (*Graph, error) {
	if b.err != nil {
		return nil, b.err
	}
	nodes := b.n
	b.addOffset(0)
	g := b.g
	g.nodes = nodes
	edges, top := b.targets.n, b.targets.top
	g.offsets, g.edges = b.offsets.finish(), b.targets.finish()
	if g.relBits != 0 {
		g.rel, g.guide = b.rel.finish(), b.relGuide
	}
	g.sets = b.sets.done()
	if edges > 0 && int(top) >= g.nodes {
		// Some edge leads past the nodes: the first is the one to tell.
		for e := range uint32(edges) {
			if w := g.target(e); int(w) >= g.nodes {
				return nil, fmt.Errorf("liveness: edge %d leads to node %d, but there are %d nodes", e, w, g.nodes)
			}
		}
	}
	*b = Builder{}
	g.pack()
	g.makeGuide()
	return &g, nil
}

// guideShift is the log2 of the number of nodes between two entries of
// Graph.guide.
const guideShift = 4

// makeGuide fills g.guide from the offsets, or completes the guide rel
// counts on with the number of edges.
func (g *Graph) makeGuide() {
	n := uint32(g.nodes)
	if g.relBits != 0 {
		for len(g.guide) < int(n>>guideShift+2) {
			g.guide = append(g.guide, g.off(n))
		}
		return
	}
	g.guide = make([]uint32, n>>guideShift+2)
	for i := range g.guide {
		g.guide[i] = g.off(min(uint32(i)<<guideShift, n))
	}
}

// edgeGuess is an edge index near node v's first edge, found in the
// caches: the edges of v's stretch of guide are shared evenly among its
// nodes. It is no more than the number of edges, and it is v's first edge
// when its stretch has nodes of equal degrees.
func (g *Graph) edgeGuess(v uint32) uint32 {
	lo, hi := g.guide[v>>guideShift], g.guide[v>>guideShift+1]
	return lo + uint32(uint64(hi-lo)*uint64(v&(1<<guideShift-1))>>guideShift)
}

// pack moves each node's set row into the bits of offsets its first edge
// leaves free, where they fit.
func (g *Graph) pack() {
	if n := uint8(bits.Len32(g.off(uint32(g.nodes)))); g.relBits == 0 && g.offsetBits == 32 && fits(n, len(g.setTable)/max(g.words, 1), g.sets) {
		packRows(g.offsets, g.sets.planes[0], n)
		g.offsetBits, g.sets = n, codes{}
	}
}

// fits reports whether values of n bits and the rows of a table of rows
// rows, held in c, fit together in 32 bits, with n below 32: 32 bits of
// value is the unpacked form.
func fits(n uint8, rows int, c codes) bool {
	return len(c.planes) == 1 && n < 32 && int(n)+bits.Len32(uint32(max(rows-1, 0))) <= 32
}

// packRows puts rows[i] above the low n bits of values[i], for every i;
// rows holds at most as many values as values does, the rest are row 0.
func packRows(values chunks[uint32], rows chunks[uint8], n uint8) {
	for k, ch := range values {
		if k >= len(rows) {
			break
		}
		for i, r := range rows[k][:min(len(ch), len(rows[k]))] {
			ch[i] |= uint32(r) << n
		}
	}
}
