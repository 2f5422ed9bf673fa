package reports

import (
	"strconv"
	"time"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// The fixtures are hand-built Results shaped like what the checker returns for
// the classic models; each exercises a part of the reports.

func at(file string, line, col int) source.Pos { return source.Pos{File: file, Line: line, Col: col} }

func intv(n int32) checker.Value {
	return checker.Value{Kind: checker.IntValue, Int: n, Text: strconv.Itoa(int(n))}
}

func boolv(b bool) checker.Value {
	if b {
		return checker.Value{Kind: checker.BoolValue, Int: 1, Text: "true"}
	}
	return checker.Value{Kind: checker.BoolValue, Int: 0, Text: "false"}
}

func bound(n int) *int { return &n }

// holdsAll: Peterson, every check holds, bounded waiting 1.
func holdsAll() *checker.Result {
	return &checker.Result{
		File: "peterson.ilv", Model: "peterson",
		Consts:    []ir.Const{{Name: "N", Value: 2}},
		Processes: []string{"P[0]", "P[1]"},
		Checks: []checker.CheckResult{
			{Name: "mutex", Kind: ir.CheckMutex, Verdict: checker.Holds, Points: 4},
			{Name: "progress", Kind: ir.CheckProgress, Verdict: checker.Holds},
			{Name: "bounded_waiting", Kind: ir.CheckBoundedWaiting, Verdict: checker.Holds, Bound: bound(1)},
			{Name: "deadlock", Kind: ir.CheckDeadlock, Verdict: checker.Holds},
			{Name: "assert", Kind: ir.CheckAssert, Verdict: checker.Holds},
			{Name: "runtime", Kind: ir.CheckRuntime, Verdict: checker.Holds},
		},
		Stats: checker.Stats{States: 58, Transitions: 116, Depth: 11, Elapsed: 3 * time.Millisecond,
			Complete: true, StateBytes: 8, BytesPerState: 48, PeakMemory: 3 << 20},
	}
}

// mutexViolated: Peterson with the doorway swapped; a finite trace.
func mutexViolated() *checker.Result {
	f := "peterson_swapped.ilv"
	return &checker.Result{
		File: f, Model: "peterson_swapped",
		Consts:    []ir.Const{{Name: "N", Value: 2}},
		Processes: []string{"P[0]", "P[1]"},
		Checks: []checker.CheckResult{
			{Name: "mutex", Kind: ir.CheckMutex, Verdict: checker.Violated,
				Message: "P[0] and P[1] are both in critical",
				Trace: &checker.Trace{
					Steps: []checker.Step{
						{Number: 1, Process: 0, Partner: -1, Pos: at(f, 8, 9), Statement: "turn = i",
							Changes: []checker.Change{{Name: "turn", Value: intv(0)}}},
						{Number: 2, Process: 1, Partner: -1, Pos: at(f, 8, 9), Statement: "turn = i",
							Changes: []checker.Change{{Name: "turn", Value: intv(1)}}},
						{Number: 3, Process: 1, Partner: -1, Pos: at(f, 9, 9), Statement: "interested[i] = true",
							Changes: []checker.Change{{Name: "interested[1]", Value: boolv(true)}}},
						{Number: 4, Process: 1, Partner: -1, Pos: at(f, 10, 9), Statement: "await !interested[1 - i] || turn != i"},
						{Number: 5, Process: 0, Partner: -1, Pos: at(f, 9, 9), Statement: "interested[i] = true",
							Changes: []checker.Change{{Name: "interested[0]", Value: boolv(true)}}},
						{Number: 6, Process: 0, Partner: -1, Pos: at(f, 10, 9), Statement: "await !interested[1 - i] || turn != i"},
					},
					Final: []checker.ProcessState{
						{Process: 0, Pos: at(f, 12, 13), Statement: "skip"},
						{Process: 1, Pos: at(f, 12, 13), Statement: "skip"},
					},
				}},
			{Name: "deadlock", Kind: ir.CheckDeadlock, Verdict: checker.Holds},
			{Name: "assert", Kind: ir.CheckAssert, Verdict: checker.Holds},
			{Name: "runtime", Kind: ir.CheckRuntime, Verdict: checker.Holds},
		},
		Stats: checker.Stats{States: 66, Transitions: 130, Depth: 9, Elapsed: 2 * time.Millisecond,
			Complete: true, StateBytes: 8, BytesPerState: 48, PeakMemory: 2 << 20},
	}
}

// lasso: three processes sharing a weak semaphore; two hand the permit to each
// other forever while the third starves, and bounded waiting is unbounded.
func lasso() *checker.Result {
	f := "sem_lock3.ilv"
	steps := []checker.Step{
		{Number: 1, Process: 2, Partner: -1, Pos: at(f, 6, 9), Statement: "down(s)",
			Changes: []checker.Change{{Name: "s", Value: intv(0)}}},
		{Number: 2, Process: 0, Partner: -1, Pos: at(f, 6, 9), Statement: "down(s)", Note: "blocks on s"},
		{Number: 3, Process: 1, Partner: -1, Pos: at(f, 6, 9), Statement: "down(s)", Note: "blocks on s"},
		{Number: 4, Process: 2, Partner: 1, Pos: at(f, 8, 9), Statement: "up(s)", Note: "hands the permit of s to P[1]"},
		{Number: 5, Process: 2, Partner: -1, Pos: at(f, 5, 9), Statement: "noncritical"},
		{Number: 6, Process: 2, Partner: -1, Pos: at(f, 6, 9), Statement: "down(s)", Note: "blocks on s"},
		{Number: 7, Process: 1, Partner: 2, Pos: at(f, 8, 9), Statement: "up(s)", Note: "hands the permit of s to P[2]"},
		{Number: 8, Process: 1, Partner: -1, Pos: at(f, 5, 9), Statement: "noncritical"},
		{Number: 9, Process: 1, Partner: -1, Pos: at(f, 6, 9), Statement: "down(s)", Note: "blocks on s"},
		{Number: 10, Process: 2, Partner: 1, Pos: at(f, 8, 9), Statement: "up(s)", Note: "hands the permit of s to P[1]"},
	}
	final := []checker.ProcessState{
		{Process: 0, Pos: at(f, 6, 9), Statement: "down(s)", Blocked: true, Waits: "waits in down(s)"},
		{Process: 1, Pos: at(f, 7, 9), Statement: "critical { skip }"},
		{Process: 2, Pos: at(f, 5, 9), Statement: "noncritical"},
	}
	return &checker.Result{
		File: f, Model: "sem_lock3",
		Processes: []string{"P[0]", "P[1]", "P[2]"},
		Checks: []checker.CheckResult{
			{Name: "mutex", Kind: ir.CheckMutex, Verdict: checker.Holds},
			{Name: "starvation", Kind: ir.CheckStarvation, Verdict: checker.Violated,
				Message: "P[0] is trying and never enters critical", Points: 2,
				Trace: &checker.Trace{Steps: steps, LoopStart: 4, Final: final}},
			{Name: "bounded_waiting", Kind: ir.CheckBoundedWaiting, Verdict: checker.Violated,
				Message: "P[1] and P[2] enter critical again and again while P[0] waits",
				Trace:   &checker.Trace{Steps: steps, LoopStart: 4, Final: final}},
			{Name: "deadlock", Kind: ir.CheckDeadlock, Verdict: checker.Holds},
		},
		Stats: checker.Stats{States: 1234567, Transitions: 4567890, Depth: 40, Elapsed: 2500 * time.Millisecond,
			Complete: true, StateBytes: 12, BytesPerState: 40.5, PeakMemory: 96 << 20},
	}
}

// staysForever: strict alternation; the run stops with P[1] at noncritical and
// P[0] trying forever. It also has a deadlock in a run of no steps at all, an
// invariant false in the initial state.
func staysForever() *checker.Result {
	f := "strict_alternation.ilv"
	return &checker.Result{
		File: f, Model: "strict_alternation",
		Processes: []string{"P[0]", "P[1]"},
		Checks: []checker.CheckResult{
			{Name: "progress", Kind: ir.CheckProgress, Verdict: checker.Violated,
				Message: "P[0] is trying and no process ever enters critical",
				Trace: &checker.Trace{
					Steps: []checker.Step{
						{Number: 1, Process: 0, Partner: -1, Pos: at(f, 7, 9), Statement: "noncritical"},
						{Number: 2, Process: 0, Partner: -1, Pos: at(f, 8, 9), Statement: "await turn == i"},
						{Number: 3, Process: 0, Partner: -1, Pos: at(f, 10, 9), Statement: "turn = 1 - i",
							Changes: []checker.Change{{Name: "turn", Value: intv(1)}}},
						{Number: 4, Process: 0, Partner: -1, Pos: at(f, 7, 9), Statement: "noncritical"},
					},
					LoopStart: 5, Waiter: -1,
					Final: []checker.ProcessState{
						{Process: 0, Pos: at(f, 8, 9), Statement: "await turn == i", Blocked: true, Waits: "waits for turn == i"},
						{Process: 1, Pos: at(f, 7, 9), Statement: "noncritical"},
					},
				}},
			{Name: "positive", Kind: ir.CheckInvariant, Verdict: checker.Violated,
				Trace: &checker.Trace{
					Final: []checker.ProcessState{
						{Process: 0, Pos: at(f, 7, 9), Statement: "noncritical"},
						{Process: 1, Pos: at(f, 7, 9), Statement: "noncritical"},
					},
				}},
		},
		Stats: checker.Stats{States: 9, Transitions: 14, Depth: 5, Elapsed: time.Millisecond, Complete: true,
			StateBytes: 4, BytesPerState: 44},
	}
}

// limited: a run that hit --max-states: a verdict unknown, a process mutex
// owner, a run-time fault with its note.
func limited() *checker.Result {
	f := "bank.ilv"
	return &checker.Result{
		File: f, Model: "bank",
		Consts:    []ir.Const{{Name: "N", Value: 3}, {Name: "MAX", Value: -1}},
		Processes: []string{"Teller", "Auditor"},
		Checks: []checker.CheckResult{
			{Name: "mutex", Kind: ir.CheckMutex, Verdict: checker.Unknown,
				Message: "the max-states limit was reached before this check was decided"},
			{Name: "bounded_waiting", Kind: ir.CheckBoundedWaiting, Verdict: checker.Unknown,
				Message: "the max-states limit was reached before this check was decided"},
			{Name: "runtime", Kind: ir.CheckRuntime, Verdict: checker.Violated,
				Message: "division by zero in total / n",
				Trace: &checker.Trace{
					Steps: []checker.Step{
						{Number: 1, Process: 0, Partner: -1, Pos: at(f, 4, 5), Statement: "lock(m)",
							Changes: []checker.Change{{Name: "m", Value: checker.Value{Kind: checker.ProcessValue, Int: 0, Text: "Teller"}}}},
						{Number: 2, Process: 1, Partner: -1, Pos: at(f, 9, 5), Statement: "avg = total / n",
							Note: "run-time error: division by zero"},
					},
					Final: []checker.ProcessState{
						{Process: 0, Pos: at(f, 5, 5), Statement: "unlock(m)"},
						{Process: 1, Terminated: true},
					},
				}},
		},
		Stats: checker.Stats{States: 1000, Transitions: 2400, Depth: 17, Elapsed: 40 * time.Millisecond,
			Limit: "max-states", StateBytes: 16, BytesPerState: 64, PeakMemory: 5 << 20},
	}
}

// nasty: text that must be escaped in every format: quotes, backslashes,
// braces, angle brackets, ampersands, a newline and a tab.
func nasty() *checker.Result {
	f := `dir with "quotes"\model.ilv`
	return &checker.Result{
		File: f, Model: `odd<model>&"name"`,
		Processes: []string{`W{0}`, `R<"1">`},
		Checks: []checker.CheckResult{
			{Name: `check "a\b"`, Kind: ir.CheckAssert, Verdict: checker.Violated,
				Message: "assertion failed: \"x < y && y > z\" {braces} \\ back\nslash",
				Trace: &checker.Trace{
					Steps: []checker.Step{
						{Number: 1, Process: 0, Partner: 1, Pos: at(f, 3, 1), Statement: `s = "}{" \ <b>x</b>` + "\t&",
							Changes: []checker.Change{{Name: `a["k"]`, Value: checker.Value{Kind: checker.ProcessValue, Int: 1}}},
							Note:    `woke R<"1">`},
						{Number: 2, Process: 1, Partner: -1, Pos: at(f, 4, 1), Statement: `assert x < y "\n"`},
					},
					LoopStart: 1, Waiter: -1,
					Final: []checker.ProcessState{
						{Process: 0, Pos: at(f, 5, 1), Statement: "{ x > 0 }", Blocked: true, Waits: `sleeps <forever> & "ever"`},
						{Process: 1, Pos: at(f, 6, 1), Statement: `\`},
					},
				}},
		},
		Stats: checker.Stats{States: 3, Transitions: 2, Depth: 2, Complete: true},
	}
}

// witness: Peterson's bounded waiting holds with bound 1, with the run that
// reaches the bound.
func witness() *checker.Result {
	r := holdsAll()
	f := r.File
	r.Checks[2].Witness = &checker.Trace{
		Steps: []checker.Step{
			{Number: 1, Process: 0, Partner: -1, Pos: at(f, 9, 9), Statement: "interested[i] = true",
				Changes: []checker.Change{{Name: "interested[0]", Value: boolv(true)}}},
			{Number: 2, Process: 1, Partner: -1, Pos: at(f, 9, 9), Statement: "interested[i] = true",
				Changes: []checker.Change{{Name: "interested[1]", Value: boolv(true)}}},
			{Number: 3, Process: 1, Partner: -1, Pos: at(f, 10, 9), Statement: "turn = 1 - i",
				Changes: []checker.Change{{Name: "turn", Value: intv(0)}}},
			{Number: 4, Process: 0, Partner: -1, Pos: at(f, 10, 9), Statement: "turn = 1 - i",
				Changes: []checker.Change{{Name: "turn", Value: intv(1)}}},
			{Number: 5, Process: 1, Partner: -1, Pos: at(f, 11, 9), Statement: "await !interested[1 - i] || turn == i"},
		},
		Final: []checker.ProcessState{
			{Process: 0, Pos: at(f, 11, 9), Statement: "await !interested[1 - i] || turn == i", Blocked: true, Waits: "waits for !interested[1 - i] || turn == i"},
			{Process: 1, Pos: at(f, 12, 9), Statement: "critical { skip }"},
		},
	}
	return r
}

// fixtures lists every hand-built Result by the name of its golden files.
func fixtures() []struct {
	name string
	r    *checker.Result
} {
	return []struct {
		name string
		r    *checker.Result
	}{
		{"holds", holdsAll()},
		{"mutex", mutexViolated()},
		{"lasso", lasso()},
		{"stays", staysForever()},
		{"limited", limited()},
		{"nasty", nasty()},
		{"witness", witness()},
	}
}
