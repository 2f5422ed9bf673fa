package explorer

import (
	"math/bits"
	"slices"
	"sync/atomic"
)

// With several workers, the successors of a window are inserted into the
// store by all the workers at once, and the store ends up as if one searcher
// had inserted them one by one in the window's order: the same ids, the same
// parents, the same table size.
//
// The table is cut into as many ranges of slots as there are workers, and
// each worker files the successors of the window whose hashes give it
// (rangeOf), their homes lying in its range, in the window's order, writing
// only slots of its range: no two workers write the same slot, and none
// waits on another. A free slot a worker claims: it writes a claim (the
// chunk and the successor's index in it) instead of an id and hash bits. As
// every successor of a state has the same hash, one worker files them all,
// in order, and the first claims the slot: the one a one-by-one insert
// stores; the others find its claim. A successor whose probe would leave the
// range (or whose home starts the next one) is filed after the others, in
// the window's order, by one worker; its state's other successors are too,
// so it finds what a one-by-one insert finds, if maybe in another slot. Each
// worker notes what it found in memory of its own, so that the workers share
// no cache line while they file. Then the claims of each chunk are counted;
// the ids follow in the window's order, a chunk's first new state after the
// earlier chunks' new states. Each worker writes the ids into the slots it
// claimed, a state's id being its rank among the window's new states, which
// a bit a successor tells (filer.news: a few cache lines a window are all
// the workers read of each other's notes, unless edges are recorded); and
// the workers write the records of the new states of the chunks they take.
// The searcher then hands the window to the Visitor in order, with every id
// known.
//
// The table does not grow while the workers insert: a window is inserted
// this way only when the table stays at most 15/16 full with all its
// successors new, and when no limit can be reached within it; otherwise the
// searcher inserts it one by one, as with one worker. After the window, the
// table grows as the one-by-one insert would have grown it. When the Visitor
// stops the search within the window, the states stored after the last one
// it was told of are taken out again (Store.truncate).

// claimBit marks a slot as a claim rather than a stored state's.
const claimBit = 1 << 31

// successorBits are the low bits of a claim, which number the successor in
// its chunk; the bits above them, below claimBit, number the chunk.
const successorBits = 23

// maxWindowChunks is the most chunks of a window, as a claim numbers them.
const maxWindowChunks = 1 << (31 - successorBits)

// claimOf is the claim of successor k of chunk c of the window.
func claimOf(c, k int) uint32 { return claimBit | uint32(c)<<successorBits | uint32(k) }

// claimant is the chunk c of the window and the index k in it of the
// successor that made claim v.
func claimant(v uint32) (c, k int) {
	return int(v&^claimBit) >> successorBits, int(v & (1<<successorBits - 1))
}

// claimed returns the key that claim v names among the chunks of bank.
func claimed(bank []chunk, v uint32, size int) []byte {
	c, k := claimant(v)
	return bank[c].keys[k*size : (k+1)*size]
}

// filing is a successor of a window that a worker files: successor k of
// chunk c, of hash h, the seq-th of the window's successors that the worker
// files.
type filing struct {
	h         uint64
	c, k, seq int32
}

// filer is a worker's part of filing a window. It files the successors
// whose home lies in its range of the table and notes what it found: news
// has bit g set for the successor of index g in the window when it claimed
// a slot, and claims holds the slot, that index and the hash bits of each,
// for the filer to write the state's id there once the ids are known
// (storeClaimed). When the search records edges, found holds for each
// successor it files, by seq, the id of the state stored before that it
// found, or with earlierBit the index in the window of the earlier
// successor that claimed a slot for its state; foundStart is the seq of
// each chunk's first. It writes only its own memory and its range's slots,
// so that the workers share no cache line while they file, and the others
// read of its notes only news, a few lines a window, and found. owned
// counts the slots it claimed, by chunk; deferred keeps the successors
// whose probe would leave the range.
type filer struct {
	owned      []int
	mine       []filing
	hashes     []uint64
	addrs      []uintptr
	deferred   []filing
	news       []uint64
	claims     []slotClaim
	record     bool
	found      []uint64
	foundStart []int32
	// Filers lie side by side and are written by different workers at
	// once: padding keeps one off the cache lines of the next.
	_ [64]byte
}

