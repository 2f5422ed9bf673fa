package explorer

import (
	"context"
	"fmt"
	"runtime/metrics"
	"sort"
	"time"
)

// Options set the limits of a search.
type Options struct {
	// MaxStates ends the search when a new state would exceed it; 0: no limit.
	MaxStates int64
	// MaxMemory ends the search when the heap grows past it (bytes); 0: no
	// limit. The heap is sampled every few thousand states, and before every
	// allocation of the store, which is refused when it would pass the limit.
	MaxMemory uint64
	// Workers is the number of exploration threads; results never depend on
	// this value.
	Workers int
	// Progress, when set, is called with the figures so far (States, Depth,
	// Transitions, Elapsed, PeakMemory) every few thousand expanded states, on
	// the searching goroutine. It must return quickly; it cannot change the
	// search.
	Progress func(Outcome)
	// Edges, when set, is told of every state the search expands, once, in
	// the order of their ids, after every successor of the state is stored:
	// its bytes and its transitions, in successor order, each with the state
	// it leads to. s and edges are valid only during the call. A search the
	// Visitor stops within a state's transitions tells of those up to the
	// one it stopped at. A search ended by a limit may leave the last
	// expanded states untold, and tells of no transition past the limit.
	// Edges may be called on another goroutine than the Visitor, while the
	// Visitor is told of later states; its calls never overlap, and the
	// search returns after the last.
	Edges func(from StateID, s []byte, edges []Edge)
	// EdgeParents, with Edges, keeps no parent in the store's records, 4
	// bytes a state less: a state's parent is the first state told of an
	// edge to it, and the one that tells Edges gives the parents back with
	// Store.DeriveParents before any is asked for (Parent, Path, Trace).
	EdgeParents bool
	// PartMoves, with Edges, has the search note how the transitions of
	// the states it expands move the processes' parts, where keys take one
	// word and no reduction applies: Space.PartMoves.
	PartMoves bool
	// Presize sizes the store's table for MaxMemory: a search that needs
	// most of it takes at once the largest table it allows, rather than
	// doubling the table again and again (Store.sizeWithin).
	Presize bool
	// memoryInUse, when set, is the memory in use that the limits are taken
	// on, in place of the process's (tests).
	memoryInUse func() uint64
	// Symmetry, when set, replaces every new state by its canonical
	// representative before it is stored (reduce.go); the Visitor then sees
	// representatives only.
	Symmetry *Symmetry
	// POR, when set, expands a state by an ample set of its steps where
	// it can (por.go).
	POR *POR
	// VisitCritical tells that the Visitor's State finds nothing in a
	// state where fewer than two processes are in the critical region
	// (Machine.Critical), and returns Continue there: the search then
	// shows it the initial state and only those new states where two or
	// more are, which it tells from their keys without unpacking the
	// others (the safety checks but invariants).
	VisitCritical bool
}

// Edge is a transition out of an expanded state, as Options.Edges is told of
// it.
type Edge struct {
	// To is the state the transition leads to, unless it is a fault.
	To StateID
	// Process moved, and Partner with it (or -1), as in Transition.
	Process, Partner int32
	// Fault: the transition faults and leads to no state. Flush: a step of
	// the memory system. PartnerReady: Transition.PartnerReady.
	Fault, Flush, PartnerReady bool
}

// appendEdge appends the Edge of t to edges, To left to fill. It writes the
// Edge's fields in place: an Edge put together apart and then copied in
// would be read back whole right after it is written in parts, which the
// processor cannot forward from its stores, and waits for.
func appendEdge(edges []Edge, t *Transition) []Edge {
	edges = append(edges, Edge{})
	e := &edges[len(edges)-1]
	e.Process, e.Partner = int32(t.Process), int32(t.Partner)
	e.Fault, e.Flush, e.PartnerReady = t.Fault != nil, t.Flush, t.PartnerReady()
	return edges
}

// Limit names, as Outcome.Limit reports them.
const (
	LimitStates    = "max-states"
	LimitMemory    = "max-memory"
	LimitTimeout   = "timeout"
	LimitCancelled = "cancelled"
)

// Control is a Visitor's answer about a state or an event.
type Control uint8

const (
	// Continue explores on.
	Continue Control = iota
	// Prune gives the state no successors (its run ends there). Only meaningful
	// from Visitor.State.
	Prune
	// Stop ends the whole search.
	Stop
)

// Visitor is what a search reports to. Each method is called in the search's
// deterministic order.
type Visitor interface {
	// State is called once for every new state (the initial one included) when
	// it is first reached, at BFS depth depth.
	State(id StateID, s []byte, depth int) Control
	// Fault is called for each faulting transition t out of state from; its
	// depth is from's depth plus one. t is valid only during the call.
	Fault(from StateID, t *Transition) Control
	// Deadend is called for each explored state that has no transition at all
	// (no successor and no fault). Pruned states are not explored.
	Deadend(id StateID, s []byte) Control
}

