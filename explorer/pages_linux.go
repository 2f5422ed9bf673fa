package explorer

import (
	"syscall"
	"unsafe"
)

// The store's memory is in pages of the ordinary size. Transparent huge
// pages spare the table's random probes misses of the TLB, but on virtual
// machines that give their guests' free memory back to the host (free page
// reporting, as Firecracker does) a new huge page is backed anew by the
// host at its first write, at about 0.5 GB/s, against 3 GB/s for ordinary
// pages the guest reuses: on the filter lock with 4 processes, asking for
// huge pages cost one worker 3 % and two workers 7 % of the search's time.

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
