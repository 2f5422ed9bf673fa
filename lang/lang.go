// Package lang is the front end of interleave: it parses a model written in the
// modelling language (LANGUAGE.md), resolves its names, checks its types and
// lowers it to the plain program of package ir that the exploration engine runs.
//
// The phases are: syntax.Parse builds the syntax tree; declarations are
// entered (constants first, in source order, with Options.Consts overrides);
// regions (critical, sections, labels and the built-in ones) are created from
// a walk of the tree so that any expression may name them; each process
// instance is lowered with its index folded, for loops unrolled, forall and
// exists expanded and procedures inlined, into nodes where every non-step of
// the language is a jump; jumps are then resolved so that every program
// counter of the resulting ir.Process is a step or its final OpEnd, and the
// trying and waiting phases are computed on that control-flow graph; last, the
// checks are built, written ones first, then the implicit ones.
//
// Monitors become a Mutex (the monitor's lock), shared variables "M.x" and
// condition variables tied to that lock; a call M.f(args) is an entering
// step, the inlined body and a leaving step (monitor.go). Channel operations
// and select lower to OpSend, OpRecv and OpSelect (chan.go). Neither may
// appear inside an atomic block, nor any other operation that can block.
//
// A harness and a student's solution (LANGUAGE.md section 8) are parsed each
// on its own, then joined into one file before the declarations are entered
// (extern.go): the solution's declarations follow the harness's, the ones a
// solution may not make are left out with an error in the solution's file,
// and once the constants are known each extern procedure is matched, by the
// values of its parameter types, with the solution's procedure of its name.
//
// Every problem found is reported, not only the first: Compile returns a
// source.Errors with each error's file:line:col, sorted by position. Every
// syntax error the parser can tell apart is reported (see package syntax);
// resolution and type checking run only on a file that parses, and then every
// one of their errors is reported. A Program is returned only when there is no
// error at all.
package lang

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// File is a model's text with the name it is reported under.
type File struct {
	Name string
	Text []byte
}

// Options adjust compilation.
type Options struct {
	// Consts overrides `const` declarations by name (the CLI's -D NAME=VALUE).
	// Naming a constant the model does not declare is an error.
	Consts map[string]int32
	// MaxErrors bounds the errors reported: 0 means DefaultMaxErrors, a
	// negative value means every one.
	MaxErrors int
	// With is a student's solution (LANGUAGE.md section 8), compiled with the
	// model, its harness: the solution's declarations join the harness's and
	// define its extern procedures. nil for a model on its own.
	With *File
}

// Compile parses, checks and lowers one model file, with opts.With the
// solution that defines its extern procedures. On failure the error is a
// source.Errors holding every problem found, sorted by position; each names
// the file it is in, the harness's or the solution's.
func Compile(f File, opts Options) (*ir.Program, error) {
	return compileFile(f, opts, false)
}

// CompileHarness compiles a harness on its own, each extern procedure
// standing for a procedure that does nothing; opts.With is ignored. Its
// errors are the harness's own, and its Program tells the checks and their
// points.
func CompileHarness(f File, opts Options) (*ir.Program, error) {
	opts.With = nil
	return compileFile(f, opts, true)
}

// DefaultMaxErrors is how many errors a compilation reports at most, the
// first ones by position, as the parser bounds syntax errors.
const DefaultMaxErrors = 20

// compileFile is Compile; stubs makes extern procedures do nothing.
func compileFile(f File, opts Options, stubs bool) (prog *ir.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog = nil
			err = source.Errors{{Pos: source.Pos{File: f.Name, Line: 1, Col: 1}, Msg: fmt.Sprintf("internal compiler error: %v", r)}}
		}
	}()
	tree, a, err := assemble(f, opts, stubs)
	if err != nil {
		return nil, err
	}
	c := &compiler{file: f.Name, opts: opts, assignment: a}
	c.compile(tree)
	if len(c.errs) > 0 {
		c.errs.Sort()
		limit := opts.MaxErrors
		if limit == 0 {
			limit = DefaultMaxErrors
		}
		if limit > 0 && len(c.errs) > limit {
			c.errs = c.errs[:limit]
		}
		return nil, c.errs
	}
	return c.prog, nil
}
