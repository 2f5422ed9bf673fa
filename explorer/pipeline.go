package explorer

import (
	"encoding/binary"
	"runtime"
	"slices"
	"sync/atomic"
	"time"
)

// With two workers, a level is explored by a pipeline: worker 1, the
// expander, expands the level's chunks in order, up to pipelineChunks ahead
// of worker 0, the searcher's goroutine, which merges them in order as one
// worker does (merge), inserting their successors one by one. The search
// thus makes exactly the calls, and stores exactly the states, of a
// one-worker search; the workers meet at no barrier within a level, and
// each successor is looked up once. Where the merger would wait for a
// chunk, it takes the next one not taken and expands it itself: expanding
// and inserting cost about the same, and whichever falls behind, the other
// keeps busy (the merger expanding, the expander running ahead). At the
// end of a level, the expander goes on with the first chunks of the next,
// whose states are stored by then (publishAhead), while the merger merges
// the level's last chunks.
//
// The table grows with both workers filing the new one (growTogether),
// between chunks: the expander stops first, for under a POR it looks states
// up in the table (view.lookup), whose memory growing gives back.
// Meanwhile inserts leave growing to the pipeline (Store.deferGrowth), and
// under a POR write their slots atomically. A chunk that
// could take the table past 15/16 full, or reach a limit, is merged with
// the expander stopped, as one worker merges it, the table growing as it
// goes: the search then stops at the same state, with the same table, as
// with one worker.
//
// Several expanders and one merger would make the merger the bottleneck
// from three workers on: more workers insert together instead (claim.go).

// pipelineChunks is how many chunks may be expanded ahead of the merger:
// on the filter lock with 4 processes, 4, 8 and 16 chunks of 1024 states
// did equally well, and 32 no better.
const pipelineChunks = 8

// pipeline is the state of the level being explored by the pipeline.
type pipeline struct {
	// ring holds the chunks expanded and not yet merged: chunk i is
	// ring[i%len(ring)], and ready[i%len(ring)] is i+1 once it is
	// expanded. Chunks are numbered on from level to level: the level's
	// are base, base+1, … up to end().
	ring  []chunk
	ready []atomic.Int64
	// lo is the level's first state, chunks its number of chunks.
	lo           StateID
	base, chunks int
	// taken is the number of chunks taken to be expanded, merged the
	// number merged, released the number whose place in the ring is free
	// again: merged, or when the search records edges, told of (tellNext).
	// A chunk is taken only when its place is free.
	taken, merged, released atomic.Int64
	// Once the expander has taken every chunk of the level, it goes on
	// with the next level's, while the merger merges the last ones (the
	// level's tail, which it would otherwise merge alone): the first
	// aheadChunks chunks of the next level, whose states the merger had
	// stored when it made ahead, a view of them (publishAhead). They are
	// numbered on from end(), and merged as the next level's first
	// chunks. No chunk is expanded ahead under a POR, whose expansions
	// look states up in the table.
	ahead       view
	aheadChunks atomic.Int64
	runAhead    bool
	// spares tells the expander to have the store's spares made as it waits
	// (spares.go): for the level, the heap is far enough below the limit.
	spares bool
	// hold tells the expander to stop before its next chunk; gone tells
	// that it has returned, maybe by a panic of Edges.
	hold, gone atomic.Bool
	// telling is set while a worker tells Edges of a merged chunk
	// (tellNext): the expander, or the merger when it would wait.
	telling atomic.Bool
	// hashes[i%2] holds the hashes of chunk hashed[i%2]'s firsts, which
	// the merger makes from their keys (mergerFirsts).
	hashes [2][]uint64
	hashed [2]int
}

func newPipeline() *pipeline {
	return &pipeline{ring: make([]chunk, pipelineChunks), ready: make([]atomic.Int64, pipelineChunks), hashed: [2]int{-1, -1}}
}

