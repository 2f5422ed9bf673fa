package explorer

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/interleave/interleave/explorer/pages"
)

// StateID names a stored state: states are numbered from 0 in insertion order.
type StateID uint32

// NoParent is the parent of the initial state.
const NoParent = ^StateID(0)

// chunkBytes is the most bytes of one chunk of the arena, whatever the size of
// a state: growing the arena never allocates more than this at once (a chunk
// holds one record when a state is larger).
const chunkBytes = 4 << 20

// firstChunkBytes is the room the first chunk starts with: it doubles until
// it is a whole chunk, so that a small model's store stays small. Doubling
// copies the records of the first chunk; as records never change, a slice
// that Get returned before still holds the right bytes.
const firstChunkBytes = 16 << 10

// Store is the set of visited states: each state's record in an arena of
// fixed-size records (the state's key, then the id of its parent, 4 bytes
// little endian, unless the store keeps its parents otherwise: see
// parentKeeping), and a hash table over it. A state's key is its bytes,
// packed when the store has a codec (pack.go). Ids are dense and in
// insertion order. Inserting allocates only when the arena or the table
// grows, and growing never copies a record.
//
// The table uses open addressing with linear probing. A slot is 4 bytes:
// id+1 in its low bits, as many as the table's size needs (idBits), then as
// many bits of the key's hash as the 31 bits leave (0 for an empty slot; the
// top bit marks a claim, claim.go). A probe compares a state's record only
// when those hash bits match. A state's home slot is the one at the fraction
// of the table that the top 32 bits of its hash are of 2^32. Growing the
// table builds the new one from the records, in id order: the arena is read
// in order. The new table takes the old one's memory, cleared, and new
// memory only for the slots it adds (tableMemory), so that the store never
// holds both.
type Store struct {
	// size is the bytes of a key, stateSize those of a state; codec packs
	// states into keys, or is nil when keys are the states.
	size, stateSize int
	codec           *codec
	// record is the bytes of one record: size + 4, or size when the store
	// keeps no parent in its records: then counts holds them (a store
	// filled breadth first), or derived once derive has told them
	// (parentless, DeriveParents).
	record     int
	counts     *childCounts
	parentless bool
	derive     func() []StateID
	derived    []StateID
	deriveOnce *sync.Once
	// shift sets the records of a chunk: 1<<shift, at most chunkBytes bytes.
	shift  uint
	chunks [][]byte
	n      int
	// table is at most 3/4 full; nil once released (ReleaseTable), until
	// rebuild builds it again. Its slots hold id+1 in their idBits low bits.
	table   []uint32
	idBits  uint
	hash    keyHash
	rebuild *sync.Once
	// mem holds the table's memory (tablemem_linux.go).
	mem *tableMemory
	// deferGrowth tells insert to leave growing the table to its caller
	// (pipeline.go), and atomicSlots to write its slots atomically, other
	// goroutines reading the table meanwhile.
	deferGrowth, atomicSlots bool
	// arenaSpare and countSpare, when set, hold the next whole chunks of
	// the arena and of the counts, made by another goroutine (spares.go).
	arenaSpare, countSpare *spare
	// presized is the size of the table the next growth takes, in slots,
	// as sizeWithin chose it since the last growth; 0: twice as large.
	presized int
	// quietBelow is a number of states below which inserting allocates
	// nothing (NextAllocation), nor needs to make room: as many as the
	// store had room for when last asked, or 0.
	quietBelow int
}

// minTableSlots is the size of a new store's table.
const minTableSlots = 1 << 10

// maxTableSlots is the largest table: id+1 and a slot's top bit, which
// marks a claim, fit in its 32 bits.
const maxTableSlots = 1<<31 - 1

// maxStoredStates is the most states a store holds: the largest table then
// stays at most 15/16 full.
const maxStoredStates = maxTableSlots / 16 * 15

// slotIDBits is the low bits of a slot that hold id+1 in a table of slots
// slots, which holds fewer states than slots: id+1 is at most slots-1, so
// that a table of 2^k slots leaves a bit more of the hash to its slots.
func slotIDBits(slots int) uint { return uint(bits.Len(uint(slots - 1))) }

// slotTag is the bits of hash h that a slot holds above the idBits bits of
// id+1 and below the top bit: bits of the hash's low half, for its top bits
// make the home, which neighbouring slots share.
func slotTag(h uint64, idBits uint) uint32 { return uint32(h) >> (idBits + 1) << idBits }

