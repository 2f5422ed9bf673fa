package explorer

import (
	"sort"
	"sync"

	"github.com/interleave/interleave/explorer/pages"
)

// childCounts keeps the parents of a store filled breadth first in about a
// byte a state instead of four. There, states are expanded in id order and
// the new states an expansion finds take the next ids, so the parents of
// states 1, 2, 3, ... never decrease: state p's children are the ids from
// born(p-1) to born(p)-1, where born(p) is the number of states stored
// once p is expanded. It is enough to keep how many new states each
// expansion found, a byte each; a count of 255 or more is kept whole in
// many.
//
// The roots (states stored with no parent) come first: born(-1) = roots.
type childCounts struct {
	chunks [][]uint8
	roots  int
	// last is the parent of the last add.
	last StateID
	// mu guards many, and starts, which parent extends as it reads.
	mu   sync.Mutex
	many map[StateID]uint32
	// starts[b] is born(b<<countBlockShift - 1): the first child of the
	// states of block b, for the blocks whose counts parent has read whole.
	starts []StateID
}

// countBlockShift sets the states of a block of starts: 256.
const countBlockShift = 8

// countChunkShift sets the counts of a whole chunk: 1 MiB.
const countChunkShift = 20

// firstCountChunk is the counts the first chunk starts with.
const firstCountChunk = 4 << 10

// manyChildren is the count byte of a state that found 255 new states or
// more: its count is in many.
const manyChildren = 255

// room makes room for the counts of states [0, n), taking a whole chunk
// from spare when it holds one.
func (cc *childCounts) room(n int, spare *spare) {
	for n > cc.capacity() {
		switch c := cc.nextChunk(); {
		case cc.doubling():
			first := newCounts(c)
			copy(first, cc.chunks[0])
			cc.chunks[0] = first
		case c == 1<<countChunkShift:
			chunk := spare.take(c)
			if chunk == nil {
				chunk = pages.Whole(c)
			}
			cc.chunks = append(cc.chunks, chunk)
		default:
			cc.chunks = append(cc.chunks, newCounts(c))
		}
	}
}

// newCounts is a chunk of n counts, all 0. It is written before a count
// is read: add increments a count in place, and its read of memory new to
// the process would map the shared zero page, then its write take a copy
// of it, a second fault a page, which makes every other processor running
// the search drop its translations (filter N=4, two workers: 0.08 s of
// the processors' time).
func newCounts(n int) []uint8 {
	c := make([]uint8, n)
	clear(c)
	return c
}

// nextRoom is the bytes room(n, spare) allocates, n at most one past the
// counts there is room for.
func (cc *childCounts) nextRoom(n int, spare *spare) uint64 {
	if n <= cc.capacity() {
		return 0
	}
	c := cc.nextChunk()
	if !cc.doubling() && spare.holds(c) {
		return 0 // in the heap already
	}
	return uint64(c)
}

// capacity is the number of states there is room for.
func (cc *childCounts) capacity() int {
	if len(cc.chunks) == 1 {
		return len(cc.chunks[0])
	}
	return len(cc.chunks) << countChunkShift
}

// doubling tells whether the chunk room takes next replaces the first,
// twice as long, rather than adding a whole one.
func (cc *childCounts) doubling() bool {
	return len(cc.chunks) == 1 && len(cc.chunks[0]) < 1<<countChunkShift
}

// nextChunk is the length of the chunk room takes next: the first doubles
// until it is whole, so that a small model's store stays small.
func (cc *childCounts) nextChunk() int {
	switch {
	case len(cc.chunks) == 0:
		return firstCountChunk
	case cc.doubling():
		return 2 * len(cc.chunks[0])
	}
	return 1 << countChunkShift
}

// bytes is the memory the counts hold.
func (cc *childCounts) bytes() uint64 {
	var n uint64
	for _, c := range cc.chunks {
		n += uint64(len(c))
	}
	// The index (starts), 4 bytes for 256 states, is left out: the figure
	// is the same whichever parents were asked for.
	return n + uint64(len(cc.many))*16
}

// at is the byte of state p.
func (cc *childCounts) at(p StateID) *uint8 {
	return &cc.chunks[p>>countChunkShift][p&(1<<countChunkShift-1)]
}

// root notes a state stored with no parent, before any other.
func (cc *childCounts) root() { cc.roots++ }

