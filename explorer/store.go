package explorer

import (
	"bytes"
	"encoding/binary"
	"sync"
)

// StateID names a stored state: states are numbered from 0 in insertion order.
type StateID uint32

// NoParent is the parent of the initial state.
const NoParent = ^StateID(0)

// chunkBytes is the most bytes of one chunk of the arena, whatever the size of
// a state: growing the arena never allocates more than this at once (a chunk
// holds one record when a state is larger). Chunks are large enough for huge
// pages.
const chunkBytes = 4 << 20

// firstChunkBytes is the room the first chunk starts with: it doubles until
// it is a whole chunk, so that a small model's store stays small. Doubling
// copies the records of the first chunk; as records never change, a slice
// that Get returned before still holds the right bytes.
const firstChunkBytes = 16 << 10

// Store is the set of visited states: each state's record in an arena of
// fixed-size records (the state's key, then the id of its parent, 4 bytes
// little endian), and a hash table over it. A state's key is its bytes,
// packed when the store has a codec (pack.go). Ids are dense and in
// insertion order. Inserting allocates only when the arena or the table
// grows, and growing never copies a record nor reads one.
//
// The table uses open addressing with linear probing. A slot is 8 bytes, one
// memory access: the top 32 bits of the key's hash, then id+1 (0 for an
// empty slot). A state's home slot grows with the top bits of its hash (the
// slot of the same fraction of the table), so the slots are in the order of
// their hashes, and growing the table half as large again is one pass over
// it in order, each slot going to its new home by the hash bits it holds.
type Store struct {
	// size is the bytes of a key, stateSize those of a state; codec packs
	// states into keys, or is nil when keys are the states.
	size, stateSize int
	codec           *codec
	// record is the bytes of one record: size + 4.
	record int
	// shift sets the records of a chunk: 1<<shift, at most chunkBytes bytes.
	shift  uint
	chunks [][]byte
	n      int
	// table is at most 3/4 full; nil once released (ReleaseTable), until
	// rebuild builds it again.
	table   []uint64
	hash    keyHash
	rebuild *sync.Once
}

// minTableSlots is the size of a new store's table.
const minTableSlots = 1 << 10

// maxTableSlots is the largest table: homes come from the 32 hash bits a
// slot holds.
const maxTableSlots = 1 << 32

// NewStore returns an empty store of states of size bytes, kept as they are.
func NewStore(size int) *Store { return newStore(size, nil) }

// newStore returns an empty store of states of size bytes, packed by c
// unless c is nil.
func newStore(size int, c *codec) *Store {
	s := &Store{size: size, stateSize: size, codec: c, hash: newKeyHash()}
	if c != nil {
		s.size = c.packed
	}
	s.record = s.size + 4
	for s.record<<(s.shift+1) <= chunkBytes {
		s.shift++
	}
	s.table = make([]uint64, minTableSlots)
	return s
}

// Len is the number of states stored.
func (s *Store) Len() int { return s.n }

// rec returns the record of id.
func (s *Store) rec(id StateID) []byte {
	c := s.chunks[id>>s.shift]
	o := int(id&(1<<s.shift-1)) * s.record
	return c[o : o+s.record : o+s.record]
}

// key returns the key of state id; it must not be modified. Its capacity
// reaches the end of the record, for sameKey.
func (s *Store) key(id StateID) []byte {
	c := s.chunks[id>>s.shift]
	o := int(id&(1<<s.shift-1)) * s.record
	return c[o : o+s.size : o+s.record]
}

// Get returns the bytes of state id; they must not be modified. A store
// that packs its states returns a new slice each time: Load reads a state
// without allocating.
func (s *Store) Get(id StateID) []byte { return s.Load(id, nil) }

// Load returns the bytes of state id, written into buf when it has room,
// else into a new slice. A store that keeps states as they are returns its
// own bytes, which must not be modified.
func (s *Store) Load(id StateID, buf []byte) []byte {
	if s.codec == nil {
		return s.key(id)[:s.size:s.size]
	}
	if cap(buf) < s.stateSize {
		buf = make([]byte, s.stateSize)
	}
	buf = buf[:s.stateSize]
	s.codec.unpack(buf, s.key(id))
	return buf
}

// KeyBytes is the bytes the store keeps of a state.
func (s *Store) KeyBytes() int { return s.size }

// keyOf returns the key of state st: st itself, or st packed into buf, or
// into a new slice when the key does not fit in buf.
func (s *Store) keyOf(st []byte, buf *[maxStackKey]byte) []byte {
	if s.codec == nil {
		return st
	}
	out := buf[:]
	if s.codec.room() > len(out) {
		out = make([]byte, s.codec.room())
	}
	s.codec.packInto(out[:s.codec.room()], st)
	return out[:s.size]
}

// sameKey tells whether the keys a and b, of the same length, are equal: as
// one word each when they have at most 8 bytes.
func sameKey(a, b []byte) bool {
	if len(a) <= 8 {
		return shortWord(a) == shortWord(b)
	}
	return bytes.Equal(a, b)
}

