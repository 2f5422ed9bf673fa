// Package models is interleave's built-in library of classic concurrent
// algorithms, embedded in the binary, each with the verdicts it must get.
package models

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
	// Verdicts maps a check's name to "holds", "violated" or "unknown".
	Verdicts map[string]string
	// Bounds maps a bounded_waiting check's name to its bound; -1 for unbounded.
	Bounds map[string]int
}

// All returns every model in the library, sorted by name.
func All() []Model { return nil }

// Lookup returns the library model called name.
func Lookup(name string) (Model, bool) { return Model{}, false }
