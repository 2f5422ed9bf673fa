package liveness

import "unsafe"

// prefetch asks the processor to bring the cache line at p into its cache,
// without waiting for it. p need not be valid.
//
//go:noescape
func prefetch(p unsafe.Pointer)
