package explorer

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// With several workers, the successors of a window are inserted into the
// store by all the workers at once, and the store ends up as if one searcher
// had inserted them one by one in the window's order: the same ids, the same
// parents, the same table size.
//
// A worker files each successor of its chunks with a compare-and-swap on the
// table. A free slot it claims: it writes a claim (the chunk and the
// successor's index in it) instead of an id and hash bits. A successor
// that finds its state claimed by a later successor of the window takes the
// claim over, so that the slot ends up claimed by the first successor to
// reach the state: the one a one-by-one insert stores. When every successor
// is filed, each chunk counts the claims it kept; the ids follow in the
// window's order, a chunk's first new state after the earlier chunks' new
// states, and each worker writes the records of its chunks' new states and
// their ids into the slots they claimed. The searcher then hands the window
// to the Visitor in order, with every id known.
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

// maxClaimedIDs is the most states a store holds for windows to be claimed:
// an id+1 must stay below claimBit.
const maxClaimedIDs = claimBit - 2

// claimOf is the claim of successor k of chunk c of the window.
func claimOf(c, k int) uint32 { return claimBit | uint32(c)<<successorBits | uint32(k) }

// claimed returns the key that claim v names among the chunks of bank.
func claimed(bank []chunk, v uint32, size int) []byte {
	c, k := int(v&^claimBit)>>successorBits, int(v&(1<<successorBits-1))
	return bank[c].keys[k*size : (k+1)*size]
}

// claim files the state of key key, of hash h, successor me of the window
// of chunks bank. It returns the id of the state when it is stored already;
// otherwise the slot that me claimed or found claimed by an earlier
// successor of the state. Only the table's slots change, each with a
// compare-and-swap.
func (s *Store) claim(key []byte, h uint64, me uint32, bank []chunk) (id StateID, slot uint64, stored bool) {
	tag, ids := slotTag(h, s.idBits), uint32(1)<<s.idBits-1
	for i := s.home(h); ; {
		v := atomic.LoadUint32(&s.table[i])
		switch {
		case v == 0:
			if atomic.CompareAndSwapUint32(&s.table[i], 0, me) {
				return 0, i, false
			}
			continue // taken meanwhile: look again
		case v&claimBit == 0:
			if v&^ids == tag && sameKey(s.key(StateID(v&ids-1)), key) {
				return StateID(v&ids - 1), i, true
			}
		case sameKey(claimed(bank, v, s.size), key):
			if me < v && !atomic.CompareAndSwapUint32(&s.table[i], v, me) {
				continue // claimed again meanwhile: look again
			}
			return 0, i, false
		}
		i = after(i, len(s.table))
	}
}

// claimChunk files the successors of chunk c of the window bank, noting
// those stored already; with record, their edges get their targets.
func (s *Store) claimChunk(bank []chunk, c int, record bool) {
	ch := &bank[c]
	n := len(ch.hashes)
	ch.slots = slices.Grow(ch.slots[:0], n)[:n]
	k := 0
	for t, kind := range ch.kinds {
		if kind == toFault {
			continue
		}
		id, slot, stored := s.claim(ch.keys[k*s.size:(k+1)*s.size], ch.hashes[k], claimOf(c, k), bank)
		ch.slots[k] = slot
		if stored {
			ch.kinds[t] = toKnown
			if record {
				ch.edges[t].To = id
			}
		}
		k++
	}
}

// count counts the claims chunk c of the window kept, once every successor
// of the window is filed: its new states. The others are states an earlier
// successor reached first.
func (ch *chunk) count(s *Store, c int) {
	owned, k := 0, 0
	for t, kind := range ch.kinds {
		if kind == toFault {
			continue
		}
		if kind == toNew {
			if atomic.LoadUint32(&s.table[ch.slots[k]]) == claimOf(c, k) {
				owned++
			} else {
				ch.kinds[t] = toEarlier
			}
		}
		k++
	}
	ch.owned = owned
}

// store writes the records of the chunk's new states, numbered from
// ch.base, and their ids into the slots they claimed. The arena must have
// room for them.
func (ch *chunk) store(s *Store, record bool) {
	id, k, t := ch.base, 0, 0
	for j, cnt := range ch.counts {
		parent := ch.lo + StateID(j)
		for range max(cnt, 0) {
			kind := ch.kinds[t]
			if kind == toNew {
				r := s.rec(id)
				putKey(r, ch.keys[k*s.size:(k+1)*s.size])
				binary.LittleEndian.PutUint32(r[s.size:], uint32(parent))
				// The slot is this chunk's alone now.
				s.table[ch.slots[k]] = slotTag(ch.hashes[k], s.idBits) | uint32(id+1)
				if record {
					ch.edges[t].To = id
				}
				id++
			}
			if kind != toFault {
				k++
			}
			t++
		}
	}
}

