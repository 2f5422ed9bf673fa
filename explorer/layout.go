package explorer

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
)

// The layout of a state, fixed when a Machine is built. All multi-byte fields
// are little endian. In order:
//
//  1. Per process, its program counter, then its block status: 0 when it is
//     not blocked, 1 when it is asleep, 2+e when it is blocked on semaphore
//     element e, 2+S+e when it is blocked on mutex element e (S is the number
//     of semaphore elements). The program counter of a blocked process stays
//     at the down, lock or sleep that blocked it. The counter takes 1 byte
//     when every process has at most 250 instructions, else 2; the status 0
//     bytes in a program that never blocks a process (no semaphore, mutex,
//     condition or sleep), 1 when every status fits in a byte, else 2.
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
//  6. Every condition variable element's queue of waiting processes, laid out
//     as a fifo semaphore's queue (P bytes).
//  7. Every Hoare monitor lock's urgent queue of signallers, likewise (P bytes).
//  8. Every buffered channel element: its number of messages (1 byte, or 2 when
//     Cap > 255), then Cap message slots, oldest first, each holding the
//     message's components one after the other, each component packed like a
//     variable element of its type. Unbuffered channels take no bytes.
//  9. Under TSO and PSO only, the store buffers (memory.go): 6·K bytes per
//     process (TSO) or per process and shared variable element (PSO). Under
//     SC a state has exactly the layout it would have without weak memory.
//
// The byte count of a state is W·P + Σ(element widths) + 2·S + P·F + M +
// P·(C + H) + Σ(buffered channel bytes), where P is the number of processes, S
// the semaphore elements, F the fifo semaphore elements, M the mutex elements,
// C the condition variable elements and H the Hoare monitor locks: a program
// without conditions, Hoare monitors or buffered channels has exactly the
// layout it would have without those parts. W, the bytes of a process's
// counter and status, is from 1 to 4.
//
// The block status of a process past the mutexes is 2+S+M+c when it waits in
// condition element c's queue and 2+S+M+C+e when it waits in the urgent queue
// of mutex element e (a Hoare monitor lock).

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
	size  int
	procs int
	// procBytes is the bytes of a process's counter and status; pcWidth (1
	// or 2) and blockWidth (0, 1 or 2) their parts.
	procBytes, pcWidth, blockWidth int
	vars                           []slot
	sems                           []syncSlot
	mutexes                        []syncSlot
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
	// urgentOff[e] is the offset of mutex element e's urgent queue, or -1 when
	// it is not a Hoare monitor lock.
	urgentOff []int
	// conds lists the condition declarations; condOff[c] is the offset of
	// condition element c's queue, condDecl[c] its declaration.
	conds    []syncSlot
	condOff  []int
	condDecl []int
	// chans lists the channel declarations; chanElems[k] describes channel
	// element k.
	chans     []syncSlot
	chanElems []chanElem
	// mem is where the store buffers live under TSO and PSO; nil under SC.
	mem *memLayout
}

