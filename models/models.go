// Package models is interleave's built-in library of classic concurrent
// algorithms, embedded in the binary, each with the verdicts it must get.
//
// The library is a directory of model files (lib/*.ilv) and a manifest
// (manifest.json) that lists, for every model, its name, its file, a one-line
// description and one or more expectations: the verdict of every check that a
// run reports, for the model's own constants and fairness or for overridden
// ones. The manifest is the truth that the checker is tested against.
//
// Invariants of a library that loads without error (see Load):
//   - names are unique, non-empty, and sorted;
//   - every model names an existing file, has a description and at least one
//     expectation;
//   - every expectation gives a verdict for deadlock, assert and runtime (they
//     are always reported), uses only the verdict words "holds", "violated" and
//     "unknown", and a fairness of "", "weak", "strong" or "none";
//   - Bounds name only checks that have a verdict: a bound >= 0 goes with
//     "holds", -1 (unbounded) with "violated"; a decided check called
//     bounded_waiting always has a bound.
//
// Nothing is parsed at package initialisation: each call reads the embedded
// manifest afresh, so a malformed manifest is an error, never a panic.
package models

import (
	"embed"
	"sort"
)

//go:embed manifest.json lib/*.ilv
var library embed.FS

// Model is one entry of the library.
type Model struct {
	// Name is what `interleave check NAME` accepts ("peterson").
	Name string
	// Description is one line for `interleave models`.
	Description string
	// Source is the model's text; File is its file name ("peterson.ilv").
	Source []byte
	File   string
	// Expect lists the verdicts the model must get, per run configuration.
	Expect []Expectation
}

// Expectation is the verdicts of one run of a model: with some constants
// overridden and a fairness assumption (empty: the model's own).
type Expectation struct {
	Consts   map[string]int32
	Fairness string
	// Memory overrides the model's memory model ("sc", "tso" or "pso"); ""
	// keeps the model's own.
	Memory string
	// Verdicts maps a check's name to "holds", "violated" or "unknown".
	Verdicts map[string]string
	// Bounds maps a bounded_waiting check's name to its bound; -1 for unbounded.
	Bounds map[string]int
}

// Verdict words that an expectation may use, as reports print them.
const (
	// Holds: the check is proved.
	Holds = "holds"
	// Violated: the check is refuted with a counterexample; for bounded_waiting,
	// there is no bound.
	Violated = "violated"
	// Unknown: the check is not decided (a limit is reached first).
	Unknown = "unknown"
)

// Unbounded is the bound of a bounded_waiting check that has no bound.
const Unbounded = -1

// All returns every model in the library, sorted by name. It returns nil if
// the embedded library is malformed; Load says why.
func All() []Model {
	ms, err := Load()
	if err != nil {
		return nil
	}
	return ms
}

// Lookup returns the library model called name.
func Lookup(name string) (Model, bool) {
	ms := All()
	i := sort.Search(len(ms), func(i int) bool { return ms[i].Name >= name })
	if i < len(ms) && ms[i].Name == name {
		return ms[i], true
	}
	return Model{}, false
}

// Load reads the embedded library and checks it (see the package comment for
// what is checked). The models are sorted by name.
func Load() ([]Model, error) {
	return LoadFS(library)
}

// Files lists the model files of the embedded library (base names, sorted),
// whether or not the manifest lists them.
func Files() ([]string, error) {
	return FilesFS(library)
}
