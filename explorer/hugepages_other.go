//go:build !linux

package explorer

// adviseHugePages does nothing where transparent huge pages are not known.
func adviseHugePages[T any](b []T) {}

// releasePages does nothing where pages cannot be given back one by one.
func releasePages[T any](b []T) {}