// putKey writes key at the start of record r, then garbage up to 8 bytes
// when key is shorter and both slices reach 8 bytes: the parent, written
// next, covers it.
func putKey(r, key []byte) {
	if len(key) <= 8 && cap(key) >= 8 && len(r) >= 8 {
		binary.LittleEndian.PutUint64(r, binary.LittleEndian.Uint64(key[:8]))
		return
	}
	copy(r, key)
}

// ReleaseTable gives the memory of the hash table back to the system, for
// a store that holds its states for reading (Get, Load, Parent) while more
// memory goes to other work: the liveness checks' decisions, whose peak it
// lowers by the table's 8 bytes a slot. The next Lookup or Insert builds
// the table again from the states. Nothing may use the store meanwhile.
func (s *Store) ReleaseTable() {
	if s.table == nil {
		return
	}
	releasePages(s.table)
	s.table, s.rebuild = nil, new(sync.Once)
}

// ensureTable builds the table again after ReleaseTable, once, even when
// several goroutines look up at once.
func (s *Store) ensureTable() {
	if s.rebuild == nil {
		return
	}
	s.rebuild.Do(func() {
		slots := minTableSlots
		for full(s.n, slots) {
			slots = grown(slots)
		}
		t := make([]uint64, slots)
		adviseHugePages(t)
		for id := range StateID(s.n) {
			h := s.hash.of(s.key(id))
			i := homeIn(h, slots)
			for t[i] != 0 {
				i = after(i, slots)
			}
			t[i] = h&^(1<<32-1) | uint64(id+1)
		}
		s.table = t
	})
}

// maxStackKey is the largest key Lookup and Insert pack on the stack.
const maxStackKey = 256

// Parent returns the state from which id was first reached, or NoParent.
func (s *Store) Parent(id StateID) StateID {
	return StateID(binary.LittleEndian.Uint32(s.rec(id)[s.size:]))
}

// Bytes is the memory the store holds: arena (keys and parent links) and
// table.
func (s *Store) Bytes() uint64 {
	var arena uint64
	for _, c := range s.chunks {
		arena += uint64(len(c))
	}
	return arena + uint64(len(s.table))*8
}

// full tells whether a table of slots slots holding n states must grow.
func full(n, slots int) bool { return 4*n >= 3*slots && slots < maxTableSlots }

// grown is the slots of a table of slots slots once grown: half as many
// again. The table then stays between 1/2 and 3/4 full, where doubling
// would leave it as little as 3/8 full, a third more memory.
func grown(slots int) int { return min(slots+slots/2, maxTableSlots) }

// homeIn is the first slot, in a table of slots slots, of a state of hash h:
// the slot at the fraction of the table that h's top 32 bits are of 2^32.
func homeIn(h uint64, slots int) uint64 { return (h >> 32) * uint64(slots) >> 32 }

// after is the slot after i in a table of slots slots.
func after(i uint64, slots int) uint64 {
	if i++; i == uint64(slots) {
		return 0
	}
	return i
}

// NextAllocation is the most bytes that inserting one more state allocates:
// a new chunk of the arena or a larger table, or 0 when both have room.
func (s *Store) NextAllocation() uint64 {
	var n uint64
	n += s.nextRoom()
	if full(s.n+1, len(s.table)) {
		n += uint64(grown(len(s.table))) * 8
	}
	return n
}

// firstChunkLen is the length of the first chunk of the arena once it holds
// n records, n at most a chunk's.
func (s *Store) firstChunkLen(n int) int {
	l := max(1, min(firstChunkBytes/s.record, 1<<s.shift)) * s.record
	for n*s.record > l {
		l = min(2*l, s.record<<s.shift)
	}
	return l
}

// arenaBytes is the length of the arena once it holds n records.
func (s *Store) arenaBytes(n int) uint64 {
	switch {
	case n == 0:
		return 0
	case n <= 1<<s.shift:
		return uint64(s.firstChunkLen(n))
	}
	return uint64(s.record<<s.shift) * uint64((n+1<<s.shift-1)>>s.shift)
}

// reserve makes room in the arena for n records and numbers them: the
// records s.n to n-1 are then written by Store.claim's callers.
func (s *Store) reserve(n int) {
	for ; s.n < n; s.n++ {
		s.room()
	}
}

// truncate takes the states n and after out of the store, as if they had
// never been inserted: the table and the arena are those of a store that
// holds the first n states. The table must not have grown since state n-1
// was stored.
func (s *Store) truncate(n int) {
	for last := s.n - 1; last >= n; last-- {
		id := StateID(last)
		i := s.home(s.hash.of(s.key(id)))
		for uint32(s.table[i]) != uint32(id+1) {
			i = after(i, len(s.table))
		}
		s.remove(i)
	}
	s.n = n
	chunks := (n + 1<<s.shift - 1) >> s.shift
	clear(s.chunks[chunks:])
	s.chunks = s.chunks[:chunks]
	if n <= 1<<s.shift {
		s.chunks[0] = s.chunks[0][:s.firstChunkLen(n)]
	}
	for full(s.n, len(s.table)) {
		s.grow()
	}
}

