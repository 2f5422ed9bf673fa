package liveness

import "math/bits"

// ProcSet is a set of process indices, one bit per process. The zero value is
// the empty set; a set sized with NewProcSet holds every process of a graph
// without growing.
type ProcSet []uint64

// NewProcSet returns an empty set sized for processes 0..procs-1.
func NewProcSet(procs int) ProcSet { return make(ProcSet, wordsFor(procs)) }

// Has reports whether p is in the set.
func (s ProcSet) Has(p int) bool {
	if p < 0 || p>>6 >= len(s) {
		return false
	}
	return s[p>>6]&(1<<(uint(p)&63)) != 0
}

// Add puts p in the set, growing it when needed. A negative p is ignored.
func (s *ProcSet) Add(p int) {
	if p < 0 {
		return
	}
	for p>>6 >= len(*s) {
		*s = append(*s, 0)
	}
	(*s)[p>>6] |= 1 << (uint(p) & 63)
}

// Remove takes p out of the set.
func (s ProcSet) Remove(p int) {
	if p >= 0 && p>>6 < len(s) {
		s[p>>6] &^= 1 << (uint(p) & 63)
	}
}

// Clear empties the set, keeping its size.
func (s ProcSet) Clear() { clear(s) }

// Len is the number of processes in the set.
func (s ProcSet) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Next is the smallest member that is at least p, or -1 when there is none.
func (s ProcSet) Next(p int) int { return nextBit(s, p) }

// NodeSet is a set of node ids, one bit per node, used for the node predicates
// of the algorithms. The zero value is the empty set.
type NodeSet []uint64

// NewNodeSet returns an empty set sized for nodes 0..n-1.
func NewNodeSet(n int) NodeSet { return make(NodeSet, wordsFor(n)) }

// Has reports whether v is in the set.
func (s NodeSet) Has(v int) bool {
	if v < 0 || v>>6 >= len(s) {
		return false
	}
	return s[v>>6]&(1<<(uint(v)&63)) != 0
}

// Add puts v in the set, growing it when needed. A negative v is ignored.
func (s *NodeSet) Add(v int) {
	if v < 0 {
		return
	}
	for v>>6 >= len(*s) {
		*s = append(*s, 0)
	}
	(*s)[v>>6] |= 1 << (uint(v) & 63)
}

// Remove takes v out of the set.
func (s NodeSet) Remove(v int) {
	if v >= 0 && v>>6 < len(s) {
		s[v>>6] &^= 1 << (uint(v) & 63)
	}
}

// Len is the number of nodes in the set.
func (s NodeSet) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Next is the smallest member that is at least v, or -1 when there is none.
func (s NodeSet) Next(v int) int { return nextBit(s, v) }

// has is Has for a node id known to be in range.
func (s NodeSet) has(v uint32) bool { return s[v>>6]&(1<<(v&63)) != 0 }

func wordsFor(n int) int { return (n + 63) / 64 }

// emptied is s emptied and sized for nodes 0..n-1, in its memory when it
// has room.
func emptied(s NodeSet, n int) NodeSet { return grownZeroed(s, wordsFor(n)) }

// grownZeroed is s with n elements, all 0, in its memory when it has room.
func grownZeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// nextBit is the smallest set bit at index >= i in ws, or -1.
func nextBit(ws []uint64, i int) int {
	if i < 0 {
		i = 0
	}
	w := i >> 6
	if w >= len(ws) {
		return -1
	}
	cur := ws[w] &^ (1<<(uint(i)&63) - 1)
	for {
		if cur != 0 {
			return w<<6 + bits.TrailingZeros64(cur)
		}
		w++
		if w >= len(ws) {
			return -1
		}
		cur = ws[w]
	}
}
