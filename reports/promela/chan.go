package promela

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// Channels. A buffered channel element is a Promela channel of its capacity,
// c_NAME (an array for mailboxes), whose messages have one int field per
// component: a send (c!…) and a receive (c?…) run inside the step's d_step,
// guarded by len(c), and SPIN keeps the buffer in the state as interleave
// does, oldest first, the freed slots zeroed. A lossy send has a second
// option that loses the message.
//
// An unbuffered channel has no Promela channel: SPIN's rendezvous cannot take
// place inside a d_step, and outside one the guards and the handshake would
// be transitions of their own. A rendezvous is one d_step that writes the
// message to the receiver's targets and moves both program counters: one
// joint step, as in interleave. It is an option of the sender, one per
// receive that is ready (its process at that program counter, on the same
// channel element), and the same step as an option of the receiver, one per
// sender ready for it, so that SPIN's weak fairness sees the receiver
// enabled and moving, as interleave's does.

// comm is one communication a step can perform: a send or a receive, or one
// case of a select.
type comm struct {
	send    bool
	ch      *ir.SyncRef
	values  []*ir.Expr
	targets []*ir.Ref
	next    int
}

// comms are the communications of instruction in (none for other
// instructions).
func comms(in *ir.Instr) []comm {
	switch in.Op {
	case ir.OpSend:
		return []comm{{send: true, ch: in.Chan, values: in.Values, next: in.Next}}
	case ir.OpRecv:
		return []comm{{ch: in.Chan, targets: in.Targets, next: in.Next}}
	case ir.OpSelect:
		out := make([]comm, len(in.Cases))
		for i, c := range in.Cases {
			out[i] = comm{send: c.Send, ch: c.Chan, values: c.Values, targets: c.Targets, next: c.Next}
		}
		return out
	}
	return nil
}

// chanRef is the Promela channel of a buffered channel element.
func (x *exporter) chanRef(r *ir.SyncRef) string {
	c := x.prog.Chans[r.Obj]
	return "c_" + c.Name + x.index(c.Dims, r.Index)
}

// chanDecls declares the buffered channels and the scratch of a message.
func (x *exporter) chanDecls() {
	width := 0
	for _, c := range x.prog.Chans {
		width = max(width, len(c.Elem))
		if c.Cap == 0 {
			x.printf("/* chan %s: unbuffered: a rendezvous is one d_step that moves both processes */\n", c.Name)
			continue
		}
		fields := strings.TrimSuffix(strings.Repeat("int, ", len(c.Elem)), ", ")
		x.printf("chan c_%s%s = [%d] of { %s };", c.Name, dims(c.Dims), c.Cap, fields)
		if c.Lossy {
			x.printf(" /* lossy */")
		}
		x.printf("\n")
	}
	if width > 0 {
		x.printf("int msg[%d]; /* scratch: the message of a step, 0 between steps */\n", width)
	}
}

// chanLen is len(c) of channel c at index idx.
func (x *exporter) chanLen(c int, idx []*ir.Expr) string {
	ch := x.prog.Chans[c]
	if ch.Cap == 0 {
		return "0"
	}
	return "len(c_" + ch.Name + x.index(ch.Dims, idx) + ")"
}