// mergerFirsts is the hashes of the firsts of chunk i, expanded: made by
// the merger from the firsts' keys when they are words, so that it reads
// none of the lines of the chunk's own hashes, which the expander writes
// again when it next expands in the chunk's place (a line passed from one
// core to the other and back costs several loads from memory); else the
// chunk's.
func (p *parallel) mergerFirsts(i int) []uint64 {
	q, c := p.pipe, p.pipe.chunk(i)
	if !c.wordKeys {
		return c.firsts
	}
	if q.hashed[i%2] == i {
		return q.hashes[i%2]
	}
	seed, mask := p.view.hash.word, ^uint64(0)>>(64-8*min(p.view.size, 8))
	h := q.hashes[i%2][:0]
	for _, k := range c.firstKeys {
		h = append(h, mixWord(binary.LittleEndian.Uint64(k[:])&mask^seed))
	}
	q.hashes[i%2], q.hashed[i%2] = h, i
	return h
}

// chunk is chunk i.
func (q *pipeline) chunk(i int) *chunk { return &q.ring[i%len(q.ring)] }

// end is the number of the first chunk after the level's.
func (q *pipeline) end() int { return q.base + q.chunks }

// isReady tells whether chunk i is expanded.
func (q *pipeline) isReady(i int) bool { return q.ready[i%len(q.ring)].Load() == int64(i+1) }

// take takes the next chunk to expand, if there is one and its place in
// the ring is free, the place of the chunk merged last being kept: one of
// the level's, or with ahead, one of the next level's that may be
// expanded ahead; done tells that every chunk of the level is taken.
func (q *pipeline) take(ahead bool) (i int, ok, done bool) {
	for {
		t, last := q.taken.Load(), int64(q.end())
		if ahead {
			last += q.aheadChunks.Load()
		}
		if t >= last {
			return 0, false, t >= int64(q.end())
		}
		// One place is left to the chunk merged last, which the chunk
		// after it may read as its prior while it is expanded
		// (expandPiped).
		if t-q.released.Load() >= int64(len(q.ring)-1) {
			return 0, false, false
		}
		if q.taken.CompareAndSwap(t, t+1) {
			return int(t), true, false
		}
	}
}

// expandPiped expands chunk i, of the level [q.lo, hi) or expanded ahead,
// with worker w's stepper, and publishes it.
func (p *parallel) expandPiped(i, w int, hi StateID, record bool) {
	q := p.pipe
	c, v := q.chunk(i), &p.view
	c.lo = q.lo + StateID(i-q.base)*p.per
	c.hi = min(c.lo+p.per, hi)
	if i >= q.end() {
		v = &q.ahead
		c.lo = v.lo + StateID(i-q.end())*p.per
		c.hi = c.lo + p.per
	}
	// The chunk before is its prior once expanded: its place is taken
	// again only once this chunk is merged (take).
	c.prior = nil
	if i > 0 && q.isReady(i-1) {
		c.prior = priorIf(q.chunk(i - 1))
	}
	c.expand(v, p.steppers[w], p.batch, p.canon(w), record)
	q.ready[i%len(q.ring)].Store(int64(i + 1))
}

// publishAhead lets the expander expand the next level's chunks ahead, up
// to the states stored so far, hi being the level's end: the view of them
// is taken here, on the merger, which alone stores states and prunes them.
// Only whole chunks are let: the next level's end is not known yet.
func (p *parallel) publishAhead(sr *searcher, hi StateID) {
	q := p.pipe
	n := StateID(sr.st.n)
	whole := int((n - hi) / p.per)
	if whole == 0 {
		return
	}
	q.ahead.take(sr, hi, n)
	q.ahead.ranges, q.ahead.moves = p.view.ranges, p.view.moves
	q.aheadChunks.Store(int64(whole))
}

// levelPiped explores the states [lo, hi) of one level with the pipeline.
// It reports whether the search must end.
func (p *parallel) levelPiped(sr *searcher, lo, hi StateID) bool {
	q, st := p.pipe, sr.st
	// The chunks expanded ahead, if any, are the level's first.
	q.lo, q.base, q.chunks = lo, q.end(), int((hi-lo+p.per-1)/p.per)
	q.hashed = [2]int{-1, -1}
	q.aheadChunks.Store(0)
	q.runAhead = sr.opts.POR == nil
	q.spares = st.arenaSpare != nil && (sr.opts.MaxMemory == 0 || sr.heap.read()+spareRoom <= sr.opts.MaxMemory)
	record := sr.opts.Edges != nil
	for i := q.base; i < q.end(); {
		var end, alone bool
		q.hold.Store(false)
		q.gone.Store(false)
		st.deferGrowth, st.atomicSlots = true, sr.opts.POR != nil
		p.team.run(func(w int) {
			if w != 0 {
				p.expandAhead(sr, record, hi)
				return
			}
			defer q.hold.Store(true)
			i, end, alone = p.mergeAhead(sr, i, hi, record)
		})
		st.deferGrowth, st.atomicSlots = false, false
		if !end && alone {
			// The expander has stopped, with chunk i expanded.
			end = p.mergePiped(sr, i, record, nil, q.chunk(i).firsts)
			i++
		}
		p.tellMerged(sr)
		for full(st.n, len(st.table)) {
			st.growTogether(p.onWorkers)
		}
		p.retable(st)
		if end {
			return true
		}
	}
	return false
}

