//go:build !amd64

package explorer

// fastBitFields reports whether pextKey and pdepState may be used: only on
// amd64.
func fastBitFields() bool { return false }

func pextKey(st *byte, n int, masks *uint64) (key, bad uint64) { panic("explorer: no PEXT") }

func pdepState(st *byte, n int, masks *uint64, key uint64) { panic("explorer: no PDEP") }
