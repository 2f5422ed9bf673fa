package reports

import (
	"strconv"

	"github.com/interleave/interleave/explorer"
)

// EveryState is the visitor of a search that explores every state and
// prunes nothing, as a state graph needs.
type EveryState struct{}

// State continues past every state.
func (EveryState) State(explorer.StateID, []byte, int) explorer.Control { return explorer.Continue }

// Fault continues past every fault.
func (EveryState) Fault(explorer.StateID, *explorer.Transition) explorer.Control {
	return explorer.Continue
}

// Deadend continues past every state without successors.
func (EveryState) Deadend(explorer.StateID, []byte) explorer.Control { return explorer.Continue }

// NewStateGraph turns a complete search's space into a graph: node i is
// state i, and each faulting transition leads to a node of its own after
// them. The initial state is described in full, every other state by what
// differs from the state it was first reached from.
func NewStateGraph(m *explorer.Machine, sp *explorer.Space) *StateGraph {
	n := sp.Store.Len()
	g := &StateGraph{Nodes: make([]GraphNode, n)}
	code := m.Program().Processes
	for id := range n {
		s := sp.Store.Get(explorer.StateID(id))
		if id == 0 {
			g.Nodes[0].Lines = fullState(m, s)
		} else {
			g.Nodes[id].Lines = diffState(m, sp.Store.Get(sp.Store.Parent(explorer.StateID(id))), s)
		}
		moves := 0
		sp.Edges(explorer.StateID(id), func(t *explorer.Transition, to explorer.StateID, ok bool) {
			moves++
			label := m.Program().Processes[t.Process].Display + ": " + code[t.Process].Code[t.PC].Text
			if t.Flush {
				label = m.Note(t) // "P[0]'s store x=1 reaches memory"
			}
			if t.Fault != nil {
				g.Nodes = append(g.Nodes, GraphNode{Lines: []string{t.Fault.Msg}, Fault: true})
				g.Edges = append(g.Edges, GraphEdge{From: id, To: len(g.Nodes) - 1, Label: label})
				return
			}
			if ok {
				g.Edges = append(g.Edges, GraphEdge{From: id, To: int(to), Label: label})
			}
		})
		if moves == 0 && !AllEnded(m, s) {
			g.Nodes[id].Deadlock = true
			g.Nodes[id].Lines = append(g.Nodes[id].Lines, "deadlock")
		}
	}
	return g
}

// AllEnded reports whether every process of m but the daemons has
// terminated in s.
func AllEnded(m *explorer.Machine, s []byte) bool {
	for p, proc := range m.Program().Processes {
		if !proc.Daemon && !m.Terminated(s, p) {
			return false
		}
	}
	return true
}

// fullState describes a state in full: every variable, semaphore and mutex
// owner, then where each process is. A state's bitwise complement differs
// from it in every location, so Changes against it lists them all.
func fullState(m *explorer.Machine, s []byte) []string {
	other := make([]byte, len(s))
	for i, b := range s {
		other[i] = ^b
	}
	var lines []string
	for _, c := range m.Changes(other, s) {
		lines = append(lines, c.Name+"="+c.Value.Text)
	}
	for _, ps := range m.Describe(s) {
		lines = append(lines, procLine(m, ps))
	}
	return lines
}

// diffState describes what differs from a to b: the locations that changed,
// and the processes that moved or changed state.
func diffState(m *explorer.Machine, a, b []byte) []string {
	var lines []string
	for _, c := range m.Changes(a, b) {
		lines = append(lines, c.Name+"="+c.Value.Text)
	}
	pa, pb := m.Describe(a), m.Describe(b)
	for p := range pb {
		if pa[p] != pb[p] {
			lines = append(lines, procLine(m, pb[p]))
		}
	}
	return lines
}

// procLine says where a process is: "P[0] at 9", "P[1] blocked at 6",
// "P[0] ended".
func procLine(m *explorer.Machine, ps explorer.ProcState) string {
	name := m.Program().Processes[ps.Process].Display
	switch {
	case ps.Terminated:
		return name + " ended"
	case ps.Blocked:
		return name + " " + ps.Waits + " (line " + strconv.Itoa(ps.Pos.Line) + ")"
	}
	return name + " at line " + strconv.Itoa(ps.Pos.Line)
}