// parentKeeping is how a store keeps the parents of its states.
type parentKeeping int

const (
	// parentsInRecords: each record ends with its state's parent.
	parentsInRecords parentKeeping = iota
	// parentsCounted: the store is filled breadth first, each state's
	// children inserted while it is expanded, the states expanded in id
	// order; the parents follow from how many children each state has
	// (childCounts), a byte a state.
	parentsCounted
	// parentsDerived: the parentless store of a search that records its
	// edges; the parents are derived from them when first asked for
	// (DeriveParents).
	parentsDerived
)

// NewStore returns an empty store of states of size bytes, kept as they are.
func NewStore(size int) *Store { return newStore(size, nil, parentsInRecords) }

// newStore returns an empty store of states of size bytes, packed by c
// unless c is nil, keeping their parents as parents says.
func newStore(size int, c *codec, parents parentKeeping) *Store {
	s := &Store{size: size, stateSize: size, codec: c, hash: newKeyHash(), parentless: parents == parentsDerived}
	if c != nil {
		s.size = c.packed
	}
	s.record = s.size + 4
	switch parents {
	case parentsCounted:
		s.record = s.size
		s.counts = new(childCounts)
	case parentsDerived:
		s.record = s.size
		s.deriveOnce = new(sync.Once)
	}
	for s.record<<(s.shift+1) <= chunkBytes {
		s.shift++
	}
	s.mem = new(tableMemory)
	// A store that is garbage gives its table's mapping back.
	runtime.AddCleanup(s, func(m *tableMemory) { m.release() }, s.mem)
	s.setTable(make([]uint32, minTableSlots))
	return s
}

// setTable makes t the store's table.
func (s *Store) setTable(t []uint32) { s.table, s.idBits = t, slotIDBits(len(t)) }

// slotID is the id a slot v holding a stored state names.
func (s *Store) slotID(v uint32) StateID { return StateID(v&(1<<s.idBits-1) - 1) }

// Len is the number of states stored.
func (s *Store) Len() int { return s.n }

// rec returns the record of id.
func (s *Store) rec(id StateID) []byte {
	c := s.chunks[id>>s.shift]
	o := int(id&(1<<s.shift-1)) * s.record
	return c[o : o+s.record : o+s.record]
}

// key returns the key of state id; it must not be modified. Its capacity
// reaches 8 bytes where the chunk has them, for sameKey.
func (s *Store) key(id StateID) []byte {
	c := s.chunks[id>>s.shift]
	o := int(id&(1<<s.shift-1)) * s.record
	return c[o : o+s.size : min(max(o+s.record, o+8), len(c))]
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
// next, covers it. A key of 4 to 8 bytes that fills its record, as in a
// parentless store, is written as two words that overlap.
func putKey(r, key []byte) {
	n := len(key)
	switch {
	case n <= 8 && cap(key) >= 8 && len(r) >= 8:
		binary.LittleEndian.PutUint64(r, binary.LittleEndian.Uint64(key[:8]))
	case n >= 4 && n <= 8 && len(r) >= n:
		binary.LittleEndian.PutUint32(r, binary.LittleEndian.Uint32(key))
		binary.LittleEndian.PutUint32(r[n-4:], binary.LittleEndian.Uint32(key[n-4:n]))
	default:
		copy(r, key)
	}
}

// putRecord writes the record of state id: its key, then its parent when
// the store keeps parents in its records. The arena must have room for it.
func (s *Store) putRecord(id StateID, key []byte, parent StateID) {
	r := s.rec(id)
	putKey(r, key)
	if s.record > s.size {
		binary.LittleEndian.PutUint32(r[s.size:], uint32(parent))
	}
}

// ReleaseTable gives the memory of the hash table back to the system, for
// a store that holds its states for reading (Get, Load, Parent) while more
// memory goes to other work: the liveness checks' decisions, whose peak it
// lowers by the table's 4 bytes a slot. The next Lookup or Insert builds
// the table again from the states. Nothing may use the store meanwhile.
// It ends a loan of the table's memory too (LendTable).
func (s *Store) ReleaseTable() {
	if s.table == nil {
		s.mem.release()
		return
	}
	// A table on the heap gives its pages back; one in a mapping, the
	// mapping (after, so that no other mapping is in its place).
	releasePages(s.table)
	s.mem.release()
	s.table, s.rebuild, s.quietBelow = nil, new(sync.Once), 0
}

// LendTable gives up the hash table, as ReleaseTable does, but lends its
// memory, cleared, as n words: memory the process holds already, its
// pages backed (on huge pages where the kernel gave them), where n words
// new to it would be backed page by page as they are first written. The
// mapping of the table past them goes back to the system. It returns nil,
// and keeps the table, when the table has fewer than n slots or the store
// has none. The store is then only read (Get, Load, Parent), never looked
// up in, until ReleaseTable, which ends the loan: the words must not be
// used after it.
func (s *Store) LendTable(n int) []uint32 {
	if s.table == nil || len(s.table) < n {
		return nil
	}
	lent := s.table[:n:n]
	clear(lent)
	s.mem.shrink(4 * n)
	s.table, s.rebuild, s.quietBelow = nil, new(sync.Once), 0
	return lent
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
		s.build(slots)
	})
}

