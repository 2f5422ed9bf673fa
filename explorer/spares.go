package explorer

import (
	"sync"
	"sync/atomic"

	"github.com/interleave/interleave/explorer/pages"
)

// spare holds the next whole chunk of a store's arena, or of its counts of
// children, made ready by another goroutine than the inserting one: with
// two workers, the expander has them made aside (makeAside) when it waits
// for room in the ring (pipeline.go), so that the merger neither allocates
// the chunk nor takes the page faults of its memory as it fills it (on the
// filter lock with 4 processes, 3.6 MB of arena every 0.5 M states, about
// 900 faults of 4 KiB pages, and a MiB of counts every 1 M states). A
// spare is backed by the kernel when it is made (pages.Whole).
//
// A spare is in the heap before the store takes it: the search, which
// checks the heap against its memory limit before each allocation it makes
// (Store.NextAllocation), counts a chunk it will take from a spare as
// nothing more. Spares are made only in a level that begins with the heap
// spareRoom or more below the limit: near it, the search allocates as one
// worker does.
type spare struct {
	chunk atomic.Pointer[[]byte]
	// bytes is the size of the chunk.
	bytes int
	// making is set while a goroutine of makeAside makes the chunk;
	// made is done when it has.
	making atomic.Bool
	made   sync.WaitGroup
}

// spareRoom is how far below the memory limit the heap must be, as a
// level begins, for spares to be made during it.
const spareRoom = 256 << 20

// newSpare returns the spare of chunks of n bytes, none made yet.
func newSpare(n int) *spare { return &spare{bytes: n} }

// make makes the chunk when it is missing; s may be nil. Only one
// goroutine at a time may call make or makeAside; the store's may take the
// chunk meanwhile.
func (s *spare) make() {
	if s != nil && s.chunk.Load() == nil {
		c := pages.Whole(s.bytes)
		s.chunk.Store(&c)
	}
}

// makeAside has a goroutine of its own make the chunk when it is missing
// and no goroutine is making it, and returns at once; s may be nil. The
// expander asks for the spares as it waits for room in the ring, which it
// mostly does at the end of a level, as the merger merges the last chunks:
// a chunk made there, in a few milliseconds of page faults, held the
// merger up at the level's end (on the filter lock with 4 processes, 0.45
// s of a 4.1 s search with two workers), where made aside it is made
// beside whatever runs next.
func (s *spare) makeAside() {
	if s == nil || s.chunk.Load() != nil || !s.making.CompareAndSwap(false, true) {
		return
	}
	s.made.Go(func() {
		defer s.making.Store(false)
		s.make()
	})
}

// holds tells whether s holds a chunk of n bytes, which take would return.
// s may be nil: no spare is made. Only the store's goroutine, which alone
// takes chunks, may rely on the answer.
func (s *spare) holds(n int) bool {
	if s == nil {
		return false
	}
	c := s.chunk.Load()
	return c != nil && len(*c) == n
}

// take returns the chunk s holds, of n bytes, all zeros, if it holds one;
// else nil.
func (s *spare) take(n int) []byte {
	if !s.holds(n) {
		return nil
	}
	return *s.chunk.Swap(nil)
}

// drop gives the memory of a chunk not taken back to the system; s may be
// nil.
func (s *spare) drop() {
	if s == nil {
		return
	}
	s.made.Wait()
	if c := s.chunk.Swap(nil); c != nil {
		releasePages(*c)
	}
}

// lendSpares gives the store spares of its arena's chunks and counts, for
// another goroutine to make, and returns what takes them back.
func (s *Store) lendSpares() (takeBack func()) {
	s.arenaSpare = newSpare(s.record << s.shift)
	if s.counts != nil {
		s.countSpare = newSpare(1 << countChunkShift)
	}
	return func() {
		s.arenaSpare.drop()
		s.countSpare.drop()
		s.arenaSpare, s.countSpare = nil, nil
	}
}
