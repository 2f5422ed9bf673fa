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

// processStart is when this process started, as near as it can be told.
var processStart = time.Now()

// cpuTime stands for the processor time used where it is not read: the time
// since the process started, so that --timeout still ends a check.
func cpuTime() time.Duration { return time.Since(processStart) }

// openSource opens path for reading; the caller checks that it is a regular
// file.
func openSource(path string, follow bool) (*os.File, error) { return os.Open(path) }
