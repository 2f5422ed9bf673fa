package models_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// spinMode says how SPIN decides one check of a model.
type spinMode int

const (
	// spinDeadlock: invalid end states, no claim (pan -A ignores assertions).
	// A process blocked outside an end label is a deadlock; a terminated one
	// is not, as in interleave.
	spinDeadlock spinMode = iota
	// spinAssert: assertion violations, no claim (pan -E ignores end states).
	spinAssert
	// spinClaim: an LTL claim, no fairness assumed (pan -a).
	spinClaim
	// spinFair: an LTL claim under SPIN's weak fairness (pan -a -f).
	spinFair
)

// spinCheck is one check of an interleave model and the SPIN runs that decide
// it: the check is violated when any of the runs finds an error.
type spinCheck struct {
	check  string   // the check's name in interleave's report
	mode   spinMode // how SPIN is run
	claims []string // the LTL claims (ltl NAME { } in the .pml), one run each
}

// spinCase pairs one expectation of a library model with its Promela
// translation testdata/spin/MODEL.pml and the checks SPIN can decide. The
// expectation's constants are passed to the translation as spin -DNAME=value.
type spinCase struct {
	model  string      // the model's name in the manifest
	expect int         // index of the expectation in the manifest (consts, fairness)
	checks []spinCheck // compared with the manifest and with interleave
	// bound: the translation also measures the bound of bounded_waiting,
	// which is then compared too (see spinCases).
	bound bool
	// pml names the translation when it is not MODEL.pml, and defines are
	// passed to its preprocessor ("-DNAME") after the constants.
	pml     string
	defines []string
}

// spinDeadlockCheck is the deadlock check, decided by invalid end states.
func spinDeadlockCheck() spinCheck { return spinCheck{check: "deadlock", mode: spinDeadlock} }

// spinClaimCheck is a check decided by LTL claims, one pan run each.
func spinClaimCheck(check string, mode spinMode, claims ...string) spinCheck {
	return spinCheck{check: check, mode: mode, claims: claims}
}