// remove empties slot i, moving back the slots after it that linear
// probing would otherwise no longer find.
func (s *Store) remove(i uint64) {
	for j := after(i, len(s.table)); s.table[j] != 0; j = after(j, len(s.table)) {
		// The entry at j stays unless its home is cyclically outside (i, j].
		h := s.home(s.table[j])
		if (i < j && i < h && h <= j) || (i > j && (i < h || h <= j)) {
			continue
		}
		s.table[i] = s.table[j]
		i = j
	}
	s.table[i] = 0
}

// room makes sure the arena has room for record s.n.
func (s *Store) room() {
	switch {
	case s.n>>s.shift == len(s.chunks) && s.n == 0:
		s.chunks = append(s.chunks, make([]byte, max(1, min(firstChunkBytes/s.record, 1<<s.shift))*s.record))
	case s.n>>s.shift == len(s.chunks):
		c := make([]byte, s.record<<s.shift)
		adviseHugePages(c)
		s.chunks = append(s.chunks, c)
	case s.n>>s.shift == 0 && (s.n+1)*s.record > len(s.chunks[0]):
		c := make([]byte, min(2*len(s.chunks[0]), s.record<<s.shift))
		copy(c, s.chunks[0])
		s.chunks[0] = c
	}
}

// nextRoom is the bytes room allocates for record s.n.
func (s *Store) nextRoom() uint64 {
	switch {
	case s.n>>s.shift == len(s.chunks) && s.n == 0:
		return uint64(max(1, min(firstChunkBytes/s.record, 1<<s.shift)) * s.record)
	case s.n>>s.shift == len(s.chunks):
		return uint64(s.record) << s.shift
	case s.n>>s.shift == 0 && (s.n+1)*s.record > len(s.chunks[0]):
		return uint64(min(2*len(s.chunks[0]), s.record<<s.shift))
	}
	return 0
}

// home is the first slot of a state of hash h.
func (s *Store) home(h uint64) uint64 { return homeIn(h, len(s.table)) }

// Lookup returns the id of state st, if stored. Several goroutines may look
// up at once while nothing is inserted.
func (s *Store) Lookup(st []byte) (StateID, bool) {
	s.ensureTable()
	var buf [maxStackKey]byte
	key := s.keyOf(st, &buf)
	return s.lookup(key, s.hash.of(key))
}

// lookup is Lookup of a state's key, whose hash is h.
func (s *Store) lookup(key []byte, h uint64) (StateID, bool) {
	tag := h &^ (1<<32 - 1)
	for i := s.home(h); ; i = after(i, len(s.table)) {
		v := s.table[i]
		if v == 0 {
			return 0, false
		}
		if v&^(1<<32-1) == tag && sameKey(s.key(StateID(v-1)), key) {
			return StateID(v - 1), true
		}
	}
}

// Insert adds st, reached from parent, unless it is stored already. It returns
// the state's id and whether it was added.
func (s *Store) Insert(st []byte, parent StateID) (StateID, bool) {
	s.ensureTable()
	s.rebuild = nil
	var buf [maxStackKey]byte
	key := s.keyOf(st, &buf)
	return s.insert(key, s.hash.of(key), parent)
}

// insert is Insert of a state's key, whose hash is h.
func (s *Store) insert(key []byte, h uint64, parent StateID) (StateID, bool) {
	tag := h &^ (1<<32 - 1)
	i := s.home(h)
	for ; ; i = after(i, len(s.table)) {
		v := s.table[i]
		if v == 0 {
			break
		}
		if v&^(1<<32-1) == tag && sameKey(s.key(StateID(v-1)), key) {
			return StateID(v - 1), false
		}
	}
	id := StateID(s.n)
	s.room()
	r := s.rec(id)
	putKey(r, key)
	binary.LittleEndian.PutUint32(r[s.size:], uint32(parent))
	s.n++
	s.table[i] = tag | uint64(id+1)
	if full(s.n, len(s.table)) {
		s.grow()
	}
	return id, true
}

// grow makes the table half as large again. Each slot goes to its new
// home, found from the hash bits it holds; as homes follow the order of the
// table, the new table is written nearly in order, and no record is read. A
// large old table gives its memory back to the system a block at a time as
// it is read, so that the store never holds both tables whole. Nothing may
// read the old table meanwhile, nor after.
func (s *Store) grow() {
	slots := grown(len(s.table))
	t := make([]uint64, slots)
	adviseHugePages(t)
	old := s.table
	release := uint64(len(old))*8 >= releaseBytes
	for lo := 0; lo < len(old); lo += releaseSlots {
		block := old[lo:min(lo+releaseSlots, len(old))]
		for _, v := range block {
			if v == 0 {
				continue
			}
			i := homeIn(v, slots)
			for t[i] != 0 {
				i = after(i, slots)
			}
			t[i] = v
		}
		if release {
			releasePages(block)
		}
	}
	s.table = t
}

// releaseSlots is the slots of the old table grow reads before it gives
// their memory back: a huge page.
const releaseSlots = (2 << 20) / 8
