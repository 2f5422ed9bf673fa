package explorer

import "fmt"

// Path returns, for state id of an approximate search, the index of each
// transition from the initial state to it, in order.
func (sp *ApproxSpace) Path(id StateID) []int {
	var path []int
	for id != NoParent {
		parent, index := sp.links.get(id)
		if parent == NoParent {
			break
		}
		path = append(path, index)
		id = parent
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// Trace rebuilds the run from the initial state to state id by replaying
// the transitions of its path; it returns the steps and the last state. The
// run is a real one whatever the hashes: each step is re-executed.
func (sp *ApproxSpace) Trace(id StateID) ([]Step, []byte, error) {
	return Replay(sp.Machine, sp.Path(id))
}

// TraceToFault rebuilds the run from the initial state to the fault that is
// transition index of state from; the last step is the fault, and the state
// returned the one it starts from.
func (sp *ApproxSpace) TraceToFault(from StateID, index int) ([]Step, []byte, error) {
	return Replay(sp.Machine, append(sp.Path(from), index))
}

// Replay runs m from its initial state along the transitions of the given
// indexes (Transition.Index), and returns the steps and the last state: for a
// run ending in a fault, the state the fault starts from. Only the last
// transition may be a fault.
func Replay(m *Machine, indexes []int) ([]Step, []byte, error) {
	r := m.NewStepper()
	cur := m.Initial()
	steps := make([]Step, 0, len(indexes))
	for k, index := range indexes {
		var step *Step
		r.Successors(cur, func(t *Transition, next []byte) {
			if t.Index != index || step != nil {
				return
			}
			step = &Step{Transition: t.Clone(), Before: cur}
			if next != nil {
				step.After = append([]byte(nil), next...)
			}
		})
		if step == nil {
			return nil, nil, fmt.Errorf("explorer: step %d of the run has no transition %d", k+1, index)
		}
		steps = append(steps, *step)
		if step.After == nil {
			if k != len(indexes)-1 {
				return nil, nil, fmt.Errorf("explorer: step %d of the run is a fault before its end", k+1)
			}
			break
		}
		cur = step.After
	}
	return steps, cur, nil
}
