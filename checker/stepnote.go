package checker

import (
	"strconv"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// controlNote says what a step of control flow decided, for the trace's
// note: whether an if's or while's test was true or false, which
// alternative of an either was taken, and where an atomic block, run as one
// step, left off. "" for other steps and for a step without its states.
func controlNote(m *explorer.Machine, st *explorer.Step) string {
	tr := &st.Transition
	code := m.Program().Processes[tr.Process].Code
	if st.Before == nil {
		return ""
	}
	if at := m.PC(st.Before, tr.Process); at >= 0 && at < len(code) && at != tr.PC && code[at].Op == ir.OpEither {
		alts := code[at].Alts
		for k, pc := range alts {
			if pc == tr.PC {
				return "either: takes alternative " + strconv.Itoa(k+1) + " of " + strconv.Itoa(len(alts))
			}
		}
	}
	in := code[tr.PC]
	switch in.Op {
	case ir.OpBranch:
		if st.After == nil {
			return ""
		}
		truth := false
		switch next := m.PC(st.After, tr.Process); {
		case in.Next != in.Else:
			truth = next == in.Next
		case in.Cond != nil:
			v, err := m.Eval(st.Before, in.Cond)
			if err != nil {
				return ""
			}
			truth = v != 0
		default:
			return ""
		}
		if truth {
			return "the test is true"
		}
		return "the test is false"
	case ir.OpAtomic:
		if st.After == nil {
			return "atomic: the block runs as one step"
		}
		if m.Terminated(st.After, tr.Process) {
			return "atomic: the block runs as one step, to the end of the process"
		}
		next := m.PC(st.After, tr.Process)
		if next >= 0 && next < len(code) && code[next].Pos.IsValid() {
			return "atomic: the block runs as one step, on to line " + strconv.Itoa(code[next].Pos.Line)
		}
		return "atomic: the block runs as one step"
	}
	return ""
}

// joinNotes joins two notes with "; ", either of them possibly empty.
func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