// chanElem is where one channel element's buffer lives in a state.
type chanElem struct {
	c    *ir.Chan
	decl int
	// off is the offset of its length (unused when c.Cap == 0), lenWidth its
	// width; the slots follow, msgWidth bytes each.
	off, lenWidth, msgWidth int
	// comp[i] is the offset of component i within a slot, compWidth[i] its
	// width.
	comp, compWidth []int
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
	l.pcWidth, l.blockWidth = processWidths(p)
	l.procBytes = l.pcWidth + l.blockWidth
	off := l.procBytes * len(p.Processes)
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
	for i, c := range p.Conds {
		l.conds = append(l.conds, syncSlot{name: c.Name, dims: c.Dims, base: len(l.condOff)})
		for range c.Len() {
			l.condOff = append(l.condOff, off)
			l.condDecl = append(l.condDecl, i)
			off += l.procs
		}
	}
	for _, d := range l.mutexDecl {
		if p.Mutexes[d].Hoare {
			l.urgentOff = append(l.urgentOff, off)
			off += l.procs
		} else {
			l.urgentOff = append(l.urgentOff, -1)
		}
	}
	for i, c := range p.Chans {
		l.chans = append(l.chans, syncSlot{name: c.Name, dims: c.Dims, base: len(l.chanElems)})
		ce := chanElem{c: c, decl: i, lenWidth: 1}
		if c.Cap > 0xff {
			ce.lenWidth = 2
		}
		for _, t := range c.Elem {
			w := widthFor(t.Lo, t.Hi)
			ce.comp = append(ce.comp, ce.msgWidth)
			ce.compWidth = append(ce.compWidth, w)
			ce.msgWidth += w
		}
		for range c.Len() {
			ce.off = off
			if c.Cap > 0 {
				off += ce.lenWidth + c.Cap*ce.msgWidth
			}
			l.chanElems = append(l.chanElems, ce)
		}
		if off > 1<<28 {
			return nil, fmt.Errorf("%s: channel %s makes a state larger than %d bytes", c.Pos, c.Name, 1<<28)
		}
	}
	if n := blockBase + len(l.semOff) + 2*len(l.mutexOff) + len(l.condOff); n > 0xffff {
		return nil, fmt.Errorf("too many semaphore, mutex and condition elements: %d, at most %d", n-blockBase, 0xffff-blockBase)
	}
	if off > MaxStateBytes {
		return nil, stateTooLarge(p, l, off)
	}
	l.size = off
	if err := newMemLayout(l, p); err != nil {
		return nil, err
	}
	return l, nil
}

func get16(s []byte, off int) int { return int(s[off]) | int(s[off+1])<<8 }

func put16(s []byte, off, v int) {
	s[off] = byte(v)
	s[off+1] = byte(v >> 8)
}

// maxShortPC is the most instructions of every process for a one-byte
// program counter.
const maxShortPC = 250

// processWidths is the bytes of a process's program counter and of its block
// status in p's states.
func processWidths(p *ir.Program) (pcWidth, blockWidth int) {
	pcWidth = 1
	sleeps := false
	for _, proc := range p.Processes {
		if len(proc.Code) > maxShortPC {
			pcWidth = 2
		}
		for _, in := range proc.Code {
			sleeps = sleeps || in.Op == ir.OpSleep
		}
	}
	elems := 0
	for _, s := range p.Sems {
		elems += s.Len()
	}
	for _, m := range p.Mutexes {
		elems += 2 * m.Len() // the mutex and its urgent queue
	}
	for _, c := range p.Conds {
		elems += c.Len()
	}
	switch {
	case elems == 0 && !sleeps:
		return pcWidth, 0
	case blockBase+elems <= 0xff:
		return pcWidth, 1
	}
	return pcWidth, 2
}

// pc is process p's program counter in s.
func (l *layout) pc(s []byte, p int) int {
	if l.pcWidth == 1 {
		return int(s[l.procBytes*p])
	}
	return get16(s, l.procBytes*p)
}

func (l *layout) setPC(s []byte, p, pc int) {
	if l.pcWidth == 1 {
		s[l.procBytes*p] = byte(pc)
		return
	}
	put16(s, l.procBytes*p, pc)
}

// block is process p's block status in s.
func (l *layout) block(s []byte, p int) int {
	switch l.blockWidth {
	case 0:
		return running
	case 1:
		return int(s[l.procBytes*p+l.pcWidth])
	}
	return get16(s, l.procBytes*p+l.pcWidth)
}

func (l *layout) setBlock(s []byte, p, b int) {
	switch l.blockWidth {
	case 0:
		if b != running {
			panic(fmt.Sprintf("explorer: block status %d in a program that never blocks", b))
		}
	case 1:
		s[l.procBytes*p+l.pcWidth] = byte(b)
	default:
		put16(s, l.procBytes*p+l.pcWidth, b)
	}
}

// semBlock and mutexBlock are the block codes of waiting on an element.
func (l *layout) semBlock(e int) int   { return blockBase + e }
func (l *layout) mutexBlock(e int) int { return blockBase + len(l.semOff) + e }

// condBlock is the block code of waiting in condition element c's queue;
// urgentBlock that of waiting in mutex element e's urgent queue.
func (l *layout) condBlock(c int) int { return blockBase + len(l.semOff) + len(l.mutexOff) + c }
func (l *layout) urgentBlock(e int) int {
	return blockBase + len(l.semOff) + len(l.mutexOff) + len(l.condOff) + e
}

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
func (l *layout) enqueue(s []byte, e, p int) { l.push(s, l.fifoOff[e], p) }

