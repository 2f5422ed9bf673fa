package explorer

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on the machines Linux
// commonly runs on.
const hugePage = 2 << 20

// adviseHugePages asks the kernel to back the memory of b, a large new
// allocation, with huge pages where it can: one page fault then maps 2 MiB
// instead of 4 KiB, and the table's random accesses miss the TLB less.
// Only the whole huge pages inside b are advised; a refusal changes nothing
// but speed.
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

// releasePages gives the memory of the whole pages inside b back to the
// system: b reads as zeros afterwards. It is for a block that is being
// replaced and will not be read again, whose memory the runtime would
// otherwise keep until the garbage collector frees it.
func releasePages[T any](b []T) {
	if len(b) == 0 {
		return
	}
	const page = 4 << 10
	base := unsafe.Pointer(unsafe.SliceData(b))
	start := uintptr(base)
	end := start + uintptr(len(b))*unsafe.Sizeof(b[0])
	lo, hi := (start+page-1)&^(page-1), end&^(page-1)
	if hi <= lo {
		return
	}
	mem := unsafe.Slice((*byte)(unsafe.Add(base, lo-start)), hi-lo)
	_ = syscall.Madvise(mem, syscall.MADV_DONTNEED)
}
