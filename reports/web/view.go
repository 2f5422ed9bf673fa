package web

import (
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/reports"
)

// View is what the page shows of the current state, as JSON.
type View struct {
	Model  string `json:"model"`
	Source string `json:"source"`
	// At is the current state's index in the run; Length the number of
	// states in the run (At < Length).
	At     int `json:"at"`
	Length int `json:"length"`
	// History names the steps of the whole run, in order; step i leads
	// from state i to state i+1.
	History   []string  `json:"history"`
	Processes []Process `json:"processes"`
	Values    []Value   `json:"values"`
	Status    string    `json:"status"`
	// Checks are the model's state checks evaluated on the current state.
	Checks []Verdict `json:"checks"`
	// Replayed names the check whose counterexample the run is, "" for a
	// run made by hand; Loop is the state a lasso's cycle starts at
	// (the run's last state steps back to it), or -1.
	Replayed string `json:"replayed"`
	Loop     int    `json:"loop"`
}

// Process is one process in the current state.
type Process struct {
	Name string `json:"name"`
	// Line is the line of its next statement (0 when terminated), Statement
	// the statement's text.
	Line      int    `json:"line"`
	Statement string `json:"statement"`
	// Reason says in words why it cannot move ("waits in down(s)",
	// "has terminated"); "" when it can.
	Reason string `json:"reason"`
	Moves  []Move `json:"moves"`
}

// Move is one transition the process can take.
type Move struct {
	Index int    `json:"index"`
	Label string `json:"label"`
	Fault string `json:"fault,omitempty"`
}

// Value is a location and its value; Changed marks the ones the step into
// the current state changed.
type Value struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Changed bool   `json:"changed"`
}

// View describes the current state.
func (ss *Session) View() View {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	m, s := ss.m, ss.run[ss.at]
	prog := m.Program()
	v := View{Model: prog.Name, Source: ss.source, At: ss.at, Length: len(ss.run),
		History: make([]string, len(ss.steps)), Processes: []Process{}, Values: []Value{},
		Replayed: ss.replayed, Loop: ss.loop}
	for i := range ss.steps {
		v.History[i] = ss.label(&ss.steps[i])
	}
	changed := map[string]bool{}
	if ss.at > 0 {
		for _, c := range m.Changes(ss.run[ss.at-1], s) {
			changed[c.Name] = true
		}
	}
	for _, c := range m.Values(s) {
		v.Values = append(v.Values, Value{Name: c.Name, Value: c.Value.Text, Changed: changed[c.Name]})
	}
	ms := ss.moves(s)
	for p, st := range m.Describe(s) {
		pr := Process{Name: prog.Processes[p].Display, Statement: st.Statement, Moves: []Move{}}
		if !st.Terminated {
			pr.Line = st.Pos.Line
		}
		for _, mv := range ms {
			if mv.t.Process != p {
				continue
			}
			mo := Move{Index: mv.t.Index, Label: ss.label(&mv.t)}
			if mv.t.Fault != nil {
				mo.Fault = mv.t.Fault.Msg
			}
			pr.Moves = append(pr.Moves, mo)
		}
		if len(pr.Moves) == 0 {
			switch {
			case st.Terminated:
				pr.Reason = "has terminated"
			case st.Waits != "":
				pr.Reason = st.Waits
			default:
				pr.Reason = "cannot move: " + st.Statement + " is not enabled"
			}
		}
		v.Processes = append(v.Processes, pr)
	}
	v.Checks = verdicts(m, s, len(ms) == 0)
	switch {
	case len(ms) > 0:
		v.Status = "running"
	case reports.AllEnded(m, s):
		v.Status = "every process has terminated"
	default:
		v.Status = "deadlock: no process can move"
	}
	return v
}

// label names a transition: its process, its statement and what it did
// beyond its changes.
func (ss *Session) label(t *explorer.Transition) string {
	prog := ss.m.Program()
	in := prog.Processes[t.Process].Code[t.PC]
	l := prog.Processes[t.Process].Display + ": " + in.Text
	if n := ss.m.Note(t); n != "" {
		l += " (" + n + ")"
	}
	return l
}
