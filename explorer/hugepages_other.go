//go:build !linux

package explorer

// adviseHugePages does nothing where transparent huge pages are not known.
func adviseHugePages[T any](b []T) {}
