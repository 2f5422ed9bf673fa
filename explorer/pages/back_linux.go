package pages

import (
	"syscall"
	"unsafe"
)

// back asks the kernel to back the whole pages of b, a block of Go's heap,
// now, in one call (MADV_POPULATE_WRITE, Linux 5.14; before, the pages
// fault as they are written). It asks for no huge pages: where the machine
// gives its guests' free memory back to the host, a new huge page costs
// several times the ordinary pages it replaces (see Whole).
func back(b []byte) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo, hi := (start+pageSize-1)&^(pageSize-1), (start+uintptr(len(b)))&^(pageSize-1)
	if hi > lo {
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, 23) // MADV_POPULATE_WRITE
	}
}
