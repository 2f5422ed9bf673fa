package explorer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// Store buffers under TSO and PSO (ir.Program.Memory). Under SC a state has
// none of this and the Stepper never comes here.
//
// Layout, after every other part of a state: for each process, nbuf buffers
// (TSO: one; PSO: one per shared variable element, in element order), each
// of cap entries, oldest first. An entry is 6 bytes: the location (uint16,
// 1 + the number of a shared variable element among all shared elements, 0
// for an unused entry) and the stored value (int32). Used entries come first;
// unused ones are zero, so that equal buffers have equal bytes.

// entrySize is the bytes of one buffer entry.
const entrySize = 6

// memLayout is where the store buffers live and how shared elements are
// numbered.
type memLayout struct {
	model ir.Memory
	cap   int
	// nbuf is the number of buffers per process; off the offset of the first.
	nbuf, off int
	// lo and hi bound the bytes of the shared variables' elements.
	lo, hi int
	// gSlot[g] and gElem[g] locate shared element g; first[v] is the number of
	// shared variable v's element 0.
	gSlot, gElem []int
	first        []int
}

// newMemLayout adds store buffers to l, whose other parts are fixed, for p's
// memory model; nothing under SC.
func newMemLayout(l *layout, p *ir.Program) error {
	if p.Memory == ir.SC {
		return nil
	}
	if p.Memory > ir.PSO {
		return fmt.Errorf("unknown memory model %d", p.Memory)
	}
	k := p.Buffer()
	if k < 1 || k > 255 {
		return fmt.Errorf("store buffers of %d: want 1 to 255", k)
	}
	ml := &memLayout{model: p.Memory, cap: k, off: l.size}
	ml.lo, ml.hi = l.procBytes*l.procs, l.procBytes*l.procs
	for i := range l.vars {
		sl := &l.vars[i]
		if sl.v.Owner >= 0 {
			break
		}
		ml.first = append(ml.first, len(ml.gSlot))
		for e := range sl.n {
			ml.gSlot = append(ml.gSlot, i)
			ml.gElem = append(ml.gElem, e)
		}
		ml.hi = sl.off + sl.width*sl.n
	}
	if len(ml.gSlot) >= 0xffff {
		return fmt.Errorf("too many shared variable elements for store buffers: %d", len(ml.gSlot))
	}
	ml.nbuf = 1
	if p.Memory == ir.PSO {
		ml.nbuf = max(len(ml.gSlot), 1)
	}
	size := l.size + l.procs*ml.nbuf*k*entrySize
	if size > MaxStateBytes {
		return fmt.Errorf("the state of this model with its store buffers is %s bytes; at most %s bytes: fewer shared variable elements or a smaller --store-buffer would fit",
			commas(size), commas(MaxStateBytes))
	}
	l.size = size
	l.mem = ml
	return nil
}

// bufOff is the offset of process p's buffer b.
func (ml *memLayout) bufOff(p, b int) int { return ml.off + (p*ml.nbuf+b)*ml.cap*entrySize }

// bufFor is the buffer of p that a store to shared element g enters.
func (ml *memLayout) bufFor(g int) int {
	if ml.model == ir.PSO {
		return g
	}
	return 0
}

// entry is the location (−1 when unused) and value of the entry at o.
func entry(s []byte, o int) (int, int32) {
	return get16(s, o) - 1, int32(getN(s, o+2, 4))
}

// empty reports whether process p's buffers are all empty in s.
func (ml *memLayout) empty(s []byte, p int) bool {
	for b := range ml.nbuf {
		if o := ml.bufOff(p, b); s[o]|s[o+1] != 0 {
			return false
		}
	}
	return true
}

// full reports whether the buffer that a store of p to g enters is full.
func (ml *memLayout) full(s []byte, p, g int) bool {
	o := ml.bufOff(p, ml.bufFor(g)) + (ml.cap-1)*entrySize
	return s[o]|s[o+1] != 0
}

