//go:build !linux

package explorer

// releasePages does nothing where pages cannot be given back one by one.
func releasePages[T any](b []T) {}

// backWhole does nothing: the pages fault as they are first written.
func backWhole(chunk []byte) {}
