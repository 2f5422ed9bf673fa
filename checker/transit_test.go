package checker

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// coreModels returns programs whose starvation checks lean on each part
// of the cores' argument (transit.go), beside the library's, by name.
func coreModels() map[string]string {
	models := map[string]string{
		// A process that finds the lock taken goes back to noncritical: it
		// leaves trying other than into critical, and may then stay at
		// noncritical forever, never having entered.
		"giveup.ilv": `model giveup
var lock: bool = false
process P[i in 0..1] {
    loop {
        noncritical
        if !lock {
            lock = true
            critical { skip }
            lock = false
        }
    }
}
check starvation
`,
		// A process spins in its entry section on parts that are never
		// disabled: the parts lie on a cycle of its parts' graph.
		"spin.ilv": `model spin
var turn: 0..1 = 0
process P[i in 0..1] {
    loop {
        noncritical
        while turn != i { }
        critical { skip }
        turn = 1 - i
    }
}
check starvation
`,
		// A process waits on a condition in a loop in its entry section: the
		// others' signals move it on (its part changes on their moves).
		"monitor.ilv": `model monitor
monitor M {
    var busy: bool = false
    cond free
    proc enter() {
        while busy {
            wait(free)
        }
        busy = true
    }
    proc leave() {
        busy = false
        signal(free)
    }
}
process P[i in 0..1] {
    loop {
        noncritical
        M.enter()
        critical { skip }
        M.leave()
    }
}
check starvation
`,
		// Locals that change in the entry section: a counted doorway.
		"counted.ilv": `model counted
var flag: [2]bool
var turn: 0..1 = 0
process P[i in 0..1] {
    var n: 0..3 = 0
    loop {
        noncritical
        n = 0
        while n < 3 { n++ }
        flag[i] = true
        turn = 1 - i
        await !flag[1 - i] || turn == i
        critical { skip }
        flag[i] = false
    }
}
check starvation
`,
		// An invariant that fails in some states: the search stops
		// there, and the liveness checks take those states out.
		"pruned.ilv": `model pruned
var x: 0..3 = 0
process P[i in 0..1] {
    loop {
        noncritical
        x = (x + 1 + i) % 4
        await x != 0
        critical { skip }
    }
}
check invariant x != 3
check starvation
`,
	}
	// The monitor with three processes and a broadcast: a process moved out
	// of the queue behind the first is moved by none of the transition's
	// parties.
	models["broadcast.ilv"] = strings.NewReplacer("model monitor", "model broadcast",
		"signal(free)", "broadcast(free)", "P[i in 0..1]", "P[i in 0..2]").Replace(models["monitor.ilv"])
	return models
}

// libraryStarving is the library's models with a starvation check, by
// file name.
func libraryStarving(t *testing.T) map[string]string {
	t.Helper()
	sources := map[string]string{}
	files, err := filepath.Glob("../models/lib/*.ilv")
	require.NoError(t, err)
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		if strings.Contains(string(text), "starvation") {
			sources[filepath.Base(f)] = string(text)
		}
	}
	return sources
}

// TestStarvationCoresChangeNoAnswer checks, on every library model with a
// starvation check and on coreModels, that the check gives the same
// verdict, message and counterexample with the cores as without, with one
// worker and with two, and that a core is found wherever the argument
// allows one.
func TestStarvationCoresChangeNoAnswer(t *testing.T) {
	sources := libraryStarving(t)
	extra := coreModels()
	for name, text := range extra {
		sources[name] = text
	}
	require.Greater(t, len(sources), len(extra))
	violated, withCores, pruned := 0, 0, 0
	for name, text := range sources {
		t.Run(name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: name, Text: []byte(text)}, lang.Options{})
			require.NoError(t, err)
			c := starvationCheck(t, p)
			m, err := explorer.New(p)
			require.NoError(t, err)
			// With the model's other checks, whose violations prune
			// states: their runs end there.
			_, sg := recordGraph(t, m, p.Checks)
			if sg.ph.pruned.Len() > 0 {
				pruned++
			}
			for _, fairness := range []ir.Fairness{ir.FairWeak, ir.FairStrong} {
				if fairness == ir.FairWeak {
					cores, err := sg.starvationCores(context.Background(), nil)
					require.NoError(t, err)
					for _, core := range cores {
						if core != nil {
							withCores++
							break
						}
					}
				}
				for _, workers := range []int{1, 2} {
					sg.workers = workers
					var with, without CheckResult
					sg.noCores = false
					require.NoError(t, sg.decide(context.Background(), c, fairness, &with))
					sg.noCores = true
					require.NoError(t, sg.decide(context.Background(), c, fairness, &without))
					assert.Equal(t, without, with, "fairness %v, %d workers", fairness, workers)
					if fairness == ir.FairWeak && workers == 1 && with.Verdict == Violated {
						violated++
					}
				}
			}
		})
	}
	// The comparison means something only where a core was found and where
	// the answer is a violation, which a core too small would miss.
	t.Logf("%d models, %d with cores, %d violated, %d with pruned states", len(sources), withCores, violated, pruned)
	assert.Greater(t, withCores, len(sources)/2)
	assert.GreaterOrEqual(t, violated, 6)
	assert.Positive(t, pruned, "no model with pruned states")
}

