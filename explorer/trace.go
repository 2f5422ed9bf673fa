package explorer

import (
	"bytes"
	"fmt"
)

// Step is one transition of a rebuilt trace, with the states around it.
type Step struct {
	Transition Transition
	// Before and After are the states before and after the step; After is nil
	// for a fault.
	Before, After []byte
}

// Path returns the ids from the initial state to id, in order.
func (sp *Space) Path(id StateID) []StateID {
	var path []StateID
	for ; id != NoParent; id = sp.Store.Parent(id) {
		path = append(path, id)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// Trace rebuilds the steps from the initial state to state id: for each state
// on the path, its parent's successors are run again and the first transition
// that reaches it is the step.
func (sp *Space) Trace(id StateID) ([]Step, error) {
	path := sp.Path(id)
	if len(path) > 0 && path[0] != 0 {
		return nil, fmt.Errorf("explorer: state %d is reached from state %d, which has no parent", id, path[0])
	}
	r := sp.Machine.NewStepper()
	var steps []Step
	for i := 1; i < len(path); i++ {
		before, after := sp.Store.Get(path[i-1]), sp.Store.Get(path[i])
		found := false
		r.Successors(before, func(t *Transition, next []byte) {
			if !found && next != nil && bytes.Equal(next, after) {
				found = true
				steps = append(steps, Step{Transition: t.Clone(), Before: before, After: after})
			}
		})
		if !found {
			return nil, fmt.Errorf("explorer: state %d is not a successor of its parent %d", path[i], path[i-1])
		}
	}
	return steps, nil
}

// TraceToFault rebuilds the steps from the initial state to the fault that is
// transition index of state from; the last step is the fault.
func (sp *Space) TraceToFault(from StateID, index int) ([]Step, error) {
	steps, err := sp.Trace(from)
	if err != nil {
		return nil, err
	}
	before := sp.Store.Get(from)
	found := false
	sp.Machine.NewStepper().Successors(before, func(t *Transition, next []byte) {
		if t.Index == index && t.Fault != nil {
			found = true
			steps = append(steps, Step{Transition: t.Clone(), Before: before})
		}
	})
	if !found {
		return nil, fmt.Errorf("explorer: state %d has no fault at transition %d", from, index)
	}
	return steps, nil
}

// Edges calls fn for every transition out of stored state id, in successor
// order, with the id of the state it leads to; ok is false for a fault and for
// a successor that is not stored (a limit ended the search before it).
// Pruned states have no edges. Each call of Edges runs the successors again.
func (sp *Space) Edges(id StateID, fn func(t *Transition, to StateID, ok bool)) {
	if sp.Pruned(id) {
		return
	}
	sp.Machine.NewStepper().Successors(sp.Store.Get(id), func(t *Transition, next []byte) {
		if next == nil {
			fn(t, 0, false)
			return
		}
		to, ok := sp.Store.Lookup(next)
		fn(t, to, ok)
	})
}