// push appends the store g = v to process p's buffer, which is not full.
func (ml *memLayout) push(s []byte, p, g int, v int32) {
	o := ml.bufOff(p, ml.bufFor(g))
	for i := 0; i < ml.cap; i++ {
		if s[o]|s[o+1] == 0 {
			put16(s, o, g+1)
			putN(s, o+2, 4, uint32(v))
			return
		}
		o += entrySize
	}
}

// pop removes the oldest entry of buffer at o, which is not empty.
func (ml *memLayout) pop(s []byte, o int) {
	end := o + ml.cap*entrySize
	copy(s[o:end], s[o+entrySize:end])
	clear(s[end-entrySize : end])
}

// apply writes process p's buffered stores, oldest first, to memory in s: what
// p sees.
func (l *layout) apply(s []byte, p int) {
	ml := l.mem
	for b := range ml.nbuf {
		o := ml.bufOff(p, b)
		for range ml.cap {
			g, v := entry(s, o)
			if g < 0 {
				break
			}
			l.store(s, &l.vars[ml.gSlot[g]], ml.gElem[g], v)
			o += entrySize
		}
	}
}

// weakStep is a Stepper's state for a step under TSO or PSO.
type weakStep struct {
	// user is the caller's emit; wrap, the Stepper's wrapper of it.
	user func(t *Transition, next []byte)
	wrap func(t *Transition, next []byte)
	// orig is the state the step leaves; restore tells that the step runs on a
	// view of it with the process's buffered stores in memory, whose shared
	// variables the wrapper puts back.
	orig    []byte
	restore bool
	// proc is the process moving; a pending store g = v enters its buffer
	// when the step's path completes.
	proc    int
	pending bool
	g       int
	v       int32
}

// weakSuccessors is Successors under TSO and PSO: each process's step, run on
// what the process sees, with its stores to shared variables entering its
// buffer (a synchronising step only when its buffers are empty), then the
// flush of each of its non-empty buffers.
func (r *Stepper) weakSuccessors(s []byte, emit func(t *Transition, next []byte)) int {
	m := r.m
	ml := m.lay.mem
	if r.weak == nil {
		r.weak = &weakStep{}
		r.weak.wrap = r.weakEmit
	}
	w := r.weak
	w.user, w.orig = emit, s
	r.emit = w.wrap
	r.tr.Index = 0
	for p := range m.lay.procs {
		pc := m.lay.pc(s, p)
		code := m.prog.Processes[p].Code
		if m.lay.block(s, p) == running && code[pc].Op != ir.OpEnd {
			buf := r.buf(0)
			copy(buf, s)
			busy := !ml.empty(s, p)
			if busy {
				m.lay.apply(buf, p)
			}
			r.gate, w.restore, w.proc, w.pending = busy, busy, p, false
			r.tr.Process, r.tr.PC, r.tr.Partner = p, pc, -1
			r.tr.Events, r.tr.Messages = r.tr.Events[:0], r.tr.Messages[:0]
			r.msgs = r.msgs[:0]
			r.budget = maxStepWork
			r.exec(0, p, pc, code[pc].InAtomic, 0, 0)
			r.gate = false
		}
		r.flushes(s, p, pc)
	}
	r.emit, w.user, w.orig = nil, nil, nil
	return r.tr.Index
}

// weakEmit completes a path of a step under TSO or PSO before handing it on.
func (r *Stepper) weakEmit(t *Transition, next []byte) {
	w := r.weak
	if next != nil {
		ml := r.m.lay.mem
		if w.restore {
			copy(next[ml.lo:ml.hi], w.orig[ml.lo:ml.hi])
		}
		if w.pending {
			ml.push(next, w.proc, w.g, w.v)
		}
	}
	w.pending = false
	w.user(t, next)
}

