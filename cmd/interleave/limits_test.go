package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
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

// failsLate is a model whose state space grows forever but whose assertion
// fails after seven steps.
const failsLate = `var x: int = 0
sem s = 0
process P {
  loop {
    x++
    up(s)
  }
}
process Q {
  down(s)
  down(s)
  assert x < 2
}
`

// TestStopAtFirst requires --stop-at-first to end an endless search at the
// first violation with its counterexample, the other checks unknown, and
// exit status 1.
func TestStopAtFirst(t *testing.T) {
	path := writeModel(t, "late.ilv", failsLate)
	code, out, errOut := runMain("check", "--stop-at-first", path)
	assert.Equal(t, exitViolated, code, errOut)
	assert.Contains(t, out, "assert    violated  Q: assertion failed: x < 2\n")
	assert.Contains(t, out, "deadlock  unknown   the search stopped at the first violation before this check was decided\n")
	assert.Contains(t, out, "(incomplete: stopped at the first violation)\n")
	assert.Contains(t, out, "     7  Q          12  assert x < 2")

	code, out, _ = runMain("check", "--max-states", "5000", path)
	assert.Equal(t, exitViolated, code)
	assert.Regexp(t, `kept growing until the limit: x \(up to \d+\), s \(up to \d+\)\n$`, out)
}

// TestFoundStreamed requires a violation to be printed on the terminal as
// soon as it is found, erasing the progress line first.
func TestFoundStreamed(t *testing.T) {
	var b strings.Builder
	l := &progressLine{w: &b, shown: true}
	l.found("mutex", "P[0] and P[1] are both in critical")
	assert.Equal(t, "\r\033[Kfound: mutex violated: P[0] and P[1] are both in critical\n", b.String())

	f := &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Holds)}, terminal: true}
	f.run("check", "a.ilv")
	require.NotNil(t, f.cfg)
	assert.NotNil(t, f.cfg.opts.Found)
	f = &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Holds)}}
	f.run("check", "a.ilv")
	assert.Nil(t, f.cfg.opts.Found)
}

// TestEmptyModel requires an empty file to be an error, exit status 2,
// saying that there is no process.
func TestEmptyModel(t *testing.T) {
	path := writeModel(t, "empty.ilv", "")
	code, out, errOut := runMain("check", path)
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Equal(t, path+":1:1: no process: a model needs at least one process\n", errOut)
}
