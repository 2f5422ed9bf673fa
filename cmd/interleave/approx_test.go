package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSwarmFlagErrors(t *testing.T) {
	for _, arg := range []string{"0/4", "5/4", "3", "a/b", "1/0", "-1/2", "2/2000000"} {
		code, stdout, stderr := runMain("check", "--swarm", arg, "peterson")
		assert.Equal(t, exitError, code, arg)
		assert.Empty(t, stdout)
		assert.Equal(t, `interleave: bad --swarm "`+arg+`": want I/N with 1 <= I <= N <= 1048576, e.g. 3/16`+
			"\nRun 'interleave check --help' for usage.\n", stderr)
	}
}

func TestApproxExitStatus(t *testing.T) {
	requireEngine(t)
	code, stdout, _ := runMain("check", "--approx", "--no-color", "peterson")
	assert.Equal(t, exitLimit, code, "no violation found is not a proof")
	assert.Contains(t, stdout, "mutex            unknown  no violation found (approximate: probability of a missed state ")
	assert.Contains(t, stdout, "approximate search: 64-bit hashes, seed 1, probability of a missed state ")
	assert.NotContains(t, stdout, "holds")

	code, stdout, _ = runMain("check", "--swarm", "3/16", "--format", "json", "peterson_swapped")
	assert.Equal(t, exitViolated, code)
	var doc struct {
		Approx struct {
			Seed, Shard, Shards, HashBits int
		}
		Checks []struct{ Name, Verdict string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.Equal(t, 3, doc.Approx.Seed)
	assert.Equal(t, 3, doc.Approx.Shard)
	assert.Equal(t, 16, doc.Approx.Shards)
	assert.Equal(t, "violated", doc.Checks[0].Verdict)
}

func TestApproxIsDeterministic(t *testing.T) {
	requireEngine(t)
	var outs []string
	for _, w := range []string{"1", "2", "3"} {
		_, stdout, _ := runMain("check", "--swarm", "2/5", "--no-color", "--workers", w, "-D", "N=3", "filter_lock")
		outs = append(outs, timeless(stdout))
	}
	require.Contains(t, outs[0], "approximate search: 64-bit hashes, seed 2, shard 2 of 5")
	assert.Equal(t, outs[0], outs[1])
	assert.Equal(t, outs[0], outs[2])
}

// timeless blanks the figures of a text report that depend on the clock.
func timeless(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "states ") {
			if j := strings.Index(l, "  time "); j >= 0 {
				lines[i] = l[:j]
			}
		}
	}
	return strings.Join(lines, "\n")
}
