package explorer

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
)

// The layout of a state, fixed when a Machine is built. All multi-byte fields
// are little endian. In order:
//
//  1. Per process, 4 bytes: its program counter (uint16) and its block status
//     (uint16): 0 when it is not blocked, 1 when it is asleep, 2+e when it is
//     blocked on semaphore element e, 2+S+e when it is blocked on mutex
//     element e (S is the number of semaphore elements). The program counter of
//     a blocked process stays at the down, lock or sleep that blocked it.
//  2. Every variable element, shared variables first, then the locals of each
//     process (the order of ir.Program.Vars), arrays in row-major order. An
//     element takes the smallest of 1, 2 or 4 bytes that holds Hi−Lo and is
//     stored as value−Lo.
//  3. Every semaphore element's value: 2 bytes (a value past 65535 is a run-time
//     error).
//  4. Every fifo semaphore element's queue of blocked processes: one byte per
//     process of the program, each 1+index of a queued process in blocking order
//     (oldest first), then zeros.
//  5. Every mutex element's owner: 1 byte, 0 for none, else 1+index of the owner
//     (hence at most 254 processes).
//
// The byte count of a state is 4·P + Σ(element widths) + 2·S + P·F + M, where P
// is the number of processes, S the semaphore elements, F the fifo semaphore
// elements and M the mutex elements.

// Block status values of a process (the second field of its slot).
const (
	running = 0
	asleep  = 1
	// blockBase is the first block code naming a synchronization element.
	blockBase = 2
)

// MaxProcesses is the largest number of processes a Machine can run.
const MaxProcesses = 254

// slot is where one variable's elements live in a state.
type slot struct {
	v     *ir.Var
	off   int // first byte of element 0
	width int // bytes per element: 1, 2 or 4
	n     int // elements
}

// syncSlot is one semaphore or mutex declaration in a state.
type syncSlot struct {
	name string
	dims []int
	base int // global index of its element 0 (among semaphores, or among mutexes)
}

// layout is where each part of a state lives.
type layout struct {
	size    int
	procs   int
	vars    []slot
	sems    []syncSlot
	mutexes []syncSlot
	// semOff[e] is the offset of semaphore element e's value; fifoOff[e] that of
	// its queue, or -1 when the semaphore is not fifo; semKind[e] its kind;
	// semDecl[e] the index of its declaration.
	semOff  []int
	fifoOff []int
	semKind []ir.SemKind
	semDecl []int
	// mutexOff[e] is the offset of mutex element e's owner; mutexDecl[e] the index
	// of its declaration.
	mutexOff  []int
	mutexDecl []int
}

// widthFor is the number of bytes that hold every value of [lo, hi] as value−lo.
func widthFor(lo, hi int32) int {
	span := int64(hi) - int64(lo)
	switch {
	case span <= 0xff:
		return 1
	case span <= 0xffff:
		return 2
	}
	return 4
}

// newLayout fixes the layout of p's states. p has been validated.
func newLayout(p *ir.Program) (*layout, error) {
	l := &layout{procs: len(p.Processes)}
	off := 4 * len(p.Processes)
	for _, v := range p.Vars {
		w := widthFor(v.Elem.Lo, v.Elem.Hi)
		l.vars = append(l.vars, slot{v: v, off: off, width: w, n: v.Len()})
		off += w * v.Len()
	}
	for i, s := range p.Sems {
		l.sems = append(l.sems, syncSlot{name: s.Name, dims: s.Dims, base: len(l.semOff)})
		for range s.Len() {
			l.semOff = append(l.semOff, off)
			l.semKind = append(l.semKind, s.Kind)
			l.semDecl = append(l.semDecl, i)
			off += 2
		}
	}
	for e := range l.semOff {
		if l.semKind[e] == ir.SemFifo {
			l.fifoOff = append(l.fifoOff, off)
			off += l.procs
		} else {
			l.fifoOff = append(l.fifoOff, -1)
		}
	}
	for i, m := range p.Mutexes {
		l.mutexes = append(l.mutexes, syncSlot{name: m.Name, dims: m.Dims, base: len(l.mutexOff)})
		for range m.Len() {
			l.mutexOff = append(l.mutexOff, off)
			l.mutexDecl = append(l.mutexDecl, i)
			off++
		}
	}
	if n := blockBase + len(l.semOff) + len(l.mutexOff); n > 0xffff {
		return nil, fmt.Errorf("too many semaphore and mutex elements: %d, at most %d", n-blockBase, 0xffff-blockBase)
	}
	l.size = off
	return l, nil
}