// spinPerProcess names the claims prefix0 .. prefix(n-1).
func spinPerProcess(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// spinMutexFamily is the usual checks of a lock for n processes: mutex, deadlock,
// progress and starvation under the given liveness mode, and bounded waiting
// as a claim without fairness (see spinCases).
func spinMutexFamily(n int, live spinMode) []spinCheck {
	return []spinCheck{
		spinClaimCheck("mutex", spinClaim, "mutex"),
		spinDeadlockCheck(),
		spinClaimCheck("progress", live, "progress"),
		spinClaimCheck("starvation", live, spinPerProcess("starvation", n)...),
		spinClaimCheck("bounded_waiting", spinClaim, spinPerProcess("bw", n)...),
	}
}

// spinCases is the table of cross-checks.
//
// Correspondence with the interleave checks:
//   - mutex, invariant: a safety claim [] p, run without fairness;
//   - deadlock: SPIN's invalid end states;
//   - assert: SPIN's assertions; runtime: a claim [] !rterr, where rterr is set
//     by the step that would leave a variable's range;
//   - progress and starvation (one claim per process): claims run with weak
//     fairness (-f) under fairness weak, without under fairness none (SPIN's
//     runs then never stop in a state with successors, as interleave's may,
//     so a violation carries over to interleave but "holds" would not; the
//     only such case, peterson, expects violated);
//   - bounded_waiting, which assumes no fairness: it fails exactly when some
//     process can wait forever while the others enter critical infinitely
//     often (the system is finite), which claims bwI state for process I.
//     Where the case says bound, the translation counts in over[k] the
//     entries by others while k waits, saturating above BOUND (spin
//     -DBOUND=n, n the manifest's bound): the bound is n exactly when claim
//     bound_le holds and, for n > 0, claim bound_lt is violated.
//
// sem_lock3 under fairness strong uses the weak-fairness runs: there a process
// that is not blocked in down(s) is enabled until it moves, so a process
// enabled infinitely often is enabled continuously from some point on, and
// strong and weak fairness allow the same runs. sem_lock_busy under fairness
// strong states, in its claims, strong fairness for the process the claim is
// about, on top of weak fairness for all: an assumption weaker than strong
// fairness for all, so "holds" carries over.
//
// bakery.pml also translates bakery with N = 3 (expectation 2); SPIN agrees
// with the manifest there too, bound 2 included, but explores some 10^6
// states per claim, too slow for this test.
func spinCases() []spinCase {
	return []spinCase{
		{model: "peterson", expect: 0, checks: spinMutexFamily(2, spinFair), bound: true},
		{model: "peterson", expect: 1, checks: spinMutexFamily(2, spinClaim), bound: true},
		{model: "peterson_swapped", checks: []spinCheck{spinClaimCheck("mutex", spinClaim, "mutex"), spinDeadlockCheck()}},
		{model: "lock_variable", checks: []spinCheck{spinClaimCheck("mutex", spinClaim, "mutex"), spinDeadlockCheck()}},
		{model: "strict_alternation", checks: spinMutexFamily(2, spinFair), bound: true},
		{model: "tsl_spinlock", checks: spinMutexFamily(2, spinFair)},
		{model: "dekker", checks: spinMutexFamily(2, spinFair)},
		{model: "filter_lock", expect: 0, checks: spinMutexFamily(3, spinFair)},
		{model: "sem_lock", checks: spinMutexFamily(2, spinFair), bound: true},
		{model: "sem_lock3", expect: 0, checks: spinMutexFamily(3, spinFair)},
		{model: "sem_lock3", expect: 1, checks: spinMutexFamily(3, spinFair)},
		{model: "sem_lock3_fifo", checks: spinMutexFamily(3, spinFair), bound: true},
		{model: "ticket_lock", expect: 0, checks: spinMutexFamily(3, spinFair), bound: true},
		{model: "ticket_lock", expect: 1, checks: spinMutexFamily(2, spinFair), bound: true},
		{model: "bakery", expect: 0, checks: append(spinMutexFamily(2, spinFair), spinClaimCheck("runtime", spinClaim, "runtime")), bound: true},
		{model: "sem_lock_busy", expect: 0, checks: spinMutexFamily(2, spinFair)},
		{model: "sem_lock_busy", expect: 1, checks: []spinCheck{
			spinClaimCheck("starvation", spinFair, spinPerProcess("starvation_strong", 2)...),
		}},
		{model: "prodcons_sem", checks: []spinCheck{
			spinDeadlockCheck(), {check: "assert", mode: spinAssert}, spinClaimCheck("invariant", spinClaim, "invariant"),
		}},
		{model: "prodcons_sem_swapped", checks: []spinCheck{
			spinDeadlockCheck(), {check: "assert", mode: spinAssert}, spinClaimCheck("invariant", spinClaim, "invariant"),
		}},
		{model: "dining_naive", checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant")}},
		{model: "dining_room", checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant")}},
		{model: "dining_ordered", expect: 0, checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant")}},
		{model: "dining_ordered", expect: 1, checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant")}},
		{model: "race", checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant")}},
		{model: "bank_account", checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("no_overdraft", spinClaim, "no_overdraft")}},
		{model: "sleep_wakeup", checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("runtime", spinClaim, "runtime")}},
		{model: "barrier", checks: []spinCheck{spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant")}},
		{model: "bounded_buffer_mesa_if", checks: []spinCheck{
			spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant"), spinClaimCheck("invariant#2", spinClaim, "invariant2"),
		}},
		{model: "bounded_buffer_hoare_if", checks: []spinCheck{
			spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant"), spinClaimCheck("invariant#2", spinClaim, "invariant2"),
		}},
		{model: "bounded_buffer_mesa_while", checks: []spinCheck{
			spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant"), spinClaimCheck("invariant#2", spinClaim, "invariant2"),
		}},
		{model: "bounded_buffer_pthreads", pml: "bounded_buffer_mesa_while", checks: []spinCheck{
			spinDeadlockCheck(), spinClaimCheck("invariant", spinClaim, "invariant"), spinClaimCheck("invariant#2", spinClaim, "invariant2"),
		}},
		{model: "dining_tanenbaum", expect: 0, checks: []spinCheck{
			spinDeadlockCheck(),
			spinClaimCheck("invariant", spinClaim, "invariant"),
			spinClaimCheck("invariant#2", spinClaim, "invariant2"),
			spinClaimCheck("starvation", spinFair, spinPerProcess("starvation", 4)...),
		}},
		{model: "dining_tanenbaum", expect: 1, checks: []spinCheck{
			spinDeadlockCheck(),
			spinClaimCheck("invariant", spinClaim, "invariant"),
			spinClaimCheck("invariant#2", spinClaim, "invariant2"),
			spinClaimCheck("starvation", spinFair, spinPerProcess("starvation", 3)...),
		}},
		{model: "go_pipeline_deadlock", expect: 0, checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "go_pipeline_deadlock", expect: 1, checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "go_pipeline_select", checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "prodcons_chan", checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "cigarette_smokers", checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "cigarette_smokers_naive", checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "sleeping_barber", checks: []spinCheck{
			spinDeadlockCheck(), {check: "assert", mode: spinAssert}, spinClaimCheck("invariant", spinClaim, "invariant"),
		}},
		{model: "client_server", checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "prodcons_messages", checks: []spinCheck{
			spinDeadlockCheck(), {check: "assert", mode: spinAssert}, spinClaimCheck("invariant", spinClaim, "invariant"),
		}},
		{model: "abp", checks: []spinCheck{spinDeadlockCheck(), {check: "assert", mode: spinAssert}}},
		{model: "abp_noretransmit", pml: "abp", defines: []string{"-DNORETRANSMIT"}, checks: []spinCheck{
			spinDeadlockCheck(), {check: "assert", mode: spinAssert},
		}},
		{model: "readers_writers", checks: []spinCheck{
			spinDeadlockCheck(),
			spinClaimCheck("invariant", spinClaim, "invariant"),
			spinClaimCheck("starvation", spinFair, "starvation"),
			spinClaimCheck("runtime", spinClaim, "runtime"),
		}},
	}
}

// TestSpinAgrees checks library models against hand-written Promela
// translations: for each check in spinCases, SPIN's verdict, interleave's and
// the manifest's must be the same. It needs spin and gcc on PATH.
func TestSpinAgrees(t *testing.T) {
	for _, tool := range []string{"spin", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	ms, err := models.Load()
	require.NoError(t, err)
	byName := make(map[string]models.Model, len(ms))
	for _, m := range ms {
		byName[m.Name] = m
	}
	for _, c := range spinCases() {
		t.Run(fmt.Sprintf("%s/%d", c.model, c.expect+1), func(t *testing.T) {
			t.Parallel()
			m, ok := byName[c.model]
			require.True(t, ok, "model %s is not in the manifest", c.model)
			require.Less(t, c.expect, len(m.Expect), "expectation of %s", c.model)
			e := m.Expect[c.expect]

			verdicts, bound := spinInterleaveVerdicts(t, m, e, c.checks)
			// The expectation's constants go to the translation's preprocessor.
			var defines []string
			for _, name := range slices.Sorted(maps.Keys(e.Consts)) {
				defines = append(defines, fmt.Sprintf("-D%s=%d", name, e.Consts[name]))
			}
			defines = append(defines, c.defines...)
			b, hasBound := e.Bounds["bounded_waiting"]
			if c.bound {
				require.True(t, hasBound, "the manifest has no bound for bounded_waiting")
				require.GreaterOrEqual(t, b, 0, "an unbounded bound cannot be measured")
				defines = append(defines, fmt.Sprintf("-DBOUND=%d", b))
			}
			pml := c.model
			if c.pml != "" {
				pml = c.pml
			}
			spin := newSpinRun(t, pml, defines...)
			if c.bound {
				assert.Equal(t, b, bound, "interleave's bound")
				le := spinClaimCheck("bound_le", spinClaim, "bound_le")
				assert.Equal(t, models.Holds, spin.verdict(t, le), "SPIN: bound at most %d", b)
				if b > 0 {
					lt := spinClaimCheck("bound_lt", spinClaim, "bound_lt")
					assert.Equal(t, models.Violated, spin.verdict(t, lt), "SPIN: bound at least %d", b)
				}
			}
			for _, ch := range c.checks {
				want, ok := e.Verdicts[ch.check]
				require.True(t, ok, "the manifest has no verdict for %s", ch.check)
				assert.Equal(t, want, spin.verdict(t, ch), "SPIN's verdict for %s", ch.check)
				assert.Equal(t, want, verdicts[ch.check], "interleave's verdict for %s", ch.check)
			}
		})
	}
}

// spinInterleaveVerdicts checks the model under expectation e, restricted to the
// checks compared, and returns the verdicts by check name and the bound of
// bounded_waiting (models.Unbounded if unbounded or not checked).
func spinInterleaveVerdicts(t *testing.T, m models.Model, e models.Expectation, checks []spinCheck) (map[string]string, int) {
	t.Helper()
	p, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{Consts: e.Consts})
	require.NoError(t, err)
	if e.Fairness != "" {
		all := []ir.Fairness{ir.FairWeak, ir.FairStrong, ir.FairNone}
		i := slices.IndexFunc(all, func(f ir.Fairness) bool { return f.String() == e.Fairness })
		require.GreaterOrEqual(t, i, 0, "fairness %q", e.Fairness)
		p.Fairness = all[i]
	}
	var names []string
	for _, ch := range checks {
		switch ch.check {
		case "deadlock", "assert", "runtime":
		default:
			names = append(names, ch.check)
		}
	}
	if len(names) == 0 {
		// Deadlock, assert and runtime are always checked; select one more
		// check only to keep the others out.
		names = []string{"deadlock"}
	}
	res, err := checker.Run(context.Background(), p, checker.Options{Checks: names})
	require.NoError(t, err)
	require.True(t, res.Stats.Complete, "the search was not complete")
	got := make(map[string]string, len(res.Checks))
	bound := models.Unbounded
	for _, c := range res.Checks {
		got[c.Name] = c.Verdict.String()
		if c.Kind == ir.CheckBoundedWaiting && c.Bound != nil {
			bound = *c.Bound
		}
	}
	return got, bound
}

// spinRun is one model's Promela translation, compiled into pan verifiers in
// a temporary directory.
type spinRun struct {
	dir    string
	claims map[string]bool // the ltl claims the .pml declares
	plain  string          // verifier without claims, for deadlock and assertions
	ltl    string          // verifier with the claims
}

var spinLTLDecl = regexp.MustCompile(`(?m)^ltl\s+(\w+)\s*\{`)

// newSpinRun copies testdata/spin/NAME.pml to a temporary directory and
// generates the verifier's source there with spin -a, passing defines
// ("-DBOUND=1") to its preprocessor.
func newSpinRun(t *testing.T, name string, defines ...string) *spinRun {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "spin", name+".pml"))
	require.NoError(t, err)
	r := &spinRun{dir: t.TempDir(), claims: make(map[string]bool)}
	for _, m := range spinLTLDecl.FindAllSubmatch(src, -1) {
		r.claims[string(m[1])] = true
	}
	require.NoError(t, os.WriteFile(filepath.Join(r.dir, "model.pml"), src, 0o644))
	r.run(t, "spin", slices.Concat(defines, []string{"-a", "model.pml"})...)
	return r
}

// run runs a command in the run's directory and returns its standard output
// and error, failing the test if it cannot be run or exits non-zero.
func (r *spinRun) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = r.dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// verifier compiles pan.c once per flavour: with claims, or with none
// (-DNOCLAIM, -DSAFETY) for deadlocks and assertions. The state spaces are
// small, so compiling without optimisation costs less than it saves.
func (r *spinRun) verifier(t *testing.T, withClaims bool) string {
	t.Helper()
	if withClaims {
		if r.ltl == "" {
			r.ltl = "./pan_ltl"
			r.run(t, "gcc", "-O0", "-w", "-o", r.ltl, "pan.c")
		}
		return r.ltl
	}
	if r.plain == "" {
		r.plain = "./pan_plain"
		r.run(t, "gcc", "-O0", "-w", "-DSAFETY", "-DNOCLAIM", "-o", r.plain, "pan.c")
	}
	return r.plain
}

var spinPanErrors = regexp.MustCompile(`errors: (\d+)`)

// spinErrorKind is, per mode, the first error pan must report for the error
// to count as a violation of the check: anything else (an array index out of
// bounds, a claim's error in a run for assertions) is a faulty translation.
var spinErrorKind = map[spinMode]*regexp.Regexp{
	spinDeadlock: regexp.MustCompile(`(?m)^pan:1: invalid end state`),
	spinAssert:   regexp.MustCompile(`(?m)^pan:1: assertion violated [^-]`),
	spinClaim:    regexp.MustCompile(`(?m)^pan:1: (acceptance cycle|assertion violated  !\()`),
	spinFair:     regexp.MustCompile(`(?m)^pan:1: (acceptance cycle|assertion violated  !\()`),
}

// verdict runs the pan verifier for each run of ch and returns "violated" if
// any finds an error, else "holds".
func (r *spinRun) verdict(t *testing.T, ch spinCheck) string {
	t.Helper()
	var runs [][]string
	switch ch.mode {
	case spinDeadlock:
		runs = [][]string{{r.verifier(t, false), "-A"}}
	case spinAssert:
		runs = [][]string{{r.verifier(t, false), "-E"}}
	case spinClaim, spinFair:
		require.NotEmpty(t, ch.claims, "check %s has no claim", ch.check)
		for _, c := range ch.claims {
			require.True(t, r.claims[c], "the translation declares no claim %s", c)
			run := []string{r.verifier(t, true), "-a", "-N", c}
			if ch.mode == spinFair {
				run = append(run, "-f")
			}
			runs = append(runs, run)
		}
	}
	verdict := models.Holds
	for _, run := range runs {
		// -m: a search depth no model here comes near (pan says so if it is
		// reached); -w: a hash table of 2^18 slots, ample for these models
		// (it chains, so it is never too small, only slower); -n: no list of
		// unreached statements.
		out := r.run(t, run[0], append(run[1:], "-m100000", "-w18", "-n")...)
		require.NotContains(t, out, "max search depth too small", "%v", run)
		m := spinPanErrors.FindStringSubmatch(out)
		require.NotNil(t, m, "no error count in the output of %v:\n%s", run, out)
		if m[1] != "0" {
			require.Regexp(t, spinErrorKind[ch.mode], out, "the error %v found", run)
			verdict = models.Violated
		}
	}
	return verdict
}
