package checker

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// Reduce selects the state-space reductions of a run (the CLI's --reduce).
// The zero value is ReduceNone; the CLI's default is ReduceAll.
type Reduce uint8

const (
	// ReduceNone explores every state.
	ReduceNone Reduce = iota
	// ReducePOR expands states by ample sets of local steps (explorer.POR).
	ReducePOR
	// ReduceSymmetry stores one state per orbit of the interchangeable
	// process arrays.
	ReduceSymmetry
	// ReduceAll is symmetry where it applies, else partial-order reduction.
	ReduceAll
)

// String is the name as --reduce takes it.
func (r Reduce) String() string { return [...]string{"none", "por", "symmetry", "all"}[r] }

// ParseReduce reads "none", "por", "symmetry" or "all".
func ParseReduce(s string) (Reduce, error) {
	for r := ReduceNone; r <= ReduceAll; r++ {
		if r.String() == s {
			return r, nil
		}
	}
	return ReduceNone, fmt.Errorf("unknown reduction %q: want none, por, symmetry or all", s)
}

// Reduction says which reductions a run applied, which it could not and why.
type Reduction struct {
	// Mode is what was asked for.
	Mode Reduce
	// Applied names the reductions applied ("symmetry"); empty when none was.
	Applied []string
	// Symmetric names the process arrays reduced by symmetry ("P[0..3]").
	Symmetric []string
	// NotApplied gives a reason for each reduction, or part of one, that was
	// not applied ("symmetry: P uses i in arithmetic at line 12").
	NotApplied []string
	// Unreduced is the number of states the search would have stored
	// without reduction, counted from the orbits of the states stored; 0 when
	// it was not counted (a search ended early, or orbits too large to count).
	Unreduced int64
	// RetraceStates is the number of states a search without reduction
	// stored to rebuild the counterexamples (0 when none was needed).
	RetraceStates int64
	// LiveOnce names the process arrays whose per-process liveness
	// searches (starvation, bounded waiting) ran for their first instance
	// alone, the others being interchangeable with it ("P[0..3]"); the
	// state space itself is not reduced. NotApplied says so too.
	LiveOnce []string
}

// Saved is the number of states the reduction saved, when it is known
// (Unreduced > 0); else 0.
func (r *Reduction) Saved(stored int64) int64 {
	if r == nil || r.Unreduced == 0 {
		return 0
	}
	return r.Unreduced - stored
}

// Text is the reduction in one line for --stats: "symmetry on P[0..3]
// (states without it 1234)", and the reasons for what was not applied.
func (r *Reduction) Text() string {
	if r == nil {
		return ""
	}
	var parts []string
	if len(r.Applied) == 0 {
		parts = append(parts, "reduction: none applied")
	} else {
		s := "reduction: " + strings.Join(r.Applied, ", ")
		if len(r.Symmetric) > 0 {
			s += " on " + strings.Join(r.Symmetric, ", ")
		}
		if r.Unreduced > 0 {
			s += fmt.Sprintf(" (%d states without it)", r.Unreduced)
		}
		if r.RetraceStates > 0 {
			s += fmt.Sprintf(" (%d states searched again for the shortest traces)", r.RetraceStates)
		}
		parts = append(parts, s)
	}
	parts = append(parts, r.NotApplied...)
	return strings.Join(parts, "\n")
}

// maxOrbitWork bounds the permutations tried on one state to count
// Unreduced.
const maxOrbitWork = 720

// liveOnce records in r that the per-process liveness searches ran once
// for each array of sym: the symmetry reason of NotApplied says so.
func (r *Reduction) liveOnce(sym *explorer.Symmetry) {
	r.LiveOnce = sym.Groups()
	for i, why := range r.NotApplied {
		if rest, ok := strings.CutPrefix(why, "symmetry: not applied with liveness checks"); ok {
			r.NotApplied[i] = "symmetry: the states are not reduced with liveness checks" + rest +
				"; their per-process searches run once for each of " + strings.Join(r.LiveOnce, ", ")
		}
	}
}

// plan decides the reductions of a run of checks on m: symmetry where it
// applies, else partial-order reduction. The Reduction is nil for
// ReduceNone.
func plan(m *explorer.Machine, checks []*ir.Check, mode Reduce) (explorer.Options, *Reduction) {
	var eo explorer.Options
	if mode == ReduceNone {
		return eo, nil
	}
	red := &Reduction{Mode: mode}
	var live []string
	for _, c := range checks {
		if isLiveness(c.Kind) {
			live = append(live, c.Name)
		}
	}
	symmetry := mode == ReduceSymmetry || mode == ReduceAll
	por := mode == ReducePOR || mode == ReduceAll
	if len(live) > 0 {
		why := " not applied with liveness checks (" + strings.Join(live, ", ") + ")"
		if por {
			red.NotApplied = append(red.NotApplied, "por:"+why)
		}
		if symmetry {
			red.NotApplied = append(red.NotApplied, "symmetry:"+why)
		}
		return eo, red
	}
	if symmetry {
		sym, why := explorer.NewSymmetry(m, checks)
		red.NotApplied = append(red.NotApplied, why...)
		if sym != nil {
			eo.Symmetry = sym
			red.Applied = append(red.Applied, "symmetry")
			red.Symmetric = sym.Groups()
		}
	}
	if por {
		switch p, why := explorer.NewPOR(m, checks); {
		case eo.Symmetry != nil:
			red.NotApplied = append(red.NotApplied, "por: not applied together with symmetry")
		case p == nil:
			red.NotApplied = append(red.NotApplied, why)
		default:
			eo.POR = p
			red.Applied = append(red.Applied, "por")
		}
	}
	return eo, red
}

// retrace searches again without reduction for the checks that the reduced
// search v found violated, so that their counterexamples are real runs, the
// shortest and the first in successor order, exactly as without reduction:
// a symmetry maps runs to runs of the same length, so each violation lies at
// the depth the reduced search found it, and the search stops once all are
// found. With StopAtFirst it looks for the first violation of any check.
// It returns the space of the new search and the findings per check of v.
func retrace(ctx context.Context, m *explorer.Machine, checks []*ir.Check, v *safety, opts Options, eo explorer.Options) (*explorer.Space, []*finding, error) {
	var sel []*ir.Check
	var at []int
	for i, c := range checks {
		if isLiveness(c.Kind) || (!opts.StopAtFirst && v.found[i] == nil) {
			continue
		}
		sel, at = append(sel, c), append(at, i)
	}
	w := newSafety(m, sel)
	w.stopAtFirst, w.onFound = opts.StopAtFirst, opts.Found
	eo.Symmetry, eo.POR, eo.Edges = nil, nil, nil
	eo.Progress = nil
	sp, err := explorer.Search(ctx, m, eo, w)
	if err != nil {
		return nil, nil, err
	}
	found := make([]*finding, len(checks))
	for j, i := range at {
		found[i] = w.found[j]
	}
	return sp, found, nil
}

// violatedIn reports whether v found any violation.
func violatedIn(v *safety) bool {
	return slices.ContainsFunc(v.found, func(f *finding) bool { return f != nil })
}