func get16(s []byte, off int) int { return int(s[off]) | int(s[off+1])<<8 }

func put16(s []byte, off, v int) {
	s[off] = byte(v)
	s[off+1] = byte(v >> 8)
}

// pc is process p's program counter in s.
func (l *layout) pc(s []byte, p int) int { return get16(s, 4*p) }

func (l *layout) setPC(s []byte, p, pc int) { put16(s, 4*p, pc) }

// block is process p's block status in s.
func (l *layout) block(s []byte, p int) int { return get16(s, 4*p+2) }

func (l *layout) setBlock(s []byte, p, b int) { put16(s, 4*p+2, b) }

// semBlock and mutexBlock are the block codes of waiting on an element.
func (l *layout) semBlock(e int) int   { return blockBase + e }
func (l *layout) mutexBlock(e int) int { return blockBase + len(l.semOff) + e }

// load is element i of the variable in sl.
func (l *layout) load(s []byte, sl *slot, i int) int32 {
	o := sl.off + i*sl.width
	var u uint32
	switch sl.width {
	case 1:
		u = uint32(s[o])
	case 2:
		u = uint32(s[o]) | uint32(s[o+1])<<8
	default:
		u = uint32(s[o]) | uint32(s[o+1])<<8 | uint32(s[o+2])<<16 | uint32(s[o+3])<<24
	}
	return int32(uint32(sl.v.Elem.Lo) + u)
}

// store writes v, which lies in the variable's range, to element i.
func (l *layout) store(s []byte, sl *slot, i int, v int32) {
	o := sl.off + i*sl.width
	u := uint32(v) - uint32(sl.v.Elem.Lo)
	switch sl.width {
	case 1:
		s[o] = byte(u)
	case 2:
		s[o], s[o+1] = byte(u), byte(u>>8)
	default:
		s[o], s[o+1], s[o+2], s[o+3] = byte(u), byte(u>>8), byte(u>>16), byte(u>>24)
	}
}

// semValue is semaphore element e's value.
func (l *layout) semValue(s []byte, e int) int { return get16(s, l.semOff[e]) }

func (l *layout) setSemValue(s []byte, e, v int) { put16(s, l.semOff[e], v) }

// owner is mutex element e's owner, or -1.
func (l *layout) owner(s []byte, e int) int { return int(s[l.mutexOff[e]]) - 1 }

func (l *layout) setOwner(s []byte, e, p int) { s[l.mutexOff[e]] = byte(p + 1) }

// enqueue appends process p to fifo semaphore element e's queue.
func (l *layout) enqueue(s []byte, e, p int) {
	q := s[l.fifoOff[e] : l.fifoOff[e]+l.procs]
	for i := range q {
		if q[i] == 0 {
			q[i] = byte(p + 1)
			return
		}
	}
}

// dequeue removes and returns the oldest process of element e's queue, or -1.
func (l *layout) dequeue(s []byte, e int) int {
	q := s[l.fifoOff[e] : l.fifoOff[e]+l.procs]
	if len(q) == 0 || q[0] == 0 {
		return -1
	}
	p := int(q[0]) - 1
	copy(q, q[1:])
	q[len(q)-1] = 0
	return p
}

// elemName is how people write element e of a declaration: "s", "fork[1]",
// "a[0][2]".
func elemName(name string, dims []int, e int) string {
	if len(dims) == 0 {
		return name
	}
	idx := make([]int, len(dims))
	for d := len(dims) - 1; d >= 0; d-- {
		idx[d] = e % dims[d]
		e /= dims[d]
	}
	for _, i := range idx {
		name += fmt.Sprintf("[%d]", i)
	}
	return name
}
