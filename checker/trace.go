package checker

import (
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/source"
)

// buildTrace rebuilds the counterexample of a finding from the explored space.
// Final describes the last state: the violating state, or for a fault the state
// the faulting step started from.
func buildTrace(sp *explorer.Space, f *finding) (*Trace, error) {
	var steps []explorer.Step
	var err error
	if f.fault {
		steps, err = sp.TraceToFault(f.state, f.index)
	} else {
		steps, err = sp.Trace(f.state)
	}
	if err != nil {
		return nil, err
	}
	return TraceOf(sp.Machine, steps, sp.Store.Get(f.state)), nil
}

// TraceOf turns a run of the engine — its steps, and the state whose
// processes Final describes — into a trace for the reports.
func TraceOf(m *explorer.Machine, steps []explorer.Step, last []byte) *Trace {
	first := last
	if len(steps) > 0 {
		first = steps[0].Before
	}
	return &Trace{Steps: traceSteps(m, steps), Final: finalOf(m, last), Initial: m.Values(first)}
}

// traceSteps turns the engine's steps into a trace's, numbered from 1.
func traceSteps(m *explorer.Machine, steps []explorer.Step) []Step {
	code := m.Program().Processes
	out := make([]Step, 0, len(steps))
	for i := range steps {
		st := &steps[i]
		tr := &st.Transition
		in := code[tr.Process].Code[tr.PC]
		step := Step{
			Number:      i + 1,
			Process:     tr.Process,
			Partner:     tr.Partner,
			Pos:         in.Pos,
			Statement:   in.Text,
			Note:        joinNotes(controlNote(m, st), m.Note(tr)),
			PartnerNote: m.PartnerNote(tr),
		}
		if tr.Flush {
			// A step of the memory system: it executes no statement.
			step.Pos, step.Statement, step.Note, step.Flush = source.Pos{}, step.Note, "", true
		}
		if st.After != nil {
			for _, c := range m.Changes(st.Before, st.After) {
				step.Changes = append(step.Changes, c)
			}
			for p, ps := range m.Describe(st.After) {
				if ps.Blocked {
					step.Blocked = append(step.Blocked, p)
				}
			}
			step.Critical = m.Critical(st.After, nil)
		}
		out = append(out, step)
	}
	return out
}

// finalOf describes every process in state s.
func finalOf(m *explorer.Machine, s []byte) []ProcessState {
	var out []ProcessState
	for _, ps := range m.Describe(s) {
		out = append(out, ProcessState{
			Process:    ps.Process,
			Pos:        ps.Pos,
			Statement:  ps.Statement,
			Terminated: ps.Terminated,
			Blocked:    ps.Blocked,
			Waits:      ps.Waits,
		})
	}
	return out
}
