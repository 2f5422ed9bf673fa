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
	// Partner is the other process of a joint step (handed a permit, a mutex
	// or a monitor, woken, signalled, or the receiver of a rendezvous), or -1.
	Partner int
	// Events say what happened beyond the changes of variables, in order.
	Events []Event
	// Messages holds the components of the messages that Rendezvous events
	// carry (see Event.Msg).
	Messages []int32
	// Fault is the assertion failure or run-time error the step ran into; a
	// faulting transition has no successor state.
	Fault *Fault
	// Flush marks a step of the memory system under TSO or PSO: the oldest
	// store of one of Process's buffers reaches memory (one Flushes event).
	// Process and PC are the buffer's owner and its unchanged program counter.
	Flush bool
}

// Clone returns a copy of t that does not share its Events.
func (t *Transition) Clone() Transition {
	c := *t
	c.Events = append([]Event(nil), t.Events...)
	c.Messages = append([]int32(nil), t.Messages...)
	return c
}

// PartnerReady reports whether t's partner took part in the step from a
// statement it was ready to execute — the receiver of a rendezvous — rather
// than being freed from a queue by it. A ready partner counts as enabled in
// the state t leaves.
func (t *Transition) PartnerReady() bool {
	if t.Partner < 0 {
		return false
	}
	for _, e := range t.Events {
		if e.Kind == Rendezvous && e.Proc == t.Partner {
			return true
		}
	}
	return false
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
	// WaitsOnCond: the process released its lock and joined the queue of
	// condition element Obj.
	WaitsOnCond
	// Signals: a signal on condition element Obj moved Proc out of its queue
	// (to take its lock again).
	Signals
	// SignalsHoare: a signal on condition element Obj of a Hoare monitor
	// handed the monitor to Proc.
	SignalsHoare
	// LostSignal: a signal on condition element Obj found nobody waiting.
	LostSignal
	// Broadcasts: a broadcast on condition element Obj moved Proc out of its
	// queue; one event per process, in queue order, or one with Proc -1 when
	// nobody waited.
	Broadcasts
	// EntersUrgent: the process joined the urgent queue of the Hoare monitor
	// lock, mutex element Obj.
	EntersUrgent
	// Rendezvous: the process sent a message over unbuffered channel element
	// Obj to Proc, which received it in the same step.
	Rendezvous
	// Loses: the message sent on lossy channel element Obj was lost.
	Loses
	// Flushes: the store of Messages[Msg] to shared element Obj (numbered
	// among the shared variables' elements) buffered by Proc reached memory.
	Flushes
)

// Event is something a step did besides changing variables.
type Event struct {
	Kind EventKind
	// Obj is a semaphore or mutex element (global element number).
	Obj int
	// Proc is the process handed a permit or mutex, (not) woken or signalled,
	// or the receiver of a rendezvous.
	Proc int
	// Msg and MsgLen locate a Rendezvous's message in Transition.Messages.
	Msg, MsgLen int
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
	for i, e := range t.Events {
		switch e.Kind {
		case BlocksOnSem:
			parts = append(parts, "blocks in down("+m.semName(e.Obj)+")")
		case BlocksOnMutex:
			if mon := m.prog.Mutexes[m.lay.mutexDecl[e.Obj]].Monitor; mon != "" {
				parts = append(parts, "blocks entering monitor "+mon)
			} else {
				parts = append(parts, "blocks in lock("+m.mutexName(e.Obj)+")")
			}
		case Sleeps:
			parts = append(parts, "falls asleep")
		case HandsPermit:
			parts = append(parts, "hands the permit of "+m.semName(e.Obj)+" to "+name(e.Proc))
		case HandsMutex:
			if mon := m.prog.Mutexes[m.lay.mutexDecl[e.Obj]].Monitor; mon != "" {
				parts = append(parts, "hands monitor "+mon+" to "+name(e.Proc))
			} else {
				parts = append(parts, "hands mutex "+m.mutexName(e.Obj)+" to "+name(e.Proc))
			}
		case Wakes:
			parts = append(parts, "wakes "+name(e.Proc))
		case LostWakeup:
			parts = append(parts, "wakeup of "+name(e.Proc)+" is lost: it is not asleep")
		case WaitsOnCond:
			parts = append(parts, "waits in "+m.condName(e.Obj))
		case Signals:
			parts = append(parts, "signals "+m.condName(e.Obj)+": "+name(e.Proc)+" wakes")
		case SignalsHoare:
			parts = append(parts, "signals "+m.condName(e.Obj)+": hands monitor "+m.condMonitor(e.Obj)+" to "+name(e.Proc))
		case LostSignal:
			parts = append(parts, "signals "+m.condName(e.Obj)+": nobody waits (lost)")
		case Broadcasts:
			if e.Proc < 0 {
				parts = append(parts, "broadcasts "+m.condName(e.Obj)+": nobody waits (lost)")
				break
			}
			if i > 0 && t.Events[i-1].Kind == Broadcasts && t.Events[i-1].Obj == e.Obj {
				break
			}
			var who []string
			for _, f := range t.Events[i:] {
				if f.Kind != Broadcasts || f.Obj != e.Obj {
					break
				}
				who = append(who, name(f.Proc))
			}
			verb := " wakes"
			if len(who) > 1 {
				verb = " wake"
			}
			parts = append(parts, "broadcasts "+m.condName(e.Obj)+": "+strings.Join(who, ", ")+verb)
		case EntersUrgent:
			parts = append(parts, "waits in the urgent queue of "+m.prog.Mutexes[m.lay.mutexDecl[e.Obj]].Monitor)
		case Rendezvous:
			parts = append(parts, "sends "+m.messageText(e.Obj, t.Messages[e.Msg:e.Msg+e.MsgLen])+" to "+name(e.Proc)+" over "+m.chanName(e.Obj))
		case Loses:
			parts = append(parts, "loses the message on "+m.chanName(e.Obj))
		case Flushes:
			parts = append(parts, name(e.Proc)+"'s store "+m.storeText(e.Obj, t.Messages[e.Msg])+" reaches memory")
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

// PartnerNote says in words what t's partner did in a rendezvous ("receives
// 1 from Producer over c"); "" when t is not a rendezvous.
func (m *Machine) PartnerNote(t *Transition) string {
	var parts []string
	for _, e := range t.Events {
		if e.Kind == Rendezvous {
			parts = append(parts, "receives "+m.messageText(e.Obj, t.Messages[e.Msg:e.Msg+e.MsgLen])+
				" from "+m.prog.Processes[t.Process].Display+" over "+m.chanName(e.Obj))
		}
	}
	return strings.Join(parts, "; ")
}
