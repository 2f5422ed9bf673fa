package explorer

import (
	"sync/atomic"

	"github.com/interleave/interleave/explorer/pages"
)

// spare holds the next whole chunk of a store's arena, or of its counts of
// children, made ready by another goroutine than the inserting one: with
// two workers, the expander makes them while it waits for room in the ring
// (pipeline.go), so that the merger, whose inserts bound the search,
// neither allocates the chunk nor takes the page faults of its memory as it
// fills it (on the filter lock with 4 processes, 3.6 MB of arena every
// 0.5 M states, about 900 faults of 4 KiB pages, and a MiB of counts every
// 1 M states). A spare is backed by the kernel when it is made
// (pages.Whole).
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
}

// spareRoom is how far below the memory limit the heap must be, as a
// level begins, for spares to be made during it.
const spareRoom = 256 << 20

// newSpare returns the spare of chunks of n bytes, none made yet.
func newSpare(n int) *spare { return &spare{bytes: n} }

// make makes the chunk when it is missing; s may be nil. Only one
// goroutine at a time may call it; the store's may take the chunk
// meanwhile.
func (s *spare) make() {
	if s != nil && s.chunk.Load() == nil {
		c := pages.Whole(s.bytes)
		s.chunk.Store(&c)
	}
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
