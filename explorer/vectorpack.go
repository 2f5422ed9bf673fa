package explorer

import "unsafe"

// Where the processor has AVX2 but no fast PEXT (AMD before family 0x19),
// a key of one word is packed 32 state bytes at a time in vector
// registers: multiplying each pair of bytes by 1 and 2^w and adding
// (VPMADDUBSW) brings a pair's fields together, multiplying each pair of
// pairs by 1 and 2^(2w) and adding (VPMADDWD) a group's, and shifting each
// group to its bit of the key (VPSLLVQ) and or-ing them makes the key.
// Unpacking shifts the key's groups out (VPSRLVQ) and takes their fields
// apart with shifts by each group's width (VPSLLVD). A width of at most 6
// bits a byte keeps every product within the instructions' signed
// operands; a key with a wider group is packed by lanes (lanes.go). The
// keys are the same, bit for bit, as PEXT's and the lanes'.

// vectorBytes is the state bytes of a vectorBlock.
const vectorBytes = 32

// vectorWidest is the widest group, in bits a byte, a vectorBlock packs.
const vectorWidest = 6

// vectorBlock is what the vector instructions need of 32 bytes of a state,
// 8 groups of 4 bytes; the groups past the state's last have widths of 0
// and pack to nothing, unpack to zeros. Its fields are read by the
// assembly of vectorpack_amd64.s.
type vectorBlock struct {
	// bytes has each byte's factor, 1 for the first of a pair and 2^w for
	// the second; pairs each pair's, 1 for the first of a group and 2^(2w)
	// for the second; over the bits no byte may have set.
	bytes [32]int8
	pairs [16]int16
	over  [32]uint8
	// even and odd are the key's first bits of the even groups and of the
	// odd ones (64 past the state's last).
	even, odd [4]uint64
	// For each group, fields has its bits, lowHalves and highHalves those
	// of its first and of its second pair of bytes in the key and halves
	// 16−2w, the shift that puts the second pair in its bytes; lowPairs
	// and highPairs the bits of each pair's first and second byte, pairs
	// apart, and bytesApart 8−w.
	fields, lowHalves, highHalves, halves, lowPairs, highPairs, bytesApart [8]uint32
}

// newVectorBlocks returns the blocks of codec c, whose keys are one word,
// or nil when a group is wider than vectorWidest.
func newVectorBlocks(c *codec) []vectorBlock {
	for _, g := range c.groups {
		if g.width > vectorWidest {
			return nil
		}
	}
	blocks := make([]vectorBlock, (c.size+vectorBytes-1)/vectorBytes)
	for i := range blocks {
		b := &blocks[i]
		for j := range 8 {
			gi := i*8 + j
			if gi >= len(c.groups) {
				if j%2 == 0 {
					b.even[j/2] = 64
				} else {
					b.odd[j/2] = 64
				}
				continue
			}
			g := &c.groups[gi]
			w := uint32(g.width)
			for k := range g.n {
				if k%2 == 0 {
					b.bytes[4*j+k] = 1
				} else {
					b.bytes[4*j+k] = int8(1 << w)
				}
				b.over[4*j+k] = ^uint8(1<<w - 1)
			}
			b.pairs[2*j], b.pairs[2*j+1] = 1, int16(1<<(2*w))
			if j%2 == 0 {
				b.even[j/2] = uint64(g.shift)
			} else {
				b.odd[j/2] = uint64(g.shift)
			}
			field, pair := uint32(1)<<(2*w)-1, uint32(1)<<w-1
			b.fields[j] = uint32(1)<<(uint(g.n)*uint(w)) - 1
			b.lowHalves[j], b.highHalves[j], b.halves[j] = field, field<<(2*w), 16-2*w
			b.lowPairs[j], b.highPairs[j], b.bytesApart[j] = pair*0x00010001, pair<<w*0x00010001, 8-w
		}
	}
	return blocks
}

// vectorKey is the key of state st and whether a byte is past its width,
// when the codec has vector blocks and st's capacity covers them all
// (the bytes past the state are read, and ignored: they may change
// meanwhile); ok is false else.
func (c *codec) vectorKey(st []byte) (key, bad uint64, ok bool) {
	if c.vectors == nil || cap(st) < len(c.vectors)*vectorBytes {
		return 0, 0, false
	}
	key, bad = packVectors(unsafe.SliceData(st), &c.vectors[0], len(c.vectors))
	return key, bad, true
}

// unpackRoomy is unpack into a buffer of the caller's own, whose bytes
// past st's length, up to its capacity, it may write: zeros, where the
// codec unpacks by vector blocks and the capacity covers them all.
func (c *codec) unpackRoomy(st, key []byte) {
	if c.vectors == nil || cap(st) < len(c.vectors)*vectorBytes {
		c.unpack(st, key)
		return
	}
	unpackVectors(unsafe.SliceData(st), &c.vectors[0], len(c.vectors), shortWord(key))
}
