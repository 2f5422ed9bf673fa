package main

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
)

// TestReduceSameReport: with and without reductions, every library model
// that has a violated check prints byte for byte the same report but for
// the figures of the search, traces included.
func TestReduceSameReport(t *testing.T) {
	requireEngine(t)
	stats := regexp.MustCompile(`\nstates [^\n]*\n(reduction|por|symmetry)?[^\n]*`)
	reduced := 0
	for _, m := range models.All() {
		if wantExit(m.Expect[0].Verdicts) != exitViolated || len(m.Expect[0].Consts) > 0 {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			_, none, _ := runMain("check", "--reduce", "none", m.Name)
			code, all, stderr := runMain("check", "--reduce", "all", m.Name)
			assert.Equal(t, exitViolated, code, stderr)
			assert.Equal(t, stats.ReplaceAllString(none, ""), stats.ReplaceAllString(all, ""))
			_, none, _ = runMain("check", "--format", "json", "--reduce", "none", m.Name)
			_, all, _ = runMain("check", "--format", "json", m.Name)
			var a, b map[string]any
			require.NoError(t, json.Unmarshal([]byte(none), &a))
			require.NoError(t, json.Unmarshal([]byte(all), &b))
			red := b["stats"].(map[string]any)["reduction"].(map[string]any)
			if len(red["applied"].([]any)) > 0 {
				reduced++
			}
			delete(a, "stats")
			delete(b, "stats")
			assert.Equal(t, a, b)
		})
	}
	assert.GreaterOrEqual(t, reduced, 3, "violated library models reduced by symmetry")
}

func TestReduceFlag(t *testing.T) {
	code, _, stderr := runMain("check", "--reduce", "some", "peterson")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, `bad --reduce "some": want none, por, symmetry or all`)
	code, stdout, stderr := runMain("check", "--reduce", "por", "--stats", "--check", "mutex", "sem_lock3")
	assert.Equal(t, exitHolds, code, stderr)
	assert.Contains(t, stdout, "\nreduction: por\n")
	code, stdout, stderr = runMain("check", "--stats", "--check", "mutex", "sem_lock3")
	assert.Equal(t, exitHolds, code, stderr)
	assert.Contains(t, stdout, "\nreduction: symmetry on P[0..2] (62 states without it)\npor: not applied together with symmetry\n")
	code, stdout, stderr = runMain("check", "--stats", "sem_lock3")
	assert.Equal(t, exitViolated, code, stderr)
	assert.Contains(t, stdout, "\nreduction: none applied\npor: not applied with liveness checks (progress, starvation, bounded_waiting)\n"+
		"symmetry: the states are not reduced with liveness checks (progress, starvation, bounded_waiting); "+
		"their per-process searches run once for each of P[0..2]\n")
}
