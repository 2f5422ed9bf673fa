package explorer

import (
	"context"
	"errors"
	"math/rand/v2"
)

// SimEnd says why a simulated run stopped.
type SimEnd uint8

const (
	// SimSteps: the run made the number of steps it was allowed.
	SimSteps SimEnd = iota
	// SimTerminated: every process (daemons aside) has terminated and no
	// process can move.
	SimTerminated
	// SimDeadlock: no process can move and some process (not a daemon) has not
	// terminated.
	SimDeadlock
	// SimFault: the last step is a fault (a failed assertion or a run-time
	// error); its After state is nil.
	SimFault
	// SimCancelled: the context ended the run.
	SimCancelled
)

// String is the end in words: "steps", "terminated", "deadlock", "fault",
// "cancelled".
func (e SimEnd) String() string {
	switch e {
	case SimSteps:
		return "steps"
	case SimTerminated:
		return "terminated"
	case SimDeadlock:
		return "deadlock"
	case SimFault:
		return "fault"
	case SimCancelled:
		return "cancelled"
	}
	return "unknown"
}

// Simulation is one random run of a Machine.
type Simulation struct {
	// Steps are the run's steps from the initial state, in order; each Step's
	// Before and After are copies owned by the Simulation.
	Steps []Step
	// Last is the state the run ended in: the initial state for a run of no
	// steps, and for a fault the state the faulting step started from.
	Last []byte
	End  SimEnd
}

// Simulate makes one random run of m from its initial state: at each state
// one of its transitions (faults included) is chosen uniformly at random, in
// the successor order of Successors, with a PCG generator seeded by seed. The
// same Machine, seed and steps give the same run. It stops after steps steps
// (none when steps is 0), at a state with no transition (a deadlock or the
// end of every process), at a fault, or when ctx ends.
func Simulate(ctx context.Context, m *Machine, seed uint64, steps int) (*Simulation, error) {
	if m == nil {
		return nil, errors.New("explorer: no machine")
	}
	if steps < 0 {
		return nil, errors.New("explorer: negative number of steps")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r := m.NewStepper()
	s := m.Initial()
	sim := &Simulation{}
	type choice struct {
		t    Transition
		next []byte
	}
	var choices []choice
	for {
		if len(sim.Steps) >= steps {
			sim.End = SimSteps
			break
		}
		if ctx.Err() != nil {
			sim.End = SimCancelled
			break
		}
		choices = choices[:0]
		r.Successors(s, func(t *Transition, next []byte) {
			var n []byte
			if next != nil {
				n = append([]byte(nil), next...)
			}
			choices = append(choices, choice{t: t.Clone(), next: n})
		})
		if len(choices) == 0 {
			sim.End = SimDeadlock
			if m.allTerminated(s) {
				sim.End = SimTerminated
			}
			break
		}
		c := choices[rng.IntN(len(choices))]
		sim.Steps = append(sim.Steps, Step{Transition: c.t, Before: s, After: c.next})
		if c.next == nil {
			sim.End = SimFault
			break
		}
		s = c.next
	}
	sim.Last = s
	return sim, nil
}

// allTerminated reports whether every process but the daemons has terminated
// in state s.
func (m *Machine) allTerminated(s []byte) bool {
	for p, proc := range m.prog.Processes {
		if !proc.Daemon && !m.Terminated(s, p) {
			return false
		}
	}
	return true
}
