package models_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// TestManifestVerdicts compiles and checks every model of the library under
// each of its expectations and compares every reported verdict, and every
// bounded_waiting bound, with the manifest.
func TestManifestVerdicts(t *testing.T) {
	ms, err := models.Load()
	require.NoError(t, err)
	for _, m := range ms {
		for i, e := range m.Expect {
			t.Run(fmt.Sprintf("%s/%d", m.Name, i+1), func(t *testing.T) {
				p, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{Consts: e.Consts})
				require.NoError(t, err)
				if e.Fairness != "" {
					f, ok := fairness(e.Fairness)
					require.True(t, ok, "fairness %q", e.Fairness)
					p.Fairness = f
				}
				if e.Memory != "" {
					mem, ok := ir.ParseMemory(e.Memory)
					require.True(t, ok, "memory %q", e.Memory)
					p.Memory = mem
				}
				res, err := checker.Run(context.Background(), p, checker.Options{})
				require.NoError(t, err)
				require.True(t, res.Stats.Complete, "the search was not complete")

				got := make(map[string]string, len(res.Checks))
				bounds := make(map[string]int)
				for _, c := range res.Checks {
					got[c.Name] = c.Verdict.String()
					if c.Kind == ir.CheckBoundedWaiting && c.Verdict != checker.Unknown {
						bounds[c.Name] = models.Unbounded
						if c.Bound != nil {
							bounds[c.Name] = *c.Bound
						}
					}
				}
				assert.Equal(t, e.Verdicts, got, "verdicts")
				for name, want := range e.Bounds {
					if b, ok := bounds[name]; ok {
						assert.Equal(t, want, b, "bound of %s", name)
					}
				}
			})
		}
	}
}

func fairness(s string) (ir.Fairness, bool) {
	for _, f := range []ir.Fairness{ir.FairWeak, ir.FairStrong, ir.FairNone} {
		if f.String() == s {
			return f, true
		}
	}
	return 0, false
}
