package explorer

import "encoding/binary"

// Where the processor has neither fast PEXT and PDEP nor AVX2 (processors
// other than amd64, older amd64 ones; vectorpack.go), or a group is wider
// than vector blocks take, a key of one word is packed eight state bytes
// at a time: the word's two groups of four bytes are brought
// together in three steps of shifts and masks, each halving the number of
// fields (bytes to pairs, pairs to groups, groups to the word's bits), the
// shifts of a step differing between the word's two groups only. The keys
// are the same, bit for bit, as PEXT's and as the group loops' (pack.go).

// laneWord is the eight bytes of a state a key of one word packs together:
// groups a, the first four bytes, and b, the last four, of widths wa and
// wb bits a byte (a missing group of width 0).
type laneWord struct {
	// from is where the word is read in the state, down the bits it is
	// shifted down by once read: 0 for a whole word, more for the last
	// bytes of a state whose size is not a multiple of 8, read as the
	// state's last 8 bytes.
	from, down uint64
	// pairA and pairB are 8−wa and 8−wb, the shifts that bring each second
	// byte of a pair down to its first; halfA and halfB, 16−2·wa and
	// 16−2·wb, those that bring a group's second pair down to its first;
	// high is 4·wa, the first bit of group b in the word's packed bits, and
	// shift the word's first bit in the key.
	pairA, pairB, halfA, halfB, high, shift uint64
	// over has the bits no byte of the word may have set.
	over uint64
	// The masks that undo the steps: bits has the word's packed bits, low
	// group a's; lowHalves the bits of each group's first pair, highHalfA
	// and highHalfB those of its second pair; lowPairs the bits of each
	// pair's first byte, highPairsA and highPairsB those of its second.
	bits, low, lowHalves, highHalfA, highHalfB, lowPairs, highPairsA, highPairsB uint64
}

// Each byte's field, each pair's and each group's before it is brought
// down, and the fields that stay.
const (
	evenBytes  = 0x00ff00ff00ff00ff
	oddBytesA  = 0x00000000ff00ff00
	oddBytesB  = 0xff00ff0000000000
	evenPairs  = 0x0000ffff0000ffff
	oddPairA   = 0x00000000ffff0000
	oddPairB   = 0xffff000000000000
	firstGroup = 0x00000000ffffffff
)

// newLaneWords returns the words of a codec whose key is one word: one for
// each 8 bytes of the state, the last reading the state's last 8 bytes
// when its size is not a multiple of 8 and is at least 8.
func newLaneWords(c *codec) []laneWord {
	width := func(g int) uint64 {
		if g < len(c.groups) {
			return uint64(c.groups[g].width)
		}
		return 0
	}
	var words []laneWord
	for at := 0; at < c.size; at += 8 {
		wa, wb := width(at/packGroupBytes), width(at/packGroupBytes+1)
		field := func(w uint64) uint64 { return uint64(1)<<w - 1 }
		l := laneWord{from: uint64(at),
			pairA: 8 - wa, pairB: 8 - wb, halfA: 16 - 2*wa, halfB: 16 - 2*wb, high: 4 * wa,
			shift: uint64(c.groups[at/packGroupBytes].shift),
			over:  ^c.masks[at/8],
			bits:  uint64(1)<<(4*wa+4*wb) - 1, low: uint64(1)<<(4*wa) - 1,
			lowHalves: field(2*wa) | field(2*wb)<<32, highHalfA: field(2*wa) << (2 * wa), highHalfB: field(2*wb) << (32 + 2*wb),
			lowPairs:   field(wa)*0x00010001 | field(wb)*0x0001000100000000,
			highPairsA: field(wa) << wa * 0x00010001, highPairsB: field(wb) << wb * 0x0001000100000000,
		}
		if n := c.size - at; n < 8 && c.size >= 8 {
			l.from, l.down = uint64(c.size-8), uint64(8*(8-n))
		}
		words = append(words, l)
	}
	return words
}

// laneKey is the key of state st, of c.size bytes, and the bits of its
// bytes past their widths (zero for a state in bounds).
func (c *codec) laneKey(st []byte) (key, bad uint64) {
	short := c.size < 8
	for i := range c.lanes {
		l := &c.lanes[i]
		var x uint64
		if short {
			x = tailBytes(st[:c.size])
		} else {
			x = binary.LittleEndian.Uint64(st[l.from:l.from+8]) >> (l.down & 63)
		}
		bad |= x & l.over
		x = x&evenBytes | (x&oddBytesA)>>(l.pairA&63) | (x&oddBytesB)>>(l.pairB&63)
		x = x&evenPairs | (x&oddPairA)>>(l.halfA&63) | (x&oddPairB)>>(l.halfB&63)
		x = x&firstGroup | (x>>32)<<(l.high&63)
		key |= x << (l.shift & 63)
	}
	return key, bad
}

// laneState writes the state of key into st, of c.size bytes: laneKey
// undone. The words go from the last, whose store may overlap the word
// before when the size is not a multiple of 8.
func (c *codec) laneState(st []byte, key uint64) {
	for i := len(c.lanes) - 1; i >= 0; i-- {
		l := &c.lanes[i]
		x := key >> (l.shift & 63) & l.bits
		x = x&l.low | (x>>(l.high&63))<<32
		x = x&l.lowHalves | (x&l.highHalfA)<<(l.halfA&63) | (x&l.highHalfB)<<(l.halfB&63)
		x = x&l.lowPairs | (x&l.highPairsA)<<(l.pairA&63) | (x&l.highPairsB)<<(l.pairB&63)
		if c.size < 8 {
			for j := range c.size {
				st[j] = byte(x >> (8 * j))
			}
			return
		}
		binary.LittleEndian.PutUint64(st[l.from:l.from+8], x<<(l.down&63))
	}
}
