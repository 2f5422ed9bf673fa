package liveness

import (
	"encoding/binary"
	"math/bits"
	"unsafe"

	"github.com/interleave/interleave/explorer/pages"
)

// edgeChunks holds the edges of a Graph, each its target and the row of its
// move, chunkLen edges a chunk (the last one fewer). A chunk packs its edges
// side by side in as few bits as its largest target and row need: the
// target in the low targetBits bits of an edge's bits, the row above. A
// search's targets grow with the nodes stored, so a chunk takes about the
// bits of the number of nodes when it was filled, and the rows the bits of
// the moves met so far: 27 bits an edge, against 32, for the 18 million
// nodes and 4 moves of filter_live with four processes.
type edgeChunks []edgeChunk

// edgeChunk is one chunk of edgeChunks: edge i of the chunk is bits
// width*i to width*i+width-1 of packed, little endian; packed has
// edgeSpare bytes past the last edge's. An edge's target is its low
// targetBits bits, its row the rowMask bits above them.
type edgeChunk struct {
	packed              []byte
	targetMask, rowMask uint32
	targetBits, width   uint8
}

// newEdgeChunk returns a chunk of packed bytes whose edges take tb bits of
// target and rb of row.
func newEdgeChunk(packed []byte, tb, rb uint8) edgeChunk {
	return edgeChunk{packed: packed, targetMask: uint32(1<<tb - 1), rowMask: uint32(1<<uint64(rb) - 1), targetBits: tb, width: widthOf(tb, rb)}
}

// edgeSpare is the bytes a chunk has past its last edge: an edge is read
// as the 8 bytes from the one its first bit is in.
const edgeSpare = 8

// widthOf is the width of an edge of tb bits of target and rb of row: an
// edge is read in one 8-byte word, which holds its bits when they start at
// most 7 bits into its first byte and are at most 57, or when they start at
// a byte and are 64. Above 56 bits (a row of more than 25 bits, for more
// than 5000 processes) an edge takes 64 bits.
func widthOf(tb, rb uint8) uint8 {
	if w := tb + rb; w <= 56 {
		return w
	}
	return 64
}

// at is edge e's target and row.
func (c edgeChunks) at(e uint32) (target, row uint32) {
	ch := &c[e>>chunkBits]
	bit := uint64(e&chunkMask) * uint64(ch.width)
	x := binary.LittleEndian.Uint64(ch.packed[bit>>3:]) >> (bit & 7)
	return uint32(x) & ch.targetMask, uint32(x>>ch.targetBits) & ch.rowMask
}

// addr is the address of edge e's first byte, for prefetch.
func (c edgeChunks) addr(e uint32) unsafe.Pointer {
	ch := &c[e>>chunkBits]
	return unsafe.Pointer(&ch.packed[uint64(e&chunkMask)*uint64(ch.width)>>3])
}

// bytes is the memory the chunks hold.
func (c edgeChunks) bytes() int {
	n := 0
	for _, ch := range c {
		n += cap(ch.packed)
	}
	return n
}

// bitsOf is the bits of edge i of the chunk.
func (ch *edgeChunk) bitsOf(i uint32) uint64 {
	bit := uint64(i) * uint64(ch.width)
	return binary.LittleEndian.Uint64(ch.packed[bit>>3:]) >> (bit & 7) & (1<<ch.width - 1)
}

// put writes the bits x of edge i of the chunk, whose bits are all 0.
func (ch *edgeChunk) put(i uint32, x uint64) {
	bit := uint64(i) * uint64(ch.width)
	w := ch.packed[bit>>3:]
	binary.LittleEndian.PutUint64(w, binary.LittleEndian.Uint64(w)|x<<(bit&7))
}

// edgeColumn builds edgeChunks, an edge at a time. The last chunk takes
// room for as many edges as the chunks before it, doubling from firstChunk
// up to chunkLen as a column's first chunk does, at the widths its edges so
// far need; an edge that needs more bits writes the chunk's edges again,
// wider. Once the chunks are full length, the next is made ready ahead by a
// goroutine, its pages written there (column).
//
// The edges are gathered in a word, which is written to the chunk when
// full, rather than each edge read and written back in place: reading the
// bytes that the edge before has just written, at another offset, waits
// for that store to reach the cache.
type edgeColumn struct {
	chunks edgeChunks
	// k is the edges in the last chunk, room the edges it has room for;
	// n is the edges in all.
	k, room, n int
	// word is the last chunk's word (of 8 bytes) that edge k is in, as far
	// as its edges so far fill it; the chunk holds zeros there until it
	// is full, or flush writes it.
	word uint64
	// top is the largest target so far; 0 when there is none.
	top uint32
	// rowBits is the last chunk's bits for a row.
	rowBits uint8
	ahead   chan []byte
	// aheadWidth is the width of the chunk ahead is making.
	aheadWidth uint8
}

// addAll appends the edges to to[i] with move rows rows[i], all below
// targets and rows, when the last chunk has room for them at its widths, and
// reports whether it did: one check for a node's edges, the common case.
func (c *edgeColumn) addAll(to, rows []uint32, targets, moves uint32) bool {
	n := len(to)
	if c.room-c.k < n || len(rows) != n {
		return false
	}
	rows = rows[:n]
	last := &c.chunks[len(c.chunks)-1]
	tb, rb := last.targetBits, c.rowBits
	var top, row uint32
	for i, t := range to {
		top, row = max(top, t), max(row, rows[i])
	}
	if n > 0 && (top >= targets || row >= moves || top>>tb|row>>rb != 0) {
		return false
	}
	packed, width := last.packed, uint(last.width)
	bit, word := uint(c.k)*width, c.word
	for i, t := range to {
		word = appendBits(packed, bit, width, word, uint64(t)|uint64(rows[i])<<tb)
		bit += width
	}
	c.word, c.k, c.n, c.top = word, c.k+n, c.n+n, max(c.top, top)
	return true
}

