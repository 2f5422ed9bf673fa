package explorer

import (
	"math"
	"runtime/debug"
)

// hashSet is the visited set of an approximate search (hash compaction): the
// hash of each state, not its bytes. Two states of the same hash are taken
// for one, so the second is missed; with b-bit hashes and n states the
// chance of any such collision is about n²/2^(b+1).
//
// The table uses open addressing with linear probing over 8-byte slots
// holding key+1 (0 for an empty slot), at most 3/4 full. A key's home slot
// is its top bits after a multiplicative mix, so that narrow keys spread
// over the table too; growing re-files each key from the slot alone.
type hashSet struct {
	table []uint64
	bits  uint
	n     int
	// width is the number of hash bits kept, 1 to 64.
	width uint
}

// newHashSet returns an empty set of hashes of width bits (0: 64), sized
// for expect hashes (0: unknown) as far as its table stays within room
// bytes (0: no limit) and maxPresize, so that it grows less often.
func newHashSet(width uint, expect int64, room uint64) *hashSet {
	if width == 0 || width > 64 {
		width = 64
	}
	if room == 0 || room > maxPresize {
		room = maxPresize
	}
	bits := uint(minSetBits)
	for setFull(int(min(expect, 1<<40)), bits) && 8<<(bits+1) <= room {
		bits++
	}
	return &hashSet{table: make([]uint64, 1<<bits), bits: bits, width: width}
}

// minSetBits sets the size of the smallest table of a hashSet: 1<<minSetBits
// slots.
const minSetBits = 10

// setFull tells whether a hashSet's table of 1<<bits slots holding n hashes
// must grow.
func setFull(n int, bits uint) bool { return 4*n >= 3<<bits && bits < 32 }

// maxPresize is the largest table a hashSet starts with, in bytes.
const maxPresize = 1 << 30

// slotOf is what the table holds for hash h: its top width bits, made
// non-zero. With 64 bits, hashes 0 and 1 share a slot value, which the
// probability of a missed state allows for.
func (s *hashSet) slotOf(h uint64) uint64 {
	if s.width < 64 {
		return h>>(64-s.width) + 1
	}
	return max(h, 1)
}

// home is the first slot of slot value v.
func (s *hashSet) home(v uint64) uint64 { return (v * 0x9e3779b97f4a7c15) >> (64 - s.bits) }

// add files hash h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	v := s.slotOf(h)
	mask := uint64(len(s.table) - 1)
	i := s.home(v)
	for ; ; i = (i + 1) & mask {
		e := s.table[i]
		if e == 0 {
			break
		}
		if e == v {
			return false
		}
	}
	s.table[i] = v
	s.n++
	if setFull(s.n, s.bits) {
		s.grow()
	}
	return true
}

// nextAllocation is the bytes that adding one more hash allocates.
func (s *hashSet) nextAllocation() uint64 {
	if setFull(s.n+1, s.bits) {
		return uint64(len(s.table)) * 2 * 8
	}
	return 0
}

func (s *hashSet) grow() {
	old := s.table
	s.bits++
	s.table = make([]uint64, 1<<s.bits)
	mask := uint64(len(s.table) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := s.home(v)
		for s.table[i] != 0 {
			i = (i + 1) & mask
		}
		s.table[i] = v
	}
	if uint64(len(old))*8 >= releaseBytes {
		old = nil
		debug.FreeOSMemory()
	}
}

// releaseBytes is the size of a table from which, once replaced by a larger
// one, the memory is given back to the system at once rather than when the
// runtime gets to it: the old table is a third of what the search holds.
const releaseBytes = 64 << 20

// bytes is the table's memory.
func (s *hashSet) bytes() uint64 { return uint64(len(s.table)) * 8 }

// MissedProbability is the probability that a search of n states, each kept
// as a hash of width bits, missed a state: that two of the n states it
// reached share a hash, about n²/2^(width+1) while that is small.
func MissedProbability(n int64, width uint) float64 {
	if width == 0 || width > 64 {
		width = 64
	}
	pairs := float64(n) * float64(max(n-1, 0)) / 2
	return -math.Expm1(-pairs / math.Exp2(float64(width)))
}

// linkChunk is the number of states of one chunk of links.
const linkChunk = 1 << 16

// links are the parent and the transition index of every state of an
// approximate search, by id: 6 bytes a state, in chunks that never move.
type links struct {
	parent [][]uint32
	index  [][]uint16
	n      int
}

// add appends the links of the next state.
func (l *links) add(parent StateID, index uint16) {
	if l.n%linkChunk == 0 {
		l.parent = append(l.parent, make([]uint32, linkChunk))
		l.index = append(l.index, make([]uint16, linkChunk))
	}
	l.parent[l.n/linkChunk][l.n%linkChunk] = uint32(parent)
	l.index[l.n/linkChunk][l.n%linkChunk] = index
	l.n++
}

// nextAllocation is the bytes that adding one more state allocates.
func (l *links) nextAllocation() uint64 {
	if l.n%linkChunk == 0 {
		return linkChunk * 6
	}
	return 0
}

// get returns the parent of id and the index of the transition from it.
func (l *links) get(id StateID) (StateID, int) {
	return StateID(l.parent[id/linkChunk][id%linkChunk]), int(l.index[id/linkChunk][id%linkChunk])
}

// bytes is the links' memory.
func (l *links) bytes() uint64 { return uint64(len(l.parent)) * linkChunk * 6 }
