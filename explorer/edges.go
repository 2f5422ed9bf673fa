package explorer

// EdgeWalker lists the transitions out of stored states, like Space.Edges,
// reusing one Stepper for every state. It is not safe for concurrent use; the
// Space may be read by several EdgeWalkers at once while nothing is inserted
// into its Store.
type EdgeWalker struct {
	sp *Space
	r  *Stepper
	// fn is the callback of the Edges call in progress; emit, bound once,
	// hands it each transition, so that a call allocates nothing.
	fn   func(t *Transition, to StateID, ok bool)
	emit func(t *Transition, next []byte)
	// state holds the state whose edges are listed.
	state []byte
}

// NewEdgeWalker returns an EdgeWalker over sp.
func (sp *Space) NewEdgeWalker() *EdgeWalker {
	w := &EdgeWalker{sp: sp, r: sp.Machine.NewStepper()}
	w.emit = w.transition
	return w
}

// Edges calls fn for every transition out of stored state id, in successor
// order, with the id of the state it leads to; ok is false for a fault and for
// a successor that is not stored. Pruned states have no edges. t is valid only
// during the call. It returns the number of transitions (0 when pruned).
func (w *EdgeWalker) Edges(id StateID, fn func(t *Transition, to StateID, ok bool)) int {
	if w.sp.Pruned(id) {
		return 0
	}
	w.fn = fn
	w.state = w.sp.Store.Load(id, w.state)
	n := w.r.Successors(w.state, w.emit)
	w.fn = nil
	return n
}

func (w *EdgeWalker) transition(t *Transition, next []byte) {
	if next == nil {
		w.fn(t, 0, false)
		return
	}
	to, ok := w.sp.Store.Lookup(next)
	w.fn(t, to, ok)
}

// EdgeStep rebuilds the k-th edge out of stored state id, counting from 0 in
// successor order only the transitions that lead to a stored state (faults
// and successors that are not stored are skipped), given the stored states
// those lead to, in order (the edges of a graph of the states): it tells a
// successor that is stored from one that is not by comparing it with the
// next of targets instead of looking it up, so it needs no hash table, and
// does not build again one that ReleaseTable gave back. It returns false
// when the successors do not fit targets or have no k-th edge.
func (sp *Space) EdgeStep(id StateID, targets []StateID, k int) (Step, bool) {
	if sp.Pruned(id) || k < 0 || k >= len(targets) {
		return Step{}, false
	}
	s := sp.Store
	before := s.Get(id)
	var step Step
	n, found := 0, false
	var buf [maxStackKey]byte
	sp.Machine.NewStepper().Successors(before, func(t *Transition, next []byte) {
		if found || next == nil || n == len(targets) {
			return
		}
		if !sameKey(s.key(targets[n]), s.keyOf(next, &buf)) {
			return // not stored
		}
		if n == k {
			found = true
			step = Step{Transition: t.Clone(), Before: before, After: s.Get(targets[n])}
		}
		n++
	})
	return step, found
}
