package checker_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// approxChecks names the safety checks of p, deadlock always among them.
func approxChecks(p *ir.Program) []string {
	names := []string{"deadlock"}
	for _, c := range p.Checks {
		switch c.Kind {
		case ir.CheckMutex, ir.CheckInvariant:
			names = append(names, c.Name)
		}
	}
	return names
}

func TestApproxFindsTheViolationsOfTheExactSearch(t *testing.T) {
	for _, mod := range models.All() {
		t.Run(mod.Name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: mod.File, Text: mod.Source}, lang.Options{})
			require.NoError(t, err)
			opts := checker.Options{Checks: approxChecks(p), MaxStates: 300000}
			exact, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			if !exact.Stats.Complete && exact.Stats.Limit != "" {
				t.Skip("too large for a test")
			}
			for _, ap := range []checker.Approx{{Approx: explorer.Approx{Seed: 1}}, {Approx: explorer.Approx{Seed: 3, Rotate: 2}, Shard: 3, Shards: 4}, {Approx: explorer.Approx{Seed: 4, DepthFirst: true}, Shard: 4, Shards: 4}} {
				opts.Approx = &ap
				res, err := checker.Run(context.Background(), p, opts)
				require.NoError(t, err)
				require.NotNil(t, res.Approx)
				assert.Equal(t, ap.Seed, res.Approx.Seed)
				assert.Equal(t, uint(64), res.Approx.Bits)
				assert.Less(t, res.Approx.Missed, 1e-6)
				require.Len(t, res.Checks, len(exact.Checks))
				for i, want := range exact.Checks {
					got := res.Checks[i]
					switch want.Verdict {
					case checker.Violated:
						require.Equal(t, checker.Violated, got.Verdict, want.Name)
						if ap.DepthFirst {
							assert.GreaterOrEqual(t, len(got.Trace.Steps), len(want.Trace.Steps), want.Name)
						} else {
							assert.Equal(t, len(want.Trace.Steps), len(got.Trace.Steps), want.Name)
						}
						if ap.Rotate == 0 && !ap.DepthFirst {
							assert.Equal(t, want.Message, got.Message, want.Name)
							assert.Equal(t, want.Trace, got.Trace, want.Name)
						}
					case checker.Holds:
						assert.Equal(t, checker.Unknown, got.Verdict, want.Name)
						assert.Equal(t, res.Approx.NotFound(), got.Message, want.Name)
					}
				}
				if !ap.DepthFirst && ap.Rotate == 0 || exact.Stats.Complete && res.Stats.Complete {
					assert.Equal(t, exact.Stats.States, res.Stats.States)
					assert.Equal(t, exact.Stats.Transitions, res.Stats.Transitions)
				}
			}
		})
	}
}

func TestApproxLivenessIsUnknown(t *testing.T) {
	p := compile(t, "peterson", nil)
	res, err := checker.Run(context.Background(), p, checker.Options{Approx: &checker.Approx{}})
	require.NoError(t, err)
	for _, c := range res.Checks {
		switch c.Kind {
		case ir.CheckProgress, ir.CheckStarvation, ir.CheckBoundedWaiting, ir.CheckLeadsTo:
			assert.Equal(t, checker.Unknown, c.Verdict, c.Name)
			assert.Equal(t, "an approximate search does not decide liveness checks", c.Message, c.Name)
		default:
			assert.Equal(t, checker.Unknown, c.Verdict, c.Name)
			assert.Contains(t, c.Message, "no violation found (approximate: probability of a missed state ", c.Name)
		}
	}
}

func TestApproxWithCollisionsNeverHolds(t *testing.T) {
	for _, name := range []string{"peterson", "bakery", "sem_lock3"} {
		p := compile(t, name, nil)
		exact, err := checker.Run(context.Background(), p, checker.Options{Checks: approxChecks(p)})
		require.NoError(t, err)
		for _, bits := range []uint{3, 6, 10} {
			res, err := checker.Run(context.Background(), p, checker.Options{Checks: approxChecks(p), Approx: &checker.Approx{Approx: explorer.Approx{Bits: bits}}})
			require.NoError(t, err)
			assert.Less(t, res.Stats.States, exact.Stats.States, "%s, %d bits", name, bits)
			assert.Greater(t, res.Approx.Missed, 0.1, "%s, %d bits", name, bits)
			for _, c := range res.Checks {
				assert.NotEqual(t, checker.Holds, c.Verdict, "%s %s, %d bits", name, c.Name, bits)
				if c.Verdict == checker.Violated {
					assert.NotEmpty(t, c.Trace.Steps)
				}
			}
		}
	}
}

func TestProbabilityText(t *testing.T) {
	for p, want := range map[float64]string{0: "0", 2.71e-6: "2.7e-06", 0.0312: "0.031", 1: "1"} {
		assert.Equal(t, want, checker.ProbabilityText(p))
	}
}

func TestSwarmShardsFindTheirOwnRealRuns(t *testing.T) {
	p := compile(t, "peterson_swapped", nil)
	traces := map[string]int{}
	for shard := 1; shard <= 4; shard++ {
		ap := &checker.Approx{Approx: explorer.Approx{Seed: uint64(shard), DepthFirst: shard > 1}, Shard: shard, Shards: 4}
		res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"mutex"}, Approx: ap})
		require.NoError(t, err)
		c := check(t, res, "mutex")
		require.Equal(t, checker.Violated, c.Verdict, "shard %d", shard)
		var key []string
		for _, s := range c.Trace.Steps {
			key = append(key, res.Processes[s.Process]+" "+s.Statement)
		}
		traces[strings.Join(key, "; ")]++
	}
	assert.Greater(t, len(traces), 1, "every shard found the same run")
}
