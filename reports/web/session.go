// Package web serves the interactive explorer: a page on which the user is
// the scheduler of a model, choosing which process moves next, stepping back
// and forward through the run built so far.
//
// A Session holds the run: a list of states from the initial one, each
// reached by one transition of the state before, and a cursor into it. The
// states are rebuilt from the Machine's successors, so every state the page
// shows is one the checker would reach. Handler serves the page (embedded,
// nothing is fetched from elsewhere) and a small JSON API over one Session;
// for a small model the page draws its whole state graph (Graph).
//
// A Playground answers the same API over the model it was last given to
// check; built to WebAssembly (cmd/interleave-wasm) it runs in the page of
// the static site that WriteSite writes, with no server at all.
package web

import (
	"errors"
	"fmt"
	"sync"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
)

// Session is one run being built by hand. Its methods are safe for
// concurrent use.
type Session struct {
	m      *explorer.Machine
	source string

	mu      sync.Mutex
	stepper *explorer.Stepper
	// run[0] is the initial state; run[i] is reached from run[i-1] by
	// steps[i-1]. at indexes the current state; states past it are the
	// ones Forward returns to.
	run   [][]byte
	steps []explorer.Transition
	at    int
	// replayed names the check whose counterexample the run is ("" for a
	// run made by hand); loop is the state its cycle starts at, or -1.
	replayed string
	loop     int

	checkOnce sync.Once
	checked   *checker.Result
	checkErr  error

	graphOnce sync.Once
	graphed   *stateGraph
	graphErr  error
}

// NewSession starts a run of m at its initial state; source is the model's
// text, shown on the page.
func NewSession(m *explorer.Machine, source string) *Session {
	return &Session{m: m, source: source, stepper: m.NewStepper(), run: [][]byte{m.Initial()}, loop: -1}
}

// move is one transition out of a state.
type move struct {
	t    explorer.Transition
	next []byte
}

// moves lists the transitions out of s in successor order.
func (ss *Session) moves(s []byte) []move {
	var out []move
	ss.stepper.Successors(s, func(t *explorer.Transition, next []byte) {
		var n []byte
		if next != nil {
			n = append([]byte(nil), next...)
		}
		out = append(out, move{t: t.Clone(), next: n})
	})
	return out
}

// Step takes the transition with the given index out of the current state;
// the states past the current one are dropped, and the run is no longer a
// replayed counterexample. A faulting transition cannot
// be taken: its fault is the error.
func (ss *Session) Step(index int) error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ms := ss.moves(ss.run[ss.at])
	if index < 0 || index >= len(ms) {
		return fmt.Errorf("no move %d: the state has %d", index, len(ms))
	}
	mv := ms[index]
	if mv.next == nil {
		return errors.New(mv.t.Fault.Msg)
	}
	ss.run = append(ss.run[:ss.at+1], mv.next)
	ss.steps = append(ss.steps[:ss.at], mv.t)
	ss.at++
	ss.replayed, ss.loop = "", -1
	return nil
}

// Back moves the cursor one state back; it reports whether it could.
func (ss *Session) Back() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.at == 0 {
		return false
	}
	ss.at--
	return true
}

// Forward moves the cursor one state forward along the run; it reports
// whether it could.
func (ss *Session) Forward() bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.at+1 >= len(ss.run) {
		return false
	}
	ss.at++
	return true
}

// Goto moves the cursor to state i of the run (0 is the initial state).
func (ss *Session) Goto(i int) error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if i < 0 || i >= len(ss.run) {
		return fmt.Errorf("no state %d: the run has %d", i, len(ss.run))
	}
	ss.at = i
	return nil
}
