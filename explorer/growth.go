package explorer

// Quantities and levels, to tell after a search that hit a limit which
// numbers of the model kept growing (an unbounded counter, a semaphore piling
// up permits, a channel filling without end).

// QuantityNames names the numeric locations of a state, in the order
// Quantities reads them: every variable element, then every semaphore
// element, then every buffered channel element's length.
func (m *Machine) QuantityNames() []string {
	var names []string
	for i := range m.lay.vars {
		sl := &m.lay.vars[i]
		for e := range sl.n {
			names = append(names, elemName(m.varName(sl.v), sl.v.Dims, e))
		}
	}
	for e := range m.lay.semOff {
		names = append(names, m.semName(e))
	}
	for k := range m.lay.chanElems {
		if m.lay.chanElems[k].c.Cap > 0 {
			names = append(names, "len("+m.chanName(k)+")")
		}
	}
	return names
}

// Quantities appends to dst the values of state s's numeric locations, in
// the order of QuantityNames.
func (m *Machine) Quantities(s []byte, dst []int32) []int32 {
	for i := range m.lay.vars {
		sl := &m.lay.vars[i]
		for e := range sl.n {
			dst = append(dst, m.lay.load(s, sl, e))
		}
	}
	for e := range m.lay.semOff {
		dst = append(dst, int32(m.lay.semValue(s, e)))
	}
	for k := range m.lay.chanElems {
		if m.lay.chanElems[k].c.Cap > 0 {
			dst = append(dst, int32(m.lay.chanLen(s, k)))
		}
	}
	return dst
}

// Level returns the ids of the states stored at BFS depth d, [from, to);
// an empty range past the deepest level.
func (sp *Space) Level(d int) (from, to StateID) {
	if d < 0 || d >= len(sp.depthStart) {
		return 0, 0
	}
	from, to = sp.depthStart[d], StateID(sp.Store.Len())
	if d+1 < len(sp.depthStart) {
		to = sp.depthStart[d+1]
	}
	return from, to
}
