package main

import (
	"fmt"
	"io"
	"time"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/reports"
)

// progressLine keeps one line on a terminal up to date while a long search
// runs: states, depth, states per second and memory. It stays silent for the
// first second, so quick runs print nothing, and it erases itself when the
// search is over.
type progressLine struct {
	w io.Writer
	// last is when the line was last drawn; shown tells whether anything is on
	// the screen to erase.
	last  time.Time
	shown bool
}

// progressDelay is how long a search runs before the line appears, and how
// often it is redrawn after that.
const progressDelay = time.Second

// update draws the line for p when it is due.
func (l *progressLine) update(p checker.Progress) {
	if p.Elapsed < progressDelay || time.Since(l.last) < progressDelay/2 {
		return
	}
	l.last = time.Now()
	rate := float64(p.States) / p.Elapsed.Seconds()
	fmt.Fprintf(l.w, "\r\033[Kexploring: %d states  depth %d  %.0f states/s  memory %s",
		p.States, p.Depth, rate, reports.Bytes(p.Memory))
	l.shown = true
}

// done erases the line if it was drawn.
func (l *progressLine) done() {
	if l.shown {
		fmt.Fprint(l.w, "\r\033[K")
		l.shown = false
	}
}

// found prints, on a line of its own, a violation the search has just found,
// while the search goes on: the verdict comes minutes before the report on a
// model whose state space is large.
func (l *progressLine) found(check, message string) {
	l.done()
	fmt.Fprintf(l.w, "found: %s violated: %s\n", reports.LineStart(check), reports.LineStart(message))
}
