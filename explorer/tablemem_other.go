//go:build !linux

package explorer

// tableMemory holds a store's hash table: where tables cannot grow in
// place, an ordinary allocation each time.
type tableMemory struct{}

// resize returns a new table of slots slots, all empty.
func (m *tableMemory) resize(old []uint32, slots int) []uint32 { return make([]uint32, slots) }

// release does nothing: the table's memory goes with the garbage.
func (m *tableMemory) release() {}
