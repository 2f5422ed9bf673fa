package explorer

import (
	"context"
	"fmt"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Approx sets up an approximate search (SearchApprox).
type Approx struct {
	// Seed seeds the hash of states (64-bit xxHash): the same seed gives the
	// same hashes, hence the same search, on every machine.
	Seed uint64
	// Bits is the width of the hashes kept, 1 to 64; 0 means 64. Narrower
	// hashes collide, and miss states, more often: only tests want them.
	Bits uint
	// Rotate turns the successor order: the transitions out of a state are
	// taken process by process from process Rotate (modulo the number of
	// processes), each process's in their order. 0 keeps the Machine's order.
	Rotate int
	// DepthFirst searches depth first rather than breadth first: the stack
	// holds the bytes of the states of one path, and each state's
	// transitions are taken from a process that its hash chooses (Rotate
	// does not apply). Runs are not the shortest, and searches of different
	// seeds cut by a limit cover different parts of the state space. The
	// depth the Visitor is told is the state's depth on the path, the length
	// of its run.
	DepthFirst bool
}

// ApproxSpace is what an approximate search keeps: for every state, the
// state it was first reached from and the index of that transition, so that
// a state's run is rebuilt by replaying those transitions from the initial
// state.
type ApproxSpace struct {
	Machine *Machine
	Outcome Outcome
	// Width is the number of hash bits kept per state; Missed is the
	// probability that a state was missed: that two of the states reached
	// share a hash (MissedProbability).
	Width  uint
	Missed float64
	links  links
}

// maxIDs is the most states an approximate search numbers.
const maxIDs = 1<<32 - 2

// maxIndex is the largest transition index the links of a state can hold.
const maxIndex = 1<<16 - 1

// SearchApprox explores m's state space as Search does — breadth first,
// level by level, reporting to v in the same order of calls for the same
// Approx.Rotate 0 — but keeps only a hash of each visited state (hash
// compaction), and the bytes of the level being expanded and the one being
// produced; with Approx.DepthFirst it explores depth first instead, keeping
// the bytes of the current path (runDepthFirst). A state whose hash is
// already kept counts as visited: when two states share a hash, the second
// is missed, and everything reachable only through it. So a violation found
// is real, with the run that reaches it; no violation found proves nothing,
// with ApproxSpace.Missed the probability that a state was missed.
// opts.Edges is not supported and opts.Workers is ignored: the search runs on
// the calling goroutine.
func SearchApprox(ctx context.Context, m *Machine, opts Options, ap Approx, v Visitor) (sp *ApproxSpace, err error) {
	defer func() {
		if r := recover(); r != nil {
			sp, err = nil, fmt.Errorf("explorer: internal error: %v", r)
		}
	}()
	if opts.Edges != nil {
		return nil, fmt.Errorf("explorer: an approximate search records no edges")
	}
	sr := &approxSearcher{
		ctx:       ctx,
		opts:      opts,
		v:         v,
		heap:      newHeapSampler(),
		set:       newHashSet(ap.Bits, opts.MaxStates, opts.MaxMemory/4),
		digest:    xxhash.NewWithSeed(ap.Seed),
		seed:      ap.Seed,
		r:         m.NewStepper(),
		size:      m.StateSize(),
		maxStates: int64(maxIDs),
		procs:     m.Processes(),
	}
	if sr.procs > 0 {
		sr.rotate = (ap.Rotate%sr.procs + sr.procs) % sr.procs
	}
	if opts.MaxStates > 0 && opts.MaxStates < sr.maxStates {
		sr.maxStates = opts.MaxStates
	}
	sr.start = time.Now()
	sp = &ApproxSpace{Machine: m, Width: sr.set.width}
	sr.sp = sp
	out := &sp.Outcome
	out.StateBytes = sr.size
	out.PeakMemory = sr.heap.read()
	sr.emit, sr.buffer = sr.transition, sr.keep
	if !sr.limit() {
		if ap.DepthFirst {
			sr.runDepthFirst(m)
		} else {
			sr.run(m)
		}
	}
	if sr.err != nil {
		return nil, sr.err
	}
	out.States = int64(sp.links.n)
	out.Elapsed = time.Since(sr.start)
	out.StoreBytes = sr.set.bytes() + sp.links.bytes() + uint64(cap(sr.cur)+cap(sr.next)+cap(sr.stack)) + uint64(cap(sr.frames))*12
	out.PeakMemory = max(out.PeakMemory, sr.heap.read())
	out.Complete = out.Limit == "" && !out.Stopped
	sp.Missed = MissedProbability(out.States, sr.set.width)
	return sp, nil
}

// approxSearcher is the state of one approximate search.
type approxSearcher struct {
	ctx       context.Context
	opts      Options
	v         Visitor
	heap      *heapSampler
	set       *hashSet
	digest    *xxhash.Digest
	seed      uint64
	r         *Stepper
	sp        *ApproxSpace
	size      int
	maxStates int64
	start     time.Time
	procs     int
	rotate    int
	// cur holds the states of the level being expanded, ids [lo, hi); next
	// those of the level being produced, from hi on. curPruned and
	// nextPruned mark their pruned states, by offset in the level.
	cur, next             []byte
	curPruned, nextPruned []uint64
	lo, hi                StateID
	// from is the state being expanded, depth its depth; stop ends the search.
	from  StateID
	depth int
	stop  bool
	err   error
	// emit handles one transition; buffer keeps it for a rotated order.
	emit, buffer func(t *Transition, next []byte)
	// The transitions of the state being expanded, in a rotated order:
	// bufStates holds the successors, one after the other, bufTrans the
	// transitions (Process and Index; a fault's whole, cloned).
	bufStates []byte
	bufTrans  []Transition
	// bufOff is the offset in bufStates of each transition's successor (-1
	// for a fault); order the positions of the transitions in the order they
	// are taken (depth first).
	bufOff []int32
	order  []int32
	// stack and frames are the path of a depth-first search.
	stack  []byte
	frames []frame
}

// hash is the seeded hash of state s.
func (sr *approxSearcher) hash(s []byte) uint64 {
	sr.digest.ResetWithSeed(sr.seed)
	_, _ = sr.digest.Write(s)
	return sr.digest.Sum64()
}

// limit checks the context and the heap, and records the limit reached.
func (sr *approxSearcher) limit() bool {
	out := &sr.sp.Outcome
	if reachedLimit(sr.ctx, sr.heap, sr.opts, out) {
		return true
	}
	if sr.opts.Progress != nil && sr.sp.links.n > 0 {
		now := *out
		now.States = int64(sr.sp.links.n)
		now.Depth = sr.depth
		now.Elapsed = time.Since(sr.start)
		sr.opts.Progress(now)
	}
	return false
}

// control applies the Visitor's answer about the new state at offset i of
// the next level.
func (sr *approxSearcher) control(i int, c Control) {
	switch c {
	case Stop:
		sr.sp.Outcome.Stopped, sr.stop = true, true
	case Prune:
		for i>>6 >= len(sr.nextPruned) {
			sr.nextPruned = append(sr.nextPruned, 0)
		}
		sr.nextPruned[i>>6] |= 1 << (i & 63)
	}
}

// transition handles transition t out of sr.from to next (nil for a fault).
func (sr *approxSearcher) transition(t *Transition, next []byte) {
	if sr.stop {
		return
	}
	out := &sr.sp.Outcome
	out.Transitions++
	if t.Fault != nil {
		if sr.v.Fault(sr.from, t) == Stop {
			out.Stopped, sr.stop = true, true
		}
		return
	}
	n := sr.sp.links.n
	if _, ok := sr.admit(t, next); !ok {
		return
	}
	sr.next = append(sr.next, next...)
	out.Depth = sr.depth + 1
	sr.control(n-int(sr.hi), sr.v.State(StateID(n), next, sr.depth+1))
}

// admit files state next, reached from sr.from by t, and reports whether
// it is new, with its hash; it ends the search at a limit, or when t's index
// does not fit the links.
func (sr *approxSearcher) admit(t *Transition, next []byte) (uint64, bool) {
	out := &sr.sp.Outcome
	h := sr.hash(next)
	n := sr.sp.links.n
	if int64(n) >= sr.maxStates {
		if !sr.set.has(h) {
			out.Limit, sr.stop = LimitStates, true
		}
		return h, false
	}
	if sr.opts.MaxMemory > 0 {
		if grow := sr.set.nextAllocation() + sr.sp.links.nextAllocation(); grow > 0 && sr.heap.read()+grow > sr.opts.MaxMemory {
			if !sr.set.has(h) {
				out.Limit, sr.stop = LimitMemory, true
			}
			return h, false
		}
	}
	if !sr.set.add(h) {
		return h, false
	}
	if t.Index > maxIndex {
		sr.err = fmt.Errorf("explorer: an approximate search takes at most %d transitions out of a state", maxIndex+1)
		sr.stop = true
		return h, false
	}
	sr.sp.links.add(sr.from, uint16(t.Index))
	return h, true
}

// keep buffers transition t out of sr.from, to be handled in the rotated
// order.
func (sr *approxSearcher) keep(t *Transition, next []byte) {
	if t.Fault != nil {
		sr.bufTrans = append(sr.bufTrans, t.Clone())
		sr.bufOff = append(sr.bufOff, -1)
		return
	}
	sr.bufTrans = append(sr.bufTrans, Transition{Index: t.Index, Process: t.Process, Partner: -1})
	sr.bufOff = append(sr.bufOff, int32(len(sr.bufStates)))
	sr.bufStates = append(sr.bufStates, next...)
}

// successors handles the transitions out of state s, in the rotated order,
// and returns their number.
func (sr *approxSearcher) successors(s []byte) int {
	if sr.rotate == 0 {
		return sr.r.Successors(s, sr.emit)
	}
	sr.bufTrans, sr.bufStates, sr.bufOff = sr.bufTrans[:0], sr.bufStates[:0], sr.bufOff[:0]
	n := sr.r.Successors(s, sr.buffer)
	for k := range sr.procs {
		p := (k + sr.rotate) % sr.procs
		off := 0
		for i := range sr.bufTrans {
			t := &sr.bufTrans[i]
			if t.Fault != nil {
				if t.Process == p {
					sr.transition(t, nil)
				}
				continue
			}
			if t.Process == p {
				sr.transition(t, sr.bufStates[off:off+sr.size])
			}
			off += sr.size
		}
	}
	return n
}

// run inserts the initial state and explores level by level.
func (sr *approxSearcher) run(m *Machine) {
	init := m.Initial()
	sr.set.add(sr.hash(init))
	sr.sp.links.add(NoParent, 0)
	sr.next = append(sr.next, init...)
	sr.control(0, sr.v.State(0, init, 0))
	sr.hi = 1
	for !sr.stop && sr.lo < sr.hi {
		sr.cur, sr.next = sr.next, sr.cur[:0]
		sr.curPruned, sr.nextPruned = sr.nextPruned, sr.curPruned[:0]
		for i := range int(sr.hi - sr.lo) {
			sr.from = sr.lo + StateID(i)
			if sr.from%sampleEvery == sampleEvery-1 && sr.limit() {
				return
			}
			if i>>6 < len(sr.curPruned) && sr.curPruned[i>>6]&(1<<(i&63)) != 0 {
				continue
			}
			s := sr.cur[i*sr.size : (i+1)*sr.size]
			if sr.successors(s) == 0 && !sr.stop {
				if sr.v.Deadend(sr.from, s) == Stop {
					sr.sp.Outcome.Stopped, sr.stop = true, true
				}
			}
			if sr.stop {
				return
			}
		}
		sr.lo, sr.hi = sr.hi, StateID(sr.sp.links.n)
		sr.depth++
	}
}

// has reports whether hash h is kept.
func (s *hashSet) has(h uint64) bool {
	v := s.slotOf(h)
	mask := uint64(len(s.table) - 1)
	for i := s.home(v); ; i = (i + 1) & mask {
		switch s.table[i] {
		case 0:
			return false
		case v:
			return true
		}
	}
}
