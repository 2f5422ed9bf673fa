package explorer

// Where keys are one word, a step of the interpreter's fast path that
// writes one byte of its state besides its program counter has its
// successor's key computed from its parent's: the parent's key with the two
// bytes' fields put in anew, without the successor's bytes being written
// and packed (batch.go).

// keyField is where a state's byte lies in a key of one word: from bit
// shift, as many bits as mask has, which the byte's value must fit in.
type keyField struct {
	shift, mask uint8
}

// keyFields returns the field of each of a state's bytes in its key, or
// nil when keys are not one word.
func (c *codec) keyFields() []keyField {
	if c == nil || c.lanes == nil {
		return nil
	}
	fields := make([]keyField, c.size)
	for _, g := range c.groups {
		for j := range g.n {
			fields[g.at+j] = keyField{shift: g.shift + uint8(j)*g.width, mask: uint8(1<<g.width - 1)}
		}
	}
	return fields
}

// putKeyByte returns key with field f put in from x; ok is false when x
// does not fit it.
func putKeyByte(f keyField, key uint64, x uint32) (uint64, bool) {
	sh := f.shift & 63
	return key&^(uint64(f.mask)<<sh) | uint64(x)<<sh, x <= uint32(f.mask)
}