// dequeue removes and returns the oldest process of element e's queue, or -1.
func (l *layout) dequeue(s []byte, e int) int { return l.pop(s, l.fifoOff[e]) }

// push appends process p to the process queue at off.
func (l *layout) push(s []byte, off, p int) {
	q := s[off : off+l.procs]
	for i := range q {
		if q[i] == 0 {
			q[i] = byte(p + 1)
			return
		}
	}
}

// pop removes and returns the oldest process of the queue at off, or -1.
func (l *layout) pop(s []byte, off int) int {
	q := s[off : off+l.procs]
	if len(q) == 0 || q[0] == 0 {
		return -1
	}
	p := int(q[0]) - 1
	copy(q, q[1:])
	q[len(q)-1] = 0
	return p
}

// queue appends the processes of the queue at off, oldest first, to buf.
func (l *layout) queue(s []byte, off int, buf []int) []int {
	for _, b := range s[off : off+l.procs] {
		if b == 0 {
			break
		}
		buf = append(buf, int(b)-1)
	}
	return buf
}

// chanLen is the number of messages in channel element k (0 when unbuffered).
func (l *layout) chanLen(s []byte, k int) int {
	ce := &l.chanElems[k]
	switch {
	case ce.c.Cap == 0:
		return 0
	case ce.lenWidth == 1:
		return int(s[ce.off])
	}
	return get16(s, ce.off)
}

func (l *layout) setChanLen(s []byte, k, n int) {
	ce := &l.chanElems[k]
	if ce.lenWidth == 1 {
		s[ce.off] = byte(n)
		return
	}
	put16(s, ce.off, n)
}

// slotOff is the offset of message slot i of channel element k.
func (l *layout) slotOff(k, i int) int {
	ce := &l.chanElems[k]
	return ce.off + ce.lenWidth + i*ce.msgWidth
}

// message appends the components of message i (0 the oldest) of channel
// element k to buf.
func (l *layout) message(s []byte, k, i int, buf []int32) []int32 {
	ce := &l.chanElems[k]
	o := l.slotOff(k, i)
	for j, t := range ce.c.Elem {
		buf = append(buf, t.Lo+int32(getN(s, o+ce.comp[j], ce.compWidth[j])))
	}
	return buf
}

// append adds message msg, whose components lie in their types' ranges, at
// the end of channel element k's buffer, which is not full.
func (l *layout) append(s []byte, k int, msg []int32) {
	ce := &l.chanElems[k]
	n := l.chanLen(s, k)
	o := l.slotOff(k, n)
	for j, t := range ce.c.Elem {
		putN(s, o+ce.comp[j], ce.compWidth[j], uint32(msg[j])-uint32(t.Lo))
	}
	l.setChanLen(s, k, n+1)
}

// shift removes the oldest message of channel element k, which is not empty;
// the freed slot is zeroed so that equal contents have equal bytes.
func (l *layout) shift(s []byte, k int) {
	ce := &l.chanElems[k]
	n := l.chanLen(s, k)
	first := l.slotOff(k, 0)
	end := l.slotOff(k, n)
	copy(s[first:], s[first+ce.msgWidth:end])
	clear(s[end-ce.msgWidth : end])
	l.setChanLen(s, k, n-1)
}

// getN and putN read and write an unsigned value of width 1, 2 or 4 bytes.
func getN(s []byte, o, width int) uint32 {
	switch width {
	case 1:
		return uint32(s[o])
	case 2:
		return uint32(s[o]) | uint32(s[o+1])<<8
	}
	return uint32(s[o]) | uint32(s[o+1])<<8 | uint32(s[o+2])<<16 | uint32(s[o+3])<<24
}

func putN(s []byte, o, width int, u uint32) {
	switch width {
	case 1:
		s[o] = byte(u)
	case 2:
		s[o], s[o+1] = byte(u), byte(u>>8)
	default:
		s[o], s[o+1], s[o+2], s[o+3] = byte(u), byte(u>>8), byte(u>>16), byte(u>>24)
	}
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
