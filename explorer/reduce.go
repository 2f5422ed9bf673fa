package explorer

import "sync/atomic"

// Reductions hook into a search at two places: the successors of a state
// come from an expander (all of them, or an ample set under a POR), and each
// successor state passes through reduced before the store sees it.

// expander computes the successors of state s, stored as id, emitting each;
// it returns how many it emitted.
type expander func(s []byte, id StateID, emit func(t *Transition, next []byte)) int

// reducer holds what the goroutines of one search share for its
// reductions: under a POR, which of the states stored before the current
// level were fully expanded, one bit each.
type reducer struct {
	m    *Machine
	opts Options
	// full has bit id set when state id was fully expanded; only the bits
	// of the states before lo, the current level's first, are read.
	full []uint64
	lo   StateID
}

func newReducer(m *Machine, opts Options) *reducer {
	return &reducer{m: m, opts: opts}
}

// level starts the level of the states [lo, hi); no goroutine is
// expanding states then.
func (r *reducer) level(lo, hi StateID) {
	r.lo = lo
	if r.opts.POR != nil {
		for len(r.full) < int(hi+63)/64 {
			r.full = append(r.full, 0)
		}
	}
}

// expander returns the expander of one goroutine of the search, which reads
// the store through v.
func (r *reducer) expander(v *view) expander {
	if r.opts.POR == nil {
		st := r.m.NewStepper()
		return func(s []byte, _ StateID, emit func(t *Transition, next []byte)) int {
			return st.Successors(s, emit)
		}
	}
	return newPORStepper(r, v).successors
}

// fullyExpanded records that state id was fully expanded; it may be called
// from several goroutines at once.
func (r *reducer) fullyExpanded(id StateID) {
	atomic.OrUint64(&r.full[id>>6], 1<<(id&63))
}

// wasFull reports whether state id, of a level before the current one, was
// fully expanded.
func (r *reducer) wasFull(id StateID) bool {
	return id < r.lo && atomic.LoadUint64(&r.full[id>>6])&(1<<(id&63)) != 0
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
