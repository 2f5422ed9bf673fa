package pages

import (
	"syscall"
	"unsafe"
)

// resident is the number of the pages b touches that are in memory, from
// mincore, and the number of those pages.
func resident(b []byte) (in, all int, ok bool) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo, hi := start&^(pageSize-1), (start+uintptr(len(b))+pageSize-1)&^(pageSize-1)
	vec := make([]byte, (hi-lo)/pageSize)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, lo, hi-lo, uintptr(unsafe.Pointer(unsafe.SliceData(vec)))); errno != 0 {
		return 0, 0, false
	}
	for _, v := range vec {
		in += int(v & 1)
	}
	return in, len(vec), true
}