// expandAhead is the expander: it takes the level's chunks in order and
// expands them, then those of the next level that it may expand ahead,
// until it is told to hold (under a POR and recording nothing, once every
// chunk of the level is taken); when the search records edges, it tells
// Edges of the merged chunks first. Waiting for room in the ring, it spins
// for up to spinFor, then naps, as when the Visitor takes long over the
// states of a chunk.
func (p *parallel) expandAhead(sr *searcher, record bool, hi StateID) {
	q := p.pipe
	defer q.gone.Store(true)
	var waiting time.Time
	for !q.hold.Load() {
		if record && p.tryTelling(sr) {
			// The merged chunks are told of first, freeing their places.
			waiting = time.Time{}
			continue
		}
		i, ok, done := q.take(q.runAhead)
		switch {
		case done && !record && !q.runAhead:
			return
		case ok:
			p.expandPiped(i, 1, hi, record)
			waiting = time.Time{}
		case waiting.IsZero():
			// The wait for room has the store's spares made first.
			if q.spares {
				sr.st.arenaSpare.makeAside()
				sr.st.countSpare.makeAside()
			}
			waiting = time.Now()
		case time.Since(waiting) > spinFor:
			time.Sleep(nap)
		default:
			runtime.Gosched()
		}
	}
}

// nap is how long the expander sleeps at a time once it has waited spinFor
// for room in the ring.
const nap = 50 * time.Microsecond

// mergeAhead is the merger: from chunk i on, it waits for each chunk
// to be expanded and merges it. It returns the next chunk to merge, and
// stops early, for the table to grow, once it is full; when the search
// must end; or, telling alone, before a chunk that must be merged with the
// expander stopped (claimable).
func (p *parallel) mergeAhead(sr *searcher, i int, hi StateID, record bool) (next int, end, alone bool) {
	q := p.pipe
	// asked is the chunk whose slots the processor was last asked for.
	asked := i - 1
	for ; i < q.end(); i++ {
		for !q.isReady(i) {
			// Rather than wait, the merger expands the next chunk
			// itself, or tells of a merged one.
			if j, ok, _ := q.take(false); ok {
				p.expandPiped(j, 0, hi, record)
				continue
			}
			if record && p.tryTelling(sr) {
				continue
			}
			if q.gone.Load() && !q.isReady(i) {
				// The expander failed, with chunks not told of: its
				// panic is raised again once this returns.
				return i, false, false
			}
			runtime.Gosched()
		}
		c := q.chunk(i)
		if c.err != nil {
			panic(c.err)
		}
		if !p.claimable(sr, q.ring[i%len(q.ring):][:1]) {
			return i, false, true
		}
		// The slots of a chunk are asked for during the merge of the chunk
		// before, when it is expanded by then, and its records just before
		// it is merged, as one worker does (level).
		firsts := p.mergerFirsts(i)
		if asked < i {
			p.view.prefetchSlots(firsts)
		}
		p.view.prefetchRecords(firsts, &c.addrs)
		var ahead []uint64
		if asked = i; i+1 < q.end() && q.isReady(i+1) {
			asked = i + 1
			ahead = p.mergerFirsts(i + 1)
		}
		end = p.mergePiped(sr, i, record, ahead, firsts)
		if end {
			return i + 1, true, false
		}
		if q.runAhead && q.aheadChunks.Load() == 0 && q.taken.Load() >= int64(q.end()) {
			p.publishAhead(sr, hi)
		}
		if full(sr.st.n, len(sr.st.table)) {
			return i + 1, false, false
		}
	}
	return i, false, false
}

