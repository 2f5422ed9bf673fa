package explorer

import (
	"strings"

	"github.com/interleave/interleave/lang/source"
)

// Transition is one step out of a state, as Stepper.Successors reports it.
type Transition struct {
	// Index is the step's number among the state's transitions, from 0, in
	// successor order; re-running the successors of the same state gives the
	// same Index to the same step.
	Index int
	// Process is the process that moved.
	Process int
	// PC is the statement the step executed: the process's program counter,
	// or for an OpEither the chosen alternative's first instruction (an
	// OpAtomic stands for its whole block).
	PC int
	// Partner is the other process of a joint step (handed a permit or a mutex,
	// or woken), or -1.
	Partner int
	// Events say what happened beyond the changes of variables, in order.
	Events []Event
	// Fault is the assertion failure or run-time error the step ran into; a
	// faulting transition has no successor state.
	Fault *Fault
}

// Clone returns a copy of t that does not share its Events.
func (t *Transition) Clone() Transition {
	c := *t
	c.Events = append([]Event(nil), t.Events...)
	return c
}

// EventKind is what an Event reports.
type EventKind uint8

const (
	// BlocksOnSem: the process blocked in a down on semaphore element Obj.
	BlocksOnSem EventKind = iota
	// BlocksOnMutex: the process blocked in a lock of mutex element Obj.
	BlocksOnMutex
	// Sleeps: the process fell asleep.
	Sleeps
	// HandsPermit: an up handed semaphore element Obj's permit to Proc.
	HandsPermit
	// HandsMutex: an unlock handed mutex element Obj to Proc.
	HandsMutex
	// Wakes: a wakeup woke Proc.
	Wakes
	// LostWakeup: a wakeup was sent to Proc, which was not asleep.
	LostWakeup
)

// Event is something a step did besides changing variables.
type Event struct {
	Kind EventKind
	// Obj is a semaphore or mutex element (global element number).
	Obj int
	// Proc is the process handed a permit or mutex, or (not) woken.
	Proc int
}

// FaultKind tells an assertion failure from a run-time error.
type FaultKind uint8

const (
	// FaultAssert is a false assert statement.
	FaultAssert FaultKind = iota
	// FaultRuntime is a run-time error of the model: a value out of range, an
	// index out of bounds, a division by zero, an unlock by a non-owner…
	FaultRuntime
)

// Fault is an assertion failure or a run-time error, at a position.
type Fault struct {
	Kind FaultKind
	// Msg is lower case, without a trailing period: "division by zero",
	// "assertion failed: x == 2".
	Msg string
	Pos source.Pos
}

// Error renders the fault as "file:line:col: msg".
func (f *Fault) Error() string { return f.Pos.String() + ": " + f.Msg }

// Note says in words what t did beyond its changes: hand-overs, wake-ups,
// blocking and faults ("hands the permit of s to P[1]", "run-time error:
// division by zero"); "" when nothing needs saying.
func (m *Machine) Note(t *Transition) string {
	var parts []string
	name := func(p int) string { return m.prog.Processes[p].Display }
	for _, e := range t.Events {
		switch e.Kind {
		case BlocksOnSem:
			parts = append(parts, "blocks in down("+m.semName(e.Obj)+")")
		case BlocksOnMutex:
			parts = append(parts, "blocks in lock("+m.mutexName(e.Obj)+")")
		case Sleeps:
			parts = append(parts, "falls asleep")
		case HandsPermit:
			parts = append(parts, "hands the permit of "+m.semName(e.Obj)+" to "+name(e.Proc))
		case HandsMutex:
			parts = append(parts, "hands mutex "+m.mutexName(e.Obj)+" to "+name(e.Proc))
		case Wakes:
			parts = append(parts, "wakes "+name(e.Proc))
		case LostWakeup:
			parts = append(parts, "wakeup of "+name(e.Proc)+" is lost: it is not asleep")
		}
	}
	switch {
	case t.Fault == nil:
	case t.Fault.Kind == FaultRuntime:
		parts = append(parts, "run-time error: "+t.Fault.Msg)
	default:
		parts = append(parts, t.Fault.Msg)
	}
	return strings.Join(parts, "; ")
}
