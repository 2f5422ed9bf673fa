package models_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// weakRun compiles a model (a file under testdata/litmus, or one of the
// library) and checks it under mem.
func weakRun(t *testing.T, name string, mem ir.Memory) *checker.Result {
	t.Helper()
	var f lang.File
	if text, err := os.ReadFile(filepath.Join("testdata", "litmus", name+".ilv")); err == nil {
		f = lang.File{Name: name + ".ilv", Text: text}
	} else {
		ms, err := models.Load()
		require.NoError(t, err)
		for _, m := range ms {
			if m.Name == name {
				f = lang.File{Name: m.File, Text: m.Source}
			}
		}
		require.NotEmpty(t, f.Name, "no model %s", name)
	}
	p, err := lang.Compile(f, lang.Options{})
	require.NoError(t, err)
	p.Memory = mem
	res, err := checker.Run(context.Background(), p, checker.Options{})
	require.NoError(t, err)
	require.True(t, res.Stats.Complete, "the search was not complete")
	assert.Equal(t, mem, res.Memory)
	return res
}

// TestLitmus checks the textbook litmus tests and lock models under SC, TSO
// and PSO: the verdict of one check under each model.
func TestLitmus(t *testing.T) {
	const h, v = "holds", "violated"
	tests := []struct {
		model, check string
		sc, tso, pso string
	}{
		{"sb", "outcome", h, v, v},
		{"sb_fence", "outcome", h, h, h},
		{"mp", "outcome", h, h, v},
		{"lb", "outcome", h, h, h},
		{"iriw", "outcome", h, h, h},
		{"two_plus_two_w", "outcome", h, h, v},
		{"peterson", "mutex", h, v, v},
		{"peterson_tso_fence", "mutex", h, h, v},
		{"peterson_two_fences", "mutex", h, h, h},
		{"spinlock_pso", "assert", h, h, v},
		{"sem_counter", "outcome", h, h, h},
		{"store_loop", "outcome", h, h, h},
		{"flush_fair", "outcome", h, h, h},
		{"rendezvous", "assert", h, h, h},
		{"flush_fair_none", "outcome", h, h, h},
	}
	for _, tt := range tests {
		for _, mem := range []ir.Memory{ir.SC, ir.TSO, ir.PSO} {
			t.Run(tt.model+"/"+mem.String(), func(t *testing.T) {
				want := []string{tt.sc, tt.tso, tt.pso}[mem]
				res := weakRun(t, tt.model, mem)
				got := ""
				for _, c := range res.Checks {
					if c.Name == tt.check {
						got = c.Verdict.String()
					}
				}
				assert.Equal(t, want, got, "%s under %s", tt.check, mem.Upper())
			})
		}
	}
}
