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

// BenchmarkPack packs a state of the filter lock into its key.
func BenchmarkPack(b *testing.B) {
	m := benchMachine(b)
	st := m.Initial()
	key := make([]byte, m.codec.room())
	b.Logf("state %d bytes, key %d, bounds % x", len(st), len(key), m.lay.byteBounds(m.prog))
	for b.Loop() {
		m.codec.packInto(key, st)
	}
}

// BenchmarkUnpack unpacks a key of the filter lock into its state.
func BenchmarkUnpack(b *testing.B) {
	m := benchMachine(b)
	st := m.Initial()
	key := make([]byte, m.codec.room())
	m.codec.packInto(key, st)
	for b.Loop() {
		m.codec.unpack(st, key)
	}
}
