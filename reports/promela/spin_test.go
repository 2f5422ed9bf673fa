package promela_test

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// runSpin generates the verifier with spin -o2 -o3 (defines passed to its
// preprocessor), compiles it without reduction or claims and runs it with
// the pan flags given.
func runSpin(t *testing.T, pml []byte, defines, cflags, panFlags []string) spinResult {
	t.Helper()
	v := buildSpin(t, pml, defines, append([]string{"-DNOCLAIM"}, cflags...))
	return v.pan(t, panFlags...)
}

// verifier is a compiled pan in its directory.
type verifier struct{ dir string }

func (v verifier) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = v.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		lines := strings.Split(string(out), "\n")
		require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), strings.Join(lines[max(0, len(lines)-20):], "\n"))
	}
	return string(out)
}

// buildSpin writes pml, generates pan.c and compiles it (-O0: the state
// spaces are small, compiling costs more than it saves).
func buildSpin(t *testing.T, pml []byte, defines, cflags []string) verifier {
	t.Helper()
	v := verifier{dir: t.TempDir()}
	require.NoError(t, os.WriteFile(filepath.Join(v.dir, "m.pml"), pml, 0o644))
	v.run(t, "spin", append(append([]string{"-o2", "-o3"}, defines...), "-a", "m.pml")...)
	v.run(t, "gcc", append(append([]string{"-O0", "-w", "-DNOREDUCE"}, cflags...), "-o", "pan", "pan.c")...)
	return v
}

// pan runs the verifier.
func (v verifier) pan(t *testing.T, flags ...string) spinResult {
	t.Helper()
	out := v.run(t, "./pan", append([]string{"-n", "-m1000000", "-w18"}, flags...)...)
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
	// live: the progress and starvation checks (under weak fairness) by
	// name, true when violated.
	live map[string]bool
}

func runInterleave(t *testing.T, p *ir.Program, limit int64) (ilResult, bool) {
	t.Helper()
	checks := []string{"deadlock"}
	for _, c := range p.Checks {
		if (c.Kind == ir.CheckProgress || c.Kind == ir.CheckStarvation) && p.Fairness == ir.FairWeak {
			checks = append(checks, c.Name)
		}
	}
	res, err := checker.Run(context.Background(), p, checker.Options{Checks: checks, Workers: diffWorkers(t), MaxStates: limit})
	require.NoError(t, err)
	if !res.Stats.Complete {
		return ilResult{}, false
	}
	r := ilResult{states: res.Stats.States, deadlock: -1, fault: -1, live: make(map[string]bool)}
	for _, c := range res.Checks {
		if c.Kind == ir.CheckProgress || c.Kind == ir.CheckStarvation {
			r.live[c.Name] = c.Verdict == checker.Violated
		}
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
	return r, true
}

// diffWorkers is the number of workers interleave searches with in the
// comparisons: INTERLEAVE_DIFF_WORKERS, else 1. Every result is the same for
// any number (LANGUAGE.md section 6), so a run with several compares the
// parallel search with SPIN as well.
func diffWorkers(t *testing.T) int {
	s := os.Getenv("INTERLEAVE_DIFF_WORKERS")
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err, "INTERLEAVE_DIFF_WORKERS")
	require.Positive(t, n, "INTERLEAVE_DIFF_WORKERS")
	return n
}

// compare checks p with interleave and SPIN: the deadlock and fault
// verdicts, the state count when nothing faults, and the shortest
// counterexamples' lengths (SPIN -DBFS). It returns a description of the
// first disagreement, or "". A model of more than limit states (limit > 0)
// is not compared: ok is false.
func compare(t *testing.T, p *ir.Program, limit int64) (diff string, ok bool) {
	t.Helper()
	pml, err := promela.Export(p)
	require.NoError(t, err)
	il, ok := runInterleave(t, p, limit)
	if !ok {
		return "", false
	}
	return compareSpin(t, pml, il), true
}

