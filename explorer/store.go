package explorer

import (
	"bytes"
	"hash/maphash"
)

// StateID names a stored state: states are numbered from 0 in insertion order.
type StateID uint32

// NoParent is the parent of the initial state.
const NoParent = ^StateID(0)

// chunkBytes is the most bytes of one chunk of the arena, whatever the size of
// a state: growing the arena never copies the states already stored, and never
// allocates more than this at once (a chunk holds one record when a state is
// larger).
const chunkBytes = 1 << 20

// parentBits sets the parent links of a chunk: 1<<parentBits of them.
const parentBits = 14

// Store is the set of visited states: each state's bytes in a flat arena of
// fixed-size records, a hash table of ids over it (open addressing, linear
// probing), and one parent id per state. Ids are dense and in insertion order.
//
// A slot of the table is one 64-bit word: 32 bits of the state's hash above
// the state's id+1 (0: empty). A probe reads one word, so a lookup costs one
// cache miss in the table, and the arena is read only when the hash bits
// match; growing the table moves the words by their hash bits, without
// reading a state again. The arena and the parent links grow by chunks and
// never move. Inserting allocates only when a chunk or the table grows:
// 8 bytes of table per slot (at most 3/4 full), 4 bytes of parent link and
// the state's bytes per state.
type Store struct {
	size int
	// shift sets the records of a chunk: 1<<shift, at most chunkBytes bytes.
	shift   uint
	chunks  [][]byte
	parents [][]StateID
	n       int
	// table's length is a power of two; it is at most 3/4 full.
	table []uint64
	seed  maphash.Seed
}

// NewStore returns an empty store of states of size bytes.
func NewStore(size int) *Store {
	shift := uint(0)
	for size<<(shift+1) <= chunkBytes {
		shift++
	}
	return &Store{size: size, shift: shift, table: make([]uint64, 1024), seed: maphash.MakeSeed()}
}

// Len is the number of states stored.
func (s *Store) Len() int { return s.n }

// Get returns the bytes of state id; they must not be modified.
func (s *Store) Get(id StateID) []byte {
	c := s.chunks[id>>s.shift]
	o := int(id&(1<<s.shift-1)) * s.size
	return c[o : o+s.size : o+s.size]
}

// Parent returns the state from which id was first reached, or NoParent.
func (s *Store) Parent(id StateID) StateID { return s.parents[id>>parentBits][id&(1<<parentBits-1)] }

// Bytes is the memory the store holds: arena, table and parent links.
func (s *Store) Bytes() uint64 {
	return uint64(len(s.chunks))*uint64(s.size)<<s.shift + uint64(len(s.table))*8 + uint64(len(s.parents))*4<<parentBits
}

// NextAllocation is the most bytes that inserting one more state allocates:
// a new chunk of the arena or of the parent links, or a larger table; 0 when
// every one of them has room.
func (s *Store) NextAllocation() uint64 {
	var n uint64
	if s.n>>s.shift == len(s.chunks) {
		n += uint64(s.size) << s.shift
	}
	if s.n>>parentBits == len(s.parents) {
		n += 4 << parentBits
	}
	if 4*(s.n+1) >= 3*len(s.table) && len(s.table) < 1<<32 {
		n += uint64(len(s.table)) * 2 * 8
	}
	return n
}

// hash is the 32 bits of st's hash that the table keeps.
func (s *Store) hash(st []byte) uint64 { return maphash.Bytes(s.seed, st) >> 32 }

// find returns the slot of st: the one holding it (found) or the empty one
// where it goes.
func (s *Store) find(st []byte, h uint64) (slot uint64, id StateID, found bool) {
	mask := uint64(len(s.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := s.table[i]
		if v == 0 {
			return i, 0, false
		}
		if v>>32 == h {
			id := StateID(uint32(v) - 1)
			if bytes.Equal(s.Get(id), st) {
				return i, id, true
			}
		}
	}
}

// Lookup returns the id of state st, if stored.
func (s *Store) Lookup(st []byte) (StateID, bool) {
	_, id, ok := s.find(st, s.hash(st))
	return id, ok
}

// Has reports whether st is stored. Concurrent calls are safe while nothing
// is inserted.
func (s *Store) Has(st []byte) bool {
	_, ok := s.Lookup(st)
	return ok
}

// Insert adds st, reached from parent, unless it is stored already. It returns
// the state's id and whether it was added.
func (s *Store) Insert(st []byte, parent StateID) (StateID, bool) {
	h := s.hash(st)
	slot, id, ok := s.find(st, h)
	if ok {
		return id, false
	}
	id = StateID(s.n)
	if s.n>>s.shift == len(s.chunks) {
		s.chunks = append(s.chunks, make([]byte, s.size<<s.shift))
	}
	if s.n>>parentBits == len(s.parents) {
		s.parents = append(s.parents, make([]StateID, 1<<parentBits))
	}
	copy(s.Get(id), st)
	s.parents[id>>parentBits][id&(1<<parentBits-1)] = parent
	s.n++
	s.table[slot] = h<<32 | uint64(id) + 1
	if 4*s.n >= 3*len(s.table) && len(s.table) < 1<<32 {
		s.grow()
	}
	return id, true
}

// grow doubles the table, moving each word by its hash bits.
func (s *Store) grow() {
	t := make([]uint64, 2*len(s.table))
	mask := uint64(len(t) - 1)
	for _, v := range s.table {
		if v == 0 {
			continue
		}
		i := v >> 32 & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = v
	}
	s.table = t
}
