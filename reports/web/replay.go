package web

import (
	"context"
	"fmt"
	"slices"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
)

// result runs the checker on the model once and keeps its result.
func (ss *Session) result(ctx context.Context) (*checker.Result, error) {
	ss.checkOnce.Do(func() {
		ss.checked, ss.checkErr = checker.Run(ctx, ss.m.Program(), checker.Options{})
	})
	return ss.checked, ss.checkErr
}

// Counterexamples names the checks the checker finds violated with a
// counterexample, in the model's check order.
func (ss *Session) Counterexamples(ctx context.Context) ([]string, error) {
	r, err := ss.result(ctx)
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, c := range r.Checks {
		if c.Verdict == checker.Violated && c.Trace != nil {
			names = append(names, c.Name)
		}
	}
	return names, nil
}

// Replay makes the checker's shortest counterexample of the named check the
// run, with the cursor on its initial state: Forward walks it to the
// violation. A lasso's cycle start is kept for the View. A final faulting
// step, which reaches no state, is left out; the state before it shows the
// fault on its move.
func (ss *Session) Replay(ctx context.Context, check string) error {
	r, err := ss.result(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(r.Checks, func(c checker.CheckResult) bool {
		return c.Name == check && c.Verdict == checker.Violated && c.Trace != nil
	})
	if i < 0 {
		return fmt.Errorf("no counterexample for check %s", check)
	}
	tr := r.Checks[i].Trace
	ss.mu.Lock()
	defer ss.mu.Unlock()
	run := [][]byte{ss.m.Initial()}
	var steps []explorer.Transition
	for _, st := range tr.Steps {
		s := run[len(run)-1]
		mv, ok := ss.match(s, st)
		if !ok {
			return fmt.Errorf("step %d of the counterexample is not a move of its state", st.Number)
		}
		if mv.next == nil {
			break
		}
		run = append(run, mv.next)
		steps = append(steps, mv.t)
	}
	ss.run, ss.steps, ss.at = run, steps, 0
	ss.replayed, ss.loop = check, -1
	if tr.LoopStart > 0 {
		ss.loop = tr.LoopStart - 1
	}
	return nil
}

// match finds the move out of s that a counterexample step took: the same
// process, statement, changes and note.
func (ss *Session) match(s []byte, st checker.Step) (move, bool) {
	for _, mv := range ss.moves(s) {
		if mv.t.Process != st.Process || mv.t.Partner != st.Partner {
			continue
		}
		in := ss.m.Program().Processes[mv.t.Process].Code[mv.t.PC]
		if in.Pos != st.Pos || ss.m.Note(&mv.t) != st.Note {
			continue
		}
		if mv.next != nil && !slices.Equal(ss.m.Changes(s, mv.next), st.Changes) {
			continue
		}
		return mv, true
	}
	return move{}, false
}

// Random makes a random run of at most steps steps from the initial state
// the run, with the cursor at its end; the same seed gives the same run. A
// final faulting step, which reaches no state, is left out.
func (ss *Session) Random(ctx context.Context, seed uint64, steps int) error {
	sim, err := explorer.Simulate(ctx, ss.m, seed, steps)
	if err != nil {
		return err
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	run := [][]byte{ss.m.Initial()}
	var ts []explorer.Transition
	for _, st := range sim.Steps {
		if st.After == nil {
			break
		}
		run = append(run, st.After)
		ts = append(ts, st.Transition)
	}
	ss.run, ss.steps, ss.at = run, ts, len(run)-1
	ss.replayed, ss.loop = "", -1
	return nil
}
