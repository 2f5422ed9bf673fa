package explorer

import (
	"fmt"
	"sync"
)

// chunkStates is the most states one worker expands at a time.
const chunkStates = 256

// chunkStateBytes is about the most bytes of states in one chunk: a chunk of
// large states holds fewer of them, so that the successors a chunk buffers
// stay within a few MiB whatever the size of a state.
const chunkStateBytes = 256 << 10

// parallel expands the states of a level a window of chunks at a time, on
// several goroutines or on the searcher's own, and hands the results to the
// searcher in state order, so that the search makes exactly the calls of a
// one-state-at-a-time search. The store is only read while chunks are
// expanded and only written while they are not.
type parallel struct {
	workers int
	// per is the number of states of a chunk.
	per      StateID
	steppers []*Stepper
	chunks   []chunk
}

// chunk is what a worker found out about the states [lo, hi) of a level.
type chunk struct {
	lo, hi StateID
	// counts[i] is the number of transitions of state lo+i, -1 when pruned.
	counts []int32
	// kinds[k] tells what the k-th transition of the chunk is; next holds the
	// successor states not stored before the window, one after the other, and
	// hashes their Store.Hash; faults the faulting transitions, in order.
	kinds  []uint8
	next   []byte
	hashes []uint64
	faults []Transition
	// edges has one entry per transition when the search records edges
	// (Options.Edges), in the order of kinds.
	edges []Edge
	// touched sums what the store's touches read, so that they are kept.
	touched uint64
}

// Kinds of the transitions of a chunk.
const (
	// toNew: a successor not in the store when the window started.
	toNew uint8 = iota
	// toKnown: a successor stored already, which the merge only counts.
	toKnown
	// toFault: a fault.
	toFault
)

func newParallel(m *Machine, workers int) *parallel {
	per := StateID(max(1, min(chunkStates, chunkStateBytes/max(1, m.StateSize()))))
	p := &parallel{workers: workers, per: per, chunks: make([]chunk, windowChunks(workers))}
	for range workers {
		p.steppers = append(p.steppers, m.NewStepper())
	}
	return p
}

// expand computes chunk c with stepper r. It first computes every successor
// of the chunk's states and their hashes, then touches the store where each
// would be filed, then the record found there, and only then looks each one
// up: the cache misses of the lookups, which dominate a search, are waited
// for together instead of one after another.
func (c *chunk) expand(sr *searcher, r *Stepper) {
	st := sr.st
	c.counts, c.kinds, c.next, c.hashes, c.faults, c.edges = c.counts[:0], c.kinds[:0], c.next[:0], c.hashes[:0], c.faults[:0], c.edges[:0]
	record := sr.opts.Edges != nil
	emit := func(t *Transition, next []byte) {
		if record {
			c.edges = append(c.edges, edgeOf(t))
		}
		if t.Fault != nil {
			c.kinds = append(c.kinds, toFault)
			c.faults = append(c.faults, t.Clone())
			return
		}
		c.kinds = append(c.kinds, toNew)
		c.next = append(c.next, next...)
		c.hashes = append(c.hashes, st.Hash(next))
	}
	for id := c.lo; id < c.hi; id++ {
		if sr.isPruned(id) {
			c.counts = append(c.counts, -1)
			continue
		}
		c.counts = append(c.counts, int32(r.Successors(st.Get(id), emit)))
	}
	touched := c.touched
	for _, h := range c.hashes {
		touched += st.touchSlot(h)
	}
	for _, h := range c.hashes {
		touched += st.touchRecord(h)
	}
	c.touched = touched
	size := st.size
	k, kept := 0, 0
	for i, kind := range c.kinds {
		if kind == toFault {
			continue
		}
		h, next := c.hashes[k], c.next[k*size:(k+1)*size]
		k++
		if id, ok := st.lookup(next, h); ok {
			c.kinds[i] = toKnown
			if record {
				c.edges[i].To = id
			}
			continue
		}
		copy(c.next[kept*size:], next)
		c.hashes[kept] = h
		kept++
	}
	c.next, c.hashes = c.next[:kept*size], c.hashes[:kept]
}

// level explores the states [lo, hi) of one level. It reports whether the
// search must end (a limit reached, or stopped).
func (p *parallel) level(sr *searcher, lo, hi StateID) bool {
	size := sr.st.size
	var ok Transition
	for start := lo; start < hi; {
		n := 0
		for n < len(p.chunks) && start < hi {
			end := min(start+p.per, hi)
			p.chunks[n].lo, p.chunks[n].hi = start, end
			start = end
			n++
		}
		if err := p.run(sr, n); err != nil {
			panic(err)
		}
		for i := range n {
			c := &p.chunks[i]
			k, off, f := 0, 0, 0
			for j, cnt := range c.counts {
				sr.from = c.lo + StateID(j)
				skip, end := sr.skip()
				if end {
					return true
				}
				if skip {
					continue
				}
				first := k
				for range cnt {
					switch c.kinds[k] {
					case toFault:
						sr.transition(&c.faults[f], nil, 0)
						f++
					case toKnown:
						sr.known()
					default:
						to := sr.transition(&ok, c.next[off*size:(off+1)*size], c.hashes[off])
						if c.edges != nil {
							c.edges[k].To = to
						}
						off++
					}
					k++
				}
				if sr.opts.Edges != nil && !sr.stop {
					sr.opts.Edges(sr.from, sr.st.Get(sr.from), c.edges[first:k])
				}
				sr.expanded(int(cnt))
				if sr.stop {
					return true
				}
			}
		}
	}
	return false
}

// run expands chunks [0, n) on the workers, or on the calling goroutine
// when there is one worker or one chunk.
func (p *parallel) run(sr *searcher, n int) error {
	if p.workers == 1 || n == 1 {
		for i := range n {
			p.chunks[i].expand(sr, p.steppers[0])
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, p.workers)
	for w := range p.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs[w] = fmt.Errorf("%v", r)
				}
			}()
			for i := w; i < n; i += p.workers {
				p.chunks[i].expand(sr, p.steppers[w])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// windowChunks is the number of chunks expanded before their results are
// merged: enough for every worker to have work while the others' is merged,
// and a single chunk for a single worker, whose merge then finds the slots
// the chunk's lookups touched still in the cache.
func windowChunks(workers int) int {
	if workers == 1 {
		return 1
	}
	return 4 * workers
}
