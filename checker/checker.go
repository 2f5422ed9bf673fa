// Package checker decides the properties of a compiled model on the state space
// that package explorer generates, and turns what it finds into a Result: one
// verdict per check, with the shortest counterexample of each violated one.
package checker

import (
	"context"
	"errors"

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
}

// Run checks p. The error is for a program the engine cannot run at all; a
// violation, a fault in the model or a limit reached is part of the Result.
func Run(ctx context.Context, p *ir.Program, opts Options) (*Result, error) {
	return nil, errors.New("checker: not implemented")
}