// compareSpin is compare's SPIN side. Every verifier runs breadth-first
// (-DBFS), so that its first error is at the least depth. A model interleave
// finds clean takes one run, which must find no error and the same states;
// otherwise a run for deadlocks and one for assertions and run-time errors.
func compareSpin(t *testing.T, pml []byte, il ilResult) string {
	t.Helper()
	bfs := []string{"-DBFS"}
	t.Logf("interleave: %d states, deadlock %v, fault %v, liveness checks %d", il.states, il.deadlock >= 0, il.fault >= 0, len(il.live))
	if il.deadlock < 0 && il.fault < 0 {
		r := runSpin(t, pml, nil, bfs, nil)
		switch {
		case r.errors:
			return "SPIN finds an error (at depth " + strconv.Itoa(r.depth) + "), interleave none"
		case r.states != il.states:
			return "state counts differ: SPIN " + strconv.FormatInt(r.states, 10) + ", interleave " + strconv.FormatInt(il.states, 10)
		}
		return compareLive(t, pml, il)
	}
	dead := runSpin(t, pml, []string{"-DDEADLOCK"}, bfs, nil)
	switch {
	case dead.errors != (il.deadlock >= 0):
		return "deadlock verdicts differ: SPIN " + strconv.FormatBool(dead.errors) + ", interleave " + strconv.FormatBool(il.deadlock >= 0)
	case dead.errors && dead.depth != il.deadlock:
		return "shortest deadlock lengths differ: SPIN " + strconv.Itoa(dead.depth) + ", interleave " + strconv.Itoa(il.deadlock)
	}
	fault := runSpin(t, pml, []string{"-DNODEADLOCK"}, bfs, nil)
	switch {
	case fault.errors != (il.fault >= 0):
		return "assertion verdicts differ: SPIN " + strconv.FormatBool(fault.errors) + ", interleave " + strconv.FormatBool(il.fault >= 0)
	case fault.errors && fault.depth+1 != il.fault:
		// SPIN's depth is the state the failing step leaves; interleave's
		// trace counts that step.
		return "shortest fault lengths differ: SPIN " + strconv.Itoa(fault.depth) + "+1, interleave " + strconv.Itoa(il.fault)
	case !fault.errors && fault.states != il.states:
		// Without a fault, the run without the watchdog explored everything.
		return "state counts differ: SPIN " + strconv.FormatInt(fault.states, 10) + ", interleave " + strconv.FormatInt(il.states, 10)
	}
	if fault.errors {
		return ""
	}
	return compareLive(t, pml, il)
}

var spinClaims = regexp.MustCompile(`(?m)^ltl (\w+) \{`)

// compareLive compares the progress and starvation verdicts under weak
// fairness with SPIN's, by the export's claims (pan -a -f): NAME, or
// NAME_PROC for each process. The deadlock process is left out: a run that
// stops is a stuttering end for SPIN, as it repeats its state for
// interleave.
func compareLive(t *testing.T, pml []byte, il ilResult) string {
	t.Helper()
	if len(il.live) == 0 {
		return ""
	}
	v := buildSpin(t, pml, []string{"-DNODEADLOCK"}, []string{"-DNFAIR=4"})
	claims := spinClaims.FindAllSubmatch(pml, -1)
	for _, name := range slices.Sorted(maps.Keys(il.live)) {
		violated := il.live[name]
		spin := false
		for _, c := range claims {
			if c := string(c[1]); c == name || strings.HasPrefix(c, name+"_") {
				spin = spin || v.pan(t, "-a", "-f", "-N", c).errors
			}
		}
		// No claim: no process can be trying, and the check holds.
		t.Logf("%s: violated %v", name, violated)
		if spin != violated {
			return name + " verdicts differ: SPIN " + strconv.FormatBool(spin) + ", interleave " + strconv.FormatBool(violated)
		}
	}
	return ""
}
