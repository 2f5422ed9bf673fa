package checker

import (
	"fmt"
	"time"

	"github.com/interleave/interleave/explorer"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// Verdict is the outcome of one check.
type Verdict uint8

const (
	// Unknown: a limit ended the run before the check was decided.
	Unknown Verdict = iota
	// Holds: proved for every reachable state (or run).
	Holds
	// Violated: refuted, with a counterexample.
	Violated
)

// String is the verdict as reports print it: "holds", "violated", "unknown".
func (v Verdict) String() string { return [...]string{"unknown", "holds", "violated"}[v] }

// Result is everything a run of the checker found out about one model. Reports
// are pure functions of a Result.
type Result struct {
	// File and Model name the model; Consts are its constants' final values.
	File   string
	Model  string
	Consts []ir.Const
	// Run names one run of several over a model's constants ("N=3" in a -D
	// sweep), "" for a model checked once.
	Run string
	// Processes are the display names of the process instances, in order; traces
	// refer to them by index.
	Processes []string
	// Checks are the verdicts, in the order of the Program's checks (those
	// selected with --check, and the ones always reported).
	Checks []CheckResult
	Stats  Stats
	// Memory is the memory model the model was checked under; StoreBuffer
	// the capacity of each store buffer (0 under SC).
	Memory      ir.Memory
	StoreBuffer int
	// Growing names, when a limit ended the search, the variables,
	// semaphores and channel lengths whose largest (or smallest) value grew
	// at each of the last levels explored, with the value reached: "x (up to
	// 17)". Empty otherwise.
	Growing []string
	// Approx, for an approximate search, sets it out: seed, hash width,
	// swarm shard and the probability that a state was missed; nil for an
	// exact search.
	Approx *Approx
}

// MemoryText says under which memory model a verdict was reached: "under TSO,
// store buffers of 2"; "" under SC.
func (r *Result) MemoryText() string {
	if r.Memory == ir.SC {
		return ""
	}
	return fmt.Sprintf("under %s, store buffers of %d", r.Memory.Upper(), r.StoreBuffer)
}

// CheckResult is the verdict on one property.
type CheckResult struct {
	Name    string
	Kind    ir.CheckKind
	Verdict Verdict
	// Message explains the verdict in one plain sentence: "P[0] and P[1] are both
	// in critical", or for Unknown which limit was reached.
	Message string
	// Bound is bounded_waiting's bound; nil when unbounded or not applicable.
	Bound  *int
	Points int
	// Trace is the counterexample of a violated check (nil otherwise).
	Trace *Trace
	// Witness is, for a bounded_waiting check that holds with bound k, a finite
	// run (LoopStart 0) that reaches the bound: it ends inside one waiting
	// interval of one process, during which the other processes enter
	// critical k times in all. nil otherwise, and when no process ever waits.
	Witness *Trace
	Pos     source.Pos
}

// Trace is a run of the model: the steps from the initial state, and for a lasso
// the step at which the repeating cycle starts.
type Trace struct {
	Steps []Step
	// LoopStart is the 1-based number of the step at which a lasso's cycle
	// begins (len(Steps)+1 for a run that stays in its last state forever); 0
	// for a finite trace.
	LoopStart int
	// Waiter is, for a lasso of starvation or bounded_waiting, the process
	// that waits forever (an index into Result.Processes); -1 when no single
	// process does (a finite trace, progress, leads-to).
	Waiter int
	// Final describes every process in the last state: where it is and, when
	// blocked, what it waits for.
	Final []ProcessState
	// Initial lists the variables and semaphores with their values in the
	// initial state, in layout order.
	Initial []Change
}

// Step is one step of a trace.
type Step struct {
	// Number counts from 1.
	Number int
	// Process is the index of the process that moved (into Result.Processes).
	Process int
	// Partner is the other process of a joint step — the one handed a permit, a
	// mutex or a monitor, woken or signalled, or the receiver of a rendezvous —
	// or -1.
	Partner int
	// Pos and Statement are the executed statement's position and source text.
	Pos       source.Pos
	Statement string
	// Changes are the variables whose values the step changed, in layout order.
	Changes []Change
	// Note says in words what happened beyond the changes ("hands the permit of
	// s to P[1]", "assertion failed: ..."); empty when nothing needs saying.
	Note string
	// PartnerNote says what the partner did in a rendezvous ("receives 1 from
	// Producer over c"); empty for other steps.
	PartnerNote string
	// Flush marks a step of the memory system under TSO or PSO: Process's
	// oldest buffered store reaches memory. Statement says which ("P[0]'s
	// store turn=0 reaches memory") and Pos is not valid.
	Flush bool
	// Blocked and Critical list, in index order, the processes blocked and
	// those inside critical in the state after the step; nil for a step that
	// faults.
	Blocked, Critical []int
}

// Change is a location that a step changed, with its new value: a variable
// element ("turn", "interested[1]", "P[0].x"), a semaphore's value, a mutex's
// owner, a condition's queue or a channel's messages. It is the engine's.
type Change = explorer.Change

// Value is a value in a state, with what is needed to print it.
type Value = explorer.Value

// ValueKind tells how a Value prints.
type ValueKind = explorer.ValueKind

// The kinds of values, as the engine has them.
const (
	IntValue     = explorer.IntValue
	BoolValue    = explorer.BoolValue
	ProcessValue = explorer.ProcessValue
	ListValue    = explorer.ListValue
)

// ProcessState is where a process is in a state.
type ProcessState struct {
	Process int
	// Pos and Statement are the process's next statement ("end" when terminated).
	Pos       source.Pos
	Statement string
	// Terminated and Blocked describe it; Waits says what a blocked process waits
	// for, in words ("waits in down(mutex)", "sleeps", "waits in notEmpty",
	// "waits to enter monitor M", "waits to send on c", "waits in select").
	// A process at a channel operation or select that cannot proceed is
	// blocked.
	Terminated bool
	Blocked    bool
	Waits      string
}

// Stats are the figures of one run.
type Stats struct {
	States      int64
	Transitions int64
	// Depth is the largest BFS depth reached.
	Depth   int
	Elapsed time.Duration
	// Complete is false when a limit ended the search early.
	Complete bool
	// Limit names the limit that ended the search ("max-states", "max-memory",
	// "timeout"), or "".
	Limit string
	// StateBytes is the size of one state; KeyBytes the bytes the store
	// keeps of it, fewer when it packs states (0 when it keeps no states);
	// BytesPerState the store's memory per state, all overheads included;
	// PeakMemory the heap's high-water mark.
	StateBytes    int
	KeyBytes      int
	BytesPerState float64
	PeakMemory    uint64
	// GraphBytes is the memory of the liveness graph and its node sets (0 when
	// no liveness check was decided); GraphBytesPerState is that per state.
	GraphBytes         uint64
	GraphBytesPerState float64
	// Liveness is the part of Elapsed spent after the search on the graph it
	// recorded: building it, and deciding the liveness checks on it with
	// their counterexamples (0 when no graph was recorded).
	Liveness time.Duration
	// Reduction says which reductions were asked for and applied
	// (reduce.go); nil when none was asked for.
	Reduction *Reduction
}
