package explorer

import (
	"encoding/binary"
	"math/bits"
)

// Most successors of a level are reached more than once: two orders of the
// same independent steps, taken from sibling states, which one chunk
// expands together. Once a chunk is expanded, a pass finds the repeats
// among its own successors in a small table of its own, whose lines stay
// in the cache, so that only the first successor of each state in the
// chunk is looked up in the store, its slot and record asked for ahead: a
// repeat takes what its first found. With several workers, only the first
// is filed (claim.go), which spares comparing a repeat's key with the
// first one's in the chunk's memory, which the other worker may hold.

// repeats finds the successors of a chunk that repeat an earlier one.
type repeats struct {
	// slots holds, by the low bits of a successor's hash, the top 32 bits
	// of the hash above its index in the chunk plus one; 0 is free.
	slots []uint64
}

// minRepeatSlots is the least size of a repeats table.
const minRepeatSlots = 1024

// reset empties the table for the n successors of a chunk: a power of two
// of slots, at least twice n, so that it stays at most half full.
func (r *repeats) reset(n int) {
	size := max(minRepeatSlots, 1<<bits.Len(uint(2*n)))
	if cap(r.slots) < size {
		r.slots = make([]uint64, size)
		return
	}
	r.slots = r.slots[:size]
	clear(r.slots)
}

// first returns the index of the first of the successors [0, k) with the
// key and hash of successor k, adding k when there is none and returning
// -1; h is successor k's hash, and keys holds the successors' keys, of
// size bytes each. The table must hold more slots than twice k (reset).
func (r *repeats) first(k int, h uint64, keys []byte, size int) int32 {
	mask := uint64(len(r.slots) - 1)
	top := h &^ (1<<32 - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := r.slots[i]
		if e == 0 {
			r.slots[i] = top | uint64(k+1)
			return -1
		}
		if e&^(1<<32-1) == top {
			if j := int(uint32(e)) - 1; sameKey(keyAt(keys, j, size), keyAt(keys, k, size)) {
				return int32(j)
			}
		}
	}
}

// firstWord is first for keys of one word: key is successor k's, as a
// word; keys holds the successors' keys, of size bytes each (at most 8),
// and has the capacity to read 8 bytes from each; keyMask keeps a key's
// bytes of such a read.
func (r *repeats) firstWord(k int, h, key uint64, keys []byte, size int, keyMask uint64) int32 {
	mask := uint64(len(r.slots) - 1)
	top := h &^ (1<<32 - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := r.slots[i]
		if e == 0 {
			r.slots[i] = top | uint64(k+1)
			return -1
		}
		if j := int(uint32(e)) - 1; e&^(1<<32-1) == top && binary.LittleEndian.Uint64(keys[j*size:j*size+8])&keyMask == key {
			return int32(j)
		}
	}
}

// repeatsWord reports whether key, a word of hash h, is one of keys, the
// chunk's distinct successors so far, each read through keyMask; if not,
// it adds key as the next of them, which the caller appends (fileFirsts).
// It is firstOfWord's loop again rather than a call to it: so, the safety
// search took 3 % less time with one worker and 6 % less with two.
// The table must hold more slots than twice the keys.
func (r *repeats) repeatsWord(h, key uint64, keys [][8]byte, keyMask uint64) bool {
	mask := uint64(len(r.slots) - 1)
	top := h &^ (1<<32 - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := r.slots[i]
		if e == 0 {
			r.slots[i] = top | uint64(len(keys)+1)
			return false
		}
		if j := int(uint32(e)) - 1; e&^(1<<32-1) == top && binary.LittleEndian.Uint64(keys[j][:])&keyMask == key {
			return true
		}
	}
}

// firstOfWord returns the index of key, a word of hash h, among
// firstKeys, the chunk's firsts so far, each read through keyMask; if it
// is none of them, it adds key as the next, which the caller appends
// (fileEdged), and returns -1. The table must hold more slots
// than twice the firsts.
func (r *repeats) firstOfWord(h, key uint64, firstKeys [][8]byte, keyMask uint64) int32 {
	mask := uint64(len(r.slots) - 1)
	top := h &^ (1<<32 - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := r.slots[i]
		if e == 0 {
			r.slots[i] = top | uint64(len(firstKeys)+1)
			return -1
		}
		if j := int(uint32(e)) - 1; e&^(1<<32-1) == top && binary.LittleEndian.Uint64(firstKeys[j][:])&keyMask == key {
			return int32(j)
		}
	}
}

// holdsWord reports whether key, a word of hash h, is one of keys, the
// keys the table indexes, each read through keyMask. It adds nothing: the
// table is another chunk's (fileFirsts). It is repeatsWord's loop without
// the insertion, for the reason repeatsWord gives.
func (r *repeats) holdsWord(h, key uint64, keys [][8]byte, keyMask uint64) bool {
	mask := uint64(len(r.slots) - 1)
	top := h &^ (1<<32 - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := r.slots[i]
		if e == 0 {
			return false
		}
		if j := int(uint32(e)) - 1; e&^(1<<32-1) == top && binary.LittleEndian.Uint64(keys[j][:])&keyMask == key {
			return true
		}
	}
}

// keyAt is key k of keys, of size bytes each, its capacity reaching 8
// bytes where keys has them, for sameKey.
func keyAt(keys []byte, k, size int) []byte {
	return keys[k*size : (k+1)*size : min(cap(keys), k*size+max(size, 8))]
}
