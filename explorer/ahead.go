package explorer

import "unsafe"

// With several workers, the arrays a chunk's expansion writes (keys,
// hashes, kinds, repeats, firsts, counts, edges, froms) were read last by
// other workers, as they filed, stored and handed on the window before, or
// merged the chunk that had its place in the pipeline's ring. A store into a line
// another core holds waits for that core to give the line up, and holds up
// every store after it, among them those of the successor state the stepper
// is building, which packing its key then waits for. So the expansion asks
// for each array's lines for writing before it writes them: as it starts,
// and every few states, up to writeAhead bytes past what it wrote. Asked for
// all at once, most of the requests would be dropped: a core keeps only a
// few dozen misses in flight.

// writeAhead is how far past the end of an array its lines are asked for,
// every claimEvery states: far more than those states write.
const (
	writeAhead = 1024
	claimEvery = 4
)

// ahead is how far the lines of an array have been asked for, in bytes from
// its start.
type ahead uintptr

// claim asks for the lines of b's array from where a is up to writeAhead
// bytes past its length, within its capacity, when that is a line or more.
func claim[T any](a *ahead, b []T) {
	var zero T
	size := unsafe.Sizeof(zero)
	from := max(uintptr(*a), uintptr(len(b))*size)
	to := min(uintptr(len(b))*size+writeAhead, uintptr(cap(b))*size)
	if to >= from+64 {
		prefetchWrite(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), from), to-from)
		*a = ahead(to)
	}
}

// chunkLines is how far the arrays of a chunk being expanded have been
// asked for.
type chunkLines struct {
	keys, hashes, kinds, edges, froms, repeat, firsts, counts ahead
}

// claim asks for the next lines of the arrays of c, being expanded, its
// edges and the states expanded among them with record.
func (l *chunkLines) claim(c *chunk, record bool) {
	if c.keys != nil {
		claim(&l.keys, c.keys)
	} else {
		claim(&l.keys, c.next)
	}
	claim(&l.hashes, c.hashes)
	claim(&l.kinds, c.kinds)
	claim(&l.repeat, c.repeat)
	claim(&l.firsts, c.firsts)
	claim(&l.counts, c.counts)
	if record {
		claim(&l.edges, c.edges)
		claim(&l.froms, c.froms)
	}
}
