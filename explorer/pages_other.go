//go:build !linux

package explorer

// releasePages does nothing where pages cannot be given back one by one.
func releasePages[T any](b []T) {}
