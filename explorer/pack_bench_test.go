package explorer

import (
	"os"
	"testing"

	"github.com/interleave/interleave/lang"
)

// benchMachine is the filter lock with 4 processes, of 20-byte states.
func benchMachine(b *testing.B) *Machine {
	text, err := os.ReadFile("../checker/testdata/spinpairs/filter.ilv")
	if err != nil {
		b.Fatal(err)
	}
	p, err := lang.Compile(lang.File{Name: "filter.ilv", Text: text}, lang.Options{Consts: map[string]int32{"N": 4}})
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(p)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchState is the initial state of m in a buffer of the room the
// stepper's and the store's buffers have (lineRounded), which vector
// packing reads and writes whole.
func benchState(m *Machine) []byte {
	return append(make([]byte, 0, lineRounded(m.StateSize())), m.Initial()...)
}

// BenchmarkPack packs a state of the filter lock into its key.
func BenchmarkPack(b *testing.B) {
	m := benchMachine(b)
	st := benchState(m)
	key := make([]byte, m.codec.room())
	b.Logf("state %d bytes, key %d, bounds % x", len(st), len(key), m.lay.byteBounds(m.prog))
	for b.Loop() {
		m.codec.packInto(key, st)
	}
}

// BenchmarkUnpack unpacks a key of the filter lock into its state.
func BenchmarkUnpack(b *testing.B) {
	m := benchMachine(b)
	st := benchState(m)
	key := make([]byte, m.codec.room())
	m.codec.packInto(key, st)
	for b.Loop() {
		m.codec.unpackRoomy(st, key)
	}
}
