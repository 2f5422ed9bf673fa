package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless is a model whose state space never ends: x counts up forever.
const endless = "var x: int = 0\nprocess P {\n  loop {\n    x++\n  }\n}\n"

// writeModel writes src to a file named name in a fresh folder.
func writeModel(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return path
}

// TestGraphStopsAtMaxStates requires graph to stop its search one state past
// --max-states, on a model whose space is unbounded.
func TestGraphStopsAtMaxStates(t *testing.T) {
	path := writeModel(t, "endless.ilv", endless)
	code, out, errOut := runMain("graph", "--max-states", "50", path)
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Equal(t, "interleave: "+path+": the state graph has more than 50 states, too many to draw (--max-states 50); shrink the model with -D, or raise --max-states\n", errOut)
}

// TestSimulateBounded requires simulate to refuse a run it could not hold:
// more steps than it allows, or steps of large states adding past its
// memory bound.
func TestSimulateBounded(t *testing.T) {
	code, out, errOut := runMain("simulate", "--steps", "2000000", "race")
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Equal(t, "interleave: bad --steps 2000000: want 0 to 1000000\nRun 'interleave simulate --help' for usage.\n", errOut)

	path := writeModel(t, "big.ilv", "var a: [10000]int = 0\nprocess P {\n  loop {\n    a[0]++\n  }\n}\n")
	code, out, errOut = runMain("simulate", "--steps", "10000", "--seed", "1", path)
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Regexp(t, `^interleave: .*big.ilv: a run of 10000 steps of \d+-byte states needs .*, more than 512\.0 MiB: lower --steps to \d+ or fewer\n$`, errOut)

	code, out, _ = runMain("simulate", "--steps", "3", "--seed", "1", path)
	assert.Equal(t, exitHolds, code)
	assert.Contains(t, out, "the run stopped after 3 steps (--steps 3)")
}
