package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestE2ESimulate(t *testing.T) {
	requireEngine(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string // texts the output must contain
		stderr   string
	}{
		{"steps", []string{"simulate", "peterson", "--seed", "7", "--steps", "12"}, exitHolds,
			[]string{"peterson.ilv: model peterson", "random run with seed 7, at most 12 steps",
				"  step  process  line  statement", "    12  P[", "the run stopped after 12 steps (--steps 12); it could go on"}, ""},
		{"deadlock", []string{"simulate", "dining_naive", "--seed", "1", "--steps", "100000"}, exitHolds,
			[]string{"in a deadlock: no process can move", "blocked: waits in down(fork["}, ""},
		{"terminates", []string{"simulate", "race", "--seed", "3"}, exitHolds,
			[]string{"the run ended after 4 steps: every process has terminated", "terminated"}, ""},
		{"no steps", []string{"simulate", "peterson", "--seed", "1", "--steps", "0"}, exitHolds,
			[]string{"the run stopped after 0 steps"}, ""},
		{"bad steps", []string{"simulate", "peterson", "--steps", "-1"}, exitError, nil,
			"interleave: bad --steps -1: want 0 to 1000000\nRun 'interleave simulate --help' for usage.\n"},
		{"no model", []string{"simulate"}, exitError, nil,
			"interleave: simulate needs one model: a FILE or a built-in model name\nRun 'interleave simulate --help' for usage.\n"},
		{"unknown model", []string{"simulate", "nosuchmodel"}, exitError, nil,
			"interleave: no file or built-in model named nosuchmodel; see interleave models\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(tt.args...)
			assert.Equal(t, tt.wantCode, code, errOut)
			assert.Equal(t, tt.stderr, errOut)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

func TestE2ESimulateIsReproducible(t *testing.T) {
	requireEngine(t)
	_, a, _ := runMain("simulate", "sem_lock3", "--seed", "99", "--steps", "40")
	_, b, _ := runMain("simulate", "sem_lock3", "--seed", "99", "--steps", "40")
	_, c, _ := runMain("simulate", "sem_lock3", "--seed", "100", "--steps", "40")
	assert.Equal(t, a, b, "same seed, same run")
	assert.NotEqual(t, a, c, "another seed, another run")
	_, d, _ := runMain("simulate", "sem_lock3", "--steps", "3")
	assert.Regexp(t, `random run with seed \d+, at most 3 steps`, d, "a drawn seed is printed")
}

func TestE2EGraph(t *testing.T) {
	requireEngine(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
		stderr   string
	}{
		{"dot", []string{"graph", "race"}, exitHolds, []string{"digraph states {", "x=0", "P[0]: tmp = x"}, ""},
		{"highlighted", []string{"graph", "race", "--check", "invariant"}, exitHolds,
			[]string{"race: invariant violated", `label="1. P[`, `label="4. P[`, "invariant violated"}, ""},
		{"too big", []string{"graph", "dining_naive", "--max-states", "100"}, exitError, nil,
			"interleave: dining_naive.ilv: the state graph has more than 100 states, too many to draw (--max-states 100); shrink the model with -D, or raise --max-states\n"},
		{"not violated", []string{"graph", "peterson", "--check", "mutex"}, exitError, nil,
			"interleave: peterson.ilv: check mutex is not violated: there is no counterexample to highlight\n"},
		{"bad format", []string{"graph", "race", "--format", "png"}, exitError, nil,
			"interleave: bad --format \"png\": want dot or svg\nRun 'interleave graph --help' for usage.\n"},
		{"bad max", []string{"graph", "race", "--max-states", "0"}, exitError, nil,
			"interleave: bad --max-states 0: want 1 or more\nRun 'interleave graph --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(tt.args...)
			assert.Equal(t, tt.wantCode, code, errOut)
			assert.Equal(t, tt.stderr, errOut)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

func TestE2EGraphSVG(t *testing.T) {
	requireEngine(t)
	t.Run("with Graphviz", func(t *testing.T) {
		if _, err := exec.LookPath("dot"); err != nil {
			t.Skip("Graphviz's dot is not installed")
		}
		code, out, errOut := runMain("graph", "race", "--format", "svg")
		assert.Equal(t, exitHolds, code, errOut)
		assert.Contains(t, out, "<svg")
	})
	t.Run("without Graphviz", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		code, out, errOut := runMain("graph", "race", "--format", "svg")
		assert.Equal(t, exitError, code)
		assert.Empty(t, out)
		assert.Equal(t, "interleave: --format svg needs Graphviz's dot, which is not installed: install Graphviz, or use --format dot\n", errOut)
	})
}

// TestE2EDotAccepted runs Graphviz's dot on every DOT the program writes for
// the library: each violated check's diagram and each small model's graph.
func TestE2EDotAccepted(t *testing.T) {
	requireEngine(t)
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz's dot is not installed")
	}
	for _, name := range []string{"peterson_swapped", "sleep_wakeup", "readers_writers", "dining_naive", "race", "strict_alternation"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			code, _, errOut := runMain("check", "-q", "--out", dir, name)
			require.Equal(t, exitViolated, code, errOut)
			files, err := filepath.Glob(filepath.Join(dir, "*.dot"))
			require.NoError(t, err)
			require.NotEmpty(t, files)
			// The state graph, for the models small enough to draw.
			if code, graph, _ := runMain("graph", "--max-states", "200", name); code == exitHolds {
				path := filepath.Join(dir, "graph.gv")
				require.NoError(t, os.WriteFile(path, []byte(graph), 0o644))
				files = append(files, path)
			}
			for _, f := range files {
				out, err := exec.Command(dot, "-Tsvg", "-o", os.DevNull, f).CombinedOutput()
				assert.NoError(t, err, "%s: %s", f, out)
			}
		})
	}
}
