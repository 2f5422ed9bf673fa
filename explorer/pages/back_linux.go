package pages

import (
	"syscall"
	"unsafe"
)

// back asks the kernel to back b, a block of Go's heap, with huge pages
// where it has them (the 2 MiB pages about b are the heap's, which the
// advice only lets the kernel back at once), and to back it now, in one
// call (MADV_POPULATE_WRITE, Linux 5.14; before, the pages fault as they
// are written).
func back(b []byte) {
	const huge = 2 << 20
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	end := start + uintptr(len(b))
	lo, hi := start&^(huge-1), (end+huge-1)&^(huge-1)
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, 14) // MADV_HUGEPAGE
	lo, hi = (start+pageSize-1)&^(pageSize-1), end&^(pageSize-1)
	if hi > lo {
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, 23) // MADV_POPULATE_WRITE
	}
}
