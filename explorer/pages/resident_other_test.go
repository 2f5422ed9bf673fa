//go:build !linux

package pages

// resident cannot tell where the system has no mincore at hand.
func resident(b []byte) (in, all int, ok bool) { return 0, 0, false }