// build makes the store's table one of slots slots holding every state
// stored. It reads the arena in id order; the slots it writes are random,
// so it asks the processor for the home slots of the next batch of states
// while it files a batch, letting the cache misses of many be waited for
// together.
func (s *Store) build(slots int) {
	s.newTable(slots)
	s.fill(0, s.n, false)
}

// newTable gives the store an empty table of slots slots, in the memory
// of the one it has where it can.
func (s *Store) newTable(slots int) { s.setTable(s.mem.resize(slots)) }

// growTogether is grow with the states filed into the new table by every
// worker of run at once (parallel.onWorkers), each taking the next stretch
// of ids and claiming a free slot by compare-and-swap; with no run, by the
// calling goroutine alone, in id order. The table then holds the same
// states either way, each within its probe from its home, though maybe in
// another slot of it.
func (s *Store) growTogether(run func(func(w int))) {
	slots := s.nextSlots()
	s.presized = 0 // taken: the growth after is chosen anew
	if run == nil {
		s.build(slots)
		return
	}
	s.newTable(slots)
	const stretch = 1 << 15
	var next atomic.Int64
	run(func(int) {
		for {
			lo := int(next.Add(stretch) - stretch)
			if lo >= s.n {
				return
			}
			s.fill(lo, min(lo+stretch, s.n), true)
		}
	})
}

// fill puts the states [lo, hi) into the table, in a batch whose homes are
// asked for, to be written, while the batch before is put in; together,
// beside other goroutines doing the same, by compare-and-swap.
func (s *Store) fill(lo, hi int, together bool) {
	slots := len(s.table)
	var hashes [2][fillBatch]uint64
	hashBatch := func(from int, hs *[fillBatch]uint64) []uint64 {
		b := hs[:max(0, min(fillBatch, hi-from))]
		s.hashKeys(from, b)
		if len(b) > 0 {
			prefetchHomesToWrite(&s.table[0], uint64(slots), b)
		}
		return b
	}
	cur := hashBatch(lo, &hashes[0])
	for from := lo; from < hi; from += fillBatch {
		next := hashBatch(from+fillBatch, &hashes[(from/fillBatch+1)%2])
		for j, h := range cur {
			v := slotTag(h, s.idBits) | uint32(from+j+1)
			i := s.home(h)
			if together {
				for !atomic.CompareAndSwapUint32(&s.table[i], 0, v) {
					i = after(i, slots)
				}
				continue
			}
			for s.table[i] != 0 {
				i = after(i, slots)
			}
			s.table[i] = v
		}
		cur = next
	}
}

// fillBatch is the states of a batch of fill. The processor keeps a score
// or so of misses under way; asking for more at once stalls it on the
// ones it cannot take yet, with the batch before still to put in. On
// filter N=4, a batch of 16 homes, each asked for to be written, filed
// states about 40 % faster than one of 64 asked for to be read with the
// line after each, as lookups are (BenchmarkBuildTable, and growth in a
// search: README).
const fillBatch = 16

// hashKeys sets b to the hashes of the keys of states from, from+1, ….
// Keys of a word at most, in one chunk, are read as words straight from
// the chunk's bytes.
func (s *Store) hashKeys(from int, b []uint64) {
	last := from + len(b) - 1
	if s.size <= 8 && len(b) > 0 && from>>s.shift == last>>s.shift {
		c := s.chunks[from>>s.shift]
		o := (from & (1<<s.shift - 1)) * s.record
		if o+(len(b)-1)*s.record+8 <= len(c) {
			mask, seed := ^uint64(0)>>(64-8*s.size), s.hash.word
			for j := range b {
				b[j] = mixWord(binary.LittleEndian.Uint64(c[o:o+8])&mask ^ seed)
				o += s.record
			}
			return
		}
	}
	for j := range b {
		b[j] = s.hash.of(s.key(StateID(from + j)))
	}
}