// Outcome is how a search ended, with its figures.
type Outcome struct {
	States      int64
	Transitions int64
	// Depth is the largest BFS depth of a stored state.
	Depth int
	// Complete is true when every reachable state was explored (no limit, no
	// stop by the Visitor).
	Complete bool
	// Stopped is true when the Visitor asked to stop.
	Stopped bool
	// Limit names the limit that ended the search, or "".
	Limit   string
	Elapsed time.Duration
	// StateBytes is the size of a state; KeyBytes the bytes the store keeps
	// of it, fewer when it packs states (0 when it keeps no states);
	// StoreBytes the store's memory; PeakMemory the largest heap size
	// sampled.
	StateBytes int
	KeyBytes   int
	StoreBytes uint64
	PeakMemory uint64
}

// Space is the result of a search: the states it stored, from which traces are
// rebuilt.
type Space struct {
	Machine *Machine
	Store   *Store
	Outcome Outcome
	// depthStart[d] is the id of the first state at depth d.
	depthStart []StateID
	// pruned marks the states the Visitor pruned, one bit per state.
	pruned []uint64
	// partMoves holds the moves of the processes' parts the search noted
	// (Options.PartMoves), nil when it noted none.
	partMoves [][]PartMove
}

// PartMoves returns, for each process, the moves of its part
// (ProcessParts) along the transitions of the expanded states but faults,
// sorted: its part before and after each transition that moves it (as
// mover or partner) or changes its part. ok is false when the search did
// not note them (Options.PartMoves): keys of more than one word, more than
// 64 processes, a reduction, or more moves than it keeps.
func (sp *Space) PartMoves() (moves [][]PartMove, ok bool) {
	return sp.partMoves, sp.partMoves != nil
}

// PrunedInto sets bit id of dst (bit id&63 of word id>>6) for each state id
// the Visitor pruned, as far as dst goes.
func (sp *Space) PrunedInto(dst []uint64) {
	for i, w := range sp.pruned[:min(len(sp.pruned), len(dst))] {
		dst[i] |= w
	}
}

// Pruned reports whether the Visitor pruned state id (it was not expanded).
func (sp *Space) Pruned(id StateID) bool {
	return int(id>>6) < len(sp.pruned) && sp.pruned[id>>6]&(1<<(id&63)) != 0
}

// Depth is the BFS depth of stored state id.
func (sp *Space) Depth(id StateID) int {
	return sort.Search(len(sp.depthStart), func(d int) bool { return sp.depthStart[d] > id }) - 1
}

// sampleEvery is how many expanded states pass between two checks of the
// context and the heap.
const sampleEvery = 4096

// heapSampler reads the heap size cheaply (runtime/metrics, no stop of the
// world), the stores' tables outside it included (offHeapBytes).
type heapSampler struct {
	sample []metrics.Sample
	// of, when set, is read instead (Options.memoryInUse).
	of func() uint64
}

