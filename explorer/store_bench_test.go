package explorer

import (
	"encoding/binary"
	"testing"
)

// BenchmarkBuildTable measures building the table of a store of 8 M states
// from its records, as growing does: ns/op is per state.
func BenchmarkBuildTable(b *testing.B) {
	const n = 8 << 20
	s := NewStore(8)
	var st [8]byte
	for i := range n {
		binary.LittleEndian.PutUint64(st[:], uint64(i)*0x9E3779B97F4A7C15)
		s.Insert(st[:], 0)
	}
	slots := len(s.table)
	b.ResetTimer()
	for b.Loop() {
		s.build(slots)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/state")
}
