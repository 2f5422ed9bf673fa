// Package lang is the front end of interleave: it parses a model written in the
// modelling language (docs/ and LANGUAGE.md), resolves its names, checks its types
// and lowers it to the plain program of package ir that the exploration engine
// runs.
//
// Every problem found is reported, not only the first: Compile returns a
// source.Errors with each error's file:line:col, sorted by position.
package lang

import (
	"errors"

	"github.com/interleave/interleave/lang/ir"
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
}

// Compile parses, checks and lowers one model file. On failure the error is a
// source.Errors holding every problem found, sorted by position.
func Compile(f File, opts Options) (*ir.Program, error) {
	return nil, errors.New("lang: not implemented")
}
