package explorer

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// journal is a Visitor that writes down, in order, every state, fault and
// dead end it is told of, pruning and stopping as stopAtState does, and
// apart, in order, the edges told of (which two workers tell of on the
// goroutine that does not visit).
type journal struct {
	stop  stopAtState
	lines []string
	told  []string
}

// all is what j wrote down.
func (j *journal) all() string {
	return strings.Join(j.lines, "\n") + "\n" + strings.Join(j.told, "\n")
}

func (j *journal) State(id StateID, s []byte, depth int) Control {
	j.lines = append(j.lines, "state "+strconv.Itoa(int(id))+" "+hex.EncodeToString(s)+" "+strconv.Itoa(depth))
	return j.stop.State(id, s, depth)
}

func (j *journal) Fault(id StateID, t *Transition) Control {
	j.lines = append(j.lines, fmt.Sprintf("fault %d %d %d %d %s", id, t.Index, t.Process, t.PC, t.Fault.Msg))
	return Continue
}

// edges writes down the edges of state from, when the search records them.
func (j *journal) edges(from StateID, s []byte, edges []Edge) {
	line := "edges " + strconv.Itoa(int(from)) + " " + hex.EncodeToString(s)
	for _, e := range edges {
		line += " " + strconv.Itoa(int(e.To)) + "/" + strconv.Itoa(int(e.Process)) + "/" + strconv.Itoa(int(e.Partner)) +
			"/" + strconv.FormatBool(e.Fault) + strconv.FormatBool(e.Flush) + strconv.FormatBool(e.PartnerReady)
	}
	j.told = append(j.told, line)
}

func (j *journal) Deadend(id StateID, s []byte) Control {
	j.lines = append(j.lines, "deadend "+strconv.Itoa(int(id))+" "+hex.EncodeToString(s))
	return Continue
}

// batchedPrograms are the library's models, the side-by-side pairs, and
// programs whose steps fault where the batch runs them.
func batchedPrograms(t *testing.T) map[string]*ir.Program {
	files, err := filepath.Glob("../models/lib/*.ilv")
	require.NoError(t, err)
	pairs, err := filepath.Glob("../checker/testdata/spinpairs/*.ilv")
	require.NoError(t, err)
	programs := map[string]*ir.Program{}
	for _, f := range append(files, pairs...) {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		consts := map[string]int32{}
		if strings.Contains(f, "spinpairs") {
			consts["N"] = 3
		}
		p, err := lang.Compile(lang.File{Name: filepath.Base(f), Text: text}, lang.Options{Consts: consts})
		require.NoError(t, err, f)
		programs[filepath.Base(f)] = p
	}
	for name, text := range faultyPrograms {
		p, err := lang.Compile(lang.File{Name: name + ".ilv", Text: []byte(text)}, lang.Options{})
		require.NoError(t, err, name)
		programs[name] = p
	}
	return programs
}

// faultyPrograms are programs whose steps fault in some states, where
// the batch runs the same steps in others: an assert false in some
// states; an index past its array's end in an assignment; a division by
// zero in a condition.
var faultyPrograms = map[string]string{
	"assert": `model a
var x: [3]0..3
process P[i in 0..2] {
    loop {
        x[i] = (x[i] + 1) % 4
        assert x[0] + x[1] + x[2] < 7
    }
}`,
	"index": `model b
var x: [2]0..3
var k: 0..3 = 0
process P[i in 0..1] {
    loop {
        await k < 3
        k = k + 1
        x[k] = i
    }
}`,
	"division": `model c
var y: 0..2 = 2
process P[i in 0..1] {
    loop {
        if 4 / y > 1 { y = y - 1 } else { y = 2 }
        await 6 / y >= 2
    }
}`,
}

