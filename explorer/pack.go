package explorer

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math/bits"

	"github.com/interleave/interleave/lang/ir"
)

// A state's bytes mostly hold small values: a program counter below the
// length of its process's code, a variable element within its range, a
// queue entry at most the number of processes. The store keeps each state
// packed: the state's bytes go by groups of four, each byte of a group
// taking as many bits as the largest value the group's bytes can hold, so
// that the filter lock's 20-byte states, say, are stored in 7 bytes. A
// group is packed in a few word operations, without a step per byte. The
// bounds come from the layout; a byte past its group's bits is an internal
// error, never a silently different state.

// codec packs the states of one layout into keys, and unpacks them.
type codec struct {
	// size is the bytes of a state, packed the bytes of its key, words
	// the 64-bit words that hold the key.
	size, packed, words int
	groups              []packGroup
	// lanes, for a key of one word, has the words of the state its
	// bytes are packed from by shifts and masks (lanes.go); nil for a
	// longer key, which its being nil tells.
	lanes []laneWord
	// vectors, for a key of one word whose groups are at most
	// vectorWidest bits a byte, where the processor has AVX2 but no fast
	// PEXT, has the blocks of the state its bytes are packed from by
	// vector instructions (vectorpack.go); nil else.
	vectors []vectorBlock
	// masks, for a key of one word, has for each 8 bytes of a state the
	// bits its bytes may have set; bitFields tells to pack and unpack with
	// them by the processor's PEXT and PDEP, where those are fast.
	masks     []uint64
	bitFields bool
}

// packGroup is the bytes [at, at+n) of a state, n = 4 but for the last
// group, each taking width bits of the key: 4·width bits from bit shift of
// the key's word word, the bits past 64 in the next word (spill).
type packGroup struct {
	at, n, word int
	// width is the bits of a byte, shift the first bit of the group in its
	// word.
	width, shift uint8
	spill        bool
	// lanes has the bits a byte of the group may have set, in every byte;
	// pairs those bits in every other byte.
	lanes, pairs uint64
}

// packGroupBytes is the bytes of a group.
const packGroupBytes = 4

// newCodec returns the codec of layout l of program p, or nil when packing
// would save no byte.
func newCodec(l *layout, p *ir.Program) *codec {
	bound := l.byteBounds(p)
	c := &codec{size: l.size}
	bit := 0
	for at := 0; at < l.size; at += packGroupBytes {
		n := min(packGroupBytes, l.size-at)
		var most uint8
		for _, b := range bound[at : at+n] {
			most = max(most, b)
		}
		w := bits.Len8(most)
		g := packGroup{at: at, n: n, word: bit / 64, width: uint8(w), shift: uint8(bit % 64)}
		g.spill = bit%64+n*w > 64
		g.lanes, g.pairs = uint64(1<<w-1)*0x01010101, uint64(1<<w-1)*0x00010001
		c.groups = append(c.groups, g)
		bit += n * w
	}
	c.packed, c.words = (bit+7)/8, max(1, (bit+63)/64)
	if c.packed >= l.size {
		return nil
	}
	if c.words == 1 {
		// Every worker reads the masks for every successor: they take
		// whole cache lines of their own, which nothing written shares.
		c.masks = make([]uint64, (l.size+7)/8, max((l.size+7)/8, cacheLine/8))
		for _, g := range c.groups {
			for j := range g.n {
				c.masks[(g.at+j)/8] |= uint64(1<<g.width-1) << (8 * ((g.at + j) % 8))
			}
		}
		c.bitFields = fastBitFields()
		c.lanes = newLaneWords(c)
		if !c.bitFields && fastVectors() {
			c.vectors = newVectorBlocks(c)
		}
	}
	return c
}

// room is the bytes packInto writes: whole words.
func (c *codec) room() int { return 8 * c.words }

