//go:build !linux

package main

import (
	"os"
	"time"
)

// limitData does nothing where the system has no data limit to set.
func limitData(uint64) {}

// rlimitMemory is 0: no resource limit is known here.
func rlimitMemory() uint64 { return 0 }

// cpuTime is unknown here: 0, so that only the wall clock limits a run.
func cpuTime() time.Duration { return 0 }

// openSource opens path for reading; the caller checks that it is a regular
// file.
func openSource(path string, follow bool) (*os.File, error) { return os.Open(path) }
