package liveness

// column is an array that grows by appending in chunks, so that growing never
// copies what it holds: a Builder's arrays grow while the search runs, with no
// idea of their final length, and are joined once, at Build.
type column[T any] struct {
	chunks [][]T
	n      int
	// next is the length of the next chunk.
	next int
}

// firstChunk and lastChunk bound the lengths of a column's chunks: they
// double from the first to the last, so that a small graph stays small and a
// large one has few chunks.
const (
	firstChunk = 1 << 10
	lastChunk  = 1 << 20
)

// add appends v.
func (c *column[T]) add(v T) {
	if len(c.chunks) == 0 || len(c.chunks[len(c.chunks)-1]) == cap(c.chunks[len(c.chunks)-1]) {
		c.grow(1)
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
}

// grow starts a chunk with room for at least more values.
func (c *column[T]) grow(more int) {
	size := max(c.next, firstChunk, more)
	c.chunks = append(c.chunks, make([]T, 0, size))
	c.next = min(2*size, max(lastChunk, more))
}

// reserve makes room for more values in one chunk, unless the last chunk has
// it.
func (c *column[T]) reserve(more int) {
	if len(c.chunks) > 0 {
		if last := c.chunks[len(c.chunks)-1]; cap(last)-len(last) >= more {
			return
		}
	}
	c.grow(more)
}

// flat returns the values in one array of room extra more and empties the
// column; each chunk is let go once copied.
func (c *column[T]) flat(extra int) []T {
	out := make([]T, 0, c.n+extra)
	for i, ch := range c.chunks {
		out = append(out, ch...)
		c.chunks[i] = nil
	}
	*c = column[T]{}
	return out
}

// bytes is the memory the column holds, for element size size.
func (c *column[T]) bytes(size int) int {
	n := 0
	for _, ch := range c.chunks {
		n += cap(ch)
	}
	return n * size
}