func newHeapSampler() *heapSampler {
	return &heapSampler{sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

func (h *heapSampler) read() uint64 {
	if h.of != nil {
		return h.of()
	}
	metrics.Read(h.sample)
	if h.sample[0].Value.Kind() != metrics.KindUint64 {
		return offHeapBytes()
	}
	return h.sample[0].Value.Uint64() + offHeapBytes()
}

// MemoryInUse is the memory the process's searches hold: Go's heap and the
// stores' tables outside it. Memory limits and peaks are taken on it.
func MemoryInUse() uint64 { return newHeapSampler().read() }

// Search explores m's state space breadth first, level by level, with
// successors in the Machine's fixed order, reporting to v. A limit reached or a
// cancelled context ends it cleanly: the Outcome says why and the Space holds
// what was explored. The error is for a failure of the engine itself.
//
// With opts.Workers > 1, the successors of each level are computed in
// parallel, a window of states at a time, and merged in state order: the
// Visitor sees exactly the calls of a sequential search, in the same order.
func Search(ctx context.Context, m *Machine, opts Options, v Visitor) (sp *Space, err error) {
	defer func() {
		if r := recover(); r != nil {
			sp, err = nil, fmt.Errorf("explorer: internal error: %v", r)
		}
	}()
	sr := &searcher{
		ctx:       ctx,
		opts:      opts,
		v:         v,
		heap:      newHeapSampler(),
		maxStates: int64(maxStoredStates),
	}
	sr.heap.of = opts.memoryInUse
	sr.start = time.Now()
	parents := parentsCounted
	if opts.EdgeParents && opts.Edges != nil {
		parents = parentsDerived
	}
	st := newStore(m.StateSize(), m.codec, parents)
	sr.st = st
	if opts.VisitCritical {
		sr.critical = newTwoInCritical(m)
	}
	sp = &Space{Machine: m, Store: st, depthStart: []StateID{0}}
	sr.sp = sp
	out := &sp.Outcome
	out.StateBytes, out.KeyBytes = m.StateSize(), st.KeyBytes()
	out.PeakMemory = sr.heap.read()
	if opts.MaxStates > 0 && opts.MaxStates < sr.maxStates {
		sr.maxStates = opts.MaxStates
	}
	if !sr.limit() {
		sr.run(m)
	}
	out.States = int64(st.Len())
	out.Depth = len(sp.depthStart) - 1
	out.Elapsed = time.Since(sr.start)
	out.StoreBytes = st.Bytes()
	out.PeakMemory = max(out.PeakMemory, sr.heap.read())
	out.Complete = out.Limit == "" && !out.Stopped
	return sp, nil
}

// searcher is the state of one search.
type searcher struct {
	ctx       context.Context
	opts      Options
	v         Visitor
	heap      *heapSampler
	st        *Store
	sp        *Space
	maxStates int64
	start     time.Time
	// from is the state being expanded, depth its depth; stop ends the search.
	from  StateID
	depth int
	stop  bool
	// stored is the number of states a one-by-one insert would have stored
	// so far, while the searcher hands on a window the workers stored
	// together (claim.go).
	stored StateID
	// buf holds a state the searcher unpacks from the store.
	buf []byte
	// next holds a new state unpacked from its key (unpacked).
	next []byte
	// critical, when set, tells the new states the Visitor is to see
	// (Options.VisitCritical).
	critical *twoInCritical
}

// unpacked returns the state of key, which the store packed, valid until
// the next call.
func (sr *searcher) unpacked(key []byte) []byte {
	if cap(sr.next) < sr.st.stateSize {
		sr.next = make([]byte, sr.st.stateSize)
	}
	sr.next = sr.next[:sr.st.stateSize]
	sr.st.codec.unpack(sr.next, key)
	return sr.next
}

// state returns the bytes of stored state id, valid until the next call.
func (sr *searcher) state(id StateID) []byte {
	sr.buf = sr.st.Load(id, sr.buf)
	return sr.buf
}

// reachedLimit checks the context and the heap against opts, and records in
// out the peak memory and the limit reached, if any.
func reachedLimit(ctx context.Context, heap *heapSampler, opts Options, out *Outcome) bool {
	if limit := LimitOf(ctx); limit != "" {
		out.Limit = limit
		return true
	}
	h := heap.read()
	out.PeakMemory = max(out.PeakMemory, h)
	if opts.MaxMemory > 0 && h > opts.MaxMemory {
		out.Limit = LimitMemory
		return true
	}
	return false
}

// limit checks the context and the heap, and records the limit reached.
func (sr *searcher) limit() bool {
	out := &sr.sp.Outcome
	if reachedLimit(sr.ctx, sr.heap, sr.opts, out) {
		return true
	}
	if sr.opts.Progress != nil && sr.st != nil && sr.st.Len() > 0 {
		now := *out
		now.States = int64(sr.st.Len())
		now.Depth = len(sr.sp.depthStart) - 1
		now.Elapsed = time.Since(sr.start)
		sr.opts.Progress(now)
	}
	return false
}

func (sr *searcher) isPruned(id StateID) bool { return sr.sp.Pruned(id) }

// control applies the Visitor's answer about new state id.
func (sr *searcher) control(id StateID, c Control) {
	switch c {
	case Stop:
		sr.sp.Outcome.Stopped, sr.stop = true, true
	case Prune:
		p := &sr.sp.pruned
		for int(id>>6) >= len(*p) {
			*p = append(*p, 0)
		}
		(*p)[id>>6] |= 1 << (id & 63)
	}
}

// fits tells whether the store's next allocations, of grow() bytes, fit
// under the memory limit. With Presize, the table the next growth takes is
// chosen first, for the memory left.
func (sr *searcher) fits(grow func() uint64) bool {
	heap, limit := sr.heap.read(), sr.opts.MaxMemory
	if sr.opts.Presize {
		sr.st.sizeWithin(limit - min(heap, limit))
	}
	return heap+grow() <= limit
}

// transition handles one transition out of sr.from to next, of key key
// whose hash is h (next is nil for a fault). It returns the id of next once
// stored.
func (sr *searcher) transition(t *Transition, next, key []byte, h uint64) StateID {
	if sr.stop {
		return 0
	}
	out := &sr.sp.Outcome
	out.Transitions++
	if t.Fault != nil {
		if sr.v.Fault(sr.from, t) == Stop {
			out.Stopped, sr.stop = true, true
		}
		return 0
	}
	st := sr.st
	if int64(st.Len()) >= sr.maxStates {
		id, ok := st.lookup(key, h)
		if !ok {
			out.Limit, sr.stop = LimitStates, true
		}
		return id
	}
	if sr.opts.MaxMemory > 0 {
		if grow := st.NextAllocation(); grow > 0 && !sr.fits(st.NextAllocation) {
			id, ok := st.lookup(key, h)
			if !ok {
				out.Limit, sr.stop = LimitMemory, true
			}
			return id
		}
	}
	id, added := st.insert(key, h, sr.from)
	if !added {
		return id
	}
	if len(sr.sp.depthStart) == sr.depth+1 {
		sr.sp.depthStart = append(sr.sp.depthStart, id)
	}
	sr.visit(id, next, key)
	return id
}

// visit shows the Visitor the new state id, next unpacked or nil, of key
// key, unless Options.VisitCritical spares it.
func (sr *searcher) visit(id StateID, next, key []byte) {
	if sr.critical != nil && !sr.critical.of(key) {
		return
	}
	if next == nil {
		next = sr.unpacked(key)
	}
	sr.control(id, sr.v.State(id, next, sr.depth+1))
}

// added handles a transition out of sr.from to next, a new state the
// workers stored as id (claim.go).
func (sr *searcher) added(id StateID, next, key []byte) {
	if sr.stop {
		return
	}
	sr.sp.Outcome.Transitions++
	sr.stored = id + 1
	if len(sr.sp.depthStart) == sr.depth+1 {
		sr.sp.depthStart = append(sr.sp.depthStart, id)
	}
	sr.visit(id, next, key)
}

// known handles a transition out of sr.from to a state stored already.
func (sr *searcher) known() {
	if !sr.stop {
		sr.sp.Outcome.Transitions++
	}
}

// toldUpTo is the end of the transitions of sr.from to tell Edges of when
// the one before end stopped the search: up to it, and it too unless a limit
// stopped it before it led to a stored state.
func (sr *searcher) toldUpTo(end int) int {
	if sr.sp.Outcome.Limit != "" {
		return end - 1
	}
	return end
}

// tellEdges tells Edges of the expansion of sr.from, whose bytes are s and
// whose transitions are edges: all of them, or, when a transition stopped
// the search, the first told of them.
func (sr *searcher) tellEdges(s []byte, edges []Edge, told int) {
	if n := sr.edgesToTell(len(edges), told); n >= 0 {
		sr.opts.Edges(sr.from, s, edges[:n])
	}
}

// edgesToTell is how many of the n transitions of sr.from to tell Edges
// of, told being as for tellEdges; negative when none, not even an empty
// list.
func (sr *searcher) edgesToTell(n, told int) int {
	if sr.stop {
		return told
	}
	return n
}

// expanded finishes the expansion of sr.from, which had n transitions.
func (sr *searcher) expanded(n int) {
	if n == 0 && !sr.stop {
		if sr.v.Deadend(sr.from, sr.state(sr.from)) == Stop {
			sr.sp.Outcome.Stopped, sr.stop = true, true
		}
	}
}

// skip tells whether sr.from is not to be expanded, checking the limits every
// sampleEvery states.
func (sr *searcher) skip() (skip, end bool) {
	if sr.from%sampleEvery == sampleEvery-1 && sr.limit() {
		return true, true
	}
	return sr.isPruned(sr.from), false
}

// run inserts the initial state and explores level by level.
func (sr *searcher) run(m *Machine) {
	init := m.Initial()
	if sr.opts.Symmetry != nil {
		init = sr.opts.Symmetry.NewCanon().Apply(init)
	}
	id, _ := sr.st.Insert(init, NoParent)
	sr.control(id, sr.v.State(id, init, 0))
	if sr.stop {
		return
	}
	red := newReducer(m, sr.opts)
	par := newParallel(m, max(1, sr.opts.Workers), red)
	defer par.close()
	if par.pipe != nil {
		// The expander has them made (pipeline.go).
		defer sr.st.lendSpares()()
	}
	if o := sr.opts; o.PartMoves && o.Edges != nil && o.Symmetry == nil && o.POR == nil {
		if notes := newPartMoveNotes(sr.sp); notes != nil {
			par.view.moves = notes
			defer func() { sr.sp.partMoves = notes.join() }()
		}
	}
	for lo := StateID(0); int(lo) < sr.st.Len() && !sr.stop; sr.depth++ {
		hi := StateID(sr.st.Len())
		red.level(lo, hi)
		if par.level(sr, lo, hi) {
			return
		}
		lo = hi
	}
}