// TestPartsGraphsHoldEveryMove checks the sweeps that the cores rest on: the
// parts' graph of every process, swept from the graph or noted by the
// search (explorer.Options.PartMoves), its parts numbered in one stretch or
// in three, has an edge for every transition of the state graph that moves
// the process or changes its part, and no other; that the facts of each
// part are those of its states; and that the cores found every way are the
// same.
func TestPartsGraphsHoldEveryMove(t *testing.T) {
	others := 0 // transitions that change the part of a process that does not move
	split := 0  // sweeps in stretches
	noted := 0  // parts' graphs the search noted
	models := coreModels()
	// A rendezvous whose receiver comes back to its statement at once: its
	// part is the same after the move as before.
	models["relay.ilv"] = `model relay
chan c: 0..1
var x: 0..1 = 0
process Sender {
    loop {
        noncritical
        c <- 1 - x
        critical { skip }
    }
}
process Receiver {
    loop {
        x = <-c
    }
}
`
	for _, name := range []string{"broadcast.ilv", "monitor.ilv", "counted.ilv", "giveup.ilv", "relay.ilv", "pruned.ilv"} {
		p, err := lang.Compile(lang.File{Name: name, Text: []byte(models[name])}, lang.Options{})
		require.NoError(t, err)
		m, err := explorer.New(p)
		require.NoError(t, err)
		var oneStretch []liveness.NodeSet
		for _, noting := range []bool{false, true} {
			sp, sg := recordGraphNoting(t, m, p.Checks, noting)
			pp := sp.ProcessParts()
			var procs []int
			for p := range pp.Processes() {
				procs = append(procs, p)
			}
			n := sg.g.Nodes()
			// One stretch, then three, which number the parts each in their
			// own order.
			for _, bounds := range [][]int{{0, n}, {0, 64, n / 128 * 64, n}} {
				if len(bounds) > 2 && (!slices.IsSorted(bounds) || bounds[1] == bounds[2]) {
					continue
				}
				split += len(bounds) - 2
				cs := &coreSweeps{sg: sg, pp: pp, numbers: make([]uint32, n), workers: len(bounds) - 1, bounds: bounds}
				pgs := make([]*partGraphs, 0, len(procs))
				for lo := 0; lo < len(procs); lo += groupSize {
					group := procs[lo:min(len(procs), lo+groupSize)]
					pg, err := cs.findPartGraphs(context.Background(), newPartReader(pp, group))
					require.NoError(t, err)
					// The nodes keep their stretch's numbers exactly when
					// the graphs are the search's notes.
					require.Equal(t, noting && pp.Words() == 1, cs.global != nil, "%s: the parts' graphs noted by the search", name)
					if cs.global != nil {
						noted++
					}
					for range group {
						pgs = append(pgs, pg)
					}
				}
				// graph[i] holds procs[i]'s parts' graph, facts[i] the flags
				// of each part, by part.
				graph := make([]map[[2]uint64]bool, len(procs))
				facts := make([]map[uint64]uint8, len(procs))
				for i := range procs {
					pg, j := pgs[i], i%groupSize
					require.True(t, pg.usable[j])
					graph[i], facts[i] = map[[2]uint64]bool{}, map[uint64]uint8{}
					for a, fa := range pg.facts[j] {
						facts[i][fa.part] = fa.flags &^ partPhased
						for b, fb := range pg.facts[j] {
							if pg.moves[j].has(a, b) {
								graph[i][[2]uint64{fa.part, fb.part}] = true
							}
						}
					}
				}
				key, to := make([]uint64, pp.Words()), make([]uint64, pp.Words())
				wantGraph := make([]map[[2]uint64]bool, len(procs))
				wantFacts := make([]map[uint64]uint8, len(procs))
				for i := range procs {
					wantGraph[i], wantFacts[i] = map[[2]uint64]bool{}, map[uint64]uint8{}
				}
				for v := range n {
					pp.Key(explorer.StateID(v), key)
					for i, q := range procs {
						a := pp.Of(key, q)
						want := uint8(0)
						if !sg.g.FairlyEnabled(v, q) {
							want |= partDisabled
						}
						if sg.ph.crit[q].Has(v) {
							want |= partCrit
						}
						if sg.ph.trying[q].Has(v) {
							want |= partTrying
						}
						if sg.ph.pruned.Has(v) {
							want = 0
						}
						wantFacts[i][a] |= want
					}
					lo, hi := sg.g.Out(v)
					for e := lo; e < hi; e++ {
						pp.Key(explorer.StateID(sg.g.Target(e)), to)
						mv := sg.g.Move(e)
						for i, q := range procs {
							a, b := pp.Of(key, q), pp.Of(to, q)
							moves := mv.Proc == q || mv.Partner == q
							if !moves && a == b {
								continue
							}
							if !moves && len(bounds) == 2 {
								others++
							}
							wantGraph[i][[2]uint64{a, b}] = true
						}
					}
				}
				for i, q := range procs {
					require.Equal(t, wantFacts[i], facts[i], "%s: process %d's parts, %d stretches, noted %v", name, q, len(bounds)-1, noting)
					require.Equal(t, wantGraph[i], graph[i], "%s: process %d's parts' graph, %d stretches, noted %v", name, q, len(bounds)-1, noting)
				}
				// The cores, found in stretches side by side, are those found
				// in one.
				cores := make([]liveness.NodeSet, len(procs))
				for lo := 0; lo < len(procs); lo += groupSize {
					require.NoError(t, cs.findCores(context.Background(), newPartReader(pp, procs[lo:min(len(procs), lo+groupSize)]), cores))
				}
				if oneStretch == nil {
					oneStretch = cores
				} else {
					require.Equal(t, oneStretch, cores, "%s: the cores, %d stretches, noted %v", name, len(bounds)-1, noting)
				}
			}
		}
	}
	assert.Positive(t, others, "no transition changes the part of a process that does not move")
	assert.Positive(t, split, "no sweep in several stretches")
	assert.Positive(t, noted, "no parts' graphs noted by the search")
}