// bufferStore makes the store of v to element e of shared variable x by
// the moving process pending, to enter its buffer when the step completes.
// It reports false when the buffer is full (the step is disabled) or with the
// fault of a value out of range.
func (r *Stepper) bufferStore(st []byte, x, e int, v int32, in *ir.Instr) (bool, *Fault) {
	m := r.m
	sl := &m.lay.vars[x]
	if v < sl.v.Elem.Lo || v > sl.v.Elem.Hi {
		return false, runtimeFault(in.Pos, "%s = %d is out of range %d..%d",
			elemName(m.varName(sl.v), sl.v.Dims, e), v, sl.v.Elem.Lo, sl.v.Elem.Hi)
	}
	ml := m.lay.mem
	g := ml.first[x] + e
	w := r.weak
	if ml.full(st, w.proc, g) {
		return false, nil
	}
	w.pending, w.g, w.v = true, g, v
	return true, nil
}

// flushes emits, for each non-empty buffer of process p in s, the step that
// writes its oldest store to memory.
func (r *Stepper) flushes(s []byte, p, pc int) {
	m := r.m
	ml := m.lay.mem
	for b := range ml.nbuf {
		o := ml.bufOff(p, b)
		g, v := entry(s, o)
		if g < 0 {
			continue
		}
		next := r.buf(0)
		copy(next, s)
		m.lay.store(next, &m.lay.vars[ml.gSlot[g]], ml.gElem[g], v)
		ml.pop(next, o)
		r.tr.Process, r.tr.PC, r.tr.Partner, r.tr.Flush = p, pc, -1, true
		r.tr.Messages = append(r.tr.Messages[:0], v)
		r.tr.Events = append(r.tr.Events[:0], Event{Kind: Flushes, Obj: g, Proc: p, MsgLen: 1})
		r.weak.user(&r.tr, next)
		r.tr.Index++
		r.tr.Flush = false
		r.tr.Events, r.tr.Messages = r.tr.Events[:0], r.tr.Messages[:0]
	}
}

// storeText is the store of value v to shared element g: "turn=0",
// "flag[1]=true".
func (m *Machine) storeText(g int, v int32) string {
	ml := m.lay.mem
	sl := &m.lay.vars[ml.gSlot[g]]
	val := strconv.Itoa(int(v))
	if sl.v.Elem.Kind == ir.Bool {
		val = strconv.FormatBool(v != 0)
	}
	return elemName(sl.v.Name, sl.v.Dims, ml.gElem[g]) + "=" + val
}

// Memory is the memory model the Machine runs under.
func (m *Machine) Memory() ir.Memory { return m.prog.Memory }

// StoreBuffer is the capacity of each store buffer (0 under SC).
func (m *Machine) StoreBuffer() int {
	if m.lay.mem == nil {
		return 0
	}
	return m.lay.mem.cap
}

// Buffered lists process p's buffered stores in s, oldest first (under PSO
// buffer by buffer, in variable order): "turn=0". None under SC.
func (m *Machine) Buffered(s []byte, p int) []string {
	ml := m.lay.mem
	if ml == nil {
		return nil
	}
	var out []string
	for b := range ml.nbuf {
		o := ml.bufOff(p, b)
		for range ml.cap {
			g, v := entry(s, o)
			if g < 0 {
				break
			}
			out = append(out, m.storeText(g, v))
			o += entrySize
		}
	}
	return out
}

// BuffersEmpty reports whether process p has no buffered store in s (always
// under SC).
func (m *Machine) BuffersEmpty(s []byte, p int) bool {
	return m.lay.mem == nil || m.lay.mem.empty(s, p)
}

// bufferChanges appends a change for each process whose buffers differ from a
// to b: "P[0] buffer" with the list of its stores.
func (m *Machine) bufferChanges(a, b []byte, out []Change) []Change {
	ml := m.lay.mem
	if ml == nil {
		return out
	}
	for p := range m.lay.procs {
		lo, hi := ml.bufOff(p, 0), ml.bufOff(p+1, 0)
		if string(a[lo:hi]) == string(b[lo:hi]) {
			continue
		}
		stores := m.Buffered(b, p)
		out = append(out, Change{Name: m.prog.Processes[p].Display + " buffer",
			Value: Value{Kind: ListValue, Int: int32(len(stores)), Text: "[" + strings.Join(stores, ", ") + "]"}})
	}
	return out
}