// TestBatchedExpansionIsTheStateAtATimeOne checks that a search whose
// chunks are expanded by batches of states (batch.go) is the search that
// expands them a state at a time: the same states, told in the same order
// with the same ids and depths, the same faults and dead ends, the same
// counts, with one, two and three workers, run to the end, pruned and
// stopped.
func TestBatchedExpansionIsTheStateAtATimeOne(t *testing.T) {
	batched := 0
	for name, p := range batchedPrograms(t) {
		m, err := New(p)
		require.NoError(t, err)
		if m.batch == nil {
			continue
		}
		batched++
		alone, err := New(p)
		require.NoError(t, err)
		alone.batch = nil
		for _, workers := range []int{1, 2, 3} {
			for _, stop := range []stopAtState{{}, {pruneEvery: 5}, {stopAt: 700}} {
				for _, record := range []bool{false, true} {
					where := fmt.Sprintf("%s, %d workers, stop %d, prune %d, edges %v", name, workers, stop.stopAt, stop.pruneEvery, record)
					a, b := &journal{stop: stop}, &journal{stop: stop}
					optsA, optsB := Options{Workers: workers, MaxStates: 20000}, Options{Workers: workers, MaxStates: 20000}
					if record {
						optsA.Edges, optsB.Edges = a.edges, b.edges
					}
					sa, err := Search(context.Background(), m, optsA, a)
					require.NoError(t, err)
					sb, err := Search(context.Background(), alone, optsB, b)
					require.NoError(t, err)
					if a.all() != b.all() {
						require.Equal(t, b.lines, a.lines, where)
						require.Equal(t, b.told, a.told, where)
					}
					if _, ok := faultyPrograms[name]; ok && stop == (stopAtState{}) {
						assert.True(t, strings.Contains(strings.Join(a.lines, "\n"), "fault "), "%s: no fault", where)
					}
					if record {
						assert.NotEmpty(t, a.told, "%s: no edges", where)
					}
					oa, ob := sa.Outcome, sb.Outcome
					assert.Equal(t, []any{ob.States, ob.Transitions, ob.Depth, ob.Complete, ob.Stopped, ob.Limit, sb.Store.Len()},
						[]any{oa.States, oa.Transitions, oa.Depth, oa.Complete, oa.Stopped, oa.Limit, sa.Store.Len()}, where)
				}
			}
		}
	}
	// The library's models and the pairs of SC with keys of one word, and
	// the faulty programs.
	assert.GreaterOrEqual(t, batched, 20)
}

// TestBatchCodeIsOnlyWhereStepsBatch checks which machines a search
// expands by batches: under SC with keys of one word only.
func TestBatchCodeIsOnlyWhereStepsBatch(t *testing.T) {
	programs := batchedPrograms(t)
	for name, want := range map[string]bool{
		"filter.ilv": true, "peterson.ilv": true, "sem_lock3_fifo.ilv": true,
		// Store buffers; keys of two words.
		"peterson_tso.ilv": false, "spinlock_pso.ilv": false, "prodcons_sem.ilv": false,
	} {
		m, err := New(programs[name])
		require.NoError(t, err)
		assert.Equal(t, want, m.batch != nil, name)
	}
}

// batchedMachines are the machines of batchedPrograms that have a batch.
func batchedMachines(t *testing.T) map[string]*Machine {
	machines := map[string]*Machine{}
	for name, p := range batchedPrograms(t) {
		m, err := New(p)
		require.NoError(t, err)
		if m.batch != nil {
			machines[name] = m
		}
	}
	return machines
}

// prunedSearch is the searcher of machine m's first 3000 states, every 7th
// of them pruned, and their number: the states a chunk of the tests below
// expands.
func prunedSearch(t *testing.T, m *Machine) (*searcher, StateID) {
	sp, err := Search(context.Background(), m, Options{MaxStates: 3000}, &stopAtState{})
	require.NoError(t, err)
	n := StateID(sp.Store.Len())
	sr := &searcher{st: sp.Store, sp: sp}
	for id := StateID(0); id < n; id += 7 {
		sr.control(id, Prune)
	}
	return sr, n
}

// TestFirstsFiledAsExpandedAreTheRepeatsPass checks that a chunk whose
// successors are filed as firsts or repeats as the batch computes them
// (fileFirsts) holds what the pass over its kept keys finds
// (findRepeats), which a chunk that workers insert together takes: the
// same firsts, their keys and hashes, kinds, counts and tallies, and when
// the search records, each successor's first and the edges; its pruned
// states left to the walk.
func TestFirstsFiledAsExpandedAreTheRepeatsPass(t *testing.T) {
	filed, chunks := 0, 0
	for name, m := range batchedMachines(t) {
		sr, n := prunedSearch(t, m)
		// One goroutine merges the chunks of va; the workers insert those
		// of vb together.
		var va, vb view
		va.take(sr, 0, n)
		vb.take(sr, 0, n)
		va.ranges, vb.ranges = 1, 2
		r := newReducer(m, Options{}).expander(&va)
		mask := ^uint64(0) >> (64 - 8*min(va.size, 8))
		var a, b chunk
		for _, record := range []bool{false, true} {
			for lo := StateID(0); lo < n; lo += 100 {
				where := fmt.Sprintf("%s, states %d on, edges %v", name, lo, record)
				a.lo, a.hi, b.lo, b.hi = lo, min(lo+100, n), lo, min(lo+100, n)
				a.expand(&va, r, m.batch, nil, record)
				b.expand(&vb, r, m.batch, nil, record)
				require.NoError(t, a.err, where)
				require.NoError(t, b.err, where)
				require.NotEmpty(t, b.hashes, where)
				if len(a.hashes) == 0 && len(a.kinds) > 0 {
					filed++
				}
				chunks++
				assert.Equal(t, b.kinds, a.kinds, where)
				assert.Equal(t, b.counts, a.counts, where)
				assert.Equal(t, b.tallies, a.tallies, where)
				assert.Equal(t, b.firsts, a.firsts, where)
				require.Len(t, a.firstKeys, len(b.firstKeys), where)
				for k := range a.firstKeys {
					assert.Equal(t, binary.LittleEndian.Uint64(b.firstKeys[k][:])&mask, binary.LittleEndian.Uint64(a.firstKeys[k][:])&mask, where)
				}
				assert.True(t, a.wordKeys, where)
				if record && len(a.hashes) == 0 {
					assert.Equal(t, b.repeat, a.repeat, where)
					assert.Equal(t, b.edges, a.edges, where)
					assert.True(t, a.batched, where)
				}
			}
		}
	}
	// Most chunks are filed: those whose every step the batch ran.
	assert.Greater(t, filed, chunks/2, "%d chunks", chunks)
}

