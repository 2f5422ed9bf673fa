package explorer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// breadthFirstParents is the parent of every state of a store filled breadth
// first with roots roots, the children of state p numbering counts[p]:
// NoParent for a root.
func breadthFirstParents(roots int, counts []int) []StateID {
	parents := make([]StateID, roots, len(counts))
	for i := range parents {
		parents[i] = NoParent
	}
	for p := 0; len(parents) < len(counts); p++ {
		for range counts[p] {
			parents = append(parents, StateID(p))
		}
	}
	return parents
}

// randomCounts returns the children of n states in a forest that states
// 0..roots-1 start: mostly none to four, now and then 255 to 600 (kept
// whole beside the bytes), never more than the states left, and at least
// one where the states found so far would otherwise all be expanded.
func randomCounts(rng *rand.Rand, roots, n int) []int {
	counts := make([]int, n)
	stored := roots
	for p := 0; p < n && stored < n; p++ {
		k := rng.IntN(5)
		if rng.IntN(500) == 0 {
			k = 255 + rng.IntN(346)
		}
		if p+1 == stored {
			k = max(k, 1)
		}
		k = min(k, n-stored)
		counts[p] = k
		stored += k
	}
	return counts
}

// countedByAdd is the counts of a store filled one state at a time (add)
// with states of the parents given.
func countedByAdd(parents []StateID) *childCounts {
	cc := new(childCounts)
	for id, p := range parents {
		cc.room(id+1, nil)
		if p == NoParent {
			cc.root()
			continue
		}
		cc.add(p)
	}
	return cc
}

func TestChildCountsGiveTheParents(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ roots, n int }{{1, 1}, {1, 2}, {1, 1000}, {3, 70_000}, {1, 1 << 21}} {
		t.Run(fmt.Sprintf("%d roots %d states", tc.roots, tc.n), func(t *testing.T) {
			counts := randomCounts(rng, tc.roots, tc.n)
			want := breadthFirstParents(tc.roots, counts)
			byAdd := countedByAdd(want)
			// The same counts set by four goroutines at once, each a
			// stretch of the parents, as the workers store a window.
			bySet := new(childCounts)
			bySet.room(len(want), nil)
			for range tc.roots {
				bySet.root()
			}
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for p := w * len(counts) / 4; p < (w+1)*len(counts)/4; p++ {
						if counts[p] > 0 {
							bySet.set(StateID(p), counts[p])
						}
					}
				})
			}
			wg.Wait()
			// Asked in a random order, then in order: the index of blocks is
			// built from wherever the first question lands.
			order := rng.Perm(len(want))
			for _, cc := range []*childCounts{byAdd, bySet} {
				for _, id := range order {
					requireParent(t, cc, want, id)
				}
				for id := range want {
					requireParent(t, cc, want, id)
				}
			}
			assert.Equal(t, byAdd.bytes(), bySet.bytes())
		})
	}
}

func TestChildCountsTruncate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 200_000
	counts := randomCounts(rng, 1, n)
	want := breadthFirstParents(1, counts)
	for _, cut := range []int{0, 1, 2, 4095, 4097, 70_000, 150_000, n - 1} {
		t.Run(fmt.Sprintf("to %d", cut), func(t *testing.T) {
			cc := countedByAdd(want)
			// Parents asked before the cut, as a search's visitor may.
			cc.parent(StateID(n - 1))
			cc.truncate(cut, n)
			fresh := countedByAdd(want[:cut])
			assert.Equal(t, fresh.bytes(), cc.bytes(), "the counts of a store of %d states", cut)
			for id := range cut {
				requireParent(t, cc, want, id)
			}
			// Filled again past the cut, the same states from the same
			// parents.
			for id := cut; id < n; id++ {
				cc.room(id+1, nil)
				if want[id] == NoParent {
					cc.root()
				} else {
					cc.add(want[id])
				}
			}
			for id := range want {
				requireParent(t, cc, want, id)
			}
		})
	}
}

func TestChildCountsRefuseAnEarlierParent(t *testing.T) {
	cc := new(childCounts)
	cc.room(4, nil)
	cc.root()
	cc.add(0)
	cc.add(1)
	assert.Panics(t, func() { cc.add(0) })
}

// choiceProgram: a process that sets c to any of 0..k-1 again and again,
// beside a process counting modulo 3: the initial state has k children
// (c set to 1..k-1, and the count).
func choiceProgram(k int) *ir.Program {
	b := irtest.New("choice")
	c := b.Local(0, "c", 0, int32(k-1), 0)
	alts := make([]int, k)
	code := []*ir.Instr{nil}
	for j := range k {
		alts[j] = len(code)
		code = append(code, irtest.Assign(fmt.Sprintf("c = %d", j), irtest.Ref(c), irtest.C(int32(j)), 0))
	}
	code[0] = irtest.Either(alts...)
	b.Process("P", code...)
	d := b.Local(1, "d", 0, 2, 0)
	b.Process("Q", irtest.Assign("d = (d + 1) % 3", irtest.Ref(d),
		irtest.Bin(ir.OpMod, irtest.Bin(ir.OpAdd, irtest.Load(d), irtest.C(1)), irtest.C(3)), 0))
	return b.Program()
}

// TestSearchParentsAreTheFirstExpanded: the parents a search's store counts
// are, for every state but the initial one, the first state in id order
// with a transition to it, with any number of workers: on a model of 65 536
// states, and on one whose initial state has 300 children (a count kept
// beside the bytes), also stopped at 200 states.
func TestSearchParentsAreTheFirstExpanded(t *testing.T) {
	for _, tc := range []struct {
		name      string
		prog      *ir.Program
		maxStates int64
		children  int
	}{
		{"counters", countersProgram(4, 16), 0, 4},
		{"choice", choiceProgram(300), 0, 300},
		{"choice stopped", choiceProgram(300), 200, 300},
	} {
		m, err := New(tc.prog)
		require.NoError(t, err)
		for _, workers := range []int{1, 2, 3} {
			name := fmt.Sprintf("%s, workers %d", tc.name, workers)
			sp, err := Search(context.Background(), m, Options{Workers: workers, MaxStates: tc.maxStates}, nopVisitor{})
			require.NoError(t, err)
			require.NotNil(t, sp.Store.counts, "a search's store counts its parents")
			first := make([]StateID, sp.Store.Len())
			for i := range first {
				first[i] = NoParent
			}
			for id := range StateID(sp.Store.Len()) {
				sp.Edges(id, func(_ *Transition, to StateID, ok bool) {
					if ok && to != 0 && first[to] == NoParent {
						first[to] = id
					}
				})
			}
			for id := range StateID(sp.Store.Len()) {
				if sp.Store.Parent(id) != first[id] {
					require.Equal(t, first[id], sp.Store.Parent(id), "%s, state %d", name, id)
				}
			}
			if tc.maxStates > 0 {
				require.Equal(t, int(tc.maxStates), sp.Store.Len(), name)
			}
			require.Equal(t, min(tc.children, sp.Store.Len()-1), sp.Store.counts.count(0), name)
		}
	}
}

// requireParent stops the test unless cc gives state id the parent of
// want: testify only on a mismatch, for the tests ask millions of times.
func requireParent(t *testing.T, cc *childCounts, want []StateID, id int) {
	if got := cc.parent(StateID(id)); got != want[id] {
		require.Equal(t, want[id], got, "state %d", id)
	}
}