// slotClaim is a slot at that a worker claimed for the successor of index g
// in the window, whose hash gives the slot tag.
type slotClaim struct{ at, g, tag uint32 }

// rangeOf is the worker that files the states of hash h: the workers share
// the hashes by the fraction of 2^32 that their top 32 bits are, as homes
// do the table, so that a worker's states have their homes in its range.
func rangeOf(h uint64, workers int) int { return int((h >> 32) * uint64(workers) >> 32) }

// rangeStart is the first slot of worker w's range in a table of slots
// slots: the home of the least hash rangeOf gives w. A state of worker
// w-1 may have its home there too; its probe leaves w-1's range at once.
func rangeStart(w, slots, workers int) uint64 {
	if w >= workers {
		return uint64(slots)
	}
	least := (uint64(w)<<32 + uint64(workers) - 1) / uint64(workers)
	return homeIn(least<<32, slots)
}

// file files successor f of the window of chunks bank, whose index in the
// window is g, probing from its home up to the slot before end (when end is
// past the table, around it), and notes in out what it found: a free slot,
// which it claims; the state stored; or the state claimed by an earlier
// successor. first is the index in the window of each chunk's first
// successor. It reports false, changing nothing, when the probe reaches end.
func (s *Store) file(bank []chunk, first []int, f filing, g int, out *filer, end uint64) bool {
	key := bank[f.c].keys[int(f.k)*s.size : int(f.k+1)*s.size]
	tag, ids := slotTag(f.h, s.idBits), uint32(1)<<s.idBits-1
	slots := uint64(len(s.table))
	for i := s.home(f.h); i != end; {
		v := s.table[i]
		switch {
		case v == 0:
			s.table[i] = claimOf(int(f.c), int(f.k))
			out.news[g>>6] |= 1 << (g & 63)
			out.claims = append(out.claims, slotClaim{at: uint32(i), g: uint32(g), tag: tag})
			out.owned[f.c]++
			return true
		case v&claimBit == 0:
			if v&^ids == tag && sameKey(s.key(StateID(v&ids-1)), key) {
				if out.record {
					out.found[f.seq] = uint64(v&ids - 1)
				}
				return true
			}
		case sameKey(claimed(bank, v, s.size), key):
			if out.record {
				c, k := claimant(v)
				out.found[f.seq] = uint64(first[c]+k) | earlierBit
			}
			return true
		}
		if i++; i == slots {
			if end <= slots {
				return false // a range ends at the table's end
			}
			i = 0
		}
	}
	return false
}

// fileRange files, as worker w, the successors of the window of chunks bank
// that rangeOf gives w, in the window's order; first is the index in the
// window of each chunk's first successor.
func (s *Store) fileRange(bank []chunk, first []int, f *filer, v *view, w, workers int) {
	slots, total := len(s.table), first[len(bank)]
	words := (total + 63) / 64
	f.news = slices.Grow(f.news[:0], words)[:words]
	clear(f.news)
	f.claims = f.claims[:0]
	f.foundStart = slices.Grow(f.foundStart[:0], len(bank))[:len(bank)]
	seq := int32(0)
	f.owned = slices.Grow(f.owned[:0], len(bank))[:len(bank)]
	clear(f.owned)
	f.mine, f.hashes, f.deferred = f.mine[:0], f.hashes[:0], f.deferred[:0]
	end := rangeStart(w+1, slots, workers)
	for c := range bank {
		hs := bank[c].hashes
		f.foundStart[c] = seq
		for _, k := range bank[c].byRange[w] {
			fl := filing{h: hs[k], c: int32(c), k: k, seq: seq}
			seq++
			if s.home(fl.h) >= end {
				// Its home starts the next range: filed after.
				f.deferred = append(f.deferred, fl)
				continue
			}
			f.mine = append(f.mine, fl)
			f.hashes = append(f.hashes, fl.h)
		}
	}
	if f.record {
		f.found = slices.Grow(f.found[:0], int(seq))[:seq]
	}
	// The processor is asked for the slots of a batch two batches ahead,
	// and for the records of the next batch, whose slots have come in by
	// then: the cache misses are waited for beside the filing, and what is
	// fetched stays in the cache until it is used.
	const batch = 64
	n := len(f.mine)
	slotsOf := func(lo int) {
		if lo < n {
			v.prefetchSlots(f.hashes[lo:min(lo+batch, n)])
		}
	}
	recordsOf := func(lo int) {
		if lo < n {
			v.prefetchRecords(f.hashes[lo:min(lo+batch, n)], &f.addrs)
		}
	}
	slotsOf(0)
	slotsOf(batch)
	recordsOf(0)
	for lo := 0; lo < n; lo += batch {
		slotsOf(lo + 2*batch)
		recordsOf(lo + batch)
		for _, fl := range f.mine[lo:min(lo+batch, n)] {
			if !s.file(bank, first, fl, first[fl.c]+int(fl.k), f, end) {
				f.deferred = append(f.deferred, fl)
			}
		}
	}
}

