package explorer

import (
	"sync/atomic"
	"unsafe"
)

// view is what the workers of a search read of the store while they
// expand a level's states: the states stored when the view was taken, ids
// [0, n), and which of the level's states [lo, n) are pruned. A worker
// follows only ids below n, whose records were written before the view was
// taken, so that what it finds does not depend on how far the level's
// inserts have gone. The view holds its own copies of the chunk directory
// and the pruned bits, and the store's table, which the searcher points at
// the new one after the table grows (parallel.retable): no worker expands
// while the table grows, for growing gives the old one's memory back.
type view struct {
	hash  keyHash
	codec *codec
	// stateSize is the bytes of a state, size those of its key.
	stateSize int
	table     []uint32
	idBits    uint
	chunks    [][]byte
	shift     uint
	size      int
	record    int
	lo, n     StateID
	// ranges is the number of workers that insert a window together: a
	// chunk notes which of them files each successor (rangeOf).
	ranges int
	// pruned holds the pruned bits of the words of ids [lo, n), the first
	// word being lo>>6's.
	pruned []uint64
	// moves, when set, gathers the moves of the processes' parts that the
	// chunks note (partmoves.go).
	moves *partMoveNotes
}

// take makes v the view of sr's store for the level [lo, hi).
func (v *view) take(sr *searcher, lo, hi StateID) {
	s := sr.st
	v.hash, v.codec, v.stateSize = s.hash, s.codec, s.stateSize
	v.table, v.idBits, v.shift, v.size, v.record = s.table, s.idBits, s.shift, s.size, s.record
	v.chunks = append(v.chunks[:0], s.chunks...)
	v.lo, v.n = lo, hi
	v.pruned = v.pruned[:0]
	for w := int(lo >> 6); w <= int(hi>>6); w++ {
		var bits uint64
		if w < len(sr.sp.pruned) {
			bits = sr.sp.pruned[w]
		}
		v.pruned = append(v.pruned, bits)
	}
}

// isPruned tells whether state id of the level is pruned.
func (v *view) isPruned(id StateID) bool {
	return v.pruned[id>>6-v.lo>>6]&(1<<(id&63)) != 0
}

// key returns the key of state id < v.n. Its capacity reaches 8 bytes
// where the chunk has them, as Store.key's does, but not into the record of
// state v.n and after, which may be being written (pipeline.go).
func (v *view) key(id StateID) []byte {
	c := v.chunks[id>>v.shift]
	o, end := int(id&(1<<v.shift-1))*v.record, len(c)
	if id>>v.shift == v.n>>v.shift {
		end = int(v.n&(1<<v.shift-1)) * v.record
	}
	return c[o : o+v.size : min(max(o+v.record, o+8), end)]
}

// state returns the bytes of state id < v.n, unpacked into *buf when the
// store packs states.
func (v *view) state(id StateID, buf *[]byte) []byte {
	if v.codec == nil {
		return v.key(id)
	}
	if cap(*buf) < v.stateSize {
		// Whole cache lines: two workers unpack into their buffers at once.
		*buf = make([]byte, v.stateSize, lineRounded(v.stateSize))
	}
	st := (*buf)[:v.stateSize]
	v.codec.unpackRoomy(st, v.key(id))
	return st
}

// keyOf returns the key of state st, packed into *buf when the store packs
// states.
func (v *view) keyOf(st []byte, buf *[]byte) []byte {
	if v.codec == nil {
		return st
	}
	if cap(*buf) < v.codec.room() {
		*buf = make([]byte, v.codec.room(), lineRounded(v.codec.room()))
	}
	v.codec.packInto((*buf)[:v.codec.room()], st)
	return (*buf)[:v.size]
}

// slot reads slot i atomically.
func (v *view) slot(i uint64) uint32 { return atomic.LoadUint32(&v.table[i]) }

// lookup returns the id of the state of key, whose hash is h, if it was
// stored when the view was taken (and possibly when it was stored since).
func (v *view) lookup(key []byte, h uint64) (StateID, bool) {
	tag, ids := slotTag(h, v.idBits), uint32(1)<<v.idBits-1
	for i := homeIn(h, len(v.table)); ; i = after(i, len(v.table)) {
		e := v.slot(i)
		if e == 0 {
			return 0, false
		}
		id := StateID(e&ids - 1)
		if e&^ids == tag && id < v.n && sameKey(v.key(id), key) {
			return id, true
		}
	}
}

// prefetchSlots asks the processor for the home slots of states of the
// hashes hs, without waiting: the cache misses of many lookups are waited
// for together, and beside other work, instead of one after another.
func (v *view) prefetchSlots(hs []uint64) {
	if len(v.table) > 0 {
		prefetchHomes(&v.table[0], uint64(len(v.table)), hs)
	}
}

// prefetchRecords asks the processor for the records that the home slots
// of states of the hashes hs name, where a slot holds the bits of its
// state's hash: the record a lookup compares first. It reads those slots,
// which prefetchSlots should have brought in; addrs is its scratch.
func (v *view) prefetchRecords(hs []uint64, addrs *[]uintptr) {
	a, ids := (*addrs)[:0], uint32(1)<<v.idBits-1
	for _, h := range hs {
		e := v.slot(homeIn(h, len(v.table)))
		if id := StateID(e&ids - 1); e != 0 && e&^ids == slotTag(h, v.idBits) && id < v.n {
			c := v.chunks[id>>v.shift]
			a = append(a, uintptr(unsafe.Pointer(&c[int(id&(1<<v.shift-1))*v.record])))
		}
	}
	prefetchAddrs(a)
	*addrs = a
}
