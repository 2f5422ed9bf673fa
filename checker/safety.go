package checker

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// finding is the first violation of one check: a state, or a faulting
// transition out of a state.
type finding struct {
	msg   string
	state explorer.StateID
	// fault is set when the violation is transition index of state.
	fault bool
	index int
}

// safety is the explorer.Visitor that decides the safety checks on the fly.
// found[i] is the first violation of checks[i]; the search order makes it the
// shortest and, among the shortest, the first in successor order.
type safety struct {
	m      *explorer.Machine
	checks []*ir.Check
	found  []*finding
	// open counts the selected safety checks not violated yet; the search
	// stops when it reaches 0, unless full is set (a liveness check needs the
	// whole state space).
	open int
	full bool
	// total is the number of selected safety checks; stopAtFirst stops the
	// search once open falls below it, and onFound is told of each finding.
	total       int
	stopAtFirst bool
	onFound     func(check, message string)
	crit        []int
}

func newSafety(m *explorer.Machine, checks []*ir.Check) *safety {
	v := &safety{m: m, checks: checks, found: make([]*finding, len(checks))}
	for _, c := range checks {
		if !isLiveness(c.Kind) {
			v.open++
		}
	}
	v.total = v.open
	return v
}

// record gives every not yet violated check of kind k (or only check i, when
// i >= 0) the finding f.
func (v *safety) record(k ir.CheckKind, i int, f finding) {
	for j, c := range v.checks {
		if c.Kind != k || v.found[j] != nil || (i >= 0 && j != i) {
			continue
		}
		v.found[j] = &f
		v.open--
		if v.onFound != nil {
			v.onFound(c.Name, f.msg)
		}
	}
}

func (v *safety) control(c explorer.Control) explorer.Control {
	if v.open == 0 && !v.full || v.stopAtFirst && v.open < v.total {
		return explorer.Stop
	}
	return c
}

// State checks mutual exclusion and the invariants in a new state; a state
// where a selected invariant is false is pruned.
func (v *safety) State(id explorer.StateID, s []byte, depth int) explorer.Control {
	c := explorer.Continue
	for i, chk := range v.checks {
		switch chk.Kind {
		case ir.CheckMutex:
			if v.found[i] != nil {
				continue
			}
			v.crit = v.m.Critical(s, v.crit[:0])
			if len(v.crit) >= 2 {
				v.record(ir.CheckMutex, -1, finding{msg: v.bothInCritical(v.crit) + stillBuffered(v.m, s), state: id})
			}
		case ir.CheckInvariant:
			if chk.Expr == nil {
				continue
			}
			val, err := v.m.Eval(s, chk.Expr)
			if err == nil && val != 0 {
				continue
			}
			c = explorer.Prune
			if v.found[i] != nil {
				continue
			}
			what := "the invariant"
			if chk.Text != "" {
				what = "invariant " + chk.Text
			}
			msg := fmt.Sprintf("%s is false after %d steps", what, depth)
			if depth == 1 {
				msg = what + " is false after 1 step"
			}
			var fe *explorer.Fault
			if errors.As(err, &fe) {
				msg = "the invariant cannot be evaluated: " + fe.Msg
			}
			v.record(ir.CheckInvariant, i, finding{msg: msg + stillBuffered(v.m, s), state: id})
		}
	}
	return v.control(c)
}

// onlyInCritical reports whether State finds nothing, and returns Continue,
// in a state where fewer than two processes are in critical: when no
// invariant is checked (explorer.Options.VisitCritical). It must follow
// State.
func (v *safety) onlyInCritical() bool {
	return !slices.ContainsFunc(v.checks, func(c *ir.Check) bool { return c.Kind == ir.CheckInvariant })
}

// bothInCritical says which processes are in critical together.
func (v *safety) bothInCritical(procs []int) string {
	names := make([]string, len(procs))
	for i, p := range procs {
		names[i] = v.m.Program().Processes[p].Display
	}
	if len(names) == 2 {
		return names[0] + " and " + names[1] + " are both in critical"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are all in critical"
}

// Fault records an assertion failure or a run-time error.
func (v *safety) Fault(from explorer.StateID, t *explorer.Transition) explorer.Control {
	k := ir.CheckRuntime
	if t.Fault.Kind == explorer.FaultAssert {
		k = ir.CheckAssert
	}
	msg := v.m.Program().Processes[t.Process].Display + ": " + t.Fault.Msg
	v.record(k, -1, finding{msg: msg, state: from, fault: true, index: t.Index})
	return v.control(explorer.Continue)
}

// Deadend records a deadlock: a state without any step while some non-daemon
// process has not terminated.
func (v *safety) Deadend(id explorer.StateID, s []byte) explorer.Control {
	var stuck []string
	for p, proc := range v.m.Program().Processes {
		if proc.Daemon || v.m.Terminated(s, p) {
			continue
		}
		ps := v.m.Process(s, p)
		if ps.Blocked {
			stuck = append(stuck, proc.Display+" "+ps.Waits)
		} else {
			stuck = append(stuck, proc.Display+" cannot pass "+ps.Statement)
		}
	}
	if len(stuck) == 0 {
		return explorer.Continue
	}
	msg := "no process can move: " + stuck[0]
	if n := len(stuck); n > 1 {
		msg = "no process can move: " + strings.Join(stuck[:n-1], ", ") + " and " + stuck[n-1]
	}
	v.record(ir.CheckDeadlock, -1, finding{msg: msg, state: id})
	return v.control(explorer.Continue)
}
