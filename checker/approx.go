package checker

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// Approx asks for an approximate search, hash compaction (explorer.SearchApprox),
// and in a Result says how it went. A violation it finds is real: its
// counterexample is replayed from the initial state and checked again. When
// it finds none, a safety check is Unknown with the message "no violation
// found (approximate: …)", never Holds: two states of the same hash are taken
// for one, and Missed is the probability that this happened. Liveness checks
// are Unknown.
type Approx struct {
	// Approx sets the seed, the hash width and the successor order.
	explorer.Approx
	// Shard and Shards name one search of a swarm of differently seeded and
	// ordered searches (--swarm Shard/Shards); 0 and 0 for a lone search.
	Shard, Shards int
	// Missed is, in a Result, the probability that a state was missed.
	Missed float64
	// Source, when not 0, is a hash of the model's text that the caller
	// sets, so that the reports of a swarm's shards tell whether they
	// checked the same text.
	Source uint64
}

// NotFound is the message of a safety check that an approximate search
// found no violation of.
func (a *Approx) NotFound() string {
	return "no violation found (approximate: probability of a missed state " + ProbabilityText(a.Missed) + ")"
}

// ProbabilityText prints a probability with two significant digits:
// "2.7e-06", "0.031", "1".
func ProbabilityText(p float64) string {
	if p == 0 || p >= 1e-3 {
		return strconv.FormatFloat(p, 'g', 2, 64)
	}
	return strconv.FormatFloat(p, 'e', 1, 64)
}

// ApproxLiveness is the message of a liveness check under an approximate
// search.
const ApproxLiveness = "an approximate search does not decide liveness checks"

// runApprox is Run with an approximate search: the safety visitor v over m,
// the results filled into res.
func runApprox(ctx context.Context, start time.Time, m *explorer.Machine, checks []*ir.Check, opts Options, res *Result, v *safety) (*Result, error) {
	v.full = false
	eo := explorer.Options{MaxStates: opts.MaxStates, MaxMemory: opts.MaxMemory}
	if opts.Progress != nil {
		eo.Progress = func(o explorer.Outcome) {
			opts.Progress(Progress{States: o.States, Depth: o.Depth, Elapsed: o.Elapsed, Memory: o.PeakMemory})
		}
	}
	sp, err := explorer.SearchApprox(ctx, m, eo, opts.Approx.Approx, v)
	if err != nil {
		return nil, err
	}
	out := sp.Outcome
	if opts.StopAtFirst && out.Stopped && out.Limit == "" && v.open < v.total {
		out.Limit = LimitStopAtFirst
	}
	ap := *opts.Approx
	ap.Bits, ap.Missed = sp.Width, sp.Missed
	res.Approx = &ap
	for i, c := range checks {
		cr := CheckResult{Name: c.Name, Kind: c.Kind, Points: c.Points, Pos: c.Pos}
		f := v.found[i]
		switch {
		case isLiveness(c.Kind):
			cr.Verdict, cr.Message = Unknown, ApproxLiveness
		case f != nil:
			cr.Verdict, cr.Message = Violated, f.msg
			if cr.Trace, err = replayTrace(sp, c, f); err != nil {
				return nil, err
			}
		case out.Complete:
			cr.Verdict, cr.Message = Unknown, ap.NotFound()
		default:
			cr.Verdict, cr.Message = Unknown, undecided(out.Limit)
		}
		res.Checks = append(res.Checks, cr)
	}
	res.Stats = statsOf(ctx, out, start)
	return res, nil
}

// replayTrace rebuilds the counterexample of finding f of check c by
// replaying its transitions from the initial state, and checks that the run
// really violates c: an error means the engine is wrong.
func replayTrace(sp *explorer.ApproxSpace, c *ir.Check, f *finding) (*Trace, error) {
	var steps []explorer.Step
	var last []byte
	var err error
	if f.fault {
		steps, last, err = sp.TraceToFault(f.state, f.index)
	} else {
		steps, last, err = sp.Trace(f.state)
	}
	if err != nil {
		return nil, err
	}
	m := sp.Machine
	again := newSafety(m, []*ir.Check{c})
	switch {
	case f.fault:
		if t := steps[len(steps)-1].Transition; t.Fault != nil {
			again.Fault(0, &t)
		}
	case c.Kind == ir.CheckDeadlock:
		if m.NewStepper().Successors(last, func(*explorer.Transition, []byte) {}) == 0 {
			again.Deadend(0, last)
		}
	default:
		again.State(0, last, len(steps))
	}
	if again.found[0] == nil || again.found[0].msg != f.msg {
		return nil, fmt.Errorf("checker: the replayed run of %s does not violate it", c.Name)
	}
	return TraceOf(m, steps, last), nil
}
