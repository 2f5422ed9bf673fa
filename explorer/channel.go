package explorer

import "github.com/interleave/interleave/lang/ir"

// Channels. A buffered channel element holds its messages in the state (see
// layout.go); a send appends, a receive takes the oldest. An unbuffered
// channel holds nothing: a send is a rendezvous, one joint step of the sender
// (the mover) and a process ready to receive — one at an OpRecv of the same
// channel element, or at an OpSelect with a receive case on it — whose program
// counter moves to its Next and whose targets are assigned in the same step.
// A receiver never moves alone on an unbuffered channel.

// matches reports whether channel reference r names channel element k in s; a
// reference whose index cannot be evaluated names none.
func (m *Machine) matches(s []byte, r *ir.SyncRef, k int) bool {
	j, f := m.chanElem(s, r)
	return f == nil && j == k
}

// forReceivers calls fn for every process other than p ready to receive on
// unbuffered channel element k in s, in process order and, within a select,
// in case order, with the receive's targets and where its process continues.
// fn returns false to stop.
func (m *Machine) forReceivers(s []byte, p, k int, fn func(q int, targets []*ir.Ref, next int, in *ir.Instr) bool) {
	for q := range m.lay.procs {
		// Under TSO and PSO a communication waits for the partner's store
		// buffers to drain, as its own step does.
		if q == p || m.lay.block(s, q) != running || !m.BuffersEmpty(s, q) {
			continue
		}
		in := m.prog.Processes[q].Code[m.lay.pc(s, q)]
		switch in.Op {
		case ir.OpRecv:
			if m.matches(s, in.Chan, k) && !fn(q, in.Targets, in.Next, in) {
				return
			}
		case ir.OpSelect:
			for _, c := range in.Cases {
				if !c.Send && m.matches(s, c.Chan, k) && !fn(q, c.Targets, c.Next, in) {
					return
				}
			}
		}
	}
}

// senderReady reports whether a process other than p is ready to send on
// unbuffered channel element k in s: at an OpSend of it, or at an OpSelect
// with a send case on it.
func (m *Machine) senderReady(s []byte, p, k int) bool {
	for q := range m.lay.procs {
		// Under TSO and PSO a communication waits for the partner's store
		// buffers to drain, as its own step does.
		if q == p || m.lay.block(s, q) != running || !m.BuffersEmpty(s, q) {
			continue
		}
		in := m.prog.Processes[q].Code[m.lay.pc(s, q)]
		switch in.Op {
		case ir.OpSend:
			if m.matches(s, in.Chan, k) {
				return true
			}
		case ir.OpSelect:
			for _, c := range in.Cases {
				if c.Send && m.matches(s, c.Chan, k) {
					return true
				}
			}
		}
	}
	return false
}

// canSend reports whether process p can send on channel element k in s: the
// buffer is not full, the channel is lossy, or (unbuffered) a receiver is
// ready.
func (m *Machine) canSend(s []byte, p, k int) bool {
	c := m.lay.chanElems[k].c
	if c.Cap > 0 {
		return c.Lossy || m.lay.chanLen(s, k) < c.Cap
	}
	ready := false
	m.forReceivers(s, p, k, func(int, []*ir.Ref, int, *ir.Instr) bool {
		ready = true
		return false
	})
	return ready
}

// canRecv reports whether process p can receive on channel element k in s:
// the buffer is not empty or (unbuffered) a sender is ready.
func (m *Machine) canRecv(s []byte, p, k int) bool {
	if m.lay.chanElems[k].c.Cap > 0 {
		return m.lay.chanLen(s, k) > 0
	}
	return m.senderReady(s, p, k)
}

// selectReady reports whether the select in of process p can proceed in s:
// it has a default or a ready case. A case whose channel index cannot be
// evaluated counts as ready (the step faults).
func (m *Machine) selectReady(s []byte, p int, in *ir.Instr) bool {
	if in.Default >= 0 {
		return true
	}
	for _, c := range in.Cases {
		k, f := m.chanElem(s, c.Chan)
		if f != nil {
			return true
		}
		if c.Send && m.canSend(s, p, k) || !c.Send && m.canRecv(s, p, k) {
			return true
		}
	}
	return false
}