// push appends the bits x of an edge to target to last, the last chunk,
// which has room for it.
func (c *edgeColumn) push(last *edgeChunk, target uint32, x uint64) {
	c.word = appendBits(last.packed, uint(c.k)*uint(last.width), uint(last.width), c.word, x)
	c.k++
	c.n++
	c.top = max(c.top, target)
}

// appendBits adds the bits x of an edge, width bits from bit bit of packed,
// to word, the word of packed they start in as far as it is filled, and
// returns the word that the next edge starts in: word itself, or, once it
// is full and written to packed, the bits of x that did not fit.
func appendBits(packed []byte, bit, width uint, word, x uint64) uint64 {
	shift := bit & 63
	word |= x << shift
	if shift+width >= 64 {
		binary.LittleEndian.PutUint64(packed[bit>>6<<3:], word)
		word = x >> (64 - shift)
	}
	return word
}

// flush writes the last chunk's word in progress to it.
func (c *edgeColumn) flush() {
	if len(c.chunks) > 0 {
		last := &c.chunks[len(c.chunks)-1]
		bit := uint(c.k) * uint(last.width)
		binary.LittleEndian.PutUint64(last.packed[bit>>6<<3:], c.word)
	}
}

// add appends an edge to target with move row row.
func (c *edgeColumn) add(target, row uint32) {
	if c.k == c.room {
		c.grow(1)
	}
	last := &c.chunks[len(c.chunks)-1]
	if target>>last.targetBits != 0 || row>>c.rowBits != 0 {
		last = c.widen(target, row)
	}
	c.push(last, target, uint64(target)|uint64(row)<<last.targetBits)
}

// packedBytes is the bytes of a chunk of room edges of width bits each.
func packedBytes(room int, width uint8) int { return (room*int(width)+7)/8 + edgeSpare }

// grow makes room for more edges (up to a chunk's worth in the last chunk),
// keeping the last chunk's widths.
func (c *edgeColumn) grow(more int) {
	var tb, rb uint8
	if last := len(c.chunks) - 1; last >= 0 {
		tb, rb = c.chunks[last].targetBits, c.rowBits
	}
	switch last := len(c.chunks) - 1; {
	case last < 0:
		c.room = min(max(firstChunk, more), chunkLen)
		c.chunks = append(c.chunks, newEdgeChunk(make([]byte, packedBytes(c.room, 0)), 0, 0))
	case last == 0 && c.room < chunkLen:
		c.repack(min(max(2*c.room, c.k+more), chunkLen), tb, rb)
	case c.k == chunkLen:
		width := widthOf(tb, rb)
		var packed []byte
		if c.ahead != nil {
			if p := <-c.ahead; c.aheadWidth == width {
				packed = p
			}
			c.ahead = nil
		}
		if packed == nil {
			packed = make([]byte, packedBytes(chunkLen, width))
		}
		c.flush()
		c.chunks = append(c.chunks, newEdgeChunk(packed, tb, rb))
		c.k, c.word = 0, 0
	}
	if c.ahead == nil && c.room == chunkLen {
		c.ahead, c.aheadWidth = make(chan []byte, 1), widthOf(tb, rb)
		go readyPacked(c.ahead, packedBytes(chunkLen, widthOf(tb, rb)))
	}
}

// widen writes the last chunk's edges again with the bits target and row
// need, and those it had, and returns it.
func (c *edgeColumn) widen(target, row uint32) *edgeChunk {
	last := c.chunks[len(c.chunks)-1]
	tb := max(last.targetBits, uint8(bits.Len32(target)))
	rb := max(c.rowBits, uint8(bits.Len32(row)))
	c.repack(c.room, tb, rb)
	return &c.chunks[len(c.chunks)-1]
}

// repack makes the last chunk one of room edges, of widths tb and rb, with
// the edges it holds.
func (c *edgeColumn) repack(room int, tb, rb uint8) {
	c.flush()
	old := c.chunks[len(c.chunks)-1]
	ch := newEdgeChunk(make([]byte, packedBytes(room, widthOf(tb, rb))), tb, rb)
	for i := range uint32(c.k) {
		x := old.bitsOf(i)
		t, r := x&(1<<old.targetBits-1), x>>old.targetBits
		ch.put(i, t|r<<tb)
	}
	c.word = binary.LittleEndian.Uint64(ch.packed[uint(c.k)*uint(ch.width)>>6<<3:])
	c.chunks[len(c.chunks)-1] = ch
	c.room, c.rowBits = room, rb
	if c.ahead != nil && c.aheadWidth != widthOf(tb, rb) {
		// The chunk ahead is too narrow: made anew when needed.
		<-c.ahead
		c.ahead = nil
	}
	if c.ahead == nil && room == chunkLen {
		c.ahead, c.aheadWidth = make(chan []byte, 1), widthOf(tb, rb)
		go readyPacked(c.ahead, packedBytes(chunkLen, widthOf(tb, rb)))
	}
}

// reserve makes room for more edges in the first chunk while there is only
// one, up to its full length.
func (c *edgeColumn) reserve(more int) {
	if len(c.chunks) == 0 || (len(c.chunks) == 1 && c.room-c.k < more) {
		c.grow(more)
	}
}

// finish returns the chunks and empties c. The last chunk keeps its room.
func (c *edgeColumn) finish() edgeChunks {
	c.flush()
	out := c.chunks
	*c = edgeColumn{}
	return out
}

// readyPacked sends n new bytes, backed by the kernel (pages.Whole).
func readyPacked(out chan<- []byte, n int) { out <- pages.Whole(n) }
