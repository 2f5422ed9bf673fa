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
