package promela_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/reports/promela"
)

// needSpin skips the test when spin or gcc is missing.
func needSpin(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"spin", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// spinResult is what one pan run found.
type spinResult struct {
	states int64
	errors bool
	depth  int // the depth of the first error (-1 when none)
}

var (
	spinStored = regexp.MustCompile(`(\d+) states, stored`)
	spinErrors = regexp.MustCompile(`errors: (\d+)`)
	spinDepth  = regexp.MustCompile(`(?m)^pan:1: .*\(at depth (\d+)\)`)
)

// runSpin exports p, generates the verifier with spin -o3 (defines passed to
// its preprocessor), compiles it without reduction or claims and runs it
// with the pan flags given.
func runSpin(t *testing.T, pml []byte, defines, cflags, panFlags []string) spinResult {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.pml"), pml, 0o644))
	run := func(name string, args ...string) string {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
		return string(out)
	}
	run("spin", append(append([]string{"-o3"}, defines...), "-a", "m.pml")...)
	run("gcc", append(append([]string{"-O0", "-w", "-DNOREDUCE", "-DNOCLAIM"}, cflags...), "-o", "pan", "pan.c")...)
	out := run("./pan", append([]string{"-n", "-m1000000", "-w18"}, panFlags...)...)
	m := spinStored.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	r := spinResult{depth: -1}
	r.states, _ = strconv.ParseInt(m[1], 10, 64)
	e := spinErrors.FindStringSubmatch(out)
	require.NotNil(t, e, out)
	r.errors = e[1] != "0"
	if d := spinDepth.FindStringSubmatch(out); d != nil {
		r.depth, _ = strconv.Atoi(d[1])
	}
	require.NotContains(t, out, "max search depth too small")
	return r
}

// ilResult is what interleave found: the state count, and per verdict the
// length of the shortest counterexample (-1 when the check holds).
type ilResult struct {
	states   int64
	deadlock int
	fault    int // assert or runtime
}

func runInterleave(t *testing.T, p *ir.Program) ilResult {
	t.Helper()
	res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"deadlock"}, Workers: 1})
	require.NoError(t, err)
	require.True(t, res.Stats.Complete)
	r := ilResult{states: res.Stats.States, deadlock: -1, fault: -1}
	for _, c := range res.Checks {
		if c.Verdict != checker.Violated {
			continue
		}
		n := -1
		if c.Trace != nil {
			n = len(c.Trace.Steps)
		}
		switch c.Kind {
		case ir.CheckDeadlock:
			r.deadlock = n
		case ir.CheckAssert, ir.CheckRuntime:
			if r.fault < 0 || n < r.fault {
				r.fault = n
			}
		}
	}
	return r
}

// compare checks p with interleave and SPIN: the deadlock and fault
// verdicts, the state count when nothing faults, and the shortest
// counterexamples' lengths (SPIN -DBFS). It returns a description of the
// first disagreement, or "".
func compare(t *testing.T, p *ir.Program, bfs bool) string {
	t.Helper()
	pml, err := promela.Export(p)
	require.NoError(t, err)
	il := runInterleave(t, p)
	dead := runSpin(t, pml, []string{"-DDEADLOCK"}, nil, nil)
	if dead.errors != (il.deadlock >= 0) {
		return "deadlock verdicts differ: SPIN " + strconv.FormatBool(dead.errors) + ", interleave " + strconv.FormatBool(il.deadlock >= 0)
	}
	fault := runSpin(t, pml, []string{"-DNODEADLOCK"}, nil, nil)
	if fault.errors != (il.fault >= 0) {
		return "assertion verdicts differ: SPIN " + strconv.FormatBool(fault.errors) + ", interleave " + strconv.FormatBool(il.fault >= 0)
	}
	// Without a fault, the run without the watchdog explored everything.
	if il.fault < 0 && fault.states != il.states {
		return "state counts differ: SPIN " + strconv.FormatInt(fault.states, 10) + ", interleave " + strconv.FormatInt(il.states, 10)
	}
	if !bfs {
		return ""
	}
	if il.deadlock >= 0 {
		if r := runSpin(t, pml, []string{"-DDEADLOCK"}, []string{"-DBFS"}, nil); r.depth != il.deadlock {
			return "shortest deadlock lengths differ: SPIN " + strconv.Itoa(r.depth) + ", interleave " + strconv.Itoa(il.deadlock)
		}
	}
	if il.fault >= 0 {
		if r := runSpin(t, pml, []string{"-DNODEADLOCK"}, []string{"-DBFS"}, nil); r.depth+1 != il.fault {
			return "shortest fault lengths differ: SPIN " + strconv.Itoa(r.depth) + "+1, interleave " + strconv.Itoa(il.fault)
		}
	}
	return ""
}