// TestPhasesFromParts checks the crit and trying sets that the cores'
// sweeps make from the processes' parts (recorder.settleWithCores): on
// every library model with a starvation check and on coreModels, where
// they are made so, numbered in one stretch or in three, they are those
// of settle, and the cores found with them are those found after settle;
// settleFor, as a run calls it, makes them so too, and leaves them to
// settle for a process with more parts than a number holds. The checks
// are the model's but bounded waiting, whose waiting sets settle makes.
func TestPhasesFromParts(t *testing.T) {
	sources := libraryStarving(t)
	maps.Copy(sources, coreModels())
	// P[1] counts to 200 on its way, in some 400 parts.
	sources["manyparts.ilv"] = strings.NewReplacer("model counted", "model manyparts",
		"n: 0..3", "n: 0..200", "n < 3", "n < 200 * i").Replace(sources["counted.ilv"])
	ctx := context.Background()
	fromParts, missed := 0, 0
	for name, text := range sources {
		t.Run(name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: name, Text: []byte(text)}, lang.Options{})
			require.NoError(t, err)
			checks := slices.DeleteFunc(slices.Clone(p.Checks), func(c *ir.Check) bool { return c.Kind == ir.CheckBoundedWaiting })
			m, err := explorer.New(p)
			require.NoError(t, err)
			_, want := recordGraph(t, m, checks)
			wantCores, err := want.starvationCores(ctx, nil)
			require.NoError(t, err)

			rec, sp, got := recordUnsettled(t, m, checks)
			require.NoError(t, rec.settleFor(ctx, got, 1, checks, ir.FairWeak))
			assert.Equal(t, want.ph.crit, got.ph.crit)
			assert.Equal(t, want.ph.trying, got.ph.trying)
			if !got.coresFound {
				return
			}
			fromParts++
			assert.Equal(t, wantCores, got.cores)

			pp, n := sp.ProcessParts(), got.g.Nodes()
			phases := &partPhases{pcs: rec.pcsInKeys(sp), at: rec.at}
			procs := got.coreProcs()
			for _, bounds := range [][]int{{0, n}, {0, 64, n / 128 * 64, n}} {
				if len(bounds) > 2 && (!slices.IsSorted(bounds) || bounds[1] == bounds[2]) {
					continue
				}
				for q := range procs {
					got.ph.crit[q], got.ph.trying[q] = liveness.NewNodeSet(n), liveness.NewNodeSet(n)
				}
				cs := &coreSweeps{sg: got, pp: pp, numbers: make([]uint32, n), workers: len(bounds) - 1, bounds: bounds, phases: phases}
				cores := make([]liveness.NodeSet, len(procs))
				require.NoError(t, cs.findCores(ctx, newPartReader(pp, procs), cores))
				if cs.phases.missed {
					// Left to settle, which settleFor calls.
					missed++
					continue
				}
				assert.Equal(t, want.ph.crit, got.ph.crit, "%d stretches", len(bounds)-1)
				assert.Equal(t, want.ph.trying, got.ph.trying, "%d stretches", len(bounds)-1)
				assert.Equal(t, wantCores, cores, "%d stretches", len(bounds)-1)
			}
		})
	}
	assert.GreaterOrEqual(t, fromParts, 5, "models whose phases the sweep makes")
	assert.Positive(t, missed, "no process with more parts than a number holds")
}

// recordUnsettled is recordGraph with the node sets left to make: it
// returns the recorder, the search and its graph.
func recordUnsettled(t testing.TB, m *explorer.Machine, checks []*ir.Check) (*recorder, *explorer.Space, *stateGraph) {
	t.Helper()
	v := newSafety(m, checks)
	v.full = true
	rec, err := newRecorder(v)
	require.NoError(t, err)
	sp, err := explorer.Search(context.Background(), m, explorer.Options{Edges: rec.edges}, rec)
	require.NoError(t, err)
	require.True(t, sp.Outcome.Complete)
	sg, err := rec.graphAlone(sp)
	require.NoError(t, err)
	sg.workers = 1
	return rec, sp, sg
}
