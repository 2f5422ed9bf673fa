package explorer

import (
	"sync/atomic"
	"syscall"
	"unsafe"
)

// mappedTables is the bytes of all the stores' table mappings in the
// process: memory outside Go's heap that the searches' limits and figures
// count with the heap (MemoryInUse), as the runtime counts its heap for the
// whole process.
var mappedTables atomic.Int64

// offHeapBytes is the memory the stores hold outside Go's heap: the
// mappings of their large tables.
func offHeapBytes() uint64 { return uint64(mappedTables.Load()) }

// tableMemory holds a store's hash table once it is large: an anonymous
// mapping of its own, which grows in place (mremap), so that growing the
// table keeps the pages the old one had, cleared, and takes new ones only
// for what it adds. Memory new to a process is cleared by the kernel page
// by page as it is first touched, which costs more than clearing resident
// memory; a table built anew at each growth would take all of its pages
// new each time, three times its final size in all.
type tableMemory struct {
	mapped []byte
	// counted is where the mapping's bytes are counted: mappedTables,
	// unless a test gives a counter of its own.
	counted *atomic.Int64
}

// count adds n bytes to the count of mapped tables.
func (m *tableMemory) count(n int) {
	if m.counted == nil {
		m.counted = &mappedTables
	}
	m.counted.Add(int64(n))
}

// mappingStep is the bytes by which a table's mapping grows: whole huge
// pages of 2 MiB.
const mappingStep = 2 << 20

// mapTablesFrom is the size from which a table takes a mapping of its own:
// below it, a table is an ordinary allocation.
const mapTablesFrom = 1 << 20

// resize returns a table of slots slots, all empty, in the memory of the
// table m gave last where it can: that table's slots are not kept.
func (m *tableMemory) resize(slots int) []uint32 {
	n := 4 * slots
	if n < mapTablesFrom {
		m.release()
		return heapTable(slots)
	}
	size := (n + mappingStep - 1) &^ (mappingStep - 1)
	if m.mapped != nil && len(m.mapped) != size {
		kept := len(m.mapped)
		addr, _, errno := syscall.Syscall6(syscall.SYS_MREMAP, uintptr(unsafe.Pointer(unsafe.SliceData(m.mapped))),
			uintptr(kept), uintptr(size), 1 /* MREMAP_MAYMOVE */, 0, 0)
		if errno == 0 {
			m.count(size - kept)
			// The mapping's new address, outside Go's heap.
			base := *(*unsafe.Pointer)(unsafe.Pointer(&addr))
			m.mapped = unsafe.Slice((*byte)(base), size)
			clear(m.mapped[:min(kept, size)])
			adviseHugePages(m.mapped)
			return unsafe.Slice((*uint32)(base), slots)
		}
		m.release()
	}
	if m.mapped == nil {
		// Not syscall.Mmap: the mapping moves with mremap, and
		// syscall.Munmap unmaps only what syscall.Mmap mapped where it did.
		addr, _, errno := syscall.Syscall6(syscall.SYS_MMAP, 0, uintptr(size), syscall.PROT_READ|syscall.PROT_WRITE,
			syscall.MAP_PRIVATE|syscall.MAP_ANON, ^uintptr(0), 0)
		if errno != 0 {
			return heapTable(slots)
		}
		m.mapped = unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&addr))), size)
		m.count(size)
		adviseHugePages(m.mapped)
	} else {
		clear(m.mapped)
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(m.mapped))), slots)
}

// shrink gives back the memory of the mapping past its first n bytes,
// rounded up to whole steps; what it keeps stays where it is.
func (m *tableMemory) shrink(n int) {
	size := (n + mappingStep - 1) &^ (mappingStep - 1)
	if m.mapped == nil || size >= len(m.mapped) {
		return
	}
	tail := m.mapped[size:]
	if _, _, errno := syscall.Syscall(syscall.SYS_MUNMAP, uintptr(unsafe.Pointer(unsafe.SliceData(tail))), uintptr(len(tail)), 0); errno != 0 {
		return
	}
	m.count(-len(tail))
	m.mapped = m.mapped[:size:size]
}

// release gives the mapping back to the system, if there is one; the table
// in it must not be used after.
func (m *tableMemory) release() {
	if m.mapped != nil {
		m.count(-len(m.mapped))
		_, _, _ = syscall.Syscall(syscall.SYS_MUNMAP, uintptr(unsafe.Pointer(unsafe.SliceData(m.mapped))), uintptr(len(m.mapped)), 0)
		m.mapped = nil
	}
}

// heapTable is a table of slots slots on Go's heap.
func heapTable(slots int) []uint32 {
	t := make([]uint32, slots)
	// Written before it is read: memory new to the process would otherwise
	// fault twice a page, once to read the shared zero page, once to write
	// its own copy (and flush the first from every processor).
	clear(t)
	return t
}
