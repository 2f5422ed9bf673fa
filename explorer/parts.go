package explorer

import "encoding/binary"

// ProcessParts reads, from the keys of stored states, each process's own
// part of a state: its program counter, its block status and its local
// variables, as one number whose bits are those the key keeps of them.
// Two states in which a process's parts are equal have the process at the
// same statement with the same locals.
//
// Reading a key costs a load or two; reading a part from it a few shifts
// per field (a field being a run of the part's bits inside one key word).
type ProcessParts struct {
	store *Store
	// words is the 64-bit words a key takes.
	words int
	// fields[p] are the runs of key bits that make process p's part, in
	// the part's bit order; bits[p] is their total.
	fields [][]partField
	bits   []int
	// masks[p] has, for each key word, the bits of p's part in it.
	masks [][]uint64
	// pcShift[p] and pcWidth[p] place p's program counter in a key of one
	// word: pcWidth[p] bits from bit pcShift[p]; pcWidth[p] is 0 when it
	// does not lie there (a key of more words, a counter of two bytes).
	pcShift, pcWidth []uint8
}

// partField is bits [shift, shift+width) of key word word, which go to bits
// [at, at+width) of a part.
type partField struct {
	word             int
	shift, width, at uint8
}

// MaxPartBits is the most bits of a process's part that ProcessParts reads.
const MaxPartBits = 64

// ProcessParts returns the reader of the processes' parts of sp's states.
func (sp *Space) ProcessParts() *ProcessParts {
	l, c := sp.Machine.lay, sp.Store.codec
	pp := &ProcessParts{store: sp.Store, words: (sp.Store.size + 7) / 8}
	// keyBits is where byte b of a state lives in the key: from bit
	// start, width bits.
	keyBits := func(b int) (start, width int) { return 8 * b, 8 }
	if c != nil {
		pp.words = c.words
		groups := c.groups
		keyBits = func(b int) (int, int) {
			g := groups[b/packGroupBytes]
			w := int(g.width)
			return g.word*64 + int(g.shift) + (b-g.at)*w, w
		}
	}
	pp.fields = make([][]partField, l.procs)
	pp.bits = make([]int, l.procs)
	pp.pcShift, pp.pcWidth = make([]uint8, l.procs), make([]uint8, l.procs)
	for p := range l.procs {
		if start, width := keyBits(l.procBytes * p); pp.words == 1 && l.pcWidth == 1 && start+width <= 64 {
			pp.pcShift[p], pp.pcWidth[p] = uint8(start), uint8(width)
		}
		var spans [][2]int // state byte ranges
		spans = append(spans, [2]int{l.procBytes * p, l.procBytes * (p + 1)})
		for _, s := range l.vars {
			if s.v.Owner == p {
				spans = append(spans, [2]int{s.off, s.off + s.width*s.n})
			}
		}
		at := 0
		for _, sp := range spans {
			for b := sp[0]; b < sp[1]; b++ {
				start, width := keyBits(b)
				for width > 0 {
					// A byte's bits may run over into the next key word.
					n := min(width, 64-start%64)
					if at+n <= MaxPartBits {
						pp.fields[p] = appendField(pp.fields[p], partField{word: start / 64, shift: uint8(start % 64), width: uint8(n), at: uint8(at)})
					}
					at += n
					start += n
					width -= n
				}
			}
		}
		pp.bits[p] = at
		pp.masks = append(pp.masks, make([]uint64, pp.words))
		for _, f := range pp.fields[p] {
			pp.masks[p][f.word] |= (1<<f.width - 1) << f.shift
		}
	}
	return pp
}

// appendField appends f to fields, joined to the last one when f carries
// on both its key bits and its part bits.
func appendField(fields []partField, f partField) []partField {
	if n := len(fields); n > 0 {
		last := &fields[n-1]
		if last.word == f.word && int(last.shift)+int(last.width) == int(f.shift) && int(last.at)+int(last.width) == int(f.at) {
			last.width += f.width
			return fields
		}
	}
	return append(fields, f)
}

// Processes is the number of processes.
func (pp *ProcessParts) Processes() int { return len(pp.bits) }

// Bits is the number of bits of process p's part; Of reads the part only
// when it has at most MaxPartBits.
func (pp *ProcessParts) Bits(p int) int { return pp.bits[p] }

// PCBits tells where process p's program counter lies in a key of one
// word (Word, WordsFrom): the width bits from bit shift; ok is false when
// it does not lie in one word of the key.
func (pp *ProcessParts) PCBits(p int) (shift, width uint8, ok bool) {
	return pp.pcShift[p], pp.pcWidth[p], pp.pcWidth[p] != 0
}

// Words is the 64-bit words of a key, the length Key needs.
func (pp *ProcessParts) Words() int { return pp.words }

// Mask is the bits of process p's part in each word of a key.
func (pp *ProcessParts) Mask(p int) []uint64 { return pp.masks[p] }

// Word is the key of stored state id when it takes one word.
func (pp *ProcessParts) Word(id StateID) uint64 { return shortWord(pp.store.key(id)) }

// WordsFrom writes the keys of the stored states from, from+1, … into
// keys, as many as it holds, when keys take one word: reading a stretch of
// states in order, it walks the arena's chunks in order.
func (pp *ProcessParts) WordsFrom(from StateID, keys []uint64) {
	s := pp.store
	if int(from)+len(keys) > s.n {
		panic("explorer: WordsFrom past the stored states")
	}
	mask := ^uint64(0) >> (64 - 8*s.size)
	for i := 0; i < len(keys); {
		id := int(from) + i
		c := s.chunks[id>>s.shift]
		o := (id & (1<<s.shift - 1)) * s.record
		for ; i < len(keys) && o+8 <= len(c); i, o = i+1, o+s.record {
			keys[i] = binary.LittleEndian.Uint64(c[o:o+8]) & mask
		}
		if i < len(keys) && o < len(c) {
			// The chunk's last records, on fewer than 8 bytes.
			keys[i] = tailBytes(c[o : o+s.size])
			i++
		}
	}
}

// Key writes the key of stored state id into key, Words() words long.
func (pp *ProcessParts) Key(id StateID, key []uint64) {
	if pp.words == 1 {
		key[0] = pp.Word(id)
		return
	}
	k := pp.store.key(id)
	for w := range key {
		lo := min(8*w, len(k))
		hi := min(lo+8, len(k))
		if hi-lo == 8 {
			key[w] = binary.LittleEndian.Uint64(k[lo:hi])
			continue
		}
		key[w] = tailBytes(k[lo:hi])
	}
}

// Of is process p's part in key, a state's key as Key writes it. It is 0
// for a part of more than MaxPartBits bits.
func (pp *ProcessParts) Of(key []uint64, p int) uint64 {
	if pp.bits[p] > MaxPartBits {
		return 0
	}
	var part uint64
	for _, f := range pp.fields[p] {
		part |= (key[f.word] >> (f.shift & 63)) & (1<<(f.width&127) - 1) << (f.at & 63)
	}
	return part
}
