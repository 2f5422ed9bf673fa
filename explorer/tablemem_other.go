//go:build !linux

package explorer

// offHeapBytes is the memory the stores hold outside Go's heap: none here.
func offHeapBytes() uint64 { return 0 }

// tableMemory holds a store's hash table: where tables cannot grow in
// place, an ordinary allocation each time.
type tableMemory struct{}

// resize returns a new table of slots slots, all empty.
func (m *tableMemory) resize(slots int) []uint32 { return make([]uint32, slots) }

// release does nothing: the table's memory goes with the garbage.
func (m *tableMemory) release() {}

// shrink does nothing: there is no mapping to give back.
func (m *tableMemory) shrink(n int) {}
