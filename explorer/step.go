package explorer

import (
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// MaxAtomic is the number of instructions one atomic step may execute before
// it is a run-time fault (a runaway loop inside an atomic block).
const MaxAtomic = 100000

// maxStepWork bounds the instructions one step may execute over all its paths
// (an atomic block whose eithers multiply its paths).
const maxStepWork = 10 * MaxAtomic

// Stepper computes successors of states of one Machine. It owns the buffers it
// computes in, so it allocates nothing per state once warmed up; it is not
// safe for concurrent use (use one Stepper per goroutine).
type Stepper struct {
	m    *Machine
	bufs [][]byte
	tr   Transition
	emit func(t *Transition, next []byte)
	// cur is the instruction being executed; a fault without a position of
	// its own takes cur's.
	cur *ir.Instr
	// chain holds the OpEither program counters of the current path; the last
	// hops of them were followed without executing an instruction.
	chain []int
	// budget is what is left of maxStepWork for the current step.
	budget int
	// msgs is a stack of the messages being sent or received.
	msgs []int32
	// weak is the state of a step under TSO or PSO (memory.go); nil until
	// then. gate disables the synchronising first instruction of a step
	// while the process's store buffers are not empty.
	weak *weakStep
	gate bool
	// sc tells whether the machine runs under sequential consistency, where
	// the fast path of compile.go runs the instructions it can.
	sc bool
	// The Steppers of the workers of a search are allocated one after the
	// other and written all the time: padding keeps them off each other's
	// cache lines.
	_ [cacheLine]byte
}

// NewStepper returns a Stepper for m.
func (m *Machine) NewStepper() *Stepper {
	r := &Stepper{m: m, tr: Transition{Partner: -1, Events: make([]Event, 0, 8)}, sc: m.lay.mem == nil}
	r.buf(0)
	return r
}

// Successors calls emit for every transition out of state s, in the fixed
// order: processes in index order; for each, its next instruction, with one
// transition per OpEither alternative (in order), per process a permit or mutex
// may be handed to (in process order; a Hoare monitor's urgent queue first),
// per ready receiver of a rendezvous (in process order), per select case (in
// case order; a lossy send delivers first, then loses) and per path through
// an atomic block (in order). next is the successor state, nil for a fault; t and next are valid
// only during the call. s is not modified. It returns the number of
// transitions.
func (r *Stepper) Successors(s []byte, emit func(t *Transition, next []byte)) int {
	m := r.m
	if m.lay.mem != nil {
		return r.weakSuccessors(s, emit)
	}
	r.emit = emit
	r.tr.Index = 0
	for p := range m.lay.procs {
		if m.lay.block(s, p) != running {
			continue
		}
		r.process(s, p)
	}
	r.emit = nil
	return r.tr.Index
}

// process emits the steps of process p, running in s, under SC.
func (r *Stepper) process(s []byte, p int) {
	lay := r.m.lay
	pc := lay.pc(s, p)
	code := r.m.code[p]
	c := &code[pc]
	if c.op == ir.OpEnd {
		return
	}
	r.tr.Process, r.tr.PC, r.tr.Partner = p, pc, -1
	r.tr.Events, r.tr.Messages = r.tr.Events[:0], r.tr.Messages[:0]
	if !r.sc || c.kind == fastNone || c.inAtomic {
		r.general(s, p, pc)
		return
	}
	// The fast path (compile.go) runs the step if it can; when it cannot,
	// it has emitted nothing and the general interpreter runs the step from
	// the start.
	st := r.bufs[0]
	// src is the state the step reads: s until it first writes.
	src, copied := s, false
	atomic := false
	for n := 0; n < MaxAtomic; {
		next := int(c.next)
		switch c.kind {
		case fastCond:
			t, ok := c.test(src)
			switch {
			case !ok:
				r.general(s, p, pc)
				return
			case t:
			case c.op == ir.OpBranch:
				next = int(c.els)
			case c.op == ir.OpAwait && n == 0:
				return // disabled
			default:
				r.general(s, p, pc) // a fault
				return
			}
		case fastAssign:
			if !copied {
				copy(st, s)
				src, copied = st, true
			}
			if !c.assign(st) {
				r.general(s, p, pc)
				return
			}
		case fastDown, fastLock, fastUp, fastUnlock:
			if !copied {
				copy(st, s)
				src, copied = st, true
			}
			if !r.sync(st, p, c) {
				r.general(s, p, pc)
				return
			}
		case fastSkip:
		case fastAtomic:
			if code[next].inAtomic {
				// The block's first instruction is the step's first.
				atomic = true
				c = &code[next]
				continue
			}
		default:
			r.general(s, p, pc)
			return
		}
		if !atomic || !code[next].inAtomic {
			if !copied {
				copy(st, s)
			}
			lay.setPC(st, p, next)
			r.emitState(0)
			return
		}
		c = &code[next]
		n++
	}
	r.general(s, p, pc)
}

// sync runs c, a semaphore or mutex operation of process p, in st on the
// fast path, and reports whether it could (compile.go).
func (r *Stepper) sync(st []byte, p int, c *instr) bool {
	switch c.kind {
	case fastDown:
		return c.down(st)
	case fastLock:
		return c.lock(st, p)
	case fastUp:
		return c.up(st, r.m.lay)
	}
	return c.unlock(st, p, r.m.lay)
}

// general emits the steps of process p, running in s at pc, under SC
// through the general interpreter.
func (r *Stepper) general(s []byte, p, pc int) {
	copy(r.buf(0), s)
	r.msgs = r.msgs[:0]
	r.budget = maxStepWork
	r.exec(0, p, pc, r.m.code[p][pc].inAtomic, 0, 0)
}

// step emits the steps of process p alone in s, as Successors would among
// the others (SC only; p is running). It returns their number.
func (r *Stepper) step(s []byte, p int, emit func(t *Transition, next []byte)) int {
	r.emit = emit
	r.tr.Index = 0
	r.process(s, p)
	r.emit = nil
	return r.tr.Index
}

// buf returns the scratch state buffer of branching level lv.
func (r *Stepper) buf(lv int) []byte {
	for len(r.bufs) <= lv {
		r.bufs = append(r.bufs, make([]byte, r.m.lay.size, lineRounded(r.m.lay.size)))
	}
	return r.bufs[lv]
}

// cacheLine is the bytes of a cache line, and more: two Steppers, written
// at once by two workers, share none.
const cacheLine = 128

// lineRounded is n rounded up to whole cache lines: a buffer of that
// capacity shares no line with another object of the same size class.
func lineRounded(n int) int { return (n + cacheLine - 1) &^ (cacheLine - 1) }

// branch copies level lv's buffer into level lv+1 and returns the new level.
func (r *Stepper) branch(lv int) int {
	copy(r.buf(lv+1), r.bufs[lv])
	return lv + 1
}

func (r *Stepper) emitState(lv int) {
	r.emit(&r.tr, r.bufs[lv])
	r.tr.Index++
}

func (r *Stepper) emitFault(f *Fault) {
	if !f.Pos.IsValid() && r.cur != nil {
		f.Pos = r.cur.Pos
	}
	r.tr.Fault = f
	r.emit(&r.tr, nil)
	r.tr.Fault = nil
	r.tr.Index++
}

func (r *Stepper) event(e Event) {
	r.tr.Events = append(r.tr.Events, e)
}

// blocksInside is the fault of an instruction that would block (or wait)
// after the first instruction of an atomic step.
func blocksInside(in *ir.Instr) *Fault {
	return runtimeFault(in.Pos, "%s blocks inside an atomic block", strings.TrimSpace(in.Text))
}

// exec runs process p from pc in level lv's buffer. atomic tells whether the
// step goes on through InAtomic instructions; n counts the instructions the
// step has executed before this one (only the first may be disabled or block);
// hops counts the OpEither alternatives followed since the last instruction
// executed (a cycle of alternatives without any instruction is a fault). Each
// complete path of the step is emitted; a disabled first instruction emits
// nothing.
func (r *Stepper) exec(lv, p, pc int, atomic bool, n, hops int) {
	m := r.m
	fast := m.code[p]
	for {
		if n >= MaxAtomic {
			r.emitFault(runtimeFault(fast[pc].in.Pos, "atomic block runs more than %d instructions", MaxAtomic))
			return
		}
		if r.budget--; r.budget < 0 {
			r.emitFault(runtimeFault(fast[pc].in.Pos, "atomic block has more than %d paths and instructions in all", maxStepWork))
			return
		}
		st := r.bufs[lv]
		if c := &fast[pc]; r.sc && c.kind != fastNone {
			// The fast path: what it cannot complete without a fault, the
			// general interpreter below runs again.
			r.cur = c.in
			next := int(c.next)
			switch c.kind {
			case fastAssign:
				if !c.assign(st) {
					goto general
				}
			case fastCond:
				t, ok := c.test(st)
				switch {
				case !ok:
					goto general
				case t:
				case c.op == ir.OpBranch:
					next = int(c.els)
				case c.op == ir.OpAwait && n == 0:
					return
				default:
					goto general
				}
			case fastDown, fastLock, fastUp, fastUnlock:
				if !r.sync(st, p, c) {
					goto general
				}
			case fastAtomic:
				goto general
			}
			m.lay.setPC(st, p, next)
			if !atomic || !fast[next].inAtomic {
				r.emitState(lv)
				return
			}
			pc = next
			n++
			hops = 0
			continue
		}
	general:
		in := fast[pc].in
		if r.gate && n == 0 && in.Synchronising() {
			return
		}
		r.cur = in
		next := in.Next
		switch in.Op {
		case ir.OpEnd:
			// Reached only when an atomic block ends the process.
			m.lay.setPC(st, p, pc)
			r.emitState(lv)
			return
		case ir.OpAssign:
			var v int32
			var f *Fault
			if in.RMW != nil {
				v, f = m.rmw(st, in.RMW)
			} else {
				v, f = m.eval(st, in.Value)
			}
			if f == nil {
				var sl *slot
				var e int
				if sl, e, f = m.locate(st, in.Target); f == nil {
					if r.weak != nil && !atomic && sl.v.Owner < 0 {
						var ok bool
						if ok, f = r.bufferStore(st, in.Target.Var, e, v, in); !ok && f == nil {
							return // the store buffer is full
						}
					} else {
						f = m.write(st, sl, e, v, in.Pos)
					}
				}
			}
			if f != nil {
				r.emitFault(f)
				return
			}
		case ir.OpAwait, ir.OpBranch, ir.OpAssert:
			c, f := r.cond(st, in)
			if f != nil {
				r.emitFault(f)
				return
			}
			switch {
			case in.Op == ir.OpAwait && c == 0:
				if n > 0 {
					r.emitFault(blocksInside(in))
				}
				return
			case in.Op == ir.OpBranch && c == 0:
				next = in.Else
			case in.Op == ir.OpAssert && c == 0:
				r.emitFault(assertFault(in))
				return
			}
		case ir.OpSkip, ir.OpNoncritical, ir.OpFence:
		case ir.OpDown:
			e, f := m.semElem(st, in.Sync)
			if f != nil {
				r.emitFault(f)
				return
			}
			v := m.lay.semValue(st, e)
			switch {
			case v > 0:
				m.lay.setSemValue(st, e, v-1)
			case m.lay.semKind[e] == ir.SemBusy || n > 0:
				if n > 0 {
					r.emitFault(blocksInside(in))
				}
				return
			default:
				m.lay.setPC(st, p, pc)
				m.lay.setBlock(st, p, m.lay.semBlock(e))
				if m.lay.semKind[e] == ir.SemFifo {
					m.lay.enqueue(st, e, p)
				}
				r.withEvent(Event{Kind: BlocksOnSem, Obj: e, Proc: p}, func() { r.emitState(lv) })
				return
			}
		case ir.OpUp:
			e, f := m.semElem(st, in.Sync)
			if f != nil {
				r.emitFault(f)
				return
			}
			if r.handOver(lv, p, next, atomic, n, e, HandsPermit) {
				return
			}
			v := m.lay.semValue(st, e)
			if v >= 0xffff {
				r.emitFault(runtimeFault(in.Pos, "up(%s) takes %s past 65535", m.semName(e), m.semName(e)))
				return
			}
			m.lay.setSemValue(st, e, v+1)
		case ir.OpLock:
			e, f := m.mutexElem(st, in.Sync)
			if f != nil {
				r.emitFault(f)
				return
			}
			if m.lay.owner(st, e) < 0 {
				m.lay.setOwner(st, e, p)
				break
			}
			if n > 0 {
				r.emitFault(blocksInside(in))
				return
			}
			m.lay.setPC(st, p, pc)
			m.lay.setBlock(st, p, m.lay.mutexBlock(e))
			r.withEvent(Event{Kind: BlocksOnMutex, Obj: e, Proc: p}, func() { r.emitState(lv) })
			return
		case ir.OpUnlock:
			e, f := m.mutexElem(st, in.Sync)
			if f != nil {
				r.emitFault(f)
				return
			}
			if m.lay.owner(st, e) != p {
				r.emitFault(runtimeFault(in.Pos, "unlock of %s by %s, which does not hold it",
					m.mutexName(e), m.prog.Processes[p].Display))
				return
			}
			if r.serveUrgent(lv, p, next, atomic, n, e) || r.handOver(lv, p, next, atomic, n, e, HandsMutex) {
				return
			}
			m.lay.setOwner(st, e, -1)
		case ir.OpSleep:
			if n > 0 {
				r.emitFault(blocksInside(in))
				return
			}
			m.lay.setPC(st, p, pc)
			m.lay.setBlock(st, p, asleep)
			r.withEvent(Event{Kind: Sleeps, Proc: p}, func() { r.emitState(lv) })
			return
		case ir.OpWakeup:
			q32, f := m.eval(st, in.Proc)
			if f != nil {
				r.emitFault(f)
				return
			}
			q := int(q32)
			if q < 0 || q >= m.lay.procs {
				r.emitFault(runtimeFault(in.Pos, "wakeup of process %d, which does not exist", q))
				return
			}
			ev := Event{Kind: LostWakeup, Proc: q}
			if m.lay.block(st, q) == asleep {
				ev.Kind = Wakes
				m.lay.setBlock(st, q, running)
				qc := m.prog.Processes[q].Code
				m.lay.setPC(st, q, qc[m.lay.pc(st, q)].Next)
			}
			r.withEvent(ev, func() {
				partner := r.tr.Partner
				if ev.Kind == Wakes && partner < 0 {
					r.tr.Partner = q
				}
				r.advance(lv, p, next, atomic, n)
				r.tr.Partner = partner
			})
			return
		case ir.OpWait:
			r.execWait(lv, p, pc, in, n)
			return
		case ir.OpSignal:
			r.execSignal(lv, p, pc, in, atomic, n)
			return
		case ir.OpBroadcast:
			r.execBroadcast(lv, p, in, atomic, n)
			return
		case ir.OpSend:
			r.execSend(lv, p, in, atomic, n)
			return
		case ir.OpRecv:
			r.execRecv(lv, p, in, atomic, n)
			return
		case ir.OpSelect:
			r.execSelect(lv, p, in, atomic, n)
			return
		case ir.OpEither:
			for _, q := range r.chain[len(r.chain)-hops:] {
				if q == pc {
					r.emitFault(runtimeFault(in.Pos, "either alternatives lead back to the either without a statement"))
					return
				}
			}
			r.chain = append(r.chain, pc)
			top := r.tr.PC == pc && n == 0
			for _, alt := range in.Alts {
				if top {
					r.tr.PC = alt
				}
				r.exec(r.branch(lv), p, alt, atomic, n, hops+1)
			}
			r.chain = r.chain[:len(r.chain)-1]
			if top {
				r.tr.PC = pc
			}
			return
		case ir.OpAtomic:
			if !fast[next].inAtomic {
				break // an empty block: a step that changes nothing
			}
			// The block's first instruction is the step's first: n stays.
			atomic = true
			pc = next
			continue
		default:
			r.emitFault(runtimeFault(in.Pos, "unknown operation %d", in.Op))
			return
		}
		// The instruction completed and moves on to next.
		m.lay.setPC(st, p, next)
		if !atomic || !fast[next].inAtomic {
			r.emitState(lv)
			return
		}
		pc = next
		n++
		hops = 0
	}
}

// advance finishes an instruction that moved p to next, in level lv.
func (r *Stepper) advance(lv, p, next int, atomic bool, n int) {
	r.m.lay.setPC(r.bufs[lv], p, next)
	if atomic && r.m.prog.Processes[p].Code[next].InAtomic {
		r.exec(lv, p, next, true, n+1, 0)
		return
	}
	r.emitState(lv)
}

// withEvent runs f with ev recorded in the transition.
func (r *Stepper) withEvent(ev Event, f func()) {
	k := len(r.tr.Events)
	r.event(ev)
	f()
	r.tr.Events = r.tr.Events[:k]
}

// handOver hands semaphore or mutex element e to a process blocked on it, if
// there is one: one path per candidate (weak semaphores and mutexes: every
// blocked process, in process order; fifo: the oldest). The receiving process
// moves past its down or lock and is unblocked. It reports whether anyone was
// blocked (the paths have then been run).
func (r *Stepper) handOver(lv, p, next int, atomic bool, n int, e int, kind EventKind) bool {
	m := r.m
	st := r.bufs[lv]
	code := m.lay.semBlock(e)
	if kind == HandsMutex {
		code = m.lay.mutexBlock(e)
	}
	if kind == HandsPermit && m.lay.semKind[e] == ir.SemFifo {
		q := -1
		if fo := m.lay.fifoOff[e]; st[fo] != 0 {
			q = int(st[fo]) - 1
		}
		if q < 0 {
			return false
		}
		l := r.branch(lv)
		m.lay.dequeue(r.bufs[l], e)
		r.give(l, p, next, atomic, n, e, q, kind)
		return true
	}
	found := false
	for q := range m.lay.procs {
		if m.lay.block(st, q) != code {
			continue
		}
		found = true
		r.give(r.branch(lv), p, next, atomic, n, e, q, kind)
	}
	return found
}

// give completes a hand-over of element e to q in level lv.
func (r *Stepper) give(lv, p, next int, atomic bool, n int, e, q int, kind EventKind) {
	m := r.m
	st := r.bufs[lv]
	m.lay.setBlock(st, q, running)
	qc := m.prog.Processes[q].Code
	m.lay.setPC(st, q, qc[m.lay.pc(st, q)].Next)
	if kind == HandsMutex {
		m.lay.setOwner(st, e, q)
	}
	partner := r.tr.Partner
	if partner < 0 {
		r.tr.Partner = q
	}
	r.withEvent(Event{Kind: kind, Obj: e, Proc: q}, func() { r.advance(lv, p, next, atomic, n) })
	r.tr.Partner = partner
}

// cond evaluates the test of an await, branch or assert.
func (r *Stepper) cond(st []byte, in *ir.Instr) (int32, *Fault) {
	if in.RMW != nil {
		return r.m.rmw(st, in.RMW)
	}
	return r.m.eval(st, in.Cond)
}

// assertFault is the fault of a false assert statement.
func assertFault(in *ir.Instr) *Fault {
	msg := in.Message
	if msg == "" {
		msg = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(in.Text), "assert"))
	}
	if msg == "" {
		return &Fault{Kind: FaultAssert, Msg: "assertion failed", Pos: in.Pos}
	}
	return &Fault{Kind: FaultAssert, Msg: "assertion failed: " + msg, Pos: in.Pos}
}
