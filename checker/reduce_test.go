package checker_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// safetyChecks names the checks of p that a reduction may apply to.
func safetyChecks(p *ir.Program) []string {
	var names []string
	for _, c := range p.Checks {
		switch c.Kind {
		case ir.CheckProgress, ir.CheckStarvation, ir.CheckBoundedWaiting, ir.CheckLeadsTo:
		default:
			names = append(names, c.Name)
		}
	}
	return names
}

// sameWithReduction checks p with and without reductions, with every check
// and with the safety checks alone, and requires the same verdicts,
// messages, bounds and traces; where symmetry applied, the orbits of the
// states stored must count the states of the search without it. It returns
// the reduced run of the safety checks, and the arrays whose per-process
// liveness searches ran once (Reduction.LiveOnce) in the run of every check.
func sameWithReduction(t *testing.T, p *ir.Program, workers int) (last *checker.Result, liveOnce []string) {
	t.Helper()
	for _, sel := range [][]string{nil, safetyChecks(p)} {
		for _, first := range []bool{false, true} {
			opts := checker.Options{Checks: sel, Workers: workers, StopAtFirst: first, MaxStates: 2_000_000}
			none, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			opts.Reduce = checker.ReduceAll
			all, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			assert.Equal(t, none.Checks, all.Checks, "checks %v, stop at first %v", sel, first)
			red := all.Stats.Reduction
			require.NotNil(t, red)
			if slices.Contains(red.Applied, "symmetry") && all.Stats.Complete {
				assert.Equal(t, none.Stats.States, red.Unreduced, "states without reduction")
				assert.LessOrEqual(t, all.Stats.States, none.Stats.States)
			}
			if len(red.Applied) == 0 {
				assert.Equal(t, none.Stats.States, all.Stats.States)
			}
			if sel == nil {
				liveOnce = red.LiveOnce
			}
			opts.Reduce = checker.ReducePOR
			por, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			assert.Equal(t, none.Checks, por.Checks, "partial order: checks %v, stop at first %v", sel, first)
			last = all
		}
	}
	return last, liveOnce
}

// TestReductionLibrary: every model of the library gives the same results
// with and without reductions; among them, models whose starvation or
// bounded waiting searches run once for an array of interchangeable
// processes.
func TestReductionLibrary(t *testing.T) {
	liveOnce := 0
	for _, m := range models.All() {
		for i, e := range m.Expect {
			t.Run(fmt.Sprintf("%s/%d", m.Name, i), func(t *testing.T) {
				p, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{Consts: e.Consts})
				require.NoError(t, err)
				if mem, ok := ir.ParseMemory(e.Memory); ok {
					p.Memory = mem
				}
				if f, ok := map[string]ir.Fairness{"weak": ir.FairWeak, "strong": ir.FairStrong, "none": ir.FairNone}[e.Fairness]; ok {
					p.Fairness = f
				}
				res, once := sameWithReduction(t, p, 1)
				if len(once) > 0 {
					liveOnce++
				}
				t.Logf("%s %v: %s", m.Name, e.Consts, res.Stats.Reduction.Text())
			})
		}
	}
	assert.Positive(t, liveOnce, "models whose liveness searches ran once for interchangeable processes")
}

// TestReductionWorkers: reduced searches large enough to be expanded on
// several workers give the same figures and verdicts for any number of them.
func TestReductionWorkers(t *testing.T) {
	tests := []struct {
		name    string
		consts  map[string]int32
		checks  []string
		applied string
	}{
		{"ticket_lock", map[string]int32{"N": 5}, []string{"mutex"}, "symmetry"},
		{"filter_lock", map[string]int32{"N": 4}, []string{"mutex"}, "por"},
		{"cigarette_smokers", nil, nil, "por"},
		{"dining_naive", nil, nil, "por"},
		{"cigarette_smokers_naive", nil, nil, "por"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, tt.name, tt.consts)
			opts := checker.Options{Checks: tt.checks, Reduce: checker.ReduceAll, Workers: 1}
			one, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			require.Equal(t, []string{tt.applied}, one.Stats.Reduction.Applied)
			for _, w := range []int{2, 3} {
				opts.Workers = w
				res, err := checker.Run(context.Background(), p, opts)
				require.NoError(t, err)
				assert.Equal(t, one.Checks, res.Checks, "workers %d", w)
				assert.Equal(t, one.Stats.States, res.Stats.States, "workers %d", w)
				assert.Equal(t, one.Stats.Transitions, res.Stats.Transitions, "workers %d", w)
			}
		})
	}
}
