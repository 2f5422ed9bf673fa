//go:build !amd64

package explorer

// fastVectors reports whether packVectors and unpackVectors may be used:
// only on amd64.
func fastVectors() bool { return false }

func packVectors(st *byte, blocks *vectorBlock, n int) (key, bad uint64) {
	panic("explorer: no AVX2")
}

func unpackVectors(st *byte, blocks *vectorBlock, n int, key uint64) { panic("explorer: no AVX2") }