// maxStackKey is the largest key Lookup and Insert pack on the stack.
const maxStackKey = 256

// Parent returns the state from which id was first reached, or NoParent.
// A parentless store derives every parent at the first call
// (DeriveParents).
func (s *Store) Parent(id StateID) StateID {
	if s.counts != nil {
		return s.counts.parent(id)
	}
	if s.parentless {
		s.deriveOnce.Do(func() {
			if s.derive == nil {
				panic("explorer: the parents of a parentless store were not derived")
			}
			s.derived = s.derive()
		})
		return s.derived[id]
	}
	return StateID(binary.LittleEndian.Uint32(s.rec(id)[s.size:]))
}

// Parentless reports whether the store keeps no parents in its records
// (Options.EdgeParents).
func (s *Store) Parentless() bool { return s.parentless }

// DeriveParents tells a parentless store how to find the parents of its
// states, when first asked for one: derive returns the parent of every
// state, by id. The edges of the search name them: a state's parent is the
// first expanded state with an edge to it (Options.EdgeParents).
func (s *Store) DeriveParents(derive func() []StateID) { s.derive = derive }

// Bytes is the memory the store holds: arena (keys and parent links),
// table, and the parents counted, or derived for a parentless store.
func (s *Store) Bytes() uint64 {
	var arena uint64
	for _, c := range s.chunks {
		arena += uint64(len(c))
	}
	n := arena + uint64(len(s.table))*4 + uint64(cap(s.derived))*4
	if s.counts != nil {
		n += s.counts.bytes()
	}
	return n
}

// full tells whether a table of slots slots holding n states must grow.
func full(n, slots int) bool { return 4*n >= 3*slots && slots < maxTableSlots }

// grown is the slots of a table of slots slots once grown: twice as many.
// The table then stays between 3/8 and 3/4 full. Growing by half would keep
// it at least half full, a quarter less memory at worst, but fill it half
// as often again: the states are filed into the new table at every growth,
// 3 times the final count in all against 2, and a one-worker search of
// 15.7 M states took a fifth longer than with its final table from the
// start, against a tenth. The byte a state that a search's parents take
// (childCounts), against 4, pays for the memory. A table of fewer than
// smallTableSlots grows four times over instead: its memory is little
// either way, and a small model no longer spends a good part of its search
// filling one small table after another.
func grown(slots int) int {
	if slots < smallTableSlots {
		return 4 * slots
	}
	return min(2*slots, maxTableSlots)
}

// smallTableSlots is the size below which a table grows four times over.
const smallTableSlots = 1 << 16

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
// a new chunk of the arena or of the parents' counts, or a larger table, or
// 0 when all have room.
// It is asked before every insert of a search with a memory limit: while
// the store has room, it answers from quietBelow.
func (s *Store) NextAllocation() uint64 {
	if s.n < s.quietBelow {
		return 0
	}
	n := s.nextRoom()
	if full(s.n+1, len(s.table)) {
		n += uint64(s.nextSlots()) * 4
	}
	if n == 0 {
		s.quietBelow = s.roomUntil()
	}
	return n
}

// roomUntil is the number of states up to which inserting allocates
// nothing: the states the arena, the counts and the table have room for.
func (s *Store) roomUntil() int {
	arena := 0
	switch {
	case len(s.chunks) == 1 && len(s.chunks[0]) < s.record<<s.shift:
		arena = len(s.chunks[0]) / s.record
	case len(s.chunks) > 0:
		arena = len(s.chunks) << s.shift
	}
	table := (3*len(s.table)+3)/4 - 1 // full(n+1) from there on
	until := min(arena, table)
	if s.counts != nil {
		until = min(until, s.counts.capacity())
	}
	return until
}

// sizeWithin chooses the table the store's next growth takes, given that
// free more bytes may be used: the largest table that, with the records of
// as many states as it holds (3/4 of its slots), fits in the memory that
// the store's table and records take now and free, when doubling would
// reach a quarter of it or more; else the table doubles. A model that needs
// much less than the memory never takes it (clearing a table far larger
// than it needs would cost more than growing); one that needs most of it
// skips the rebuilding of its table at the last growths, probes a table
// less full, and holds at least as many states as doubling would let it.
func (s *Store) sizeWithin(free uint64) {
	r := uint64(s.record)
	if s.counts != nil {
		r++
	}
	slots := int(min((free+4*uint64(len(s.table))+uint64(s.n)*r)*4/(16+3*r), maxTableSlots))
	s.presized = 0
	if n := grown(len(s.table)); slots > n && 4*n >= slots {
		s.presized = slots
	}
}

