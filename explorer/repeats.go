package explorer

import "encoding/binary"

// Most successors of a level are reached more than once: two orders of the
// same independent steps, taken from sibling states, which one chunk
// expands together. A chunk's expansion finds the repeats among its own
// successors in a small table of its own, whose lines stay in the cache, so
// that only the first successor of each state in the chunk is looked up in
// the store, its slot and record asked for ahead: a repeat takes what its
// first found. With several workers, only the first is filed (claim.go),
// which spares comparing a repeat's key with the first one's in the
// chunk's memory, which the other worker may hold.

// repeats finds the successors of a chunk that repeat an earlier one.
type repeats struct {
	// slots holds, by the low bits of a successor's hash, the top 32 bits
	// of the hash above its index in the chunk plus one; 0 is free.
	slots []uint64
}

// minRepeatSlots is the least size of a repeats table.
const minRepeatSlots = 1024

// reset empties the table for the successors of a chunk.
func (r *repeats) reset() {
	if len(r.slots) < minRepeatSlots {
		r.slots = make([]uint64, minRepeatSlots)
	}
	clear(r.slots)
}

// first returns the index of the first of the successors [0, k) with the
// key and hash of successor k, adding k when there is none and returning
// -1; keys and hashes hold the successors' keys, of size bytes each, and
// hashes.
func (r *repeats) first(k int, h uint64, keys []byte, hashes []uint64, size int) int32 {
	if 2*(k+1) > len(r.slots) {
		r.grow(hashes)
	}
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
// and has the capacity to read 8 bytes from each.
func (r *repeats) firstWord(k int, h, key uint64, keys []byte, hashes []uint64, size int) int32 {
	if 2*(k+1) > len(r.slots) {
		r.grow(hashes)
	}
	mask := uint64(len(r.slots) - 1)
	top := h &^ (1<<32 - 1)
	keyMask := ^uint64(0) >> (64 - 8*size)
	for i := h & mask; ; i = (i + 1) & mask {
		e := r.slots[i]
		if e == 0 {
			r.slots[i] = top | uint64(k+1)
			return -1
		}
		if e&^(1<<32-1) == top {
			j := int(uint32(e)) - 1
			if binary.LittleEndian.Uint64(keys[j*size:j*size+8])&keyMask == key {
				return int32(j)
			}
		}
	}
}

// grow doubles the table, entering anew what it holds; hashes are the
// successors' hashes.
func (r *repeats) grow(hashes []uint64) {
	old := r.slots
	r.slots = make([]uint64, 2*len(old))
	mask := uint64(len(r.slots) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := hashes[uint32(e)-1] & mask
		for r.slots[i] != 0 {
			i = (i + 1) & mask
		}
		r.slots[i] = e
	}
}

// keyAt is key k of keys, of size bytes each, its capacity reaching 8
// bytes where keys has them, for sameKey.
func keyAt(keys []byte, k, size int) []byte {
	return keys[k*size : (k+1)*size : min(cap(keys), k*size+max(size, 8))]
}
