//go:build race

package main

// raceEnabled tells that this program is built with the race detector, whose
// shadow memory no data limit of the program's own size leaves room for.
const raceEnabled = true
