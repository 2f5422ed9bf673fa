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
// place inside a d_step, and outside one the receiver's half would be a step
// of its own. A rendezvous is instead the sender's step, one option per
// process and receive that is ready — the partner at that program counter,
// on the same channel element — which writes the receiver's targets and
// moves its program counter as well as the sender's: one joint step, as in
// interleave. A receive on an unbuffered channel has no option of its own.

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
			x.printf("/* chan %s: unbuffered, each rendezvous is its sender's step */\n", c.Name)
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

// partner is a process ready for the other half of a rendezvous: q at
// program counter pc, where its communication cm is.
type partner struct {
	q, pc int
	cm    comm
}

// partners are the communications of processes other than p, at program
// counters between steps, that can meet cm on its unbuffered channel: the
// receives for a send, the sends for a receive, in process, program counter
// and case order.
func (x *exporter) partners(p int, cm comm) []partner {
	var out []partner
	for q, pr := range x.prog.Processes {
		if q == p {
			continue
		}
		for j, in := range pr.Code {
			for _, o := range comms(in) {
				if o.send != cm.send && o.ch.Obj == cm.ch.Obj && x.sameElem(cm.ch, o.ch) != "0" {
					out = append(out, partner{q, j, o})
				}
			}
		}
	}
	return out
}

// ready is the condition that partner o is there to meet cm.
func (x *exporter) ready(cm comm, o partner) string {
	g := fmt.Sprintf("pc[%d] == %d", o.q, o.pc)
	if x.blk {
		g += fmt.Sprintf(" && blk[%d] == 0", o.q)
	}
	return and(g, x.sameElem(cm.ch, o.cm.ch))
}

// canComm is the condition that cm can take place now.
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
	for _, o := range x.partners(p, cm) {
		terms = append(terms, "("+x.ready(cm, o)+")")
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

// communicate is the options of a send, a receive or a select of process p
// at program counter k, in interleave's order: each communication in case
// order (a send whose message is out of range faults, and then no later case
// is tried), then a select's default, when no case is ready.
func (x *exporter) communicate(p int, in *ir.Instr) []option {
	var opts []option
	pre := "" // the messages of the sends before are in range
	var ready []string
	for _, cm := range comms(in) {
		c := x.prog.Chans[cm.ch.Obj]
		ready = append(ready, x.canComm(p, cm))
		if cm.send {
			if ok := x.msgOK(cm); ok != "" {
				opts = append(opts, option{guard: and(pre, "!"+ok), body: []string{"FAULT(" + ok + ")"}})
				pre = and(pre, ok)
			}
		}
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
			for _, o := range x.partners(p, cm) {
				var body []string
				for i, v := range cm.values {
					body = append(body, fmt.Sprintf("msg[%d] = %s", i, x.expr(v)))
				}
				body = append(body, x.receive(o.cm.targets, len(c.Elem))...)
				body = append(body, fmt.Sprintf("pc[%d] = %d", o.q, o.cm.next))
				opts = append(opts, option{guard: and(pre, x.ready(cm, o)), body: append(body, fin...)})
			}
		}
		// An unbuffered receive moves only as its sender's step.
	}
	if in.Op == ir.OpSelect && in.Default >= 0 {
		none := make([]string, len(ready))
		for i, r := range ready {
			none[i] = "!(" + r + ")"
		}
		opts = append(opts, option{guard: and(pre, strings.Join(none, " && ")), body: x.fin(p, in.Default, false)})
	}
	return opts
}
