package explorer

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// Condition variables and monitors. A condition element is a FIFO queue of
// blocked processes (layout.go); a process in it has its program counter at
// its wait. A signal moves the oldest out: with a mutex or a Mesa monitor it
// becomes runnable at its wait's Next (the re-entry lock); with a Hoare monitor
// it becomes the monitor's owner at once, continuing at its wait's Next, and
// the signaller blocks in the monitor's urgent queue with its program counter
// at the signal, continuing at the signal's Next when the monitor is handed
// back to it. Releasing a Hoare monitor lock (leaving a procedure, or a wait)
// hands it to the oldest of its urgent queue before anyone of its entry set.

// serveUrgent hands mutex element e, a Hoare monitor lock that p releases, to
// the oldest process of its urgent queue, if any: one path from level lv,
// which p continues at next. It reports whether the queue was non-empty.
func (r *Stepper) serveUrgent(lv, p, next int, atomic bool, n, e int) bool {
	m := r.m
	off := m.lay.urgentOff[e]
	if off < 0 || r.bufs[lv][off] == 0 {
		return false
	}
	l := r.branch(lv)
	q := m.lay.pop(r.bufs[l], off)
	r.give(l, p, next, atomic, n, e, q, HandsMutex)
	return true
}

// monitorHeld checks that process p holds the monitor lock of condition
// element c, for a signal or broadcast (op) at pos in a monitor.
func (m *Machine) monitorHeld(st []byte, p, c int, op string, pos source.Pos) *Fault {
	d := m.prog.Conds[m.lay.condDecl[c]]
	if d.Monitor < 0 {
		return nil
	}
	if e := m.lay.mutexes[d.Monitor].base; m.lay.owner(st, e) != p {
		return runtimeFault(pos, "%s(%s) outside the monitor %s", op, m.condName(c), m.prog.Mutexes[d.Monitor].Monitor)
	}
	return nil
}

// execWait executes OpWait in of process p at pc, in level lv: p releases
// the lock (handing it over as an unlock does, a Hoare monitor's urgent
// queue first) and blocks at the end of the condition's queue.
func (r *Stepper) execWait(lv, p, pc int, in *ir.Instr, n int) {
	m := r.m
	st := r.bufs[lv]
	c, f := m.condElem(st, in.Sync)
	if f != nil {
		r.emitFault(f)
		return
	}
	e, f := m.mutexElem(st, in.Lock)
	if f != nil {
		r.emitFault(f)
		return
	}
	if m.lay.owner(st, e) != p {
		if m.prog.Conds[m.lay.condDecl[c]].Monitor >= 0 {
			r.emitFault(runtimeFault(in.Pos, "wait(%s) by %s, which is not inside the monitor %s",
				m.condName(c), m.prog.Processes[p].Display, m.prog.Mutexes[m.lay.mutexDecl[e]].Monitor))
			return
		}
		r.emitFault(runtimeFault(in.Pos, "wait(%s, %s) by %s, which does not hold %s",
			m.condName(c), m.mutexName(e), m.prog.Processes[p].Display, m.mutexName(e)))
		return
	}
	if n > 0 {
		r.emitFault(blocksInside(in))
		return
	}
	m.lay.setPC(st, p, pc)
	m.lay.setBlock(st, p, m.lay.condBlock(c))
	m.lay.push(st, m.lay.condOff[c], p)
	ev := len(r.tr.Events)
	r.event(Event{Kind: WaitsOnCond, Obj: c, Proc: p})
	// p stays at pc: the hand-over paths "advance" it to pc, outside any
	// atomic continuation.
	switch {
	case r.serveUrgent(lv, p, pc, false, n, e):
	case r.handOver(lv, p, pc, false, n, e, HandsMutex):
	default:
		m.lay.setOwner(st, e, -1)
		r.emitState(lv)
	}
	r.tr.Events = r.tr.Events[:ev]
}

// execSignal executes OpSignal in of process p at pc, in level lv.
func (r *Stepper) execSignal(lv, p, pc int, in *ir.Instr, atomic bool, n int) {
	m := r.m
	st := r.bufs[lv]
	c, f := m.condElem(st, in.Sync)
	if f != nil {
		r.emitFault(f)
		return
	}
	if f := m.monitorHeld(st, p, c, "signal", in.Pos); f != nil {
		r.emitFault(f)
		return
	}
	ev, partner := len(r.tr.Events), r.tr.Partner
	defer func() { r.tr.Events, r.tr.Partner = r.tr.Events[:ev], partner }()
	off := m.lay.condOff[c]
	if st[off] == 0 {
		r.event(Event{Kind: LostSignal, Obj: c, Proc: -1})
		r.advance(lv, p, in.Next, atomic, n)
		return
	}
	d := m.prog.Conds[m.lay.condDecl[c]]
	hoare := d.Monitor >= 0 && m.prog.Mutexes[d.Monitor].Hoare
	if hoare && n > 0 {
		r.emitFault(blocksInside(in))
		return
	}
	q := m.lay.pop(st, off)
	m.lay.setBlock(st, q, running)
	qc := m.prog.Processes[q].Code
	m.lay.setPC(st, q, qc[m.lay.pc(st, q)].Next)
	if partner < 0 {
		r.tr.Partner = q
	}
	if !hoare {
		r.event(Event{Kind: Signals, Obj: c, Proc: q})
		r.advance(lv, p, in.Next, atomic, n)
		return
	}
	e := m.lay.mutexes[d.Monitor].base
	m.lay.setOwner(st, e, q)
	m.lay.setPC(st, p, pc)
	m.lay.setBlock(st, p, m.lay.urgentBlock(e))
	m.lay.push(st, m.lay.urgentOff[e], p)
	r.event(Event{Kind: SignalsHoare, Obj: c, Proc: q})
	r.event(Event{Kind: EntersUrgent, Obj: e, Proc: p})
	r.emitState(lv)
}

// execBroadcast executes OpBroadcast in of process p, in level lv: every
// waiter leaves the queue, in queue order, to take its re-entry lock.
func (r *Stepper) execBroadcast(lv, p int, in *ir.Instr, atomic bool, n int) {
	m := r.m
	st := r.bufs[lv]
	c, f := m.condElem(st, in.Sync)
	if f != nil {
		r.emitFault(f)
		return
	}
	if f := m.monitorHeld(st, p, c, "broadcast", in.Pos); f != nil {
		r.emitFault(f)
		return
	}
	ev, partner := len(r.tr.Events), r.tr.Partner
	off := m.lay.condOff[c]
	if st[off] == 0 {
		r.event(Event{Kind: Broadcasts, Obj: c, Proc: -1})
	}
	for st[off] != 0 {
		q := m.lay.pop(st, off)
		m.lay.setBlock(st, q, running)
		qc := m.prog.Processes[q].Code
		m.lay.setPC(st, q, qc[m.lay.pc(st, q)].Next)
		if r.tr.Partner < 0 {
			r.tr.Partner = q
		}
		r.event(Event{Kind: Broadcasts, Obj: c, Proc: q})
	}
	r.advance(lv, p, in.Next, atomic, n)
	r.tr.Events, r.tr.Partner = r.tr.Events[:ev], partner
}
