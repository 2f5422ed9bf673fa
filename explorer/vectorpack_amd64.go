package explorer

// packVectors packs the state at st by the n vector blocks at blocks
// (vectorpack.go), reading n·32 bytes from st: its key, and bad nonzero
// when a byte is past its width.
//
//go:noescape
func packVectors(st *byte, blocks *vectorBlock, n int) (key, bad uint64)

// unpackVectors writes the state of key at st, n·32 bytes, by the n
// vector blocks at blocks.
//
//go:noescape
func unpackVectors(st *byte, blocks *vectorBlock, n int, key uint64)

// xgetbv is the processor's extended control register 0.
func xgetbv() (eax, edx uint32)

// fastVectors reports whether the processor and the system run AVX2,
// which packVectors and unpackVectors use.
func fastVectors() bool {
	top, _, _, _ := cpuid(0, 0)
	if top < 7 {
		return false
	}
	const osxsave, avx = 1 << 27, 1 << 28
	if _, _, c, _ := cpuid(1, 0); c&osxsave == 0 || c&avx == 0 {
		return false
	}
	// The system saves the vector registers' upper halves (XMM and YMM
	// state).
	if eax, _ := xgetbv(); eax&6 != 6 {
		return false
	}
	const avx2 = 1 << 5
	_, b, _, _ := cpuid(7, 0)
	return b&avx2 != 0
}
