package explorer

import (
	"syscall"
	"unsafe"
)

// adviseHugePages asks the kernel to back a large table's mapping, whole
// 2 MiB steps, with transparent huge pages: the table's random probes then
// miss the TLB far less. A huge page costs more to fault in where memory
// is new to the machine: on a virtual machine that gives its guests' free
// memory back to the host (free page reporting, as Firecracker does) a new
// huge page is backed anew at its first write, at about 0.5 GB/s against
// 3 GB/s for ordinary pages the guest reuses, while one that another
// process has just freed comes at once. The table, probed at random,
// gains more than that; the blocks filled in order (the arena's, the
// liveness graph's) gained less than their faults cost, and are on
// ordinary pages (pages.Whole).
func adviseHugePages(mapping []byte) {
	_ = syscall.Madvise(mapping, 14) // MADV_HUGEPAGE
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