// mergePiped merges chunk i, the next, firsts being the hashes of its
// firsts. When the search records edges, it leaves telling Edges of the
// chunk to tellNext, noting what to tell, for the expander to do beside
// the merger's next chunk; otherwise the chunk's place in the ring is free
// once it is merged. It reports whether the search must end.
func (p *parallel) mergePiped(sr *searcher, i int, record bool, ahead, firsts []uint64) bool {
	q := p.pipe
	c := q.chunk(i)
	if record {
		c.deferTelling()
	}
	// The merge reads firsts, the merger's hashes, in the chunk's place,
	// which is the chunk's own again before the expander may see it.
	own := c.firsts
	c.firsts = firsts
	end := p.merge(sr, q.ring[i%len(q.ring):][:1], ahead)
	c.firsts = own
	q.merged.Store(int64(i + 1))
	if !record {
		q.released.Store(int64(i + 1))
	}
	return end
}

// tryTelling tells Edges of the next merged chunk not told of yet, if there
// is one and no other worker is telling, and reports whether it did: while
// the workers run, the expander tells of the merged chunks before it
// expands its next, and the merger, rather than wait for a chunk, tells of
// one in its place. On the filter lock with 4 processes recording edges,
// the merger waited 0.3-0.45 s of a 5 s search while the expander told.
func (p *parallel) tryTelling(sr *searcher) bool {
	q := p.pipe
	if q.released.Load() >= q.merged.Load() || !q.telling.CompareAndSwap(false, true) {
		return false
	}
	defer q.telling.Store(false)
	// The other worker may have told of it since.
	if q.released.Load() >= q.merged.Load() {
		return false
	}
	p.tellNext(sr)
	return true
}

// tellNext tells Edges of the next merged chunk not told of yet, and frees
// its place in the ring. Only one goroutine at a time may call it: a
// worker that set telling while the workers run, the merger between.
func (p *parallel) tellNext(sr *searcher) {
	q := p.pipe
	i := int(q.released.Load())
	q.chunk(i).tell(sr)
	q.released.Store(int64(i + 1))
}

// deferTelling has the merge of the chunk leave telling Edges of its
// states to tell, noting in tells what to tell.
func (c *chunk) deferTelling() {
	c.deferTells = true
	// A chunk whose states are all merged by mergeEdged (keys of one
	// word, no fault, no long state) leaves the targets of its edges to
	// tell: the merge then writes none of the lines of the edges, which
	// the expander wrote and reads again to tell of them.
	c.tosLeft, c.firstTos = c.wordKeys && len(c.faults) == 0 && !c.long, c.firstTos[:0]
	c.tells = slices.Grow(c.tells[:0], len(c.counts))[:len(c.counts)]
	for j := range c.tells {
		c.tells[j] = -1
	}
}

// tell tells Edges of the chunk's states, merged, as the merge noted.
func (c *chunk) tell(sr *searcher) {
	if c.tosLeft {
		c.tellTargets()
	}
	size, t := sr.st.stateSize, 0
	for j, cnt := range c.counts {
		if n := c.tells[j]; n >= 0 {
			sr.opts.Edges(c.lo+StateID(j), c.from(j, size), c.edges[t:t+int(n)])
		}
		t += max(int(cnt), 0)
	}
}

// tellMerged tells Edges of every merged chunk not told of yet, with the
// expander stopped.
func (p *parallel) tellMerged(sr *searcher) {
	q := p.pipe
	for q.released.Load() < q.merged.Load() {
		p.tellNext(sr)
	}
}

// tellTargets sets the targets of the chunk's edges from the states its
// firsts lead to (firstTos): a first's, its own, a repeat's, its first's
// edge's, with no branch on which it is, up to the first that was not
// merged (the search stopped before). The chunk has no faults: its
// successors and transitions are numbered alike.
func (c *chunk) tellTargets() {
	// firstTos has one more entry than the firsts merged, read and
	// discarded after the last.
	merged := len(c.firstTos)
	tos, edges, f := append(c.firstTos, 0), c.edges, 0
	for i, r := range c.repeat {
		first := int(uint32(r) >> 31)
		if f+first > merged {
			break
		}
		mask := -uint64(first)
		to := tos[f]&mask | uint64(edges[max(r, 0)].To)&^mask
		f += first
		edges[i].To = StateID(to)
	}
	c.firstTos = tos[:len(tos)-1]
}
