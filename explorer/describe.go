package explorer

import (
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// ValueKind tells how a Value prints.
type ValueKind uint8

const (
	// IntValue prints as a number.
	IntValue ValueKind = iota
	// BoolValue prints as true or false.
	BoolValue
	// ProcessValue is a process index (a mutex owner), or -1 for none.
	ProcessValue
	// ListValue is a channel's messages or a condition's queue of processes,
	// oldest first; Int is their number and Text the list: "[1, 2]",
	// "[(1, true)]", "[P[0], P[1]]".
	ListValue
)

// Value is a value in a state, with what is needed to print it.
type Value struct {
	Kind ValueKind
	Int  int32
	// Text is the value as people read it: "3", "true", "P[0]", "none".
	Text string
}

// Change is a location whose value differs between two states: a variable
// element ("turn", "interested[1]", "P[0].x"), a semaphore's value ("s"), a
// mutex's owner ("m"), a condition's queue ("notEmpty") or a buffered
// channel's messages ("c").
type Change struct {
	Name  string
	Value Value
}

// Changes lists the locations whose values differ from a to b, with their values
// in b, in layout order: variables, then semaphores, mutexes, condition
// queues and buffered channels.
func (m *Machine) Changes(a, b []byte) []Change {
	var out []Change
	for i := range m.lay.vars {
		sl := &m.lay.vars[i]
		for e := range sl.n {
			va, vb := m.lay.load(a, sl, e), m.lay.load(b, sl, e)
			if va == vb {
				continue
			}
			v := Value{Kind: IntValue, Int: vb, Text: strconv.Itoa(int(vb))}
			if sl.v.Elem.Kind == ir.Bool {
				v.Kind = BoolValue
				v.Text = strconv.FormatBool(vb != 0)
			}
			out = append(out, Change{Name: elemName(m.varName(sl.v), sl.v.Dims, e), Value: v})
		}
	}
	for e := range m.lay.semOff {
		if va, vb := m.lay.semValue(a, e), m.lay.semValue(b, e); va != vb {
			out = append(out, Change{Name: m.semName(e), Value: Value{Kind: IntValue, Int: int32(vb), Text: strconv.Itoa(vb)}})
		}
	}
	for e := range m.lay.mutexOff {
		if oa, ob := m.lay.owner(a, e), m.lay.owner(b, e); oa != ob {
			out = append(out, Change{Name: m.mutexName(e), Value: m.processValue(ob)})
		}
	}
	for c, off := range m.lay.condOff {
		qa, qb := a[off:off+m.lay.procs], b[off:off+m.lay.procs]
		if string(qa) == string(qb) {
			continue
		}
		procs := m.lay.queue(b, off, nil)
		names := make([]string, len(procs))
		for i, q := range procs {
			names[i] = m.prog.Processes[q].Display
		}
		out = append(out, Change{Name: m.condName(c), Value: Value{Kind: ListValue, Int: int32(len(procs)),
			Text: "[" + strings.Join(names, ", ") + "]"}})
	}
	for k := range m.lay.chanElems {
		ce := &m.lay.chanElems[k]
		if ce.c.Cap == 0 {
			continue
		}
		end := m.lay.slotOff(k, ce.c.Cap)
		if string(a[ce.off:end]) == string(b[ce.off:end]) {
			continue
		}
		n := m.lay.chanLen(b, k)
		texts := make([]string, n)
		var buf []int32
		for i := range n {
			buf = m.lay.message(b, k, i, buf[:0])
			texts[i] = m.messageText(k, buf)
		}
		out = append(out, Change{Name: m.chanName(k), Value: Value{Kind: ListValue, Int: int32(n),
			Text: "[" + strings.Join(texts, ", ") + "]"}})
	}
	return m.bufferChanges(a, b, out)
}

// messageText is a message of channel element k as people read it: "1",
// "true", "(1, false)".
func (m *Machine) messageText(k int, msg []int32) string {
	elem := m.lay.chanElems[k].c.Elem
	parts := make([]string, len(msg))
	for i, v := range msg {
		if i < len(elem) && elem[i].Kind == ir.Bool {
			parts[i] = strconv.FormatBool(v != 0)
		} else {
			parts[i] = strconv.Itoa(int(v))
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// condMonitor is the name of the monitor condition element c belongs to ("" for
// a condition used with a mutex).
func (m *Machine) condMonitor(c int) string {
	d := m.prog.Conds[m.lay.condDecl[c]]
	if d.Monitor < 0 {
		return ""
	}
	return m.prog.Mutexes[d.Monitor].Monitor
}

// processValue is process p (or none for -1) as a Value.
func (m *Machine) processValue(p int) Value {
	if p < 0 {
		return Value{Kind: ProcessValue, Int: -1, Text: "none"}
	}
	return Value{Kind: ProcessValue, Int: int32(p), Text: m.prog.Processes[p].Display}
}

// ProcState is where a process is in a state.
type ProcState struct {
	Process int
	// PC is its program counter; Pos and Statement its next statement ("end"
	// when terminated).
	PC        int
	Pos       source.Pos
	Statement string
	// Terminated and Blocked describe it. A process is blocked when it waits in
	// a queue (of a semaphore, a mutex, a monitor, a condition, asleep) or when
	// its next statement is a channel operation or a select that cannot
	// proceed. Waits says what a blocked process waits for: "waits in
	// down(s)", "waits for mutex m", "sleeps", "waits to enter monitor M",
	// "waits in notEmpty", "waits in the urgent queue of M", "waits to send on
	// c", "waits to receive on c", "waits in select".
	Terminated bool
	Blocked    bool
	Waits      string
}

// Describe tells where every process is in state s, in process order.
func (m *Machine) Describe(s []byte) []ProcState {
	out := make([]ProcState, m.lay.procs)
	for p := range out {
		out[p] = m.Process(s, p)
	}
	return out
}

// Process tells where process p is in state s.
func (m *Machine) Process(s []byte, p int) ProcState {
	pc := m.lay.pc(s, p)
	in := m.prog.Processes[p].Code[pc]
	ps := ProcState{Process: p, PC: pc, Pos: in.Pos, Statement: in.Text}
	if in.Op == ir.OpEnd {
		ps.Terminated = true
		ps.Statement = "end"
	}
	nSem, nMutex, nCond := len(m.lay.semOff), len(m.lay.mutexOff), len(m.lay.condOff)
	switch b := m.lay.block(s, p); {
	case b == running:
		ps.Waits = m.channelWaits(s, p, in)
		ps.Blocked = ps.Waits != ""
	case b == asleep:
		ps.Blocked, ps.Waits = true, "sleeps"
	case b < blockBase+nSem:
		ps.Blocked, ps.Waits = true, "waits in down("+m.semName(b-blockBase)+")"
	case b < blockBase+nSem+nMutex:
		e := b - blockBase - nSem
		ps.Blocked, ps.Waits = true, "waits for mutex "+m.mutexName(e)
		if mon := m.prog.Mutexes[m.lay.mutexDecl[e]].Monitor; mon != "" {
			ps.Waits = "waits to enter monitor " + mon
		}
	case b < blockBase+nSem+nMutex+nCond:
		ps.Blocked, ps.Waits = true, "waits in "+m.condName(b-blockBase-nSem-nMutex)
	default:
		e := b - blockBase - nSem - nMutex - nCond
		ps.Blocked, ps.Waits = true, "waits in the urgent queue of "+m.prog.Mutexes[m.lay.mutexDecl[e]].Monitor
	}
	return ps
}

// channelWaits says what process p, not blocked in a queue, waits for when
// its next instruction in is a channel operation or a select that cannot
// proceed in s: "waits to send on c", "waits to receive on c", "waits in
// select"; "" otherwise (an index that cannot be evaluated is left to the
// step, which faults).
func (m *Machine) channelWaits(s []byte, p int, in *ir.Instr) string {
	switch in.Op {
	case ir.OpSend:
		if k, f := m.chanElem(s, in.Chan); f == nil && !m.canSend(s, p, k) {
			return "waits to send on " + m.chanName(k)
		}
	case ir.OpRecv:
		if k, f := m.chanElem(s, in.Chan); f == nil && !m.canRecv(s, p, k) {
			return "waits to receive on " + m.chanName(k)
		}
	case ir.OpSelect:
		if !m.selectReady(s, p, in) {
			return "waits in select"
		}
	}
	return ""
}
