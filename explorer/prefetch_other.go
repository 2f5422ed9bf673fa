//go:build !amd64

package explorer

// prefetchHomes would ask the processor to bring the home slots of states
// of the given hashes into its cache; where no prefetch instruction is
// used, it does nothing, and the loads that follow wait for their misses.
func prefetchHomes(table *uint32, slots uint64, hashes []uint64) {}

// prefetchHomesToWrite would ask the processor for the lines of the home
// slots of states of the given hashes, to be written; here it does nothing.
func prefetchHomesToWrite(table *uint32, slots uint64, hashes []uint64) {}

// prefetchAddrs would ask the processor to bring the bytes at each address
// into its cache; here it does nothing.
func prefetchAddrs(addrs []uintptr) {}

// prefetchWrite would ask the processor for the cache lines of the n bytes
// at p, to be written; here it does nothing.
func prefetchWrite(p uintptr, n uintptr) {}