// storeClaimed is the end of claimWindow, the new states numbered from n0:
// each worker writes the ids of the slots it claimed, from the rank of
// their successor among the window's new ones, which the filers' news tell,
// and the workers store the new states of the chunks they take, with their
// edges when the search records them (storeNew).
func (p *parallel) storeClaimed(s *Store, bank []chunk, n0 int, record bool) {
	words := len(p.filers[0].news)
	news := slices.Grow(p.news[:0], words)[:words]
	ranks := slices.Grow(p.ranks[:0], words)[:words]
	before := 0
	for i := range news {
		news[i] = 0
		for w := range p.filers {
			news[i] |= p.filers[w].news[i]
		}
		ranks[i] = before
		before += bits.OnesCount64(news[i])
	}
	p.news, p.ranks = news, ranks
	ids := newIDs{n0: n0, news: news, ranks: ranks}
	first := p.first
	var taken atomic.Int64
	p.onWorkers(func(w int) {
		for _, c := range p.filers[w].claims {
			s.table[c.at] = c.tag | uint32(ids.of(int(c.g))+1)
		}
		for c := int(taken.Add(1) - 1); c < len(bank); c = int(taken.Add(1) - 1) {
			bank[c].storeNew(s, p.filers, ids, first[c], c, record)
		}
	})
}

// newIDs numbers the new states of a window: the successor of index g in
// the window claimed a slot when bit g of news is set, and its state's id
// is n0 plus the number of such successors before it, ranks holding that
// number for each word of news.
type newIDs struct {
	n0    int
	news  []uint64
	ranks []int
}

// isNew tells whether successor g claimed a slot.
func (ids newIDs) isNew(g int) bool { return ids.news[g>>6]&(1<<(g&63)) != 0 }

// of is the id of the state of successor g, which claimed a slot.
func (ids newIDs) of(g int) StateID {
	return StateID(ids.n0 + ids.ranks[g>>6] + bits.OnesCount64(ids.news[g>>6]&(1<<(g&63)-1)))
}

// storeNew writes the records of the chunk's new states, numbered from
// ch.base: its successors that claimed a slot (ids), the first of which has
// index first in the window; and marks the others looked up as stored
// before (toKnown), for the searcher that hands the window on. The arena
// must have room for them. The chunk is chunk c of the window.
//
// With record, it also gives the edges their targets, and notes in slots,
// for each successor, the id of its state, from what the filers found: the
// id of a state stored before, or the successor of the window that claimed
// a slot for it, whose id ids tells; a repeat of the chunk (toRepeat) takes
// its first's.
func (ch *chunk) storeNew(s *Store, filers []filer, ids newIDs, first, c int, record bool) {
	if record {
		ch.cursors = slices.Grow(ch.cursors[:0], len(filers))[:len(filers)]
		for w := range filers {
			ch.cursors[w] = filers[w].foundStart[c]
		}
	}
	id, k, t := ch.base, 0, 0
	for j, cnt := range ch.counts {
		parent, born := ch.lo+StateID(j), id
		for range max(cnt, 0) {
			switch ch.kinds[t] {
			case toFault:
			case toRepeat:
				if record {
					ch.storeRepeat(k, t)
				}
				k++
			default:
				isNew := ids.isNew(first + k)
				if isNew {
					s.putRecord(id, ch.keys[k*s.size:(k+1)*s.size], parent)
				} else {
					ch.kinds[t] = toKnown
				}
				if record {
					w := rangeOf(ch.hashes[k], len(filers))
					ch.storeTarget(k, t, id, isNew, filers[w].found[ch.cursors[w]], ids)
					ch.cursors[w]++
				}
				if isNew {
					id++
				}
				k++
			}
			t++
		}
		if s.counts != nil && id > born {
			s.counts.set(parent, int(id-born))
		}
	}
}

