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

// parallel expands the states of a level on several goroutines, a window of
// chunks at a time, and hands the results to the searcher in state order, so
// that the search makes exactly the calls of a sequential one. The store is
// only read while workers run and only written while they do not.
type parallel struct {
	workers int
	// per is the number of states of a chunk.
	per      StateID
	steppers []expander
	canons   []*Canon
	chunks   []chunk
}

// chunk is what a worker found out about the states [lo, hi) of a level.
type chunk struct {
	lo, hi StateID
	// counts[i] is the number of transitions of state lo+i, -1 when pruned.
	counts []int32
	// kinds[k] tells what the k-th transition of the chunk is; next holds the
	// successor states not stored before the window, one after the other;
	// faults the faulting transitions, in order.
	kinds  []uint8
	next   []byte
	faults []Transition
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

func newParallel(m *Machine, red *reducer) *parallel {
	workers, sym := red.opts.Workers, red.opts.Symmetry
	per := StateID(max(1, min(chunkStates, chunkStateBytes/max(1, m.StateSize()))))
	p := &parallel{workers: workers, per: per, chunks: make([]chunk, 4*workers)}
	for range workers {
		p.steppers = append(p.steppers, red.expander())
		if sym != nil {
			p.canons = append(p.canons, sym.NewCanon())
		}
	}
	return p
}

// expand computes chunk c with stepper r.
func (c *chunk) expand(sr *searcher, r expander, canon *Canon) {
	c.counts, c.kinds, c.next, c.faults = c.counts[:0], c.kinds[:0], c.next[:0], c.faults[:0]
	emit := reduced(func(t *Transition, next []byte) {
		switch {
		case t.Fault != nil:
			c.kinds = append(c.kinds, toFault)
			c.faults = append(c.faults, t.Clone())
		case sr.st.Has(next):
			c.kinds = append(c.kinds, toKnown)
		default:
			c.kinds = append(c.kinds, toNew)
			c.next = append(c.next, next...)
		}
	}, canon)
	for id := c.lo; id < c.hi; id++ {
		if sr.isPruned(id) {
			c.counts = append(c.counts, -1)
			continue
		}
		c.counts = append(c.counts, int32(r(sr.st.Get(id), id, emit)))
	}
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
				for range cnt {
					switch c.kinds[k] {
					case toFault:
						sr.transition(&c.faults[f], nil)
						f++
					case toKnown:
						sr.known()
					default:
						sr.transition(&ok, c.next[off:off+size])
						off += size
					}
					k++
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

// run expands chunks [0, n) on the workers.
func (p *parallel) run(sr *searcher, n int) error {
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
				p.chunks[i].expand(sr, p.steppers[w], p.canon(w))
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