// message evaluates the components of a message for channel element k,
// appending them to r.msgs, and returns them; a component out of its type's
// range is a run-time fault.
func (r *Stepper) message(st []byte, k int, values []*ir.Expr) ([]int32, *Fault) {
	m := r.m
	elem := m.lay.chanElems[k].c.Elem
	base := len(r.msgs)
	for i, e := range values {
		v, f := m.eval(st, e)
		if f != nil {
			return nil, f
		}
		if t := elem[i]; v < t.Lo || v > t.Hi {
			if len(elem) == 1 {
				return nil, runtimeFault(e.Pos, "%d sent on %s is out of range %d..%d", v, m.chanName(k), t.Lo, t.Hi)
			}
			return nil, runtimeFault(e.Pos, "component %d of the message sent on %s, %d, is out of range %d..%d",
				i+1, m.chanName(k), v, t.Lo, t.Hi)
		}
		r.msgs = append(r.msgs, v)
	}
	return r.msgs[base:], nil
}

// send runs the successors of process p sending msg on channel element k
// from level lv, continuing at next: on a buffered channel one that appends
// the message when the buffer is not full and, when the channel is lossy, one
// that loses it; on an unbuffered channel one rendezvous per ready receiver.
// Level lv itself is left unchanged. It reports whether there was any
// successor.
func (r *Stepper) send(lv, p, k int, msg []int32, next int, atomic bool, n int) bool {
	m := r.m
	st := r.bufs[lv]
	c := m.lay.chanElems[k].c
	if c.Cap > 0 {
		free := m.lay.chanLen(st, k) < c.Cap
		if free {
			l := r.branch(lv)
			m.lay.append(r.bufs[l], k, msg)
			r.advance(l, p, next, atomic, n)
		}
		if c.Lossy {
			ev := len(r.tr.Events)
			r.event(Event{Kind: Loses, Obj: k, Proc: p})
			r.advance(r.branch(lv), p, next, atomic, n)
			r.tr.Events = r.tr.Events[:ev]
		}
		return free || c.Lossy
	}
	found := false
	m.forReceivers(st, p, k, func(q int, targets []*ir.Ref, qnext int, in *ir.Instr) bool {
		found = true
		r.rendezvous(r.branch(lv), p, q, k, msg, targets, qnext, in, next, atomic, n)
		return true
	})
	return found
}

// rendezvous completes, in level lv, the joint step of sender p and receiver
// q over unbuffered channel element k: q's targets take msg and q moves to
// qnext; p goes on at next.
func (r *Stepper) rendezvous(lv, p, q, k int, msg []int32, targets []*ir.Ref, qnext int, in *ir.Instr, next int, atomic bool, n int) {
	m := r.m
	st := r.bufs[lv]
	partner := r.tr.Partner
	if partner < 0 {
		r.tr.Partner = q
	}
	ev, nm := len(r.tr.Events), len(r.tr.Messages)
	r.tr.Messages = append(r.tr.Messages, msg...)
	r.event(Event{Kind: Rendezvous, Obj: k, Proc: q, Msg: nm, MsgLen: len(msg)})
	if f := r.receive(st, targets, msg, in); f != nil {
		r.emitFault(f)
	} else {
		m.lay.setPC(st, q, qnext)
		r.advance(lv, p, next, atomic, n)
	}
	r.tr.Events, r.tr.Messages = r.tr.Events[:ev], r.tr.Messages[:nm]
	r.tr.Partner = partner
}