// resolve gives the edges to states an earlier successor of the window
// reached first their targets, once the window is stored.
func (ch *chunk) resolve(s *Store) {
	k := 0
	for t, kind := range ch.kinds {
		if kind == toFault {
			continue
		}
		if kind == toEarlier {
			ch.edges[t].To = s.slotID(atomic.LoadUint32(&s.table[ch.slots[k]]))
		}
		k++
	}
}

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
		n := len(bank[i].hashes)
		if n >= 1<<successorBits {
			return false
		}
		total += n
	}
	if int64(total) > sr.maxStates || total > maxClaimedIDs || 16*total > 15*len(s.table) {
		return false
	}
	if sr.opts.MaxMemory > 0 {
		grow := s.arenaBytes(total) - s.arenaBytes(s.n)
		if full(total, len(s.table)) {
			grow += uint64(grown(len(s.table))) * 4
		}
		if sr.heap.read()+grow > sr.opts.MaxMemory {
			return false
		}
	}
	return true
}

// claimWindow inserts the successors of the window of chunks bank, on
// every worker, and leaves each chunk's kinds telling which transitions
// lead to new states (toNew, numbered from the chunk's base), to states
// stored before (toKnown) and to states an earlier transition of the window
// reached first (toEarlier). With record, every edge gets its target.
func (p *parallel) claimWindow(sr *searcher, bank []chunk, record bool) {
	s := sr.st
	sr.stored = StateID(s.n)
	// Each worker files the next chunk not taken, so that a worker the
	// system holds back delays the others little; it then counts and stores
	// the chunks it filed, whose slots are in its cache.
	var taken atomic.Int64
	p.onWorkers(func(w int) {
		for {
			c := int(taken.Add(1) - 1)
			if c >= len(bank) {
				return
			}
			bank[c].filer = w
			p.view.prefetchRecords(bank[c].hashes, &bank[c].addrs)
			s.claimChunk(bank, c, record)
		}
	})
	p.onWorkers(func(w int) {
		for c := range bank {
			if bank[c].filer == w {
				bank[c].count(s, c)
			}
		}
	})
	n := s.n
	for c := range bank {
		bank[c].base = StateID(n)
		n += bank[c].owned
	}
	s.reserve(n)
	p.onWorkers(func(w int) {
		for c := range bank {
			if bank[c].filer == w {
				bank[c].store(s, record)
			}
		}
	})
	if record {
		p.onWorkers(func(w int) {
			for c := range bank {
				if bank[c].filer == w {
					bank[c].resolve(s)
				}
			}
		})
	}
}

// onWorkers runs f(w) for every worker w at once, worker 0 on the calling
// goroutine, and returns when all have returned. A panic in any of them is
// raised again here.
func (p *parallel) onWorkers(f func(w int)) {
	errs := make([]error, p.workers)
	run := func(w int) {
		defer func() {
			if r := recover(); r != nil {
				errs[w] = fmt.Errorf("%v", r)
			}
		}()
		f(w)
	}
	var wg sync.WaitGroup
	for w := 1; w < p.workers; w++ {
		wg.Go(func() { run(w) })
	}
	run(0)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			panic(err)
		}
	}
}

// expandWindow expands the chunks of bank on every worker, each taking the
// next chunk not taken. The calling goroutine first runs during, if any,
// then expands too; expandWindow returns when every chunk is expanded.
func (p *parallel) expandWindow(bank []chunk, record bool, during func()) {
	var taken atomic.Int64
	work := func(w int) {
		for {
			i := int(taken.Add(1) - 1)
			if i >= len(bank) {
				return
			}
			bank[i].expand(&p.view, p.steppers[w], p.canon(w), record)
			p.view.prefetchSlots(bank[i].hashes)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < p.workers; w++ {
		wg.Go(func() { work(w) })
	}
	if during != nil {
		during()
	}
	work(0)
	wg.Wait()
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
			p.expandWindow(next[:m], record, func() {
				// The table grows, if it must, while the workers expand
				// when they do not read it; after the expansion if they do,
				// and never before the window is handed on, for the states
				// past a stop must be taken out first.
				if end = p.mergeClaimed(sr, cur[:n]); !end && p.growAside {
					for full(sr.st.n, len(sr.st.table)) {
						sr.st.grow()
					}
				}
			})
		} else {
			// The merge inserts, and may grow the table, which the
			// expansion reads (under a POR): one after the other.
			if end = p.merge(sr, cur[:n]); !end {
				p.retable(sr.st)
				p.expandWindow(next[:m], record, nil)
			}
		}
		if together {
			if end {
				sr.st.truncate(int(sr.stored))
			}
			for full(sr.st.n, len(sr.st.table)) {
				sr.st.grow()
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
	size := sr.st.stateSize
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
			first := t
			for range cnt {
				switch c.kinds[t] {
				case toFault:
					sr.transition(&c.faults[f], nil, nil, 0)
					f++
				case toNew:
					sr.added(id, c.next[k*size:(k+1)*size])
					id++
					k++
				default:
					sr.known()
					k++
				}
				t++
			}
			if sr.opts.Edges != nil && !sr.stop {
				sr.opts.Edges(sr.from, sr.state(sr.from), c.edges[first:t])
			}
			sr.expanded(int(cnt))
			if sr.stop {
				return true
			}
		}
	}
	return false
}
