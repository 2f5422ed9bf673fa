package explorer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
)

// tokenRing is a ring of n processes that pass a token and then enter
// critical, where the ones before may still be: states with any number of
// processes in critical. Past 32 processes their program counters, of 2
// bits, reach the second word of a key.
func tokenRing(t *testing.T, n int) *Machine {
	t.Helper()
	src := fmt.Sprintf(`model ring
const N = %d
var turn: 0..N-1 = 0
process P[i in 0..N-1] {
    loop {
        await turn == i
        turn = (i + 1) %% N
        critical { skip }
    }
}
check mutex
`, n)
	return compiled(t, src)
}

// compiled is the machine of the model src.
func compiled(t *testing.T, src string) *Machine {
	t.Helper()
	p, err := lang.Compile(lang.File{Name: "m.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	m, err := New(p)
	require.NoError(t, err)
	return m
}

// everyState is the states of m a search stores, up to max, by id.
func everyState(t *testing.T, m *Machine, max int) (*Space, [][]byte) {
	t.Helper()
	sp, err := Search(context.Background(), m, Options{MaxStates: int64(max)}, nopVisitor{})
	require.NoError(t, err)
	states := make([][]byte, sp.Store.Len())
	for id := range states {
		states[id] = sp.Store.Get(StateID(id))
	}
	return sp, states
}

// TestTwoInCriticalReadsTheKeys: for every state of rings whose program
// counters lie in one word of a key and in two, and of a model without a
// critical section, the test on the state's key as the store keeps it
// agrees with Machine.Critical on the state, as it does on the state
// itself (a machine whose keys are its states).
func TestTwoInCriticalReadsTheKeys(t *testing.T) {
	machines := map[string]*Machine{
		"ring of 3":  tokenRing(t, 3),
		"ring of 36": tokenRing(t, 36),
		// Keys are the states: the program counters take two bytes.
		"long": longLoop(t, 0),
		"no critical": compiled(t, `model plain
var x: 0..3 = 0
process P[i in 0..1] {
    loop { x = (x + 1) % 4 }
}
check deadlock
`),
	}
	for name, m := range machines {
		t.Run(name, func(t *testing.T) {
			sp, states := everyState(t, m, 200000)
			packed := newTwoInCritical(m)
			require.NotNil(t, packed)
			unpacked := *m
			unpacked.codec = nil
			plain := newTwoInCritical(&unpacked)
			require.NotNil(t, plain)
			// The ring of 3 has its counters in a key of one word, that
			// of 36 in two.
			assert.Equal(t, name == "ring of 3", packed.firstWord, "counters in the first word")
			two := 0
			for id, s := range states {
				want := len(m.Critical(s, nil)) >= 2
				if want {
					two++
				}
				if packed.of(sp.Store.key(StateID(id))) != want || plain.of(s) != want {
					require.Equal(t, want, packed.of(sp.Store.key(StateID(id))), "state %d", id)
					require.Equal(t, want, plain.of(s), "state %d", id)
				}
			}
			if name != "no critical" {
				assert.Positive(t, two, "states with two in critical")
			}
		})
	}
	m := tokenRing(t, 36)
	require.NotNil(t, m.codec)
	assert.Greater(t, m.codec.words, 1, "a key of two words")
	wordOne := 0
	for _, f := range newTwoInCritical(m).fields {
		wordOne += f.word
	}
	assert.Positive(t, wordOne, "program counters in the key's second word")
}

// longLoop is two processes looping through 300 steps and a critical
// section: program counters of two bytes. flags flags of one bit, which
// nothing changes, make a key shorter than the state.
func longLoop(t *testing.T, flags int) *Machine {
	t.Helper()
	var body strings.Builder
	for range 300 {
		body.WriteString("        x = 1 - x\n")
	}
	decl := ""
	if flags > 0 {
		decl = fmt.Sprintf("var flag: [%d]0..1\n", flags)
	}
	return compiled(t, `model long
var x: 0..1 = 0
`+decl+`process P[i in 0..1] {
    loop {
`+body.String()+`        critical { skip }
    }
}
check mutex
`)
}

// TestTwoInCriticalNeedsOneField: a program counter of two bytes is not
// one field of a key: the Visitor then sees every state.
func TestTwoInCriticalNeedsOneField(t *testing.T) {
	m := longLoop(t, 64)
	require.Equal(t, 2, m.lay.pcWidth)
	require.NotNil(t, m.codec)
	assert.Nil(t, newTwoInCritical(m))
	require.Nil(t, longLoop(t, 0).codec, "keys that are the states")
}

// visited records the states a Visitor is shown.
type visited struct{ ids []StateID }

func (v *visited) State(id StateID, _ []byte, _ int) Control {
	v.ids = append(v.ids, id)
	return Continue
}
func (v *visited) Fault(StateID, *Transition) Control { return Continue }
func (v *visited) Deadend(StateID, []byte) Control    { return Continue }

// TestVisitCriticalShowsTheStatesOfTwoInCritical: with VisitCritical, a
// search with one worker, two (a pipeline) or three (claimed windows)
// stores the states it stores without, and shows the Visitor the initial
// state and exactly those where Machine.Critical has two processes or
// more, in id order; the Visitor sees every state where the keys do not
// tell (program counters of two bytes in a packed key).
func TestVisitCriticalShowsTheStatesOfTwoInCritical(t *testing.T) {
	for name, m := range map[string]*Machine{
		"ring of 5":  tokenRing(t, 5),
		"ring of 36": tokenRing(t, 36),
		"long":       longLoop(t, 64),
	} {
		sp, states := everyState(t, m, 150000)
		want := []StateID{0}
		if newTwoInCritical(m) == nil {
			want = want[:0]
			for id := range states {
				want = append(want, StateID(id))
			}
		} else {
			for id, s := range states[1:] {
				if len(m.Critical(s, nil)) >= 2 {
					want = append(want, StateID(id+1))
				}
			}
		}
		for _, workers := range []int{1, 2, 3} {
			v := &visited{}
			got, err := Search(context.Background(), m, Options{MaxStates: 150000, Workers: workers, VisitCritical: true}, v)
			require.NoError(t, err)
			require.Equal(t, sp.Store.Len(), got.Store.Len(), "%s, %d workers", name, workers)
			require.Equal(t, want, v.ids, "%s, %d workers", name, workers)
		}
	}
}
