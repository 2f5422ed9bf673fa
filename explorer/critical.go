package explorer

import "slices"

// twoInCritical tells, from the key of a state as the store keeps it,
// whether two or more processes are in the critical region there: a search
// with Options.VisitCritical shows the Visitor only those states, and so
// spares unpacking the others.
type twoInCritical struct {
	// fields holds where the program counter of each process with a
	// critical section is in a packed key; lay reads them from a key
	// that is the state itself (no codec).
	fields []pcField
	lay    *layout
	// in[p][pc] tells whether process p is in the critical region at pc,
	// when lay is set.
	in [][]bool
	// firstWord tells that every field is in the key's first word and
	// holds counters below 64.
	firstWord bool
}

// pcField is a process's program counter in a packed key: the bits mask
// from bit shift of the key's word word; bit pc of in tells whether the
// process is in the critical region at pc.
type pcField struct {
	word  int
	shift uint8
	mask  uint64
	in    []uint64
}

// newTwoInCritical returns the test for m's keys, or nil when a program
// counter is not one field of a key (a counter of two bytes, or one that
// spans two words): then the Visitor sees every state.
func newTwoInCritical(m *Machine) *twoInCritical {
	lay, c := m.lay, m.codec
	t := &twoInCritical{}
	if m.critical < 0 {
		return t // no process is ever in critical
	}
	if c == nil {
		t.lay, t.in = lay, m.inRegion[m.critical]
		return t
	}
	if lay.pcWidth != 1 {
		return nil
	}
	for p, inCrit := range m.inRegion[m.critical] {
		if !slices.Contains(inCrit, true) {
			continue
		}
		f, ok := c.byteField(lay.procBytes * p)
		if !ok {
			return nil
		}
		f.in = make([]uint64, f.mask/64+1)
		for pc, in := range inCrit {
			if in && uint64(pc) <= f.mask {
				f.in[pc/64] |= 1 << (pc % 64)
			}
		}
		t.fields = append(t.fields, f)
	}
	t.firstWord = !slices.ContainsFunc(t.fields, func(f pcField) bool { return f.word > 0 || f.mask >= 64 })
	return t
}

// of reports whether two or more processes are in critical in the state of
// key.
func (t *twoInCritical) of(key []byte) bool {
	n := 0
	if t.lay != nil {
		for p, in := range t.in {
			if in[t.lay.pc(key, p)] {
				n++
			}
		}
		return n >= 2
	}
	first := shortWord(key[:min(8, len(key))])
	if t.firstWord {
		// Every counter in the key's first word, below 64.
		for i := range t.fields {
			f := &t.fields[i]
			n += int(f.in[0] >> (first >> (f.shift & 63) & f.mask) & 1)
		}
		return n >= 2
	}
	for i := range t.fields {
		f := &t.fields[i]
		w := first
		if f.word > 0 {
			at := 8 * f.word
			w = shortWord(key[at:min(at+8, len(key))])
		}
		pc := w >> f.shift & f.mask
		n += int(f.in[pc/64] >> (pc % 64) & 1)
	}
	return n >= 2
}

// byteField is where byte at of a state is in its key: a field of one
// word; false when it spans two.
func (c *codec) byteField(at int) (pcField, bool) {
	for _, g := range c.groups {
		if at < g.at || at >= g.at+g.n {
			continue
		}
		bit := int(g.shift) + (at-g.at)*int(g.width)
		if bit+int(g.width) > 64 {
			return pcField{}, false
		}
		return pcField{word: g.word, shift: uint8(bit), mask: 1<<g.width - 1}, true
	}
	return pcField{}, false
}