// receive assigns msg's components to targets (nil targets discard theirs;
// no targets at all discard the message), each range-checked as an
// assignment; in is the receiving instruction, whose position a fault takes
// when the target has none.
func (r *Stepper) receive(st []byte, targets []*ir.Ref, msg []int32, in *ir.Instr) *Fault {
	m := r.m
	for i, t := range targets {
		if t == nil {
			continue
		}
		sl, e, f := m.locate(st, t)
		if f == nil {
			pos := t.Pos
			if !pos.IsValid() {
				pos = in.Pos
			}
			f = m.write(st, sl, e, msg[i], pos)
		}
		if f != nil {
			if !f.Pos.IsValid() {
				f.Pos = in.Pos
			}
			return f
		}
	}
	return nil
}

// takeFrom runs the successor of process p receiving into targets from
// buffered channel element k, which is not empty, from level lv (left
// unchanged), continuing at next.
func (r *Stepper) takeFrom(lv, p, k int, targets []*ir.Ref, in *ir.Instr, next int, atomic bool, n int) {
	m := r.m
	l := r.branch(lv)
	st := r.bufs[l]
	base := len(r.msgs)
	r.msgs = m.lay.message(st, k, 0, r.msgs)
	m.lay.shift(st, k)
	f := r.receive(st, targets, r.msgs[base:], in)
	r.msgs = r.msgs[:base]
	if f != nil {
		r.emitFault(f)
		return
	}
	r.advance(l, p, next, atomic, n)
}

// execSend executes OpSend in of process p at level lv.
func (r *Stepper) execSend(lv, p int, in *ir.Instr, atomic bool, n int) {
	m := r.m
	st := r.bufs[lv]
	k, f := m.chanElem(st, in.Chan)
	if f != nil {
		r.emitFault(f)
		return
	}
	base := len(r.msgs)
	defer func() { r.msgs = r.msgs[:base] }()
	msg, f := r.message(st, k, in.Values)
	if f != nil {
		r.emitFault(f)
		return
	}
	if !r.send(lv, p, k, msg, in.Next, atomic, n) && n > 0 {
		r.emitFault(blocksInside(in))
	}
}

// execRecv executes OpRecv in of process p at level lv. On an unbuffered
// channel it never moves alone.
func (r *Stepper) execRecv(lv, p int, in *ir.Instr, atomic bool, n int) {
	m := r.m
	st := r.bufs[lv]
	k, f := m.chanElem(st, in.Chan)
	if f != nil {
		r.emitFault(f)
		return
	}
	if m.lay.chanElems[k].c.Cap == 0 || m.lay.chanLen(st, k) == 0 {
		if n > 0 {
			r.emitFault(blocksInside(in))
		}
		return
	}
	r.takeFrom(lv, p, k, in.Targets, in, in.Next, atomic, n)
}

// execSelect executes OpSelect in of process p at level lv: one successor
// per ready case (and per ready partner of an unbuffered send case), in case
// order, else the default when no case is ready. An unbuffered receive case
// with a ready sender is ready, but takes place as that sender's step.
func (r *Stepper) execSelect(lv, p int, in *ir.Instr, atomic bool, n int) {
	m := r.m
	st := r.bufs[lv]
	ready := false
	for _, c := range in.Cases {
		k, f := m.chanElem(st, c.Chan)
		if f != nil {
			r.emitFault(f)
			return
		}
		if c.Send {
			base := len(r.msgs)
			msg, f := r.message(st, k, c.Values)
			if f != nil {
				r.msgs = r.msgs[:base]
				r.emitFault(f)
				return
			}
			if r.send(lv, p, k, msg, c.Next, atomic, n) {
				ready = true
			}
			r.msgs = r.msgs[:base]
			continue
		}
		switch {
		case m.lay.chanElems[k].c.Cap > 0:
			if m.lay.chanLen(st, k) > 0 {
				ready = true
				r.takeFrom(lv, p, k, c.Targets, in, c.Next, atomic, n)
			}
		case m.senderReady(st, p, k):
			ready = true
		}
	}
	switch {
	case ready:
	case in.Default >= 0:
		r.advance(lv, p, in.Default, atomic, n)
	case n > 0:
		r.emitFault(blocksInside(in))
	}
}