// packInto writes the key of state st into out, which has c.room() bytes:
// the key, then zeros. It panics when a byte of st is past its bits.
func (c *codec) packInto(out, st []byte) {
	if c.lanes != nil {
		c.packWord(out, st)
		return
	}
	out = out[:c.room()]
	var acc, spilled, bad uint64
	word := 0
	for i := range c.groups {
		g := &c.groups[i]
		var x uint64
		if g.n == packGroupBytes {
			x = uint64(binary.LittleEndian.Uint32(st[g.at:]))
		} else {
			x = tailBytes(st[g.at : g.at+g.n])
		}
		bad |= x &^ g.lanes
		x = g.fold(x)
		if g.word != word {
			binary.LittleEndian.PutUint64(out[8*word:], acc)
			acc, spilled, word = spilled, 0, g.word
		}
		acc |= x << (g.shift & 63)
		if g.spill {
			spilled = x >> ((64 - g.shift) & 63)
		}
	}
	binary.LittleEndian.PutUint64(out[8*word:], acc)
	if word+1 < c.words {
		binary.LittleEndian.PutUint64(out[8*word+8:], spilled)
	}
	if bad != 0 {
		panic(fmt.Sprintf("explorer: a state's byte is past its bits: % x", st))
	}
}

// packWord is packInto for a key of one word.
func (c *codec) packWord(out, st []byte) {
	key, bad := c.wordKey(st)
	binary.LittleEndian.PutUint64(out, key)
	if bad != 0 {
		panic(fmt.Sprintf("explorer: a state's byte is past its bits: % x", st))
	}
}

// wordKey is the key of state st when keys are one word, and the bits of
// its bytes past their widths (zero for a state in bounds): by PEXT where
// it is fast, else by vector blocks where the processor runs them and st's
// capacity holds them (vectorpack.go), else by shifts and masks (lanes.go).
func (c *codec) wordKey(st []byte) (key, bad uint64) {
	if c.bitFields {
		return pextKey(&st[:c.size][0], c.size, &c.masks[0])
	}
	if key, bad, ok := c.vectorKey(st[:c.size]); ok {
		return key, bad
	}
	return c.laneKey(st)
}

// fold brings the bytes of x, the group's four bytes, together: each takes
// the group's width in bits, the first lowest.
func (g *packGroup) fold(x uint64) uint64 {
	w := g.width
	x = x&0x00ff00ff | (x&0xff00ff00)>>((8-w)&63)
	return x&0x0000ffff | (x&0xffff0000)>>((16-2*w)&63)
}

// tailBytes is the little-endian value of the bytes of b, fewer than 8.
func tailBytes(b []byte) uint64 {
	var x uint64
	for j := len(b) - 1; j >= 0; j-- {
		x = x<<8 | uint64(b[j])
	}
	return x
}

// shortWord is the little-endian value of b, at most 8 bytes: one load when
// the slice reaches 8 bytes, the bytes past b masked off.
func shortWord(b []byte) uint64 {
	switch {
	case len(b) == 0:
		return 0
	case cap(b) < 8:
		return tailBytes(b)
	}
	return binary.LittleEndian.Uint64(b[:8]) & (^uint64(0) >> (64 - 8*len(b)))
}

// appendKey appends the key of state st to keys.
func (c *codec) appendKey(keys, st []byte) []byte {
	n := len(keys)
	if cap(keys)-n < c.room() {
		keys = append(keys[:cap(keys)], make([]byte, c.room()+n-cap(keys))...)
	}
	c.packInto(keys[n:n+c.room()], st)
	return keys[:n+c.packed]
}

