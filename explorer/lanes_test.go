package explorer

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// wordPackings are the ways codec c's keys of one word may be packed on
// this processor, each a copy of c packing only that way: by lanes always,
// by vector blocks and by PEXT where the processor runs them.
func wordPackings(c *codec) map[string]*codec {
	lanes := *c
	lanes.bitFields, lanes.vectors = false, nil
	ways := map[string]*codec{"lanes": &lanes}
	if fastVectors() {
		if blocks := newVectorBlocks(c); blocks != nil {
			vectors := lanes
			vectors.vectors = blocks
			ways["vectors"] = &vectors
		}
	}
	if fastBitFields() {
		pext := lanes
		pext.bitFields = true
		ways["PEXT"] = &pext
	}
	return ways
}

// groupLoops is c packing by its groups one after the other, as it packs
// keys of more than one word.
func groupLoops(c *codec) *codec {
	loops := *c
	loops.bitFields, loops.lanes, loops.vectors = false, nil, nil
	return &loops
}

// wideProgram has groups of 7 and 8 bits a byte beside narrow ones, in a
// key of one word.
func wideProgram() *ir.Program {
	b := irtest.New("wide")
	b.Var("seven", 0, 100, 0)
	b.Var("eight", 0, 200, 0)
	b.Var("bits", 0, 1, 0, 6)
	b.Process("P", irtest.Skip(0))
	return b.Program()
}

// TestWordKeysAreTheGroupLoops: every way of packing keys of one word
// gives the keys the group loops give, bit for bit (a key's hash, and so an
// approximate search's collisions, must not depend on the machine),
// unpacks them to the same states (unpack writing the state's bytes alone),
// and refuses the same bytes out of their bounds; for states of fewer than
// 8 bytes, of sizes not a multiple of 8, of more than one vector block,
// with groups too wide for the vectors, and in buffers too short for a
// vector block's reads and writes.
func TestWordKeysAreTheGroupLoops(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	programs := map[string]*ir.Program{
		"one word of whole groups": countersProgram(8, 4),
		"one word and a tail":      countersProgram(5, 8),
		"odd size":                 countersProgram(3, 3),
		"short":                    countersProgram(2, 2),
		"two vector blocks":        countersProgram(24, 2),
		"wide groups":              wideProgram(),
		"filter lock":              filterLock(t, 4),
	}
	sizes := map[string]int{}
	for name, p := range programs {
		m, err := New(p)
		require.NoError(t, err)
		c := m.codec
		require.NotNil(t, c, name)
		require.Equal(t, 1, c.words, name)
		require.NotNil(t, c.lanes, name)
		sizes[name] = c.size
		loops := groupLoops(c)
		for way, packing := range wordPackings(c) {
			for _, room := range []int{c.size, lineRounded(c.size)} {
				t.Run(fmt.Sprintf("%s/%s/%d bytes of room", name, way, room), func(t *testing.T) {
					want, got := make([]byte, loops.room()), make([]byte, packing.room())
					back := make([]byte, c.size, room)
					for range 1000 {
						st := append(make([]byte, 0, room), randomState(r, c)...)
						loops.packInto(want, st)
						packing.packInto(got, st)
						require.Equal(t, want, got, "state % x", st)
						packing.unpackRoomy(back, got[:c.packed])
						require.Equal(t, st, back)
						// unpack writes the state's bytes alone.
						past := back[c.size:room]
						for i := range past {
							past[i] = 0xa5
						}
						packing.unpack(back, got[:c.packed])
						require.Equal(t, st, back)
						for _, b := range past {
							require.Equal(t, byte(0xa5), b)
						}
					}
					for at := range c.size {
						g := c.groups[at/packGroupBytes]
						if g.width == 8 {
							continue
						}
						st := append(make([]byte, 0, room), randomState(r, c)...)
						st[at] = byte(1) << g.width
						require.Panics(t, func() { loops.packInto(want, st) }, "byte %d", at)
						require.Panics(t, func() { packing.packInto(got, st) }, "byte %d", at)
					}
				})
			}
		}
	}
	require.Less(t, sizes["short"], 8)
	require.NotZero(t, sizes["filter lock"]%8)
	require.Greater(t, sizes["two vector blocks"], vectorBytes)
	if fastVectors() {
		m, err := New(wideProgram())
		require.NoError(t, err)
		require.Nil(t, newVectorBlocks(m.codec), "groups of 7 and 8 bits are packed by lanes")
	}
}
