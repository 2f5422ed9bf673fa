// Package checker decides the properties of a compiled model on the state space
// that package explorer generates, and turns what it finds into a Result: one
// verdict per check, with the shortest counterexample of each violated one.
//
// Safety checks (mutex, deadlock, invariant, assert, runtime) are decided on the
// fly during one breadth-first search (safety.go): each check keeps the first
// violation found, which is the shortest counterexample and, among the
// shortest, the first in the engine's fixed successor order. A state in which
// a selected invariant is false is pruned (its run ends there); a state
// reached through a fault does not exist (the fault is the run's last step);
// neither is ever a deadlock. Counterexamples are rebuilt from parent links
// once the search is over (trace.go); when a liveness check records the
// graph, the graph's edges give the parent links (edgeParents) and the store
// keeps none.
//
// Liveness checks (progress, starvation, bounded_waiting, leads-to) need the
// whole state space: when one is selected, the search runs to completion, the
// state space becomes a liveness.Graph (graph.go: one node per state, one edge
// per transition to a stored state, in successor order, with the fairly enabled
// processes of every node) and each check is decided on it by package liveness
// (live.go). Their counterexamples are lassos, rebuilt into traces edge by edge
// (lasso.go). A search that a limit ended early leaves them Unknown.
package checker

import (
	"cmp"
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// Options select checks and set the limits of a run.
type Options struct {
	// Checks selects checks by name or kind (the CLI's --check); empty selects all.
	// Deadlock, assert and runtime are always checked and reported.
	Checks []string
	// MaxStates and MaxMemory (bytes) end the search early when reached; 0 means
	// no limit. A cancelled or expired context ends it too (--timeout).
	MaxStates int64
	MaxMemory uint64
	// Workers is the number of exploration threads; results do not depend on it.
	Workers int
	// Progress, when set, is told how the search is going every few thousand
	// states (for a progress line); it must return quickly.
	Progress func(Progress)
	// StopAtFirst ends the search at the first violation of a safety check
	// (mutex, invariant, deadlock, assert, runtime): the checks not decided by
	// then are unknown, and Stats.Limit is LimitStopAtFirst.
	StopAtFirst bool
	// Approx, when set, asks for an approximate search (see Approx).
	Approx *Approx
	// Found, when set, is told of each safety check's violation as soon as the
	// search finds it, with the check's name and message, before the search
	// goes on; it must return quickly.
	Found func(check, message string)
	// Reduce selects the reductions (reduce.go); the zero value is none.
	Reduce Reduce
	// Presize sizes the search's table for MaxMemory when the run keeps no
	// state graph (no liveness check): see explorer.Options.Presize. The
	// CLI sets it when --max-memory is given.
	Presize bool
}

// LimitStopAtFirst is Stats.Limit for a search ended by Options.StopAtFirst.
const LimitStopAtFirst = "stop-at-first"

// Progress is how far a search has come.
type Progress struct {
	States  int64
	Depth   int
	Elapsed time.Duration
	// Memory is the heap's high-water mark so far, in bytes.
	Memory uint64
}

// Run checks p. The error is for a program the engine cannot run at all; a
// violation, a fault in the model or a limit reached is part of the Result.
func Run(ctx context.Context, p *ir.Program, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("checker: internal error: %v", r)
		}
	}()
	start := time.Now()
	if p == nil {
		return nil, fmt.Errorf("checker: no program")
	}
	ctx, stop := watchMemory(ctx, opts.MaxMemory)
	defer stop()
	m, err := explorer.New(p)
	if err != nil {
		return nil, err
	}
	checks, err := selectChecks(p.Checks, opts.Checks)
	if err != nil {
		return nil, err
	}
	res = &Result{File: p.File, Model: p.Name, Consts: p.Consts, Memory: p.Memory, StoreBuffer: m.StoreBuffer()}
	for _, proc := range p.Processes {
		res.Processes = append(res.Processes, proc.Display)
	}
	v := newSafety(m, checks)
	v.stopAtFirst, v.onFound = opts.StopAtFirst, opts.Found
	if opts.Approx != nil {
		return runApprox(ctx, start, m, checks, opts, res, v)
	}
	ro, red := plan(m, checks, opts.Reduce)
	reduced, sym := ro.Symmetry != nil || ro.POR != nil, ro.Symmetry
	if reduced {
		// the reduced search sees representatives, or runs longer than
		// the shortest: its findings are told once they are found again
		// on shortest real runs (retrace)
		v.onFound = nil
	}
	live := slices.ContainsFunc(checks, func(c *ir.Check) bool { return isLiveness(c.Kind) })
	v.full = live
	eo := explorer.Options{MaxStates: opts.MaxStates, MaxMemory: opts.MaxMemory, Workers: opts.Workers, Symmetry: ro.Symmetry, POR: ro.POR, Presize: opts.Presize && !live,
		VisitCritical: v.onlyInCritical()}
	if opts.Progress != nil {
		eo.Progress = func(o explorer.Outcome) {
			opts.Progress(Progress{States: o.States, Depth: o.Depth, Elapsed: o.Elapsed, Memory: o.PeakMemory})
		}
	}
	var visitor explorer.Visitor = v
	var rec *recorder
	if live {
		if rec, err = newRecorder(v); err != nil {
			return nil, err
		}
		// The graph names every state's parent: the store keeps none.
		visitor, eo.Edges, eo.EdgeParents = rec, rec.edges, true
		// The starvation check's parts' graphs are noted as the states
		// are expanded (transit.go).
		eo.PartMoves = slices.ContainsFunc(checks, func(c *ir.Check) bool { return c.Kind == ir.CheckStarvation })
	}
	sp, err := explorer.Search(ctx, m, eo, visitor)
	if err != nil {
		return nil, err
	}
	out := sp.Outcome
	if opts.StopAtFirst && out.Stopped && out.Limit == "" && v.open < v.total {
		out.Limit = LimitStopAtFirst
	}
	found, tsp := v.found, sp
	if reduced && violatedIn(v) {
		if tsp, found, err = retrace(ctx, m, checks, v, opts, eo); err != nil {
			return nil, err
		}
		red.RetraceStates = tsp.Outcome.States
	}
	if sym != nil && out.Complete {
		red.Unreduced = sym.Unreduced(sp.Store, maxOrbitWork)
	}
	var graph, sg *stateGraph
	// liveness is the time spent on the recorded graph after the search.
	var liveness time.Duration
	begun := time.Now()
	if rec != nil {
		// Complete or not, the recorded graph names every state's parent,
		// which the store does not keep.
		if graph, err = rec.graphAlone(sp); err != nil {
			return nil, err
		}
		g := graph.g
		sp.Store.DeriveParents(func() []explorer.StateID { return edgeParents(g) })
	}
	if live && out.Complete {
		sg = graph
		// Every state was stored as the target of a recorded edge, or is
		// the initial one.
		sg.g.Reached(initialNodes())
		sg.workers = opts.Workers
		sg.compact = crowded(opts.MaxMemory, opts.Workers, sg.g.Nodes())
		perProcess := slices.ContainsFunc(checks, func(c *ir.Check) bool {
			return c.Kind == ir.CheckStarvation || c.Kind == ir.CheckBoundedWaiting
		})
		if perProcess && (opts.Reduce == ReduceSymmetry || opts.Reduce == ReduceAll) {
			// The state space is searched whole, but the per-process
			// searches need not run for processes interchangeable
			// with an earlier one.
			if sym, _ := explorer.NewSymmetry(m, checks); sym != nil {
				sg.sym = sym
				red.liveOnce(sym)
			}
		}
		// The decisions read the states but never look one up: settleFor
		// gives the table's memory back (a lookup afterwards, for a
		// trace or a diagram, builds it again). Beside a large graph,
		// what the search left behind goes back to the system too,
		// rather than stay resident beside the scratch.
		//
		// A cancelled run leaves every check undecided
		// (decideLiveness), whatever the sets hold.
		if err := rec.settleFor(ctx, sg, opts.Workers, checks, p.Fairness); err != nil && ctx.Err() == nil {
			return nil, err
		}
		if sg.large() {
			debug.FreeOSMemory()
		}
	}
	if rec != nil {
		liveness = time.Since(begun)
	}
	for i, c := range checks {
		cr := CheckResult{Name: c.Name, Kind: c.Kind, Points: c.Points, Pos: c.Pos}
		f := found[i]
		switch {
		case isLiveness(c.Kind):
			begun := time.Now()
			if err := decideLiveness(ctx, sg, c, p.Fairness, out, &cr); err != nil {
				return nil, err
			}
			liveness += time.Since(begun)
		case f != nil:
			cr.Verdict, cr.Message = Violated, f.msg
			if cr.Trace, err = buildTrace(tsp, f); err != nil {
				return nil, err
			}
		case v.found[i] != nil && opts.StopAtFirst:
			cr.Verdict, cr.Message = Unknown, undecided(LimitStopAtFirst)
		case v.found[i] != nil:
			// violated, but the search without reduction ended before it
			// found the violation again on a real run
			cr.Verdict = Unknown
			cr.Message = "violated, but the search for its shortest trace stopped: " + undecided(cmp.Or(tsp.Outcome.Limit, contextLimit(ctx)))
		case out.Complete:
			cr.Verdict = Holds
		default:
			cr.Verdict, cr.Message = Unknown, undecided(out.Limit)
		}
		res.Checks = append(res.Checks, cr)
	}
	res.Stats = statsOf(ctx, out, start)
	res.Stats.Reduction = red
	res.Stats.Liveness = liveness
	if !out.Complete && out.Limit != "" && out.Limit != LimitStopAtFirst {
		res.Growing = growing(sp)
	}
	if sg != nil {
		res.Stats.GraphBytes = uint64(sg.g.Bytes()) + sg.ph.bytes()
		res.Stats.GraphBytesPerState = float64(res.Stats.GraphBytes) / float64(max(out.States, 1))
	}
	return res, nil
}

