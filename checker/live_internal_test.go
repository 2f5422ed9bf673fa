package checker

import (
	"context"
	"fmt"
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
	"github.com/interleave/interleave/models"
)

// TestSearchesSideBySide decides the per-process checks of library models
// with one search at a time and with several side by side, in dense and in
// compact scratch: the results are the same, the first violation in the
// order of the processes among them. sem_lock3 starves its first process;
// readers_writers its last, the writer, while the readers before it do not
// starve; the filter lock does not starve any process, and a waiting one is
// overtaken without bound (the models' comments and the manifest say so).
func TestSearchesSideBySide(t *testing.T) {
	tests := []struct {
		name   string
		consts map[string]int32
		// starved is the process of the starvation counterexample, -1
		// when starvation holds; unbounded, whether bounded waiting, when
		// the model checks it, is violated.
		starved   int
		unbounded bool
	}{
		{"sem_lock3", nil, 0, true},
		{"readers_writers", nil, 2, false},
		{"filter_lock", map[string]int32{"N": 3}, -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, ok := models.Lookup(tt.name)
			require.True(t, ok)
			p, err := lang.Compile(lang.File{Name: md.File, Text: md.Source}, lang.Options{Consts: tt.consts})
			require.NoError(t, err)
			m, err := explorer.New(p)
			require.NoError(t, err)
			var checks []*ir.Check
			for _, c := range p.Checks {
				if c.Kind == ir.CheckStarvation || c.Kind == ir.CheckBoundedWaiting {
					checks = append(checks, c)
				}
			}
			require.NotEmpty(t, checks)
			_, sg := recordGraph(t, m, checks)
			for _, c := range checks {
				sg.workers, sg.compact = 1, false
				var want CheckResult
				require.NoError(t, sg.decide(context.Background(), c, p.Fairness, &want))
				switch {
				case c.Kind == ir.CheckStarvation && tt.starved < 0:
					require.Equal(t, Holds, want.Verdict, c.Name)
				case c.Kind == ir.CheckStarvation:
					require.Equal(t, Violated, want.Verdict, c.Name)
					require.Equal(t, tt.starved, want.Trace.Waiter, c.Name)
				case tt.unbounded:
					require.Equal(t, Violated, want.Verdict, c.Name)
				default:
					require.Equal(t, Holds, want.Verdict, c.Name)
				}
				for _, workers := range []int{2, 3} {
					for _, compact := range []bool{false, true} {
						sg.workers, sg.compact = workers, compact
						var got CheckResult
						require.NoError(t, sg.decide(context.Background(), c, p.Fairness, &got))
						assert.Equal(t, want, got, fmt.Sprintf("%s, %d workers, compact %v", c.Name, workers, compact))
					}
				}
			}
		})
	}
}

// TestCrowded: dense scratch is kept unless the searches side by side would
// take the heap past half the memory limit.
func TestCrowded(t *testing.T) {
	assert.False(t, crowded(0, 2, 1<<30), "no limit")
	assert.False(t, crowded(1, 1, 1<<30), "one search at a time")
	assert.False(t, crowded(1<<50, 2, 1<<20), "far below the limit")
	assert.True(t, crowded(1<<30, 2, 1<<27), "the scratch alone is 1 GiB")
	assert.True(t, crowded(1<<10, 2, 1), "the heap alone is past half the limit")
}

// TestCritMasksAreTheCritSets checks that the processes in critical that
// critMasks gives each node are those of the phases' sets, on the library's
// models with a bounded waiting check (of 2 to 4 processes, a node's mask
// in 4 bits) and on them with their sets of processes in critical taken
// twice (5 to 8, a byte); and that it gives none past 8 processes.
func TestCritMasksAreTheCritSets(t *testing.T) {
	files, err := filepath.Glob("../models/lib/*.ilv")
	require.NoError(t, err)
	checked := map[bool]int{}
	for _, f := range files {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		if !strings.Contains(string(text), "bounded_waiting") {
			continue
		}
		p, err := lang.Compile(lang.File{Name: f, Text: text}, lang.Options{})
		require.NoError(t, err)
		m, err := explorer.New(p)
		require.NoError(t, err)
		_, sg := recordGraph(t, m, p.Checks)
		crit := sg.ph.crit
		for _, sets := range [][]liveness.NodeSet{crit, append(slices.Clone(crit), crit...)} {
			if len(sets) > 8 {
				continue
			}
			sg.ph.crit = sets
			for _, workers := range []int{1, 2} {
				sg.workers = workers
				cm := sg.critMasks()
				require.NotNil(t, cm)
				for v := range sg.g.Nodes() {
					for j, set := range sets {
						require.Equal(t, set.Has(v), cm.of(v)&(1<<j) != 0, "%s: node %d, process %d of %d", f, v, j, len(sets))
					}
				}
				checked[cm.nibbles]++
			}
		}
		sg.ph.crit = make([]liveness.NodeSet, 9)
		assert.Nil(t, sg.critMasks(), "masks of 9 processes")
	}
	assert.Positive(t, checked[true], "no masks in 4 bits")
	assert.Positive(t, checked[false], "no masks in a byte")
}
