//go:build !amd64

package explorer

import "unsafe"

// prefetchHomes would ask the processor to bring the home slots of states
// of the given hashes into its cache; where no prefetch instruction is
// used, it does nothing, and the loads that follow wait for their misses.
func prefetchHomes(table *uint32, slots uint64, hashes []uint64) {}

// prefetchAddrs would ask the processor to bring the bytes at each address
// into its cache; here it does nothing.
func prefetchAddrs(addrs []uintptr) {}

// prefetchWrite would ask the processor to bring memory into its cache for
// writing; here it does nothing.
func prefetchWrite(p unsafe.Pointer, n uintptr) {}

// canPrefetchWrite reports whether prefetchWrite does anything: not here.
func canPrefetchWrite() bool { return false }
