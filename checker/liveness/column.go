package liveness

import (
	"unsafe"

	"github.com/interleave/interleave/explorer/pages"
)

// chunkBits is the log2 of the length of a full chunk: the arrays of a Graph
// are kept in chunks of chunkLen values, so that they grow while the search
// runs, with no idea of their final length, without ever copying what they
// hold, and the Graph is the Builder's chunks as they are.
const (
	chunkBits  = 20
	chunkLen   = 1 << chunkBits
	chunkMask  = chunkLen - 1
	firstChunk = 1 << 10
)

// chunks is an array in chunks: every chunk but the last holds chunkLen
// values, so that value i is chunks[i>>chunkBits][i&chunkMask].
type chunks[T any] [][]T

// at is value i.
func (c chunks[T]) at(i uint32) T { return c[i>>chunkBits][i&chunkMask] }

// addr is the address of value i, for prefetch.
func (c chunks[T]) addr(i uint32) unsafe.Pointer {
	return unsafe.Pointer(&c[i>>chunkBits][i&chunkMask])
}

// bytes is the memory the chunks hold, for element size size.
func (c chunks[T]) bytes(size int) int {
	n := 0
	for _, ch := range c {
		n += cap(ch)
	}
	return n * size
}

// column is a chunks that grows by appending: the first chunk doubles from
// firstChunk values up to chunkLen, so that a small graph stays small, and
// every other chunk is allocated full length at once. The last chunk is kept
// at its full length while values are added, k of them used; finish cuts it.
//
// Once the chunks are full length, the next one is made ready by a goroutine
// of its own while the last fills: its pages are written once there, so that
// the page faults of a large graph, a sizeable part of recording it, are
// taken on a core that is often idle rather than by the search that records
// it. That chunk is garbage if the column ends first.
type column[T cell] struct {
	chunks chunks[T]
	k, n   int
	// ahead, when not nil, gets the next chunk from readyChunk.
	ahead chan []T
}

// add appends v.
func (c *column[T]) add(v T) {
	if len(c.chunks) == 0 || c.k == len(c.chunks[len(c.chunks)-1]) {
		c.grow(1)
	}
	c.chunks[len(c.chunks)-1][c.k] = v
	c.k++
	c.n++
}

// grow makes room for more values (up to a chunk's worth in the last chunk).
func (c *column[T]) grow(more int) {
	last := len(c.chunks) - 1
	switch {
	case last < 0:
		c.chunks = append(c.chunks, make([]T, min(max(firstChunk, more), chunkLen)))
	case last == 0 && len(c.chunks[0]) < chunkLen:
		first := make([]T, min(max(2*len(c.chunks[0]), c.k+more), chunkLen))
		copy(first, c.chunks[0][:c.k])
		c.chunks[0] = first
	case c.k == chunkLen:
		var next []T
		if c.ahead != nil {
			next = <-c.ahead
		} else {
			next = make([]T, chunkLen)
		}
		c.chunks = append(c.chunks, next)
		c.k = 0
		c.ahead = nil
	}
	if c.ahead == nil && len(c.chunks[len(c.chunks)-1]) == chunkLen {
		c.ahead = make(chan []T, 1)
		go readyChunk(c.ahead)
	}
}

// readyChunk sends a new full-length chunk, backed by the kernel
// (pages.Whole).
func readyChunk[T cell](out chan<- []T) { out <- wholeOf[T](chunkLen) }

// wholeOf returns n values, all zero, backed by the kernel (pages.Whole):
// for a chunk that will be written whole.
func wholeOf[T cell](n int) []T {
	var zero T
	b := pages.Whole(n * int(unsafe.Sizeof(zero)))
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// cell is what a column holds: numbers, with no pointers, so that a chunk
// may be made of bytes.
type cell interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64
}

// reserve makes room for more values in the first chunk while there is only
// one, up to its full length.
func (c *column[T]) reserve(more int) {
	last := len(c.chunks) - 1
	if last < 0 || (last == 0 && len(c.chunks[0])-c.k < more) {
		c.grow(more)
	}
}

// finish returns the chunks, the last one cut to the values in it, and
// empties c.
func (c *column[T]) finish() chunks[T] {
	out := c.chunks
	if len(out) > 0 {
		out[len(out)-1] = out[len(out)-1][:c.k]
	}
	*c = column[T]{}
	return out
}

// codes is a column of unsigned numbers, each stored in as many byte planes
// as the largest needs: value i is the sum over k of planes[k].at(i) << 8k.
// Numbers below 256, the usual case, take one byte each.
type codes struct {
	planes []chunks[uint8]
}

// at is value i.
func (c *codes) at(i uint32) uint32 {
	v := uint32(c.planes[0].at(i))
	for k := 1; k < len(c.planes); k++ {
		v |= uint32(c.planes[k].at(i)) << (8 * k)
	}
	return v
}

func (c *codes) bytes() int {
	n := 0
	for _, p := range c.planes {
		n += p.bytes(1)
	}
	return n
}

// codeColumn builds codes.
type codeColumn struct {
	planes []column[uint8]
	n      int
}

// add appends v, adding planes (zero for the values so far) when v needs them.
func (c *codeColumn) add(v uint32) {
	if len(c.planes) == 1 && v < 256 {
		c.planes[0].add(uint8(v))
		c.n++
		return
	}
	for len(c.planes) == 0 || (len(c.planes) < 4 && v>>(8*len(c.planes)) != 0) {
		var p column[uint8]
		for range c.n {
			p.add(0)
		}
		c.planes = append(c.planes, p)
	}
	for k := range c.planes {
		c.planes[k].add(uint8(v >> (8 * k)))
	}
	c.n++
}

// done is the codes built, and empties c.
func (c *codeColumn) done() codes {
	var out codes
	for k := range c.planes {
		out.planes = append(out.planes, c.planes[k].finish())
	}
	if len(out.planes) == 0 {
		out.planes = []chunks[uint8]{nil}
	}
	*c = codeColumn{}
	return out
}
