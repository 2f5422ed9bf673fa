package liveness

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on the machines Linux
// commonly runs on.
const hugePage = 2 << 20

// adviseHugePages asks the kernel to back the memory of b, a large new
// allocation not yet written, with huge pages where it can: one page fault
// then maps 2 MiB instead of 4 KiB while a graph is recorded, and the
// searches' random accesses miss the TLB less. Only the whole huge pages
// inside b are advised; a refusal changes nothing but speed.
func adviseHugePages[T any](b []T) {
	if len(b) == 0 {
		return
	}
	base := unsafe.Pointer(unsafe.SliceData(b))
	start := uintptr(base)
	end := start + uintptr(len(b))*unsafe.Sizeof(b[0])
	lo, hi := (start+hugePage-1)&^(hugePage-1), end&^(hugePage-1)
	if hi <= lo {
		return
	}
	mem := unsafe.Slice((*byte)(unsafe.Add(base, lo-start)), hi-lo)
	_ = syscall.Madvise(mem, 14) // MADV_HUGEPAGE
}
