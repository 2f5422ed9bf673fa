//go:build linux

package main

import (
	"os"
	"syscall"
	"time"
)

// limitData caps the memory this process may allocate (RLIMIT_DATA: its heap
// and private mappings) at bytes, so that the operating system stops it should
// the checker's own gauge miss a growth. A failure leaves the limit as it was;
// under the race detector no limit is set.
func limitData(bytes uint64) {
	if raceEnabled {
		return
	}
	lim := syscall.Rlimit{Cur: bytes, Max: bytes}
	var old syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_DATA, &old) == nil && old.Max < bytes {
		lim.Cur, lim.Max = old.Max, old.Max
	}
	_ = syscall.Setrlimit(syscall.RLIMIT_DATA, &lim)
}

// rlimitMemory is the smallest of the address-space and data limits of this
// process, 0 when neither is set.
func rlimitMemory() uint64 {
	var least uint64
	for _, r := range []int{syscall.RLIMIT_AS, syscall.RLIMIT_DATA} {
		var lim syscall.Rlimit
		if syscall.Getrlimit(r, &lim) != nil || lim.Cur == ^uint64(0) {
			continue
		}
		if least == 0 || lim.Cur < least {
			least = lim.Cur
		}
	}
	return least
}

// cpuTime is the processor time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// openSource opens path for reading without blocking (a named pipe would
// wait for a writer) and, unless follow is set, without following a symbolic
// link.
func openSource(path string, follow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC
	if !follow {
		flags |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(path, flags, 0)
}
