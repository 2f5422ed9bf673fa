package explorer

import "unsafe"

// prefetchHomes asks the processor to bring into its cache the home slots,
// in table (slots slots), of states of the given hashes, without waiting
// for them: the loads that follow find them there (homeIn gives the same
// slots).
//
//go:noescape
func prefetchHomes(table *uint32, slots uint64, hashes []uint64)

// prefetchAddrs asks the processor to bring into its cache the bytes at
// each address, without waiting for them. An address need not be valid.
//
//go:noescape
func prefetchAddrs(addrs []uintptr)

// prefetchWrite asks the processor to bring the n bytes from p into its
// cache for writing, without waiting for them.
//
//go:noescape
func prefetchWrite(p unsafe.Pointer, n uintptr)

// canPrefetchWrite reports whether the processor has PREFETCHW
// (CPUID 8000_0001h, ECX bit 8), which prefetchWrite uses.
func canPrefetchWrite() bool {
	if top, _, _, _ := cpuid(0x80000000, 0); top < 0x80000001 {
		return false
	}
	_, _, c, _ := cpuid(0x80000001, 0)
	return c&(1<<8) != 0
}