// statsOf is the Stats of a run that started at start and whose search
// ended with out.
func statsOf(ctx context.Context, out explorer.Outcome, start time.Time) Stats {
	st := Stats{
		States:      out.States,
		Transitions: out.Transitions,
		Depth:       out.Depth,
		Elapsed:     time.Since(start),
		Complete:    out.Complete,
		Limit:       cmp.Or(out.Limit, contextLimit(ctx)),
		StateBytes:  out.StateBytes,
		KeyBytes:    out.KeyBytes,
		PeakMemory:  out.PeakMemory,
	}
	if out.States > 0 {
		st.BytesPerState = float64(out.StoreBytes) / float64(out.States)
	}
	return st
}

// decideLiveness decides liveness check c into cr on the graph sg of a
// complete search. The check is Unknown when the search was not complete (sg
// is nil) or ctx is done before the verdict. The error is for a failure of the
// algorithms.
func decideLiveness(ctx context.Context, sg *stateGraph, c *ir.Check, fairness ir.Fairness, out explorer.Outcome, cr *CheckResult) error {
	if !out.Complete {
		cr.Verdict, cr.Message = Unknown, undecided(out.Limit)
		return nil
	}
	if sg != nil && ctx.Err() == nil {
		err := sg.decide(ctx, c, fairness, cr)
		if err == nil || ctx.Err() == nil {
			return err
		}
	}
	cr.Verdict, cr.Message = Unknown, undecided(contextLimit(ctx))
	cr.Bound, cr.Trace, cr.Witness = nil, nil, nil
	return nil
}