// unpack writes the state of key into st, which has c.size bytes.
func (c *codec) unpack(st, key []byte) {
	st = st[:c.size]
	if c.bitFields {
		pdepState(&st[0], c.size, &c.masks[0], shortWord(key))
		return
	}
	if c.lanes != nil {
		c.laneState(st, shortWord(key))
		return
	}
	word := func(k int) uint64 {
		if 8*k+8 <= len(key) {
			return binary.LittleEndian.Uint64(key[8*k:])
		}
		return tailBytes(key[8*k:])
	}
	cur, k := word(0), 0
	for i := range c.groups {
		g := &c.groups[i]
		if g.word != k {
			k = g.word
			cur = word(k)
		}
		w := g.width
		x := cur >> (g.shift & 63)
		if g.spill {
			x |= word(k+1) << ((64 - g.shift) & 63)
		}
		half := uint64(1)<<((2*w)&63) - 1
		x = x&half | (x>>((2*w)&63)&half)<<16
		x = x&g.pairs | (x>>(w&63)&g.pairs)<<8
		if g.n == packGroupBytes {
			binary.LittleEndian.PutUint32(st[g.at:], uint32(x))
			continue
		}
		for j := range g.n {
			st[g.at+j] = byte(x >> (8 * j))
		}
	}
}

// byteBounds is, for each byte of l's states, the largest value it holds in
// a state of p: 0xff where the layout does not bound it more closely.
func (l *layout) byteBounds(p *ir.Program) []uint8 {
	b := make([]uint8, l.size)
	for i := range b {
		b[i] = 0xff
	}
	// bound writes the bounds of a little-endian field of width bytes at
	// off whose values lie in [0, hi].
	bound := func(off, width int, hi uint32) {
		for j := range width {
			b[off+j] = uint8(min(0xff, hi>>(8*j)))
		}
	}
	// queue writes the bounds of a queue of processes at off: each entry 0,
	// or 1+a process.
	queue := func(off int) {
		for j := range l.procs {
			b[off+j] = uint8(min(0xff, l.procs))
		}
	}
	for i, proc := range p.Processes {
		bound(l.procBytes*i, l.pcWidth, uint32(len(proc.Code)-1))
		if l.blockWidth > 0 {
			bound(l.procBytes*i+l.pcWidth, l.blockWidth, uint32(l.urgentBlock(len(l.mutexOff))))
		}
	}
	for _, sl := range l.vars {
		span := uint32(sl.v.Elem.Hi) - uint32(sl.v.Elem.Lo)
		for e := range sl.n {
			bound(sl.off+e*sl.width, sl.width, span)
		}
	}
	for _, off := range l.fifoOff {
		if off >= 0 {
			queue(off)
		}
	}
	for _, off := range l.mutexOff {
		bound(off, 1, uint32(l.procs)) // 0, or 1+the owner
	}
	for _, off := range l.condOff {
		queue(off)
	}
	for _, off := range l.urgentOff {
		if off >= 0 {
			queue(off)
		}
	}
	for _, ce := range l.chanElems {
		if ce.c.Cap == 0 {
			continue
		}
		bound(ce.off, ce.lenWidth, uint32(ce.c.Cap))
		for k := range ce.c.Cap {
			slot := ce.off + ce.lenWidth + k*ce.msgWidth
			for j, t := range ce.c.Elem {
				bound(slot+ce.comp[j], ce.compWidth[j], uint32(t.Hi)-uint32(t.Lo))
			}
		}
	}
	return b
}

// keyHash hashes the keys of a store: a short key, which fits in a word, by
// a mix of the word and the seed, any other with maphash.
type keyHash struct {
	seed maphash.Seed
	word uint64
}

func newKeyHash() keyHash {
	seed := maphash.MakeSeed()
	return keyHash{seed: seed, word: maphash.Bytes(seed, nil) | 1}
}

// of is the hash of key.
func (kh keyHash) of(key []byte) uint64 {
	if len(key) > 8 {
		return maphash.Bytes(kh.seed, key)
	}
	return mixWord(shortWord(key) ^ kh.word)
}

// mixWord is the finalizer of MurmurHash3: every bit of w moves every bit
// of the result, a bijection on 64 bits.
func mixWord(w uint64) uint64 {
	w ^= w >> 33
	w *= 0xff51afd7ed558ccd
	w ^= w >> 33
	w *= 0xc4ceb9fe1a85ec53
	w ^= w >> 33
	return w
}
