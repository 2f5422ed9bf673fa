package explorer

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWordEmitIsTheGeneralOne: the emit for keys of one word, with the
// repeats found after it by words, notes, for the successors of
// the first states of models with keys of one to eight bytes, faults among
// them, the kinds, keys, hashes, repeats, firsts, tallies and edges that
// the general emit notes, whichever way the processor packs the keys.
func TestWordEmitIsTheGeneralOne(t *testing.T) {
	filter, err := New(filterLock(t, 3))
	require.NoError(t, err)
	models := map[string]*Machine{
		"filter of 3": filter,
		"tiny": compiled(t, `model tiny
var x: 0..1 = 0
process P[i in 0..1] {
    loop { x = 1 - x }
}
check deadlock
`),
		"faults": compiled(t, `model faults
var a: [3]0..3
var i: 0..3 = 0
process P[k in 0..1] {
    loop {
        i = (i + 1) % 4
        a[i] = k
    }
}
check deadlock
`),
	}
	faults, repeats, sizes := 0, 0, map[int]bool{}
	for model, m := range models {
		require.NotNil(t, m.codec, model)
		require.NotNil(t, m.codec.lanes, "%s: keys of one word", model)
		_, states := everyState(t, m, 20000)
		for way, packing := range wordPackings(m.codec) {
			name := model + " by " + way
			v := &view{hash: newKeyHash(), codec: packing, stateSize: m.StateSize(), size: m.codec.packed}
			r := m.NewStepper()
			// Chunks of 100 states, as expand gives them, with their edges
			// recorded and not.
			for lo := 0; lo < len(states); lo += 100 {
				record := lo%200 == 0
				var got, want chunk
				for _, c := range []*chunk{&got, &want} {
					emit := c.wordEmit(v, record, nil)
					if c == &want {
						emit = c.emit(v, record, nil)
					}
					require.NotNil(t, emit, name)
					for _, s := range states[lo:min(lo+100, len(states))] {
						c.counts = append(c.counts, int32(r.Successors(s, emit)))
					}
					c.findRepeats(v.size, c == &got)
				}
				require.Equal(t, want.kinds, got.kinds, "%s, states from %d", name, lo)
				require.Equal(t, want.keys, got.keys, "%s, states from %d", name, lo)
				require.Equal(t, want.hashes, got.hashes, "%s, states from %d", name, lo)
				require.Equal(t, want.repeat, got.repeat, "%s, states from %d", name, lo)
				require.Equal(t, want.firsts, got.firsts, "%s, states from %d", name, lo)
				require.Equal(t, want.tallies, got.tallies, "%s, states from %d", name, lo)
				require.Equal(t, len(want.faults), len(got.faults), "%s, states from %d", name, lo)
				require.Equal(t, want.edges, got.edges, "%s, states from %d", name, lo)
				require.Equal(t, record, len(got.edges) > 0, "%s, states from %d", name, lo)
				for _, k := range got.kinds {
					faults += int(b2i(k == toFault))
					repeats += int(b2i(k == toRepeat))
				}
			}
			sizes[v.size] = true
		}
	}
	require.Positive(t, faults, "faults")
	require.Positive(t, repeats, "repeats")
	require.True(t, sizes[1], "a key of one byte: %v", sizes)
}
