package explorer

// Reductions hook into a search at two places: the successors of a state
// come from an expander (all of them, or an ample set under a POR), and each
// successor state passes through reduced before the store sees it.

// expander computes the successors of state s, whose depth's states are the
// stored ones before hi, emitting each; it returns how many it emitted.
type expander func(s []byte, hi StateID, emit func(t *Transition, next []byte)) int

// newExpander returns the expander of one goroutine of a search of m into
// st with opts.
func newExpander(m *Machine, opts Options, st *Store) expander {
	if opts.POR == nil {
		r := m.NewStepper()
		return func(s []byte, _ StateID, emit func(t *Transition, next []byte)) int {
			return r.Successors(s, emit)
		}
	}
	return newPORStepper(opts.POR, m, st).successors
}

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
