package explorer

// Reductions hook into a search at one place: every successor state passes
// through reduced before the store sees it.

// reduced wraps emit so that each successor state is replaced by its
// canonical representative under canon; emit itself when canon is nil.
func reduced(emit func(t *Transition, next []byte), canon *Canon) func(t *Transition, next []byte) {
	if canon == nil {
		return emit
	}
	return func(t *Transition, next []byte) {
		if t.Fault == nil {
			next = canon.Apply(next)
		}
		emit(t, next)
	}
}

// canon is worker w's Canon, or nil without symmetry reduction.
func (p *parallel) canon(w int) *Canon {
	if len(p.canons) == 0 {
		return nil
	}
	return p.canons[w]
}
