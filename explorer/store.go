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

// Store is the set of visited states: each state's bytes in a flat arena of
// fixed-size records, a hash table of ids over it (open addressing, linear
// probing), and one parent id per state. Ids are dense and in insertion order.
// Inserting allocates only when the arena or the table grows.
type Store struct {
	size int
	// shift sets the records of a chunk: 1<<shift, at most chunkBytes bytes.
	shift   uint
	chunks  [][]byte
	parents []StateID
	// table holds id+1 per slot, 0 for an empty slot; its length is a power of
	// two, and it is at most 3/4 full. tags holds the top byte of each slot's
	// hash, so that most mismatches are told apart without comparing states.
	table []uint32
	tags  []uint8
	seed  maphash.Seed
}

// NewStore returns an empty store of states of size bytes.
func NewStore(size int) *Store {
	shift := uint(0)
	for size<<(shift+1) <= chunkBytes {
		shift++
	}
	return &Store{size: size, shift: shift, table: make([]uint32, 1024), tags: make([]uint8, 1024), seed: maphash.MakeSeed()}
}

// Len is the number of states stored.
func (s *Store) Len() int { return len(s.parents) }

// Get returns the bytes of state id; they must not be modified.
func (s *Store) Get(id StateID) []byte {
	c := s.chunks[id>>s.shift]
	o := int(id&(1<<s.shift-1)) * s.size
	return c[o : o+s.size : o+s.size]
}

// Parent returns the state from which id was first reached, or NoParent.
func (s *Store) Parent(id StateID) StateID { return s.parents[id] }

// Bytes is the memory the store holds: arena, table and parent links.
func (s *Store) Bytes() uint64 {
	return uint64(len(s.chunks))*uint64(s.size)<<s.shift + uint64(cap(s.table))*5 + uint64(cap(s.parents))*4
}

// NextAllocation is the most bytes that inserting one more state allocates:
// a new chunk of the arena, a larger table or a larger array of parent links,
// or 0 when every one of them has room.
func (s *Store) NextAllocation() uint64 {
	var n uint64
	if len(s.parents)>>s.shift == len(s.chunks) {
		n += uint64(s.size) << s.shift
	}
	if 4*(len(s.parents)+1) >= 3*len(s.table) {
		n += uint64(len(s.table)) * 2 * 5
	}
	if len(s.parents) == cap(s.parents) {
		n += uint64(max(cap(s.parents), 256)) * 2 * 4
	}
	return n
}

// Lookup returns the id of state st, if stored.
func (s *Store) Lookup(st []byte) (StateID, bool) {
	mask := uint64(len(s.table) - 1)
	h := maphash.Bytes(s.seed, st)
	tag := uint8(h >> 56)
	for i := h & mask; ; i = (i + 1) & mask {
		v := s.table[i]
		if v == 0 {
			return 0, false
		}
		if s.tags[i] == tag && bytes.Equal(s.Get(StateID(v-1)), st) {
			return StateID(v - 1), true
		}
	}
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
	mask := uint64(len(s.table) - 1)
	h := maphash.Bytes(s.seed, st)
	tag := uint8(h >> 56)
	i := h & mask
	for ; ; i = (i + 1) & mask {
		v := s.table[i]
		if v == 0 {
			break
		}
		if s.tags[i] == tag && bytes.Equal(s.Get(StateID(v-1)), st) {
			return StateID(v - 1), false
		}
	}
	id := StateID(len(s.parents))
	if int(id)>>s.shift == len(s.chunks) {
		s.chunks = append(s.chunks, make([]byte, s.size<<s.shift))
	}
	copy(s.Get(id), st)
	s.parents = append(s.parents, parent)
	s.table[i] = uint32(id) + 1
	s.tags[i] = tag
	if 4*len(s.parents) >= 3*len(s.table) {
		s.grow()
	}
	return id, true
}

// grow doubles the table and re-inserts every id.
func (s *Store) grow() {
	t := make([]uint32, 2*len(s.table))
	tags := make([]uint8, len(t))
	mask := uint64(len(t) - 1)
	for id := range s.parents {
		h := maphash.Bytes(s.seed, s.Get(StateID(id)))
		i := h & mask
		for t[i] != 0 {
			i = (i + 1) & mask
		}
		t[i] = uint32(id) + 1
		tags[i] = uint8(h >> 56)
	}
	s.table, s.tags = t, tags
}
