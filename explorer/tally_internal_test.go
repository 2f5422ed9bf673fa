package explorer

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/ir"
)

// stopAtState stops the search at its stopAt-th new state, and prunes
// every state whose id is pruneEvery apart from 2.
type stopAtState struct {
	nopVisitor
	stopAt, pruneEvery int
}

func (v stopAtState) State(id StateID, _ []byte, _ int) Control {
	if v.stopAt > 0 && int(id)+1 >= v.stopAt {
		return Stop
	}
	if v.pruneEvery > 0 && int(id)%v.pruneEvery == 2 {
		return Prune
	}
	return Continue
}

// TestTalliedMergeIsTheWalk checks that merging the states of keys of one
// word from their tallies makes the search of keys merged by walking
// their kinds (a store that does not pack): the same states, transitions
// counted, stop and limit, when the search runs to its end, when the
// Visitor prunes states and when it or a limit stops the search inside a
// state's transitions.
func TestTalliedMergeIsTheWalk(t *testing.T) {
	programs := map[string]*ir.Program{
		"counters":    countersProgram(7, 4),
		"filter of 3": filterLock(t, 3),
	}
	for name, p := range programs {
		for _, workers := range []int{1, 2} {
			type stopping struct {
				opts               Options
				stopAt, pruneEvery int
			}
			stops := []stopping{
				{Options{}, 0, 0}, {Options{}, 0, 5}, {Options{}, 3001, 7},
				{Options{MaxStates: 77}, 0, 0}, {Options{MaxStates: 9001}, 0, 0},
			}
			// Stops at states found by transitions at every place among the
			// transitions of the state expanded, repeats before and after.
			for at := 2; at < 3000; at += 31 {
				stops = append(stops, stopping{Options{}, at, 0})
			}
			for _, stop := range stops {
				t.Run(fmt.Sprintf("%s workers %d max %d stop %d prune %d", name, workers, stop.opts.MaxStates, stop.stopAt, stop.pruneEvery), func(t *testing.T) {
					packed, err := New(p)
					require.NoError(t, err)
					require.NotNil(t, packed.codec)
					require.NotNil(t, packed.codec.lanes, "keys of one word")
					walked, err := New(p)
					require.NoError(t, err)
					walked.codec = nil
					opts := stop.opts
					opts.Workers = workers
					a, err := Search(context.Background(), packed, opts, stopAtState{stopAt: stop.stopAt, pruneEvery: stop.pruneEvery})
					require.NoError(t, err)
					b, err := Search(context.Background(), walked, opts, stopAtState{stopAt: stop.stopAt, pruneEvery: stop.pruneEvery})
					require.NoError(t, err)
					assert.Equal(t, b.Store.Len(), a.Store.Len())
					assert.Equal(t, b.Outcome.States, a.Outcome.States)
					assert.Equal(t, b.Outcome.Transitions, a.Outcome.Transitions)
					assert.Equal(t, b.Outcome.Stopped, a.Outcome.Stopped)
					assert.Equal(t, b.Outcome.Limit, a.Outcome.Limit)
					assert.Equal(t, b.Outcome.Complete, a.Outcome.Complete)
					assert.Equal(t, b.Outcome.Depth, a.Outcome.Depth)
				})
			}
		}
	}
}

// TestEdgedMergeIsTheWalk checks that merging the states of keys of one
// word from their tallies where the search records its edges (mergeEdged)
// makes the search of keys merged by walking their kinds: the same states
// and edges told, in the same order, the same counts, stop and limit, run
// to the end, pruned, and stopped by the Visitor or a limit inside a
// state's transitions, with one worker and with two (whose merger leaves
// telling of the edges to the expander).
func TestEdgedMergeIsTheWalk(t *testing.T) {
	programs := map[string]*ir.Program{
		"counters":    countersProgram(7, 4),
		"filter of 3": filterLock(t, 3),
	}
	for name, p := range programs {
		packed, err := New(p)
		require.NoError(t, err)
		require.NotNil(t, packed.codec.lanes, "keys of one word")
		walked, err := New(p)
		require.NoError(t, err)
		walked.codec = nil
		for _, workers := range []int{1, 2} {
			type stopping struct {
				max                int64
				stopAt, pruneEvery int
			}
			stops := []stopping{{0, 0, 0}, {0, 0, 5}, {0, 3001, 7}, {77, 0, 0}, {9001, 0, 0}}
			for at := 2; at < 3000; at += 53 {
				stops = append(stops, stopping{0, at, 0})
			}
			for _, stop := range stops {
				where := fmt.Sprintf("%s workers %d max %d stop %d prune %d", name, workers, stop.max, stop.stopAt, stop.pruneEvery)
				a := &journal{stop: stopAtState{stopAt: stop.stopAt, pruneEvery: stop.pruneEvery}}
				b := &journal{stop: a.stop}
				sa, err := Search(context.Background(), packed, Options{Workers: workers, MaxStates: stop.max, Edges: a.edges}, a)
				require.NoError(t, err)
				sb, err := Search(context.Background(), walked, Options{Workers: workers, MaxStates: stop.max, Edges: b.edges}, b)
				require.NoError(t, err)
				if a.all() != b.all() {
					require.Equal(t, b.lines, a.lines, where)
					require.Equal(t, b.told, a.told, where)
				}
				oa, ob := sa.Outcome, sb.Outcome
				assert.Equal(t, []any{ob.States, ob.Transitions, ob.Depth, ob.Complete, ob.Stopped, ob.Limit},
					[]any{oa.States, oa.Transitions, oa.Depth, oa.Complete, oa.Stopped, oa.Limit}, where)
			}
		}
	}
}

func TestRepeatsBeforeCountsUpToTheFirst(t *testing.T) {
	kinds := []uint8{toRepeat, toNew, toRepeat, toRepeat, toNew, toNew, toRepeat}
	assert.Equal(t, 1, repeatsBefore(kinds, 0))
	assert.Equal(t, 3, repeatsBefore(kinds, 1))
	assert.Equal(t, 3, repeatsBefore(kinds, 2))
	assert.Equal(t, 0, repeatsBefore([]uint8{toNew, toRepeat}, 0))
}

func TestTallyOfWalksWhatDoesNotFit(t *testing.T) {
	assert.Equal(t, uint32(5|3<<16), tallyOf(5, 3))
	assert.Equal(t, tallyWalk, tallyOf(-1, 0), "a pruned state")
	assert.Equal(t, uint32(0), tallyOf(0, 0))
	assert.Equal(t, uint32(0xfffe|0xfffe<<16), tallyOf(0xfffe, 0xfffe))
	assert.Equal(t, tallyWalk, tallyOf(0xffff, 2))
	assert.Equal(t, tallyWalk, tallyOf(1<<20, 0))
}
