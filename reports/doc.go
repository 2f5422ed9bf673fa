// Package reports turns a checker.Result into what people and programs read: a
// plain-text report for a terminal, a JSON document for tools, and a Graphviz
// diagram of a counterexample.
//
// Every function here is a pure function of its Result and options: it prints
// nothing, touches no file and reads no clock, so the same Result always gives
// the same bytes. Order comes from the Result's slices (checks, steps, changes,
// processes), never from map iteration. A Result may come from a run that hit a
// limit: reports say so rather than assume completeness.
package reports
