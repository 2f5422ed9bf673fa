package explorer

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
)

// toldEdges is a Visitor that continues everywhere, and keeps what Edges
// is told.
type toldEdges struct {
	from  []StateID
	edges [][]Edge
}

func (*toldEdges) State(StateID, []byte, int) Control { return Continue }
func (*toldEdges) Fault(StateID, *Transition) Control { return Continue }
func (*toldEdges) Deadend(StateID, []byte) Control    { return Continue }

func (te *toldEdges) tell(from StateID, _ []byte, edges []Edge) {
	te.from = append(te.from, from)
	te.edges = append(te.edges, slices.Clone(edges))
}

// movesOfEdges returns, by process, the moves of the parts along the told
// edges, read from the keys of their states in the store: the mover's
// (but a flush's) and the partner's, and those of the other processes
// whose parts change.
func movesOfEdges(sp *Space, te *toldEdges) [][]PartMove {
	pp := sp.ProcessParts()
	moves := make([][]PartMove, pp.Processes())
	for i, from := range te.from {
		a := pp.Word(from)
		for _, e := range te.edges[i] {
			if e.Fault {
				continue
			}
			b := pp.Word(e.To)
			for p := range moves {
				m := pp.Mask(p)[0]
				moved := (int(e.Process) == p && !e.Flush) || int(e.Partner) == p
				if moved || a&m != b&m {
					moves[p] = append(moves[p], PartMove{a & m, b & m})
				}
			}
		}
	}
	for p := range moves {
		slices.SortFunc(moves[p], func(x, y PartMove) int {
			return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To))
		})
		moves[p] = slices.Compact(moves[p])
	}
	return moves
}

// TestPartMovesAreTheEdges checks, on every library model and on programs
// of faults and broadcasts, that the moves of the
// processes' parts a search notes (Options.PartMoves) are those of the
// edges it tells of, read from the stored keys, with one, two and three
// workers; and that a search notes none where its keys take more than one
// word.
func TestPartMovesAreTheEdges(t *testing.T) {
	files, err := filepath.Glob("../models/lib/*.ilv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	texts := map[string]string{
		// A step that faults: x overflows.
		"overflow.ilv": `model overflow
var x: 0..2 = 0
process P[i in 0..1] {
    loop { x = x + 1 }
}
`,
		// A broadcast moves the waiting processes out of the queue: their
		// parts change on a move of another.
		"broadcast.ilv": `model broadcast
monitor M {
    var busy: bool = false
    cond free
    proc enter() {
        while busy { wait(free) }
        busy = true
    }
    proc leave() {
        busy = false
        broadcast(free)
    }
}
process P[i in 0..2] {
    loop {
        noncritical
        M.enter()
        critical { skip }
        M.leave()
    }
}
`,
		// Keys of several words, which note nothing.
		"wide.ilv": wideModel,
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		texts[filepath.Base(f)] = string(text)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range texts {
			if !yield(name) {
				return
			}
		}
	})
	noted, partners, others := 0, 0, 0
	for _, name := range names {
		p, err := lang.Compile(lang.File{Name: name, Text: []byte(texts[name])}, lang.Options{})
		require.NoError(t, err, name)
		m, err := New(p)
		require.NoError(t, err, name)
		var first [][]PartMove
		for _, workers := range []int{1, 2, 3} {
			te := &toldEdges{}
			sp, err := Search(context.Background(), m, Options{Workers: workers, MaxStates: 200000, Edges: te.tell, PartMoves: true}, te)
			require.NoError(t, err, name)
			if !sp.Outcome.Complete {
				break
			}
			moves, ok := sp.PartMoves()
			if sp.ProcessParts().Words() > 1 {
				assert.False(t, ok, "%s: moves noted with keys of several words", name)
				continue
			}
			require.True(t, ok, "%s: no moves noted", name)
			require.Equal(t, movesOfEdges(sp, te), moves, "%s, %d workers", name, workers)
			if workers == 1 {
				first = moves
				noted++
				pp := sp.ProcessParts()
				for i, edges := range te.edges {
					a := pp.Word(te.from[i])
					for _, e := range edges {
						switch {
						case e.Fault, e.Flush:
						default:
							if e.Partner >= 0 {
								partners++
							}
							b := pp.Word(e.To)
							for q := range pp.Processes() {
								if q != int(e.Process) && q != int(e.Partner) && (a^b)&pp.Mask(q)[0] != 0 {
									others++
								}
							}
						}
					}
				}
				continue
			}
			require.Equal(t, first, moves, "%s: the moves with %d workers against one", name, workers)
		}
	}
	assert.GreaterOrEqual(t, noted, 20, "models whose moves were noted")
	assert.Positive(t, partners, "no rendezvous")
	assert.Positive(t, others, "no transition that changes another process's part")
}

// TestMoveSetNotes checks what a chunk's set of moves holds after notes of
// each kind: a mover's move, a partner's, a flush's (no mover), moves of
// other processes whose parts change, a move noted twice, more moves of a
// process than its cache holds; and that a set past maxMoveNotes gives up.
func TestMoveSetNotes(t *testing.T) {
	// Three processes, their parts in bytes 0, 1 and 2 of a key.
	n := &partMoveNotes{masks: []uint64{0xff, 0xff00, 0xff0000}, all: 0xffffff}
	s := n.newSet()
	s.note(0, -1, 0x000001, 0x000002)  // P0 alone
	s.note(1, 2, 0x030000, 0x030000)   // P1 with P2, neither part changes
	s.note(-1, -1, 0x000000, 0x000100) // a flush that changes P1's part
	s.note(0, -1, 0x010001, 0x020002)  // P0, and P2's part changes
	s.note(0, -1, 0x000001, 0x000002)  // again
	p2 := []PartMove{{0x010000, 0x020000}, {0x030000, 0x030000}}
	for k := range uint64(200) {
		// More moves of P2 than its cache holds.
		s.note(2, -1, k<<16, (k+1)<<16)
		p2 = append(p2, PartMove{k << 16, (k + 1) << 16})
	}
	slices.SortFunc(p2, func(x, y PartMove) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To))
	})
	p2 = slices.Compact(p2)
	assert.Equal(t, [][]PartMove{{{1, 2}}, {{0, 0}, {0, 0x100}}, p2}, n.join())
	require.False(t, n.failed.Load())
	// One process of a part of 32 bits, and more moves than a set keeps.
	n = &partMoveNotes{masks: []uint64{0xffffffff}, all: 0xffffffff}
	s = n.newSet()
	for k := range uint64(maxMoveNotes + 1) {
		s.note(0, -1, k, k+1)
	}
	assert.True(t, n.failed.Load(), "more moves than a set keeps")
	assert.Nil(t, n.join())
}