// storeRepeat gives successor k, transition t of the chunk, a repeat, what
// its first found.
func (ch *chunk) storeRepeat(k, t int) {
	to := ch.slots[ch.repeat[k]]
	ch.slots[k] = to
	ch.kinds[t] = toKnown
	ch.edges[t].To = StateID(to)
}

// storeTarget gives successor k, transition t of the chunk, its target: id
// when it is new, else what its filer found, a state stored before or one
// an earlier successor of the window claimed a slot for (ids).
func (ch *chunk) storeTarget(k, t int, id StateID, isNew bool, found uint64, ids newIDs) {
	switch {
	case isNew:
	case found&earlierBit != 0:
		id = ids.of(int(found &^ earlierBit))
	default:
		id = StateID(found)
	}
	ch.edges[t].To = id
	ch.slots[k] = uint64(id)
}

// earlierBit marks what a filer found as the successor of the window that
// claimed a slot for the state (filer.found).
const earlierBit = 1 << 63

// claimable tells whether the workers can insert the window of chunks bank
// together: the table holds every successor of it without growing past
// 15/16, and neither the state limit nor the memory limit can be reached
// within it.
func (p *parallel) claimable(sr *searcher, bank []chunk) bool {
	s := sr.st
	total := s.n
	for i := range bank {
		if bank[i].err != nil {
			panic(bank[i].err)
		}
		// The successors, or of a chunk that keeps its firsts alone
		// (fileFirsts), the firsts: as many new states at most.
		n := max(len(bank[i].hashes), len(bank[i].firsts))
		if n >= 1<<successorBits {
			return false
		}
		total += n
	}
	if int64(total) > sr.maxStates || 16*total > 15*len(s.table) {
		return false
	}
	if sr.opts.MaxMemory > 0 {
		arena := s.arenaBytes(total) - s.arenaBytes(s.n)
		grow := func() uint64 {
			if full(total, len(s.table)) {
				return arena + uint64(s.nextSlots())*4
			}
			return arena
		}
		if !sr.fits(grow) {
			return false
		}
	}
	return true
}

// claimWindow inserts the successors of the window of chunks bank, on
// every worker, and leaves each chunk's kinds telling which transitions
// lead to new states (toNew, numbered from the chunk's base) and which to
// states stored before them (toKnown), in this window or before. With
// record, every edge gets its target.
func (p *parallel) claimWindow(sr *searcher, bank []chunk, record bool) {
	s := sr.st
	sr.stored = StateID(s.n)
	first := append(p.first[:0], 0)
	for c := range bank {
		n := len(bank[c].hashes)
		bank[c].slots = slices.Grow(bank[c].slots[:0], n)[:n]
		first = append(first, first[c]+n)
	}
	p.first = first
	for w := range p.filers {
		p.filers[w].record = record
	}
	p.onWorkers(func(w int) {
		s.fileRange(bank, first, &p.filers[w], &p.view, w, p.workers)
	})
	// The successors whose probe left their range, in the window's order,
	// with the table's other slots filed: probing may go around its end.
	deferred := p.deferred[:0]
	for w := range p.filers {
		deferred = append(deferred, p.filers[w].deferred...)
	}
	slices.SortFunc(deferred, func(a, b filing) int {
		if a.c != b.c {
			return int(a.c - b.c)
		}
		return int(a.k - b.k)
	})
	slots := len(s.table)
	for _, f := range deferred {
		w := rangeOf(f.h, p.workers)
		s.file(bank, first, f, first[f.c]+int(f.k), &p.filers[w], uint64(slots)+1)
	}
	p.deferred = deferred
	n := s.n
	for c := range bank {
		bank[c].owned = 0
		for w := range p.filers {
			bank[c].owned += p.filers[w].owned[c]
		}
		bank[c].base = StateID(n)
		n += bank[c].owned
	}
	n0 := s.n
	s.reserve(n)
	p.storeClaimed(s, bank, n0, record)
}

