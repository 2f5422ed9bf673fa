package web

import (
	"errors"
	"strings"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/reports"
)

// Verdict is a safety check evaluated on the current state alone.
type Verdict struct {
	Name string `json:"name"`
	// Violated is set when the current state breaks the check; Message then
	// says how in words: "mutex violated: P[0] and P[1] are both in critical".
	Violated bool   `json:"violated"`
	Message  string `json:"message"`
}

// verdicts evaluates the model's state checks (mutex, deadlock and
// invariants) on s; stuck says no process can move in s. Checks about whole
// runs (progress, starvation, bounded waiting, leads-to) and faults, which
// the moves show, are left out.
func verdicts(m *explorer.Machine, s []byte, stuck bool) []Verdict {
	out := []Verdict{}
	for _, c := range m.Program().Checks {
		v := Verdict{Name: c.Name}
		switch c.Kind {
		case ir.CheckMutex:
			if crit := m.Critical(s, nil); len(crit) >= 2 {
				names := make([]string, len(crit))
				for i, p := range crit {
					names[i] = m.Program().Processes[p].Display
				}
				all := "both"
				if len(names) > 2 {
					all = "all"
				}
				v.Violated = true
				v.Message = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are " + all + " in critical"
			}
		case ir.CheckDeadlock:
			if stuck && !reports.AllEnded(m, s) {
				v.Violated, v.Message = true, "no process can move and not every process has terminated"
			}
		case ir.CheckInvariant:
			if c.Expr == nil {
				continue
			}
			val, err := m.Eval(s, c.Expr)
			var fe *explorer.Fault
			switch {
			case errors.As(err, &fe):
				v.Violated, v.Message = true, "the invariant cannot be evaluated: "+fe.Msg
			case err != nil:
				v.Violated, v.Message = true, err.Error()
			case val == 0:
				v.Violated, v.Message = true, c.Text+" is false"
			}
		default:
			continue
		}
		if v.Violated {
			v.Message = v.Name + " violated: " + v.Message
		} else {
			v.Message = v.Name + " holds here"
		}
		out = append(out, v)
	}
	return out
}