// contextLimit names the limit that a done context stands for: the timeout
// when its deadline passed, else a cancellation; "" while it is not done.
func contextLimit(ctx context.Context) string { return explorer.LimitOf(ctx) }

// undecided is the Message of a check that a limit left undecided.
func undecided(limit string) string {
	switch limit {
	case explorer.LimitCancelled:
		return "the run was cancelled before this check was decided"
	case explorer.LimitTimeout:
		return "the timeout was reached before this check was decided"
	case "":
		return "the search stopped before this check was decided"
	case LimitStopAtFirst:
		return "the search stopped at the first violation before this check was decided"
	}
	return fmt.Sprintf("the %s limit was reached before this check was decided", limit)
}

// isLiveness tells the kinds decided on the whole state graph.
func isLiveness(k ir.CheckKind) bool {
	switch k {
	case ir.CheckProgress, ir.CheckStarvation, ir.CheckBoundedWaiting, ir.CheckLeadsTo:
		return true
	}
	return false
}

// alwaysChecked tells the kinds that are checked and reported whatever the
// selection.
func alwaysChecked(k ir.CheckKind) bool {
	return k == ir.CheckDeadlock || k == ir.CheckAssert || k == ir.CheckRuntime
}

// selectChecks returns the program's checks that names select (all when names
// is empty) and those always checked, in program order. A program without an
// explicit deadlock, assert or runtime check gets an implicit one, appended. A
// name that selects nothing is an error.
func selectChecks(all []*ir.Check, names []string) ([]*ir.Check, error) {
	checks := slices.Clone(all)
	for _, k := range []ir.CheckKind{ir.CheckDeadlock, ir.CheckAssert, ir.CheckRuntime} {
		if !slices.ContainsFunc(checks, func(c *ir.Check) bool { return c.Kind == k }) {
			checks = append(checks, &ir.Check{Name: k.String(), Kind: k, Implicit: true})
		}
	}
	used := make([]bool, len(names))
	var out []*ir.Check
	for _, c := range checks {
		keep := len(names) == 0 || alwaysChecked(c.Kind)
		for i, n := range names {
			if n == c.Name || n == c.Kind.String() {
				keep, used[i] = true, true
			}
		}
		if keep {
			out = append(out, c)
		}
	}
	for i, n := range names {
		if !used[i] {
			return nil, fmt.Errorf("unknown check %q", n)
		}
	}
	return out, nil
}