// onWorkers runs f(w) for every worker w at once, worker 0 on the calling
// goroutine, and returns when all have returned. A panic in any of them is
// raised again here.
func (p *parallel) onWorkers(f func(w int)) { p.team.run(f) }

// expandWindow expands the chunks of bank on every worker, each taking the
// next chunk not taken. The calling goroutine first runs during, if any,
// then expands too; expandWindow returns when every chunk is expanded.
func (p *parallel) expandWindow(bank []chunk, record bool, during func()) {
	var taken atomic.Int64
	p.team.run(func(w int) {
		if w == 0 && during != nil {
			during()
		}
		for {
			i := int(taken.Add(1) - 1)
			if i >= len(bank) {
				return
			}
			bank[i].expand(&p.view, p.steppers[w], p.batch, p.canon(w), record)
		}
	})
}

// levelClaimed explores the states [lo, hi) of one level with several
// workers: they expand a window and insert its successors together, then
// expand the next window while the searcher hands the last one to the
// Visitor. It reports whether the search must end.
func (p *parallel) levelClaimed(sr *searcher, lo, hi StateID) bool {
	record := sr.opts.Edges != nil
	start := lo
	cur, next := p.banks[0], p.banks[1]
	n := p.fill(cur, &start, hi)
	p.expandWindow(cur[:n], record, nil)
	for n > 0 {
		together := p.claimable(sr, cur[:n])
		if together {
			p.claimWindow(sr, cur[:n], record)
		}
		m := p.fill(next, &start, hi)
		var end bool
		if together {
			p.expandWindow(next[:m], record, func() { end = p.mergeClaimed(sr, cur[:n]) })
		} else {
			// The merge inserts, and may grow the table, which the
			// expansion reads (under a POR): one after the other.
			if end = p.merge(sr, cur[:n], nil); !end {
				p.retable(sr.st)
				p.expandWindow(next[:m], record, nil)
			}
		}
		if together {
			// The table grows, if it must, once the window is handed on,
			// for the states past a stop must be taken out first, and
			// once the workers have expanded the next one, for they may
			// read it (under a POR); the workers grow it together.
			if end {
				sr.st.truncate(int(sr.stored))
			}
			for full(sr.st.n, len(sr.st.table)) {
				sr.st.growTogether(p.onWorkers)
			}
		}
		p.retable(sr.st)
		if end {
			return true
		}
		cur, next, n = next, cur, m
	}
	return false
}

// mergeClaimed hands the searcher the chunks of a window the workers have
// stored, in order. It reports whether the search must end.
func (p *parallel) mergeClaimed(sr *searcher, chunks []chunk) bool {
	size, keySize := sr.st.stateSize, sr.st.size
	for i := range chunks {
		c := &chunks[i]
		id, k, t, f := c.base, 0, 0, 0
		for j, cnt := range c.counts {
			sr.from = c.lo + StateID(j)
			skip, end := sr.skip()
			if end {
				return true
			}
			if skip {
				continue
			}
			first, told := t, -1
			for range cnt {
				stopped := sr.stop
				switch c.kinds[t] {
				case toFault:
					sr.transition(&c.faults[f], nil, nil, 0)
					f++
				case toNew:
					sr.added(id, c.stateOf(k, size), c.keys[k*keySize:(k+1)*keySize])
					id++
					k++
				default:
					sr.known()
					k++
				}
				t++
				if sr.stop && !stopped {
					told = sr.toldUpTo(t)
				}
			}
			if sr.opts.Edges != nil {
				sr.tellEdges(c.from(j, size), c.edges[first:t], told-first)
			}
			sr.expanded(int(cnt))
			if sr.stop {
				return true
			}
		}
	}
	return false
}
