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

// parallel expands the states of a level a window of chunks at a time and
// hands the results to the searcher in state order, so that the search makes
// exactly the calls of a one-state-at-a-time search. With one worker it
// expands a window, then merges it, on the searcher's goroutine. With n > 1,
// n-1 goroutines expand the next window while the searcher merges the last
// one: they read the store through a view (view.go) while the searcher
// inserts.
type parallel struct {
	workers int
	// per is the number of states of a chunk.
	per      StateID
	steppers []expander
	canons   []*Canon
	// banks are two windows of chunks: one merged while the other is
	// expanded.
	banks [2][]chunk
	view  view
}

// chunk is what a worker found out about the states [lo, hi) of a level.
type chunk struct {
	lo, hi StateID
	// counts[i] is the number of transitions of state lo+i, -1 when pruned.
	counts []int32
	// kinds[k] tells what the k-th transition of the chunk is; next holds the
	// successor states not found stored, one after the other, and hashes
	// their Store.hash; faults the faulting transitions, in order.
	kinds  []uint8
	next   []byte
	hashes []uint64
	faults []Transition
	// edges has one entry per transition when the search records edges
	// (Options.Edges), in the order of kinds.
	edges []Edge
	// touched sums what the store's touches read, so that they are kept.
	touched uint64
	// err is a panic of the chunk's expansion.
	err error
}

// Kinds of the transitions of a chunk.
const (
	// toNew: a successor not found stored when the chunk was expanded.
	toNew uint8 = iota
	// toKnown: a successor stored already, which the merge only counts.
	toKnown
	// toFault: a fault.
	toFault
)

func newParallel(m *Machine, workers int, red *reducer) *parallel {
	per := StateID(max(1, min(chunkStates, chunkStateBytes/max(1, m.StateSize()))))
	p := &parallel{workers: workers, per: per}
	for b := range p.banks {
		p.banks[b] = make([]chunk, windowChunks(workers))
	}
	for range workers {
		p.steppers = append(p.steppers, red.expander(&p.view))
		if red.opts.Symmetry != nil {
			p.canons = append(p.canons, red.opts.Symmetry.NewCanon())
		}
	}
	return p
}

// windowChunks is the number of chunks of a window: a few per worker, and a
// single chunk for a single worker, whose merge then finds the slots the
// chunk's lookups touched still in the cache.
func windowChunks(workers int) int {
	if workers == 1 {
		return 1
	}
	return 4 * workers
}

// expand computes chunk c with stepper r, reading the store through view v
// and told by record whether to record edges. It first computes every
// successor of the chunk's states and their hashes, then touches the store
// where each would be filed, then the record found there: the cache misses
// of the lookups, which dominate a search, are waited for together instead
// of one after another. With lookup, it then looks each successor up, so
// that the searcher, whose merge every worker waits for, has only the new
// ones to insert; without (a single worker), the searcher's insert is the
// only lookup.
func (c *chunk) expand(v *view, r expander, canon *Canon, record, lookup bool) {
	c.counts, c.kinds, c.next, c.hashes, c.faults, c.edges = c.counts[:0], c.kinds[:0], c.next[:0], c.hashes[:0], c.faults[:0], c.edges[:0]
	c.err = nil
	defer func() {
		if p := recover(); p != nil {
			c.err = fmt.Errorf("%v", p)
		}
	}()
	emit := reduced(func(t *Transition, next []byte) {
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
		c.hashes = append(c.hashes, v.hash(next))
	}, canon)
	for id := c.lo; id < c.hi; id++ {
		if v.isPruned(id) {
			c.counts = append(c.counts, -1)
			continue
		}
		c.counts = append(c.counts, int32(r(v.get(id), id, emit)))
	}
	touched := c.touched
	for _, h := range c.hashes {
		touched += v.touchSlot(h)
	}
	for _, h := range c.hashes {
		touched += v.touchRecord(h)
	}
	c.touched = touched
	if !lookup {
		return
	}
	size := v.size
	k, kept := 0, 0
	for i, kind := range c.kinds {
		if kind == toFault {
			continue
		}
		h, next := c.hashes[k], c.next[k*size:(k+1)*size]
		k++
		if id, ok := v.lookup(next, h); ok {
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

// fill gives the chunks of bank the next states from *start up to hi, and
// returns how many chunks it filled.
func (p *parallel) fill(bank []chunk, start *StateID, hi StateID) int {
	n := 0
	for n < len(bank) && *start < hi {
		end := min(*start+p.per, hi)
		bank[n].lo, bank[n].hi = *start, end
		*start = end
		n++
	}
	return n
}

// expandAll expands the chunks of bank on the workers and returns a wait
// that returns when they are done.
func (p *parallel) expandAll(bank []chunk, record bool) (wait func()) {
	if p.workers == 1 || len(bank) <= 1 {
		for i := range bank {
			bank[i].expand(&p.view, p.steppers[0], p.canon(0), record, p.workers > 1)
		}
		return func() {}
	}
	var wg sync.WaitGroup
	n := p.expanders()
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(bank); i += n {
				bank[i].expand(&p.view, p.steppers[w], p.canon(w), record, true)
			}
		})
	}
	return wg.Wait
}

// expanders is the number of goroutines that expand a window while the
// searcher merges the last one: one less than the workers, the searcher's
// goroutine being the other, so that it is never short of a processor.
func (p *parallel) expanders() int { return max(1, p.workers-1) }

// level explores the states [lo, hi) of one level. It reports whether the
// search must end (a limit reached, or stopped).
func (p *parallel) level(sr *searcher, lo, hi StateID) bool {
	p.view.take(sr, lo, hi)
	record := sr.opts.Edges != nil
	start := lo
	cur, next := p.banks[0], p.banks[1]
	n := p.fill(cur, &start, hi)
	p.expandAll(cur[:n], record)()
	for n > 0 {
		m := p.fill(next, &start, hi)
		wait := func() {}
		if p.workers > 1 {
			wait = p.expandAll(next[:m], record)
		}
		end := p.merge(sr, cur[:n])
		wait()
		if end {
			return true
		}
		if p.workers == 1 {
			p.expandAll(next[:m], record)()
		}
		cur, next, n = next, cur, m
	}
	return false
}

// merge hands the searcher the expanded chunks, in order. It reports whether
// the search must end.
func (p *parallel) merge(sr *searcher, chunks []chunk) bool {
	size := sr.st.size
	var ok Transition
	for i := range chunks {
		c := &chunks[i]
		if c.err != nil {
			panic(c.err)
		}
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
	return false
}