// TestAPriorsSuccessorsAreRepeats checks that a chunk filed with the chunk
// before it as its prior (fileFirsts) takes as repeats exactly the
// successors that are none of its own earlier ones but one of the
// prior's, and files the others as it does without a prior: the same
// counts, the same kinds elsewhere, the firsts and tallies less those
// repeats.
func TestAPriorsSuccessorsAreRepeats(t *testing.T) {
	ofPrior := 0
	for name, m := range batchedMachines(t) {
		sr, n := prunedSearch(t, m)
		var v view
		v.take(sr, 0, n)
		v.ranges = 1
		r := newReducer(m, Options{}).expander(&v)
		mask := ^uint64(0) >> (64 - 8*min(v.size, 8))
		word := func(k [8]byte) uint64 { return binary.LittleEndian.Uint64(k[:]) & mask }
		// ring holds a chunk and its prior; alone is each chunk filed
		// without one, and priorKeys the prior's distinct successors.
		var ring [2]chunk
		var alone chunk
		priorKeys := map[uint64]bool{}
		for i, lo := 0, StateID(0); lo < n; i, lo = i+1, lo+100 {
			where := fmt.Sprintf("%s, states %d on", name, lo)
			c, before := &ring[i%2], &ring[(i+1)%2]
			c.lo, c.hi, alone.lo, alone.hi = lo, min(lo+100, n), lo, min(lo+100, n)
			c.prior = priorIf(before)
			c.expand(&v, r, m.batch, nil, false)
			alone.expand(&v, r, m.batch, nil, false)
			require.NoError(t, c.err, where)
			require.NoError(t, alone.err, where)
			if !alone.seenAll {
				assert.False(t, c.seenAll, where)
				priorKeys = map[uint64]bool{}
				continue
			}
			require.True(t, c.seenAll, where)
			assert.Equal(t, i > 0 && before.seenAll, c.prior != nil, where)
			assert.Equal(t, alone.counts, c.counts, where)
			require.Len(t, c.kinds, len(alone.kinds), where)
			// The firsts alone, less those of the prior's successors.
			var firsts []uint64
			var firstKeys []uint64
			for f, k := range alone.firstKeys {
				if !priorKeys[word(k)] || c.prior == nil {
					firsts, firstKeys = append(firsts, alone.firsts[f]), append(firstKeys, word(k))
				}
			}
			assert.Equal(t, firsts, c.firsts, where)
			got := make([]uint64, len(c.firstKeys))
			for f, k := range c.firstKeys {
				got[f] = word(k)
			}
			assert.Equal(t, firstKeys, got, where)
			f, tally := 0, 0
			for j, cnt := range alone.counts {
				nFirsts := 0
				for range max(cnt, 0) {
					switch {
					case alone.kinds[tally] == toRepeat:
						assert.Equal(t, uint8(toRepeat), c.kinds[tally], where)
					case c.prior != nil && priorKeys[word(alone.firstKeys[f])]:
						assert.Equal(t, uint8(toRepeat), c.kinds[tally], where)
						ofPrior++
						f++
					default:
						assert.Equal(t, alone.kinds[tally], c.kinds[tally], where)
						nFirsts++
						f++
					}
					tally++
				}
				if cnt >= 0 {
					assert.Equal(t, tallyOf(cnt, nFirsts), c.tallies[j], where)
				}
			}
			priorKeys = map[uint64]bool{}
			for _, k := range alone.firstKeys {
				priorKeys[word(k)] = true
			}
		}
	}
	// Neighbouring chunks share successors.
	assert.Positive(t, ofPrior)
}