// nextSlots is the size of the table once grown: twice as large, or the
// one sizeWithin chose.
func (s *Store) nextSlots() int {
	if s.presized > 0 {
		return s.presized
	}
	return grown(len(s.table))
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
		for s.slotID(s.table[i]) != id {
			i = after(i, len(s.table))
		}
		s.remove(i)
	}
	if s.counts != nil {
		s.counts.truncate(n, s.n)
	}
	s.n, s.quietBelow = n, 0
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
		h := s.home(s.hash.of(s.key(s.slotID(s.table[j]))))
		if (i < j && i < h && h <= j) || (i > j && (i < h || h <= j)) {
			continue
		}
		s.table[i] = s.table[j]
		i = j
	}
	s.table[i] = 0
}

// count notes, in a store that counts its parents' children, that state
// s.n is stored as a child of parent, or as a root: all roots come first.
func (s *Store) count(parent StateID) {
	switch {
	case s.counts == nil:
	case parent != NoParent:
		s.counts.add(parent)
	case s.n == s.counts.roots:
		s.counts.root()
	default:
		panic("explorer: a root stored after other states in a store filled breadth first")
	}
}

// room makes sure the arena has room for record s.n, and the counts of
// children, if kept, for its state.
func (s *Store) room() {
	if s.counts != nil {
		s.counts.room(s.n+1, s.countSpare)
	}
	switch {
	case s.n>>s.shift == len(s.chunks) && s.n == 0:
		s.chunks = append(s.chunks, make([]byte, max(1, min(firstChunkBytes/s.record, 1<<s.shift))*s.record))
	case s.n>>s.shift == len(s.chunks):
		c := s.arenaSpare.take(s.record << s.shift)
		if c == nil {
			c = pages.Whole(s.record << s.shift)
		}
		s.chunks = append(s.chunks, c)
	case s.n>>s.shift == 0 && (s.n+1)*s.record > len(s.chunks[0]):
		c := make([]byte, min(2*len(s.chunks[0]), s.record<<s.shift))
		copy(c, s.chunks[0])
		s.chunks[0] = c
	}
}

// nextRoom is the bytes room allocates for record s.n.
func (s *Store) nextRoom() uint64 {
	var counts uint64
	if s.counts != nil {
		counts = s.counts.nextRoom(s.n+1, s.countSpare)
	}
	return counts + s.nextArenaRoom()
}

// nextArenaRoom is the bytes room allocates for record s.n in the arena.
func (s *Store) nextArenaRoom() uint64 {
	switch {
	case s.n>>s.shift == len(s.chunks) && s.n == 0:
		return uint64(max(1, min(firstChunkBytes/s.record, 1<<s.shift)) * s.record)
	case s.n>>s.shift == len(s.chunks):
		if s.arenaSpare.holds(s.record << s.shift) {
			return 0 // in the heap already
		}
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
	tag, ids := slotTag(h, s.idBits), uint32(1)<<s.idBits-1
	for i := s.home(h); ; i = after(i, len(s.table)) {
		v := s.table[i]
		if v == 0 {
			return 0, false
		}
		if v&^ids == tag && sameKey(s.key(StateID(v&ids-1)), key) {
			return StateID(v&ids - 1), true
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
	tag, ids := slotTag(h, s.idBits), uint32(1)<<s.idBits-1
	i := s.home(h)
	for ; ; i = after(i, len(s.table)) {
		v := s.table[i]
		if v == 0 {
			break
		}
		if v&^ids == tag && sameKey(s.key(StateID(v&ids-1)), key) {
			return StateID(v&ids - 1), false
		}
	}
	id := StateID(s.n)
	if s.n >= s.quietBelow {
		s.room()
	}
	s.putRecord(id, key, parent)
	s.count(parent)
	s.n++
	if s.atomicSlots {
		atomic.StoreUint32(&s.table[i], tag|uint32(id+1))
	} else {
		s.table[i] = tag | uint32(id+1)
	}
	if !s.deferGrowth && full(s.n, len(s.table)) {
		s.grow()
	}
	return id, true
}

// grow makes the table twice as large, built from the records, in the old
// table's memory and more. Nothing may read the old table meanwhile,
// nor after.
func (s *Store) grow() { s.growTogether(nil) }