// msgOK is the condition that a message's components lie in their types'
// ranges ("" when they always do).
func (x *exporter) msgOK(cm comm) string {
	elem := x.prog.Chans[cm.ch.Obj].Elem
	var out []string
	for i, e := range cm.values {
		t := elem[i]
		if e.Op == ir.OpConst && t.Lo <= e.Value && e.Value <= t.Hi {
			continue
		}
		if t.Lo != -1<<31 || t.Hi != 1<<31-1 {
			v := x.expr(e)
			out = append(out, fmt.Sprintf("%d <= %s && %s <= %d", t.Lo, v, v, t.Hi))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "(" + strings.Join(out, " && ") + ")"
}

// and joins conditions, leaving out empty ones.
func and(cs ...string) string {
	var out []string
	for _, c := range cs {
		if c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, " && ")
}

// sameElem is the condition that channel references a and b (of one
// declaration) name the same element: "" when always, "0" when never.
func (x *exporter) sameElem(a, b *ir.SyncRef) string {
	c := x.prog.Chans[a.Obj]
	if c.Dims == nil {
		return ""
	}
	fa, fb := x.flat(c.Dims, a.Index), x.flat(c.Dims, b.Index)
	_, ea := strconv.Atoi(fa)
	_, eb := strconv.Atoi(fb)
	switch {
	case fa == fb && ea == nil:
		return ""
	case ea == nil && eb == nil:
		return "0"
	}
	return "(" + fa + ") == (" + fb + ")"
}

// refOK is the condition that a channel reference's indexes are within
// bounds ("" when they always are).
func (x *exporter) refOK(r *ir.SyncRef) string {
	c := x.prog.Chans[r.Obj]
	var out []string
	for d, e := range r.Index {
		if e.Op == ir.OpConst && 0 <= e.Value && int(e.Value) < c.Dims[d] {
			continue
		}
		v := x.expr(e)
		out = append(out, fmt.Sprintf("0 <= %s && %s < %d", v, v, c.Dims[d]))
	}
	if len(out) == 0 {
		return ""
	}
	return "(" + strings.Join(out, " && ") + ")"
}

// checks are the run-time checks of a step's communications, in
// interleave's order: for each in turn, its channel index, then (a send) its
// message. The first that fails is the step's fault and no later case is
// tried. pres[i] is the condition that communication i is reached and its own
// checks pass; faults are the options of the failing checks.
func (x *exporter) checks(in *ir.Instr) (pres []string, faults []option) {
	pre := ""
	for _, cm := range comms(in) {
		for _, ok := range []string{x.refOK(cm.ch), x.msgOK(cm)} {
			if ok != "" {
				faults = append(faults, option{guard: and(pre, "!"+ok), body: []string{"FAULT(" + ok + ")"}})
				pre = and(pre, ok)
			}
		}
		pres = append(pres, pre)
	}
	return pres, faults
}

// partner is a communication of another process that can meet one on an
// unbuffered channel: process q at program counter pc, its communication cm
// reached when pre holds.
type partner struct {
	q, pc int
	cm    comm
	pre   string
}

// partners are the communications of processes other than p that can meet
// cm on its unbuffered channel: the receives for a send, the sends for a
// receive, in process, program counter and case order. They are those at a
// process's program counter, as interleave looks for a partner; with
// viaEither, also a sender's send that is an alternative of the either at
// its program counter: that sender's step is a rendezvous with cm's
// process.
func (x *exporter) partners(p int, cm comm, viaEither bool) []partner {
	var out []partner
	for q, pr := range x.prog.Processes {
		if q == p {
			continue
		}
		for j := range pr.Code {
			firsts := []int{j}
			if viaEither && !cm.send {
				firsts = x.firsts(pr.Code, j)
			}
			for _, a := range firsts {
				cs := comms(pr.Code[a])
				if len(cs) == 0 {
					continue
				}
				pres, _ := x.checks(pr.Code[a])
				for i, o := range cs {
					if o.send != cm.send && o.ch.Obj == cm.ch.Obj && x.sameElem(cm.ch, o.ch) != "0" {
						out = append(out, partner{q, j, o, pres[i]})
					}
				}
			}
		}
	}
	return out
}

// firsts are the instructions a step at program counter k can start with:
// k, or the alternatives of an either there, in source order.
func (x *exporter) firsts(code []*ir.Instr, k int) []int {
	var out []int
	seen := make(map[int]bool)
	var walk func(j int)
	walk = func(j int) {
		if seen[j] {
			return
		}
		seen[j] = true
		if code[j].Op != ir.OpEither {
			out = append(out, j)
			return
		}
		for _, a := range code[j].Alts {
			walk(a)
		}
	}
	walk(k)
	return out
}

// ready is the condition that partner o is there to meet cm: at its program
// counter, running, on the same channel element (both indexes in bounds).
// That is what makes a receive ready; the rendezvous with a sender takes
// place (moves) once the sender's own checks pass as well.
func (x *exporter) ready(cm comm, o partner, moves bool) string {
	g := fmt.Sprintf("pc[%d] == %d", o.q, o.pc)
	if x.blk {
		g += fmt.Sprintf(" && blk[%d] == 0", o.q)
	}
	pre := ""
	if moves && o.cm.send {
		pre = o.pre
	}
	return and(g, pre, x.refOK(cm.ch), x.refOK(o.cm.ch), x.sameElem(cm.ch, o.cm.ch))
}

// canComm is the condition that cm of process p can take place now, its
// checks passed.
func (x *exporter) canComm(p int, cm comm) string {
	c := x.prog.Chans[cm.ch.Obj]
	switch {
	case c.Cap > 0 && cm.send && c.Lossy:
		return "1"
	case c.Cap > 0 && cm.send:
		return fmt.Sprintf("len(%s) < %d", x.chanRef(cm.ch), c.Cap)
	case c.Cap > 0:
		return "len(" + x.chanRef(cm.ch) + ") > 0"
	}
	var terms []string
	for _, o := range x.partners(p, cm, false) {
		terms = append(terms, "("+x.ready(cm, o, false)+")")
	}
	if len(terms) == 0 {
		return "0"
	}
	return "(" + strings.Join(terms, " || ") + ")"
}

// receive is the statements that write a received message, held in msg, to
// targets, then clear the scratch.
func (x *exporter) receive(targets []*ir.Ref, n int) []string {
	var out []string
	for i, t := range targets {
		if t != nil {
			out = append(out, x.write(t, fmt.Sprintf("msg[%d]", i))...)
		}
	}
	for i := range n {
		out = append(out, fmt.Sprintf("msg[%d] = 0", i))
	}
	return out
}

// meet is a rendezvous: sender s, its communication sc, hands its message to
// receiver r's communication rc; both move on.
func (x *exporter) meet(s int, sc comm, r int, rc comm) []string {
	var out []string
	for i, v := range sc.values {
		out = append(out, fmt.Sprintf("msg[%d] = %s", i, x.expr(v)))
	}
	out = append(out, x.receive(rc.targets, len(x.prog.Chans[sc.ch.Obj].Elem))...)
	return append(out, fmt.Sprintf("pc[%d] = %d", r, rc.next), fmt.Sprintf("pc[%d] = %d", s, sc.next))
}

// communicate is the options of a send, a receive or a select of process p
// (direct: at its program counter, not an either's alternative), in
// interleave's order: the faults of its checks, each communication in case
// order, then a select's default, when no case is ready.
//
// A rendezvous is an option of the sender and, the same joint step, of the
// receiver: SPIN's weak fairness then counts it as a move of either, as
// interleave counts it as a move of both, and a receiver that could meet a
// sender is enabled, as in interleave. The two options reach the same state.
func (x *exporter) communicate(p int, in *ir.Instr, direct bool) []option {
	pres, opts := x.checks(in)
	var ready []string
	for i, cm := range comms(in) {
		c := x.prog.Chans[cm.ch.Obj]
		pre := pres[i]
		ready = append(ready, x.canComm(p, cm))
		fin := x.fin(p, cm.next, false)
		switch {
		case c.Cap > 0 && cm.send:
			vals := make([]string, len(cm.values))
			for i, v := range cm.values {
				vals[i] = x.expr(v)
			}
			ch := x.chanRef(cm.ch)
			opts = append(opts, option{guard: and(pre, fmt.Sprintf("len(%s) < %d", ch, c.Cap)),
				body: append([]string{ch + "!" + strings.Join(vals, ",")}, fin...)})
			if c.Lossy {
				opts = append(opts, option{guard: pre, body: append([]string{"skip /* the message is lost */"}, fin...)})
			}
		case c.Cap > 0:
			ch := x.chanRef(cm.ch)
			args := make([]string, len(c.Elem))
			for i := range args {
				args[i] = fmt.Sprintf("msg[%d]", i)
			}
			body := append([]string{ch + "?" + strings.Join(args, ",")}, x.receive(cm.targets, len(c.Elem))...)
			opts = append(opts, option{guard: and(pre, "len("+ch+") > 0"), body: append(body, fin...)})
		case cm.send:
			for _, o := range x.partners(p, cm, false) {
				opts = append(opts, option{guard: and(pre, x.ready(cm, o, true)), body: x.meet(p, cm, o.q, o.cm)})
			}
		case direct:
			// A receive that is an either's alternative is never at the
			// program counter, and so never meets a sender.
			for _, o := range x.partners(p, cm, true) {
				opts = append(opts, option{guard: x.ready(cm, o, true), body: x.meet(o.q, o.cm, p, cm)})
			}
		}
	}
	if in.Op == ir.OpSelect && in.Default >= 0 {
		none := make([]string, len(ready))
		for i, r := range ready {
			none[i] = "!(" + r + ")"
		}
		opts = append(opts, option{guard: and(pres[len(pres)-1], strings.Join(none, " && ")), body: x.fin(p, in.Default, false)})
	}
	return opts
}
