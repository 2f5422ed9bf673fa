package explorer

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
)

// A search that records its edges can note, as it expands each state, how
// its transitions move the processes' parts (ProcessParts): the starvation
// check's graphs of the parts are then at hand once the search is over,
// rather than swept from the recorded graph, where each edge's target is a
// load from anywhere in the graph's memory. The expansion has both keys of
// a transition in registers: its state's and its successor's.

// PartMove is a move of a process's part along a transition: the part
// before, From, and after, To, each as the bits of a key of one word under
// the process's ProcessParts.Mask.
type PartMove struct{ From, To uint64 }

// maxMoveNotes is the most moves a chunk notes: past it, the search gives
// up noting them (a program of many parts, whose cores the check sweeps
// for instead).
const maxMoveNotes = 1 << 16

// partMoveNotes gathers the moves a search notes: each chunk notes those of
// its transitions in a set of its own (moveSet), and the search joins the
// sets once it is over.
type partMoveNotes struct {
	// masks[p] is the bits of process p's part in a key, all those of
	// every process.
	masks []uint64
	all   uint64
	mu    sync.Mutex
	sets  []*moveSet
	// failed tells that some moves went unnoted: a set grew past
	// maxMoveNotes.
	failed atomic.Bool
}

// maxNotedProcesses is the most processes whose moves a search notes: a
// chunk's set keeps a cache of 2 KiB a process.
const maxNotedProcesses = 64

// newPartMoveNotes returns the notes of the moves of sp's search, or nil
// when its keys take more than one word, it has more than
// maxNotedProcesses processes, or a process's part is all of a key (which
// leaves the sets' caches no part that cannot be).
func newPartMoveNotes(sp *Space) *partMoveNotes {
	pp := sp.ProcessParts()
	if pp.Words() != 1 || pp.Processes() > maxNotedProcesses {
		return nil
	}
	n := &partMoveNotes{masks: make([]uint64, pp.Processes())}
	for p := range n.masks {
		n.masks[p] = pp.Mask(p)[0]
		if n.masks[p] == ^uint64(0) {
			return nil
		}
		n.all |= n.masks[p]
	}
	return n
}

// newSet returns a set for one chunk's moves, to be joined with the others.
func (n *partMoveNotes) newSet() *moveSet {
	s := &moveSet{notes: n, masks: n.masks, all: n.all, cache: make([]moveKey, len(n.masks)<<moveCacheBits)}
	for p, m := range n.masks {
		// A part with bits outside its mask, which no move has.
		none := moveKey{from: ^m}
		for i := range 1 << moveCacheBits {
			s.cache[p<<moveCacheBits|i] = none
		}
	}
	s.slots = make([]moveNote, 256)
	n.mu.Lock()
	n.sets = append(n.sets, s)
	n.mu.Unlock()
	return s
}

// join returns the moves of every chunk, by process, each process's sorted;
// nil when some went unnoted.
func (n *partMoveNotes) join() [][]PartMove {
	if n.failed.Load() {
		return nil
	}
	moves := make([][]PartMove, len(n.masks))
	for _, s := range n.sets {
		for _, e := range s.slots {
			if e.proc != 0 {
				moves[e.proc-1] = append(moves[e.proc-1], PartMove{e.from, e.to})
			}
		}
	}
	for p := range moves {
		slices.SortFunc(moves[p], func(a, b PartMove) int {
			return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
		})
		moves[p] = slices.Compact(moves[p])
	}
	return moves
}

// moveSet is the moves noted by one chunk, in an open-addressing table,
// in front of which a direct-mapped cache of each process's moves holds
// the move last noted at its index: a process mostly has a few dozen
// moves (45 on the filter lock), which its cache holds, and the table is
// looked at only for a move not in the cache.
type moveSet struct {
	notes *partMoveNotes
	masks []uint64
	all   uint64
	// cache has 1<<moveCacheBits entries a process, process p's from
	// p<<moveCacheBits.
	cache []moveKey
	slots []moveNote
	n     int
	full  bool
}

// moveKey is a move of a process's part, in the cache of its process.
type moveKey struct{ from, to uint64 }

// moveCacheBits sets the entries of a process's cache of moves.
const moveCacheBits = 7

// moveNote is process proc-1's move from part from to part to; proc is 0
// in an empty slot.
type moveNote struct {
	from, to uint64
	proc     int32
}

// moveCacheIndex is the index in its process's cache of a move from part
// a to part b.
func moveCacheIndex(a, b uint64) int {
	return int((a*0x9e3779b97f4a7c15 ^ b) * 0xc4ceb9fe1a85ec53 >> (64 - moveCacheBits))
}

// moverOf is the process that moves on transition t, whose part moves with
// it: none (-1) for a flush, a step of the memory system.
func moverOf(t *Transition) int {
	if t.Flush {
		return -1
	}
	return t.Process
}

// note notes the moves of a transition from a state of key from to one of
// key to, in which mover and partner move (each -1 for none): theirs, and
// that of any other process whose part changes.
func (s *moveSet) note(mover, partner int, from, to uint64) {
	changed := (from ^ to) & s.all
	if uint(mover) < uint(len(s.masks)) {
		s.add(mover, from, to)
		changed &^= s.masks[mover]
	}
	if uint(partner) < uint(len(s.masks)) {
		s.add(partner, from, to)
		changed &^= s.masks[partner]
	}
	if changed != 0 {
		for q, m := range s.masks {
			if changed&m != 0 {
				s.add(q, from, to)
			}
		}
	}
}

// add notes process p's move between the parts of keys from and to.
func (s *moveSet) add(p int, from, to uint64) {
	m := s.masks[p]
	a, b := from&m, to&m
	c := s.cached(p, a, b)
	if c.from == a && c.to == b {
		return
	}
	*c = moveKey{a, b}
	s.insert(p, a, b)
}

// cached is the entry of process p's cache where its move from part a to
// part b is, if it is cached.
func (s *moveSet) cached(p int, a, b uint64) *moveKey {
	return &s.cache[p<<moveCacheBits|moveCacheIndex(a, b)]
}

// insert adds process p's move from part a to part b to the table, unless
// it holds it already.
func (s *moveSet) insert(p int, a, b uint64) {
	if s.full {
		return
	}
	mask := uint64(len(s.slots) - 1)
	for i := moveHash(a, b, p) & mask; ; i = (i + 1) & mask {
		e := &s.slots[i]
		if e.proc == 0 {
			*e = moveNote{from: a, to: b, proc: int32(p + 1)}
			s.n++
			if 2*s.n > len(s.slots) {
				s.grow()
			}
			return
		}
		if e.from == a && e.to == b && e.proc == int32(p+1) {
			return
		}
	}
}

// grow doubles the table, or gives up past maxMoveNotes.
func (s *moveSet) grow() {
	if s.n > maxMoveNotes {
		s.full = true
		s.notes.failed.Store(true)
		return
	}
	old := s.slots
	s.slots = make([]moveNote, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, e := range old {
		if e.proc == 0 {
			continue
		}
		i := moveHash(e.from, e.to, int(e.proc-1)) & mask
		for s.slots[i].proc != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = e
	}
}

// moveHash is the hash of process p's move from part a to part b.
func moveHash(a, b uint64, p int) uint64 {
	return mixWord(a*0x9e3779b97f4a7c15 ^ b ^ uint64(p)<<56)
}
