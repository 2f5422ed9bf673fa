package explorer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
)

// wideModel has wide locals: keys of several words, parts across words.
const wideModel = `model wide
var g: [6]0..100
process P[i in 0..2] {
    var a: [3]0..100
    var k: 0..3 = 0
    while k < 3 {
        a[k] = (g[k] + i + 1) % 101
        g[k + 3] = a[k]
        k++
    }
}
`

// TestProcessPartsAreTheProcessBytes checks, on every state of every library
// model (up to a limit) and of models whose keys are not packed or take more
// than one word, that two states have the same part of a process exactly
// when they have the same bytes of its program counter, block status and
// locals, read from the unpacked state; and, for keys of one word, exactly
// when they have the same bits of the key under the process's mask; and
// that a program counter read from a key of one word is the state's.
func TestProcessPartsAreTheProcessBytes(t *testing.T) {
	files, err := filepath.Glob("../models/lib/*.ilv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	type model struct{ name, text string }
	var models []model
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		models = append(models, model{filepath.Base(f), string(text)})
	}
	models = append(models,
		// Every byte takes 8 bits: no codec.
		model{"unpacked", `model unpacked
var g: 0..255 = 0
process P[i in 0..1] {
    var x: 0..255 = 0
    loop {
        x = (x + 7) % 256
        g = x
    }
}
`},
		// Wide locals: a key of several words, parts across words.
		model{"wide", wideModel},
		// Locals of 5 bits: a byte of P[1].a runs over into the next word.
		model{"straddle", `model straddle
var g: 0..31 = 13
process P[i in 0..1] {
    var a: [6]0..31
    var k: 0..6 = 0
    while k < 6 {
        a[k] = g
        g = (g + g + i + 1) % 32
        k++
    }
}
`})
	sawMultiword, sawUnpacked, sawStraddle := false, false, false
	pcs := 0 // program counters read from keys
	for _, md := range models {
		t.Run(md.name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: md.name, Text: []byte(md.text)}, lang.Options{})
			require.NoError(t, err)
			m, err := New(p)
			require.NoError(t, err)
			sp, err := Search(context.Background(), m, Options{MaxStates: 20000}, nopVisitor{})
			require.NoError(t, err)
			pp := sp.ProcessParts()
			sawMultiword = sawMultiword || pp.Words() > 1
			sawUnpacked = sawUnpacked || m.codec == nil
			if m.codec != nil {
				for _, g := range m.codec.groups {
					sawStraddle = sawStraddle || g.spill && (64-int(g.shift))%int(g.width) != 0
				}
			}
			key := make([]uint64, pp.Words())
			l := m.lay
			for q := range pp.Processes() {
				if pp.Bits(q) > MaxPartBits {
					continue
				}
				bytesOf := map[uint64]string{}
				partOf := map[string]uint64{}
				rawOf, partOfRaw := map[uint64]uint64{}, map[uint64]uint64{}
				for id := range sp.Store.Len() {
					st := sp.Store.Get(StateID(id))
					own := string(st[l.procBytes*q : l.procBytes*(q+1)])
					for _, s := range l.vars {
						if s.v.Owner == q {
							own += string(st[s.off : s.off+s.width*s.n])
						}
					}
					pp.Key(StateID(id), key)
					part := pp.Of(key, q)
					if b, ok := bytesOf[part]; ok {
						require.Equal(t, b, own, "process %d, state %d: one part, two byte strings", q, id)
					}
					if v, ok := partOf[own]; ok {
						require.Equal(t, v, part, "process %d, state %d: one byte string, two parts", q, id)
					}
					bytesOf[part], partOf[own] = own, part
					if shift, width, ok := pp.PCBits(q); ok {
						pcs++
						require.Equal(t, m.PC(st, q), int(key[0]>>shift&(1<<width-1)), "process %d, state %d: the program counter", q, id)
					}
					if pp.Words() == 1 {
						// The mask tells parts apart as well.
						raw := key[0] & pp.Mask(q)[0]
						if r, ok := rawOf[part]; ok {
							require.Equal(t, r, raw, "process %d, state %d: one part, two masked keys", q, id)
						}
						if v, ok := partOfRaw[raw]; ok {
							require.Equal(t, v, part, "process %d, state %d: one masked key, two parts", q, id)
						}
						rawOf[part], partOfRaw[raw] = raw, part
					}
				}
			}
		})
	}
	assert.True(t, sawMultiword, "no model with keys of several words")
	assert.True(t, sawUnpacked, "no model without a codec")
	assert.True(t, sawStraddle, "no model with a byte across two key words")
	assert.Positive(t, pcs, "no program counter read from a key")
}

// TestWordsFromIsKey checks that reading the keys of a stretch of states
// in one call gives each state's key, across the arena's chunks, with
// records of 11 bytes (key and parent) and of 7 (parentless), whose last
// in a chunk has fewer than 8 bytes.
func TestWordsFromIsKey(t *testing.T) {
	m, err := New(filterLock(t, 4))
	require.NoError(t, err)
	for _, parentless := range []bool{false, true} {
		opts := Options{MaxStates: 1_300_000}
		if parentless {
			opts.EdgeParents, opts.Edges = true, func(StateID, []byte, []Edge) {}
		}
		sp, err := Search(context.Background(), m, opts, nopVisitor{})
		require.NoError(t, err)
		require.Equal(t, parentless, sp.Store.Parentless())
		pp := sp.ProcessParts()
		require.Equal(t, 1, pp.Words())
		n := sp.Store.Len()
		require.Greater(t, len(sp.Store.chunks), 2, "the states fill more than two chunks")
		want := make([]uint64, n)
		key := make([]uint64, 1)
		for id := range n {
			pp.Key(StateID(id), key)
			want[id] = key[0]
		}
		got := make([]uint64, n)
		pp.WordsFrom(0, got)
		require.Equal(t, want, got)
		for _, from := range []int{1, 7, 1 << sp.Store.shift, 1<<sp.Store.shift - 3} {
			part := got[:min(n-from, 1000)]
			pp.WordsFrom(StateID(from), part)
			require.Equal(t, want[from:from+len(part)], part, "from %d", from)
		}
		require.Panics(t, func() { pp.WordsFrom(StateID(n-1), make([]uint64, 2)) })
	}
}
