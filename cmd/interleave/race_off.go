//go:build !race

package main

// raceEnabled tells that this program is built with the race detector.
const raceEnabled = false
