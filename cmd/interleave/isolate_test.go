//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWatchProcessorTime(t *testing.T) {
	var used time.Duration
	clock := make(chan time.Duration)
	read := func() time.Duration {
		select {
		case used = <-clock:
		default:
		}
		return used
	}
	stops, kills := 0, make(chan struct{})
	done := make(chan struct{})
	go func() {
		watchProcessorTime(done, time.Second, time.Second, read, func() { stops++ }, func() { close(kills) })
	}()
	// Time by the clock passes without processor time: nothing happens.
	time.Sleep(50 * time.Millisecond)
	clock <- 999 * time.Millisecond
	clock <- time.Second
	clock <- 1500 * time.Millisecond
	select {
	case <-kills:
		t.Fatal("killed within its grace")
	default:
	}
	clock <- 2 * time.Second
	select {
	case <-kills:
	case <-time.After(10 * time.Second):
		t.Fatal("not killed past budget and grace")
	}
	assert.Equal(t, 1, stops, "stopped once, at the budget")
	close(done)
}

func TestWatchProcessorTimeEndsWhenDone(t *testing.T) {
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		watchProcessorTime(done, time.Second, time.Second, func() time.Duration { return 0 }, func() { t.Error("stopped") }, func() { t.Error("killed") })
		close(ended)
	}()
	close(done)
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the watch goes on after the check is done")
	}
}

// TestCPUTimeIgnoresWaiting: the budget of a solution is processor time,
// which waiting (for a core that neighbours use) does not consume.
func TestCPUTimeIgnoresWaiting(t *testing.T) {
	before := cpuTime()
	time.Sleep(200 * time.Millisecond)
	assert.Less(t, cpuTime()-before, 100*time.Millisecond)
	start := cpuTime()
	for x := 0; cpuTime()-start < 50*time.Millisecond; x++ {
		_ = x * x
	}
	assert.GreaterOrEqual(t, cpuTime()-start, 50*time.Millisecond)
}

func TestCrashMessages(t *testing.T) {
	g := &grader{cfg: &gradeConfig{timeout: 3 * time.Second}}
	g.cfg.opts.MaxMemory = 2 << 30
	assert.Equal(t, "ran out of memory (2 GiB) while checking",
		g.crashMessage(nil, "fatal error: runtime: out of memory\n\nruntime stack:\n"))
	assert.Equal(t, "the checker could not be run for this solution", g.crashMessage(nil, ""))
}

// TestSolutionProcessOutOfMemory runs a solution's process under an
// operating-system memory cap (ulimit -d) far below what its state space
// needs and a --max-memory that does not stop it first: the process dies, and
// the grader says so in plain words, quoting nothing of what it printed.
func TestSolutionProcessOutOfMemory(t *testing.T) {
	requireEngine(t)
	self, err := os.Executable()
	require.NoError(t, err)
	dir := writeFiles(t, map[string]string{"x.ilv": "var entries: int\nvar flag: [2]bool\nvar turn: 0..1\n" +
		"proc enter(i: 0..1) { flag[i] = true; turn = i; await !(turn == i && flag[1 - i]); entries = entries + 1 }\n" +
		"proc leave(i: 0..1) { flag[i] = false }\n"})
	cmd := exec.Command("sh", "-c", `ulimit -d 400000 && exec "$@"`, "sh",
		self, "grade", "--"+childFlag, "--max-memory", "64GiB", filepath.Join(mutexLab, "assignment.ilv"))
	cmd.Stdin = strings.NewReader(`{"file": "` + filepath.Join(dir, "x.ilv") + `"}` + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	require.Error(t, err, "the process must die under its cap")
	g := &grader{cfg: &gradeConfig{}}
	g.cfg.opts.MaxMemory = 64 << 30
	assert.Equal(t, "ran out of memory (64 GiB) while checking", g.crashMessage(cmd.ProcessState, stderr.String()))
}

func TestOutNamesNeverCollide(t *testing.T) {
	names := outNames([]string{"a/b.ilv", "a_b.ilv", "c.ilv", "./d.ilv"})
	assert.Equal(t, "c", names["c.ilv"])
	assert.Equal(t, "d", names["./d.ilv"])
	assert.NotEqual(t, names["a/b.ilv"], names["a_b.ilv"])
	assert.Regexp(t, `^a_b-[0-9a-f]{8}$`, names["a/b.ilv"])
	assert.Regexp(t, `^a_b-[0-9a-f]{8}$`, names["a_b.ilv"])
}

func TestGradeOutSeparatesLookalikes(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"harness.ilv": labHarness, "a_b.ilv": "var extra: bool\n"})
	require.NoError(t, os.Mkdir(filepath.Join(dir, "a"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "b.ilv"), []byte("var @\n"), 0o644))
	out := t.TempDir()
	code, _, errOut := runMain("grade", "--out", out, filepath.Join(dir, "harness.ilv"), filepath.Join(dir, "a_b.ilv"), filepath.Join(dir, "a", "b.ilv"))
	require.Equal(t, exitHolds, code, errOut)
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "one directory per solution")
}

// TestGradeFlagsReachTheSolutionProcess: the flags that change verdicts are
// given to the solutions' processes: Peterson's reference loses mutual
// exclusion under TSO.
func TestGradeFlagsReachTheSolutionProcess(t *testing.T) {
	requireEngine(t)
	args := []string{"grade", "--format", "json", filepath.Join(mutexLab, "assignment.ilv"), filepath.Join(mutexLab, "reference.ilv")}
	code, out, errOut := runMain(args...)
	require.Equal(t, exitHolds, code, errOut)
	require.Equal(t, 10, decodeGrade(t, out).Solutions[0].Score)
	code, out, errOut = runMain(append(args, "--memory", "tso")...)
	require.Equal(t, exitHolds, code, errOut)
	sol := decodeGrade(t, out).Solutions[0]
	assert.Less(t, sol.Score, 10)
	require.NotEmpty(t, sol.Checks)
	assert.Equal(t, "mutex", sol.Checks[0].Name)
	assert.Equal(t, "violated", sol.Checks[0].Verdict)
}
