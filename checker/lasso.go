package checker

import (
	"fmt"
	"strings"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// steps rebuilds the engine's steps of a witness's steps, stutters left out:
// each edge is the transition of the same rank among its node's transitions
// to stored states, which lead to its node's targets in order: the store's
// table, given back for the decision, is not needed.
func (sg *stateGraph) steps(ws []liveness.Step) ([]explorer.Step, error) {
	var out []explorer.Step
	for _, w := range ws {
		if w.Edge == liveness.Stutter {
			continue
		}
		lo, hi := sg.g.Out(w.From)
		targets := make([]explorer.StateID, hi-lo)
		for e := lo; e < hi; e++ {
			targets[e-lo] = explorer.StateID(sg.g.Target(e))
		}
		st, ok := sg.sp.EdgeStep(explorer.StateID(w.From), targets, w.Edge-lo)
		if !ok {
			return nil, fmt.Errorf("checker: node %d has no edge %d among its transitions", w.From, w.Edge)
		}
		out = append(out, st)
	}
	return out, nil
}

// lassoTrace turns a lasso into a trace: the prefix, then the cycle, with
// LoopStart at the cycle's first step (len(Steps)+1 when the cycle is the run
// staying in its last state). Final describes the state where the cycle
// starts.
func (sg *stateGraph) lassoTrace(l *liveness.Lasso) (*Trace, error) {
	steps, err := sg.steps(append(append([]liveness.Step(nil), l.Prefix...), l.Cycle...))
	if err != nil {
		return nil, err
	}
	m := sg.sp.Machine
	prefix := 0
	for _, w := range l.Prefix {
		if w.Edge != liveness.Stutter {
			prefix++
		}
	}
	return &Trace{
		Steps:     traceSteps(m, steps),
		LoopStart: prefix + 1,
		Waiter:    -1,
		Final:     finalOf(m, sg.sp.Store.Get(explorer.StateID(l.CycleStart()))),
	}, nil
}

// intervalTrace turns a waiting interval into a finite trace; Final describes
// its last state.
func (sg *stateGraph) intervalTrace(in *liveness.Interval) (*Trace, error) {
	all := append(append([]liveness.Step(nil), in.Prefix...), in.Inside...)
	steps, err := sg.steps(all)
	if err != nil {
		return nil, err
	}
	last := in.Start
	if len(all) > 0 {
		last = all[len(all)-1].To
	}
	m := sg.sp.Machine
	return &Trace{Steps: traceSteps(m, steps), Final: finalOf(m, sg.sp.Store.Get(explorer.StateID(last)))}, nil
}

// stutters tells whether the lasso's cycle is the run staying in one state.
func stutters(l *liveness.Lasso) bool {
	for _, w := range l.Cycle {
		if w.Edge != liveness.Stutter {
			return false
		}
	}
	return true
}

// others says in words what every process but skip does on the lasso's cycle:
// enters critical again and again, moves without entering, or (not moving)
// has terminated, stays in noncritical, is blocked, cannot pass its next
// statement or simply does not move.
func (sg *stateGraph) others(l *liveness.Lasso, skip int) []string {
	m := sg.sp.Machine
	prog := m.Program()
	c := l.CycleStart()
	s := sg.sp.Store.Get(explorer.StateID(c))
	var out []string
	for p, proc := range prog.Processes {
		if p == skip {
			continue
		}
		name := proc.Display
		enters, moves, enabled := false, false, false
		for _, w := range l.Cycle {
			enabled = enabled || sg.g.FairlyEnabled(w.From, p)
			if w.Edge == liveness.Stutter {
				continue
			}
			moves = moves || sg.g.Moves(w.Edge, p)
			enters = enters || (!sg.ph.crit[p].Has(w.From) && sg.ph.crit[p].Has(w.To))
		}
		ps := m.Process(s, p)
		switch {
		case enters:
			out = append(out, name+" enters its critical section again and again")
		case moves:
			out = append(out, name+" moves on but never enters critical")
		case ps.Terminated:
			out = append(out, name+" has terminated")
		case ir.MayStay(prog.Processes[p].Code, ps.PC):
			out = append(out, name+" stays in noncritical")
		case ps.Blocked:
			out = append(out, name+" "+ps.Waits)
		case !enabled:
			out = append(out, name+" cannot pass "+strings.TrimSpace(ps.Statement))
		default:
			out = append(out, name+" does not move")
		}
	}
	return out
}

// sayList joins phrases as "a", "a and b", "a, b and c".
func sayList(parts []string) string {
	switch n := len(parts); n {
	case 0:
		return ""
	case 1:
		return parts[0]
	default:
		return strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
}

// forever ends a message about a lasso whose cycle is one state.
func forever(msg string, l *liveness.Lasso, fairness liveness.Fairness) string {
	if !stutters(l) {
		return msg
	}
	if fairness == liveness.None {
		return msg + "; with no fairness assumed, the run may stop: it stays here forever"
	}
	return msg + "; the run stays here forever"
}

// waitsAt is "P[0] waits at line 9": where process p is when the lasso's
// cycle starts. A process that is back at a noncritical statement there gave
// up without entering: "P[0] is back in noncritical at line 9 without having
// entered critical".
func (sg *stateGraph) waitsAt(l *liveness.Lasso, p int) string {
	m := sg.sp.Machine
	ps := m.Process(sg.sp.Store.Get(explorer.StateID(l.CycleStart())), p)
	name := m.Program().Processes[p].Display
	if !ps.Terminated && ir.MayStay(m.Program().Processes[p].Code, ps.PC) {
		return fmt.Sprintf("%s is back in noncritical at line %d without having entered critical", name, ps.Pos.Line)
	}
	return fmt.Sprintf("%s waits at line %d", name, ps.Pos.Line)
}
