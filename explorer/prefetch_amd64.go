package explorer

// prefetchHomes asks the processor to bring into its cache the home slots,
// in table (slots slots), of states of the given hashes, without waiting
// for them: the loads that follow find them there (homeIn gives the same
// slots).
//
//go:noescape
func prefetchHomes(table *uint32, slots uint64, hashes []uint64)

// prefetchHomesToWrite asks the processor for the lines of the home
// slots, in table (slots slots), of states of the given hashes, to be
// written: the line of each home alone, where a table being filled anew
// (Store.fill) puts most states.
//
//go:noescape
func prefetchHomesToWrite(table *uint32, slots uint64, hashes []uint64)

// prefetchAddrs asks the processor to bring into its cache the bytes at
// each address, without waiting for them. An address need not be valid.
//
//go:noescape
func prefetchAddrs(addrs []uintptr)

// prefetchWrite asks the processor for the cache lines of the n bytes at
// p, to be written.
//
//go:noescape
func prefetchWrite(p uintptr, n uintptr)
