package explorer

import (
	"strconv"

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
)

// Value is a value in a state, with what is needed to print it.
type Value struct {
	Kind ValueKind
	Int  int32
	// Text is the value as people read it: "3", "true", "P[0]", "none".
	Text string
}

// Change is a location whose value differs between two states: a variable
// element ("turn", "interested[1]", "P[0].x"), a semaphore's value ("s") or a
// mutex's owner ("m").
type Change struct {
	Name  string
	Value Value
}

// Changes lists the locations whose values differ from a to b, with their values
// in b, in layout order: variables, then semaphores, then mutexes.
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
	return out
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
	// Terminated and Blocked describe it; Waits says what a blocked process
	// waits for: "waits in down(s)", "waits for mutex m", "sleeps".
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
	switch b := m.lay.block(s, p); {
	case b == running:
	case b == asleep:
		ps.Blocked, ps.Waits = true, "sleeps"
	case b < blockBase+len(m.lay.semOff):
		ps.Blocked, ps.Waits = true, "waits in down("+m.semName(b-blockBase)+")"
	default:
		ps.Blocked, ps.Waits = true, "waits for mutex "+m.mutexName(b-blockBase-len(m.lay.semOff))
	}
	return ps
}
