//go:build !linux

package liveness

// adviseHugePages does nothing where transparent huge pages are not known.
func adviseHugePages[T any](b []T) {}
