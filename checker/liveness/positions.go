package liveness

import (
	"math"
	"math/bits"
)

// positions maps the nodes on the stack of weaklyFair to their positions
// in it, counted from 1, in an array of 2 bytes a node of the graph, which
// holds a position's low 16 bits: when the stack is longer, the position is
// the one with those bits where the stack holds the node; or, when
// compact, while the stack is short against the graph, as it is when the
// components are small, in a hash table of 16 to 64 bytes a node on the
// stack, and in the array only once the table would take more memory. The
// table is slower: a node set in it is looked for a free slot. A node is set
// once per search, before it is looked up.
type positions struct {
	// table holds (v+1)<<32 | position for node v, 0 in an empty slot, by
	// open addressing with linear probing from the slot hash(v). The
	// entries of the nodes that left the stack stay until it is rebuilt;
	// used counts every entry. shift is 32 - log2(len(table)).
	table []uint64
	used  int
	shift uint
	// dense, when on, holds the low 16 bits of the position of every node
	// on the stack.
	dense []uint16
	on    bool
	// n is the number of nodes.
	n       int
	compact bool
}

// minTable is the smallest hash table of positions.
const minTable = 1 << 10

// reset empties p for a search of a graph of n nodes, compact or not.
func (p *positions) reset(n int, compact bool) {
	clear(p.table)
	p.used, p.on, p.n, p.compact = 0, false, n, compact
	if !compact {
		p.rebuild(nil)
	}
}

// lend lends the memory of the array of positions, for n nodes, to a use
// that ends before the next reset; it holds garbage.
func (p *positions) lend(n int) []uint16 {
	if cap(p.dense) < n {
		p.dense = make([]uint16, n)
	}
	return p.dense[:n]
}

// hash is the slot where the probe for node v starts.
func (p *positions) hash(v uint32) int { return int((v * 0x9e3779b1) >> p.shift) }

// set records that node v, not set before in this search, is at position
// pos of stack, whose first pos-1 nodes are set.
func (p *positions) set(v, pos uint32, stack []uint32) {
	if p.on {
		p.dense[v] = uint16(pos)
		return
	}
	if 2*(p.used+1) > len(p.table) {
		p.rebuild(stack[:pos-1])
		if p.on {
			p.dense[v] = uint16(pos)
			return
		}
	}
	p.insert(v, pos)
}

func (p *positions) insert(v, pos uint32) {
	mask := len(p.table) - 1
	i := p.hash(v)
	for p.table[i] != 0 {
		i = (i + 1) & mask
	}
	p.table[i] = uint64(v+1)<<32 | uint64(pos)
	p.used++
}

// rebuild makes room for more nodes beside those of live, the nodes on the
// stack: a table of four slots for each of them at least, or the array when
// the table would take more memory.
func (p *positions) rebuild(live []uint32) {
	size := max(minTable, 1<<bits.Len(uint(4*len(live))))
	if 4*size > p.n || !p.compact {
		if cap(p.dense) < p.n {
			p.dense = make([]uint16, p.n)
		}
		p.dense = p.dense[:p.n]
		for i, v := range live {
			p.dense[v] = uint16(i + 1)
		}
		p.on = true
		return
	}
	// The table is as small as will do, to stay in the caches, in the
	// memory of the largest so far.
	if size > cap(p.table) {
		p.table = make([]uint64, size)
	} else {
		p.table = p.table[:size]
		clear(p.table)
	}
	p.shift = uint(32 - bits.TrailingZeros(uint(size)))
	p.used = 0
	for i, v := range live {
		p.insert(v, uint32(i+1))
	}
}

// get is the position of node v, which is on stack.
func (p *positions) get(v uint32, stack []uint32) uint32 {
	if p.on {
		pos := uint32(p.dense[v])
		if len(stack) <= math.MaxUint16 {
			return pos
		}
		// The node is on the stack once: at the one position of its low
		// bits that holds it.
		for pos == 0 || stack[pos-1] != v {
			pos += 1 << 16
		}
		return pos
	}
	mask := len(p.table) - 1
	key := uint64(v+1) << 32
	for i := p.hash(v); ; i = (i + 1) & mask {
		x := p.table[i]
		if x&^0xffffffff == key || x == 0 {
			return uint32(x)
		}
	}
}
