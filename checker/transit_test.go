package checker

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	}
	// The monitor with three processes and a broadcast: a process moved out
	// of the queue behind the first is moved by none of the transition's
	// parties.
	models["broadcast.ilv"] = strings.NewReplacer("model monitor", "model broadcast",
		"signal(free)", "broadcast(free)", "P[i in 0..1]", "P[i in 0..2]").Replace(models["monitor.ilv"])
	return models
}

// TestStarvationCoresChangeNoAnswer checks, on every library model with a
// starvation check and on coreModels, that the check gives the same
// verdict, message and counterexample with the cores as without, with one
// worker and with two, and that a core is found wherever the argument
// allows one.
func TestStarvationCoresChangeNoAnswer(t *testing.T) {
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
	extra := coreModels()
	for name, text := range extra {
		sources[name] = text
	}
	require.Greater(t, len(sources), len(extra))
	violated, withCores := 0, 0
	for name, text := range sources {
		t.Run(name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: name, Text: []byte(text)}, lang.Options{})
			require.NoError(t, err)
			var c *ir.Check
			for _, chk := range p.Checks {
				if chk.Kind == ir.CheckStarvation {
					c = chk
				}
			}
			require.NotNil(t, c)
			for _, fairness := range []ir.Fairness{ir.FairWeak, ir.FairStrong} {
				m, err := explorer.New(p)
				require.NoError(t, err)
				v := newSafety(m, []*ir.Check{c})
				v.full = true
				rec, err := newRecorder(v)
				require.NoError(t, err)
				sp, err := explorer.Search(context.Background(), m, explorer.Options{Edges: rec.edges}, rec)
				require.NoError(t, err)
				require.True(t, sp.Outcome.Complete)
				sg, err := rec.graph(sp)
				require.NoError(t, err)
				if fairness == ir.FairWeak {
					cores, err := sg.starvationCores(context.Background())
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
	t.Logf("%d models, %d with cores, %d violated", len(sources), withCores, violated)
	assert.Greater(t, withCores, len(sources)/2)
	assert.GreaterOrEqual(t, violated, 6)
}

// TestPartsGraphsHoldEveryMove checks the sweep that the cores rest on: in
// the parts' graph of every process, found by one goroutine or by two, is
// every transition of the state graph that moves the process or changes
// its part, and the facts of each part are those of its states.
func TestPartsGraphsHoldEveryMove(t *testing.T) {
	others := 0 // transitions that change the part of a process that does not move
	models := coreModels()
	for _, name := range []string{"broadcast.ilv", "monitor.ilv", "counted.ilv", "giveup.ilv"} {
		p, err := lang.Compile(lang.File{Name: name, Text: []byte(models[name])}, lang.Options{})
		require.NoError(t, err)
		m, err := explorer.New(p)
		require.NoError(t, err)
		v := newSafety(m, p.Checks)
		v.full = true
		rec, err := newRecorder(v)
		require.NoError(t, err)
		sp, err := explorer.Search(context.Background(), m, explorer.Options{Edges: rec.edges}, rec)
		require.NoError(t, err)
		sg, err := rec.graph(sp)
		require.NoError(t, err)
		pp := sp.ProcessParts()
		var procs []int
		for p := range pp.Processes() {
			procs = append(procs, p)
		}
		n := sg.g.Nodes()
		for _, stretches := range []int{1, 2} {
			tables := make([][]partTable, stretches)
			for w := range stretches {
				tables[w], err = sg.sweepParts(context.Background(), newPartReader(pp, procs), n*w/stretches, n*(w+1)/stretches)
				require.NoError(t, err)
			}
			// graph[i] holds procs[i]'s parts' graph as "a>b", facts[i]
			// the flags of each part.
			graph := make([]map[[2]uint64]bool, len(procs))
			facts := make([]map[uint64]uint8, len(procs))
			for i := range procs {
				graph[i], facts[i] = map[[2]uint64]bool{}, map[uint64]uint8{}
				for w := range stretches {
					tb := &tables[w][i]
					for _, f := range tb.facts {
						facts[i][f.part] |= f.flags
						for _, raw := range f.next {
							graph[i][[2]uint64{f.part, tb.facts[tb.find(raw)].part}] = true
						}
					}
				}
			}
			key, to := make([]uint64, pp.Words()), make([]uint64, pp.Words())
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
					require.Equal(t, want, facts[i][a]&want, "%s: process %d, state %d", name, q, v)
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
						if !moves && stretches == 1 {
							others++
						}
						require.True(t, graph[i][[2]uint64{a, b}], "%s: process %d, state %d, edge %d", name, q, v, e)
					}
				}
			}
		}
	}
	assert.Positive(t, others, "no transition changes the part of a process that does not move")
}