// add counts one more new state found from p, the state being expanded:
// p is never before the state of the last call.
func (cc *childCounts) add(p StateID) {
	if p < cc.last {
		panic("explorer: a state stored from one expanded before the last (the store is filled breadth first)")
	}
	cc.last = p
	b := cc.at(p)
	if *b < manyChildren-1 {
		*b++
		return
	}
	cc.mu.Lock()
	cc.makeMany()
	if *b == manyChildren-1 {
		*b = manyChildren
		cc.many[p] = manyChildren
	} else {
		cc.many[p]++
	}
	cc.mu.Unlock()
}

// set makes k the count of state p. Goroutines may set the counts of
// different states at once.
func (cc *childCounts) set(p StateID, k int) {
	if k < manyChildren {
		*cc.at(p) = uint8(k)
		return
	}
	cc.mu.Lock()
	cc.putMany(p, k)
	cc.mu.Unlock()
}

// putMany makes k, 255 or more, the count of state p; cc.mu held.
func (cc *childCounts) putMany(p StateID, k int) {
	cc.makeMany()
	*cc.at(p) = manyChildren
	cc.many[p] = uint32(k)
}

// makeMany makes the map of large counts, when first needed; cc.mu held.
func (cc *childCounts) makeMany() {
	if cc.many == nil {
		cc.many = make(map[StateID]uint32)
	}
}

// count is the number of new states found from p; cc.mu held.
func (cc *childCounts) count(p StateID) int {
	if b := *cc.at(p); b != manyChildren {
		return int(b)
	}
	return int(cc.many[p])
}

// parent is the parent of state id, or NoParent for a root. It reads the
// counts of the states up to that parent only, whose expansions are over.
func (cc *childCounts) parent(id StateID) StateID {
	if int(id) < cc.roots {
		return NoParent
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if len(cc.starts) == 0 {
		cc.starts = append(cc.starts, StateID(cc.roots))
	}
	b := sort.Search(len(cc.starts), func(b int) bool { return cc.starts[b] > id }) - 1
	p, born := StateID(b)<<countBlockShift, int(cc.starts[b])
	for {
		born += cc.count(p)
		if born > int(id) {
			return p
		}
		if p++; p >= id {
			panic("explorer: a state's parent was not counted")
		}
		if p&(1<<countBlockShift-1) == 0 && int(p>>countBlockShift) == len(cc.starts) {
			cc.starts = append(cc.starts, StateID(born))
		}
	}
}

// truncate forgets the states n and after: their counts, and the children
// counted past state n-1.
func (cc *childCounts) truncate(n, stored int) {
	defer cc.shrink(n)
	if n <= cc.roots {
		cc.roots, cc.starts, cc.last = n, cc.starts[:0], 0
		cc.clearFrom(0, stored)
		return
	}
	last := cc.parent(StateID(n - 1))
	cc.mu.Lock()
	defer cc.mu.Unlock()
	block := last >> countBlockShift
	born := int(cc.starts[block])
	for p := block << countBlockShift; p < last; p++ {
		born += cc.count(p)
	}
	cc.clearFrom(int(last), stored)
	if k := n - born; k < manyChildren {
		*cc.at(last) = uint8(k)
	} else {
		cc.putMany(last, k)
	}
	// The blocks after last's are read again.
	cc.starts, cc.last = cc.starts[:block+1], last
}

// clearFrom zeroes the counts of states [from, to) and forgets their many.
func (cc *childCounts) clearFrom(from, to int) {
	for p := from; p < to; p++ {
		if b := cc.at(StateID(p)); *b != 0 {
			if *b == manyChildren {
				delete(cc.many, StateID(p))
			}
			*b = 0
		}
	}
}

// shrink gives back the chunks that a store of n states would not have
// taken (room), the counts past n being 0.
func (cc *childCounts) shrink(n int) {
	switch whole := (n + 1<<countChunkShift - 1) >> countChunkShift; {
	case n == 0:
		cc.chunks = cc.chunks[:0]
	case whole == 1:
		l := firstCountChunk
		for l < n {
			l *= 2
		}
		cc.chunks = cc.chunks[:1]
		cc.chunks[0] = cc.chunks[0][:l]
	default:
		clear(cc.chunks[whole:])
		cc.chunks = cc.chunks[:whole]
	}
}
