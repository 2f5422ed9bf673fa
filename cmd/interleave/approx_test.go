package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
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
	for _, args := range [][]string{
		{"--swarm", "2/5", "--no-color", "-D", "N=3", "filter_lock"},
		{"--swarm", "1/5", "--format", "json", "peterson_swapped"},
		{"--swarm", "4/5", "--format", "json", "peterson_swapped"},
	} {
		var outs []string
		for _, w := range []string{"1", "2", "3"} {
			_, stdout, _ := runMain(append([]string{"check", "--workers", w}, args...)...)
			outs = append(outs, timeless(stdout))
		}
		require.Contains(t, outs[0], "seed", args)
		assert.Equal(t, outs[0], outs[1], args)
		assert.Equal(t, outs[0], outs[2], args)
	}
}

// timeless blanks the figures of a text report that depend on the clock.
func timeless(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), `"seconds": `) {
			lines[i] = ""
		}
		if strings.HasPrefix(l, "states ") {
			if j := strings.Index(l, "  time "); j >= 0 {
				lines[i] = l[:j]
			}
		}
	}
	return strings.Join(lines, "\n")
}

// shards runs check --swarm I/n --format json on model for each i of is and
// writes the reports into dir, returning their paths.
func shards(t *testing.T, dir, model string, n int, is ...int) []string {
	t.Helper()
	var paths []string
	for _, i := range is {
		code, stdout, stderr := runMain("check", "--swarm", fmt.Sprintf("%d/%d", i, n), "--format", "json", model)
		require.Contains(t, []int{exitViolated, exitLimit}, code, stderr)
		p := filepath.Join(dir, fmt.Sprintf("%s-%d.json", model, i))
		require.NoError(t, os.WriteFile(p, []byte(stdout), 0o644))
		paths = append(paths, p)
	}
	return paths
}

func TestMerge(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	bad := shards(t, dir, "peterson_swapped", 4, 1, 2, 3, 4)
	code, stdout, stderr := runMain(append([]string{"merge"}, bad...)...)
	assert.Equal(t, exitViolated, code, stderr)
	assert.Contains(t, stdout, "mutex     violated  P[0] and P[1] are both in critical\n")
	assert.Contains(t, stdout, "mutex violated: P[0] and P[1] are both in critical (shard 1, 8 steps)\n")
	assert.Contains(t, stdout, "shards 4 of 4  complete 4")

	good := shards(t, dir, "peterson", 3, 1, 3)
	code, stdout, _ = runMain(append([]string{"merge", "--format", "json"}, good...)...)
	assert.Equal(t, exitLimit, code, "no violation found is not a proof")
	var doc struct {
		Swarm  struct{ Missing []int }
		Checks []struct{ Name, Verdict, Message string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	assert.Equal(t, []int{2}, doc.Swarm.Missing)
	assert.Equal(t, "unknown", doc.Checks[0].Verdict)
	assert.Contains(t, doc.Checks[0].Message, "no violation found (approximate, 2 of 3 shards; missing shard 2; ")

	code, stdout, stderr = runMain("merge", bad[0], good[0])
	assert.Equal(t, exitError, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "interleave: merge: "+good[0]+" is not a shard of the same run as "+bad[0]+": the file differs\n", stderr)

	code, _, stderr = runMain("merge")
	assert.Equal(t, exitError, code)
	assert.Equal(t, "interleave: merge needs the JSON reports of the shards\nRun 'interleave merge --help' for usage.\n", stderr)
}

func TestMergeRefusesAnEditedModel(t *testing.T) {
	requireEngine(t)
	m, ok := models.Lookup("peterson")
	require.True(t, ok)
	dir := t.TempDir()
	model := filepath.Join(dir, "p.ilv")
	var reports []string
	for i, text := range [][]byte{m.Source, append(append([]byte(nil), m.Source...), "\n// edited\n"...)} {
		require.NoError(t, os.WriteFile(model, text, 0o644))
		_, stdout, stderr := runMain("check", "--swarm", fmt.Sprintf("%d/2", i+1), "--format", "json", model)
		require.Contains(t, stdout, `"source_hash": "`, stderr)
		p := filepath.Join(dir, fmt.Sprintf("s%d.json", i+1))
		require.NoError(t, os.WriteFile(p, []byte(stdout), 0o644))
		reports = append(reports, p)
	}
	code, _, stderr := runMain("merge", reports[0], reports[1])
	assert.Equal(t, exitError, code)
	assert.Equal(t, "interleave: merge: "+reports[1]+" is not a shard of the same run as "+reports[0]+": the model's text differs\n", stderr)
}
