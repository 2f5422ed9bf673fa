package checker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// compile compiles library model name with consts.
func compile(tb testing.TB, name string, consts map[string]int32) *ir.Program {
	tb.Helper()
	m, ok := models.Lookup(name)
	require.True(tb, ok, "no model %s", name)
	p, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{Consts: consts})
	require.NoError(tb, err)
	return p
}

func TestLivenessDeterministic(t *testing.T) {
	tests := []struct {
		name   string
		consts map[string]int32
	}{
		// 15624 states: the graph is built in several windows of chunks.
		{"filter_lock", map[string]int32{"N": 4}},
		{"bakery", nil},
		{"sem_lock3", nil},
		{"readers_writers", nil},
		{"strict_alternation", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, tt.name, tt.consts)
			one, err := checker.Run(context.Background(), p, checker.Options{Workers: 1})
			require.NoError(t, err)
			for _, w := range []int{2, 3, 8} {
				res, err := checker.Run(context.Background(), p, checker.Options{Workers: w})
				require.NoError(t, err)
				assert.Equal(t, one.Checks, res.Checks, "workers %d", w)
				assert.Equal(t, one.Stats.GraphBytes, res.Stats.GraphBytes, "workers %d", w)
			}
		})
	}
}

func TestLibraryLiveness(t *testing.T) {
	tests := []struct {
		name     string
		consts   map[string]int32
		fairness ir.Fairness
		// verdicts of progress, starvation and bounded_waiting, and the bound
		// (-1: unbounded), as LANGUAGE.md section 7 and the models' comments
		// give them.
		progress, starvation, waiting string
		bound                         int
	}{
		{"peterson", nil, ir.FairWeak, "holds", "holds", "holds", 1},
		{"peterson", nil, ir.FairNone, "violated", "violated", "holds", 1},
		{"strict_alternation", nil, ir.FairWeak, "violated", "violated", "holds", 1},
		{"tsl_spinlock", nil, ir.FairWeak, "holds", "violated", "violated", -1},
		{"sem_lock", nil, ir.FairWeak, "holds", "holds", "holds", 0},
		{"sem_lock3", nil, ir.FairWeak, "holds", "violated", "violated", -1},
		{"sem_lock3_fifo", nil, ir.FairWeak, "holds", "holds", "holds", 1},
		{"sem_lock_busy", nil, ir.FairWeak, "holds", "violated", "violated", -1},
		{"sem_lock_busy", nil, ir.FairStrong, "holds", "holds", "violated", -1},
		{"filter_lock", map[string]int32{"N": 3}, ir.FairWeak, "holds", "holds", "violated", -1},
		{"bakery", map[string]int32{"N": 3}, ir.FairWeak, "holds", "holds", "holds", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.fairness.String(), func(t *testing.T) {
			p := compile(t, tt.name, tt.consts)
			p.Fairness = tt.fairness
			res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"progress", "starvation", "bounded_waiting"}})
			require.NoError(t, err)
			got := verdicts(res)
			assert.Equal(t, tt.progress, got["progress"], "progress")
			assert.Equal(t, tt.starvation, got["starvation"], "starvation")
			assert.Equal(t, tt.waiting, got["bounded_waiting"], "bounded_waiting")
			assert.Equal(t, tt.bound, boundOf(check(t, res, "bounded_waiting")))
			for _, c := range res.Checks {
				if c.Verdict == checker.Violated {
					replayLasso(t, p, c.Trace)
				}
			}
		})
	}
}

// TestSafetyTracesBesideLiveness: the counterexamples of the safety checks
// are the same whether or not a liveness check runs beside them, and so
// whether the store keeps the states' parents or the recorded graph names
// them: for every library model that violates a safety check, for complete
// searches, for searches stopped at the first violation and for searches
// ended by the state limit, with one worker and two.
func TestSafetyTracesBesideLiveness(t *testing.T) {
	compared := 0
	for _, md := range models.All() {
		p := compile(t, md.Name, nil)
		var safety, all []string
		for _, c := range p.Checks {
			all = append(all, c.Name)
			switch c.Kind {
			case ir.CheckProgress, ir.CheckStarvation, ir.CheckBoundedWaiting, ir.CheckLeadsTo:
			default:
				safety = append(safety, c.Name)
			}
		}
		if len(safety) == len(all) {
			continue
		}
		for _, o := range []checker.Options{{Workers: 1}, {Workers: 2}, {Workers: 1, StopAtFirst: true}, {Workers: 2, StopAtFirst: true}, {Workers: 1, MaxStates: 300}} {
			o.Reduce = checker.ReduceNone
			o.Checks = safety
			alone, err := checker.Run(context.Background(), p, o)
			require.NoError(t, err)
			o.Checks = all
			beside, err := checker.Run(context.Background(), p, o)
			require.NoError(t, err)
			for _, want := range alone.Checks {
				for _, got := range beside.Checks {
					if got.Name == want.Name && want.Trace != nil {
						assert.Equal(t, want.Verdict, got.Verdict, "%s %s %+v", md.Name, want.Name, o)
						assert.Equal(t, want.Trace, got.Trace, "%s %s %+v", md.Name, want.Name, o)
						compared++
					}
				}
			}
		}
	}
	require.Positive(t, compared, "no safety counterexample beside a liveness check")
	t.Log(compared, "counterexamples compared")
}
