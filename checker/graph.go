package checker

import (
	"context"
	"sync"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// graphChunk is the number of states whose edges one worker lists at a time;
// a multiple of 64, so that two chunks never share a word of a NodeSet.
const graphChunk = 1024

// phases are the node predicates of the mutual-exclusion family, one NodeSet
// per process (LANGUAGE.md section 5): crit[p] holds the states where p is in
// critical, trying[p] where p is trying, waiting[p] where p is waiting. A
// process that is trying, not yet in the waiting region and blocked — in a
// weak or fifo down, or in a lock, of its doorway — counts as waiting: those
// statements always execute and belong to the doorway, and a process blocked
// in them is waiting. pruned holds the states whose run ends there because a
// selected invariant is false in them.
type phases struct {
	crit, trying, waiting []liveness.NodeSet
	pruned                liveness.NodeSet
	// hasCrit[p] tells whether process p has a critical block.
	hasCrit []bool
}

// bytes is the memory the node sets hold.
func (ph *phases) bytes() uint64 {
	n := uint64(len(ph.pruned))
	for p := range ph.crit {
		n += uint64(len(ph.crit[p]) + len(ph.trying[p]) + len(ph.waiting[p]))
	}
	return 8 * n
}

// regionOf is the index of the program's first region of kind k, or -1.
func regionOf(p *ir.Program, k ir.RegionKind) int {
	for r, reg := range p.Regions {
		if reg.Kind == k {
			return r
		}
	}
	return -1
}

// nodeEdges is what a worker found out about the states of one chunk: per
// state, its fairly enabled processes (words of them) and its number of edges;
// then the edges, in order.
type nodeEdges struct {
	lo, hi  int
	enabled []uint64
	counts  []int32
	targets []int32
	moves   []liveness.Move
}

// stateGraph is the liveness view of a complete search: one node per stored
// state (node v is state v, in breadth-first order) and one edge per
// transition to a stored state, in the engine's successor order, so that the
// k-th edge of a node is the k-th transition out of its state once faults are
// left out (Space.EdgeStep rebuilds it).
//
// An edge is labelled with the process that moves and, for a joint step, the
// partner: the process handed a permit, a mutex or a monitor, woken or
// signalled, or the receiver of a rendezvous. The partner counts as moving.
// A process freed from a queue was blocked, so never enabled, just before the
// step, and it must move itself to block again; counting it or not therefore
// changes no fairness verdict. A rendezvous moves both processes and needs it
// counted.
//
// A process is fairly enabled in a state when it has a transition there — a
// faulting one included: weak fairness forces it to take that step, and the
// run then ends in the fault — or when it is the receiver of a rendezvous
// there (an unbuffered receive is enabled exactly when some sender can meet
// it), unless its next statement is `noncritical`, which fairness never
// forces on. A process blocked in a queue (a condition's, a monitor's entry
// set or urgent queue) has no transition: it is disabled. Faulting transitions and pruned states have
// no edges: a run that ends in a fault or in a state where an invariant is
// false is already a safety violation, so the checks leave pruned states out
// of the sets in which a counterexample must stay (see phases).
type stateGraph struct {
	sp *explorer.Space
	g  *liveness.Graph
	ph *phases
}

// buildGraph builds the graph of a complete search and the phases of its
// states, on workers goroutines; the result does not depend on workers.
func buildGraph(ctx context.Context, sp *explorer.Space, workers int) (*stateGraph, error) {
	m := sp.Machine
	prog := m.Program()
	procs := m.Processes()
	n := sp.Store.Len()
	b, err := liveness.NewBuilder(fairUnits(m))
	if err != nil {
		return nil, err
	}
	if fairUnits(m) > procs {
		b.AlwaysFair(procs) // flushes: weakly fair whatever the fairness
	}
	b.Grow(n, int(sp.Outcome.Transitions))
	ph := &phases{pruned: liveness.NewNodeSet(n), hasCrit: make([]bool, procs)}
	for range procs {
		ph.crit = append(ph.crit, liveness.NewNodeSet(n))
		ph.trying = append(ph.trying, liveness.NewNodeSet(n))
		ph.waiting = append(ph.waiting, liveness.NewNodeSet(n))
	}
	if r := regionOf(prog, ir.RegionCritical); r >= 0 {
		for p := range procs {
			ph.hasCrit[p] = p < len(prog.Regions[r].PCs) && len(prog.Regions[r].PCs[p]) > 0
		}
	}
	workers = max(workers, 1)
	walkers := make([]*explorer.EdgeWalker, workers)
	for i := range walkers {
		walkers[i] = sp.NewEdgeWalker()
	}
	words := (fairUnits(m) + 63) / 64
	window := make([]nodeEdges, workers)
	for lo := 0; lo < n; lo += workers * graphChunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var wg sync.WaitGroup
		for i := range window {
			c := &window[i]
			c.lo = min(lo+i*graphChunk, n)
			c.hi = min(c.lo+graphChunk, n)
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.list(sp, walkers[i], ph, words)
			}()
		}
		wg.Wait()
		for i := range window {
			c := &window[i]
			e := 0
			for v := c.lo; v < c.hi; v++ {
				k := v - c.lo
				b.AddNode(liveness.ProcSet(c.enabled[k*words : (k+1)*words]))
				for range c.counts[k] {
					b.AddEdge(int(c.targets[e]), c.moves[e])
					e++
				}
			}
		}
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	return &stateGraph{sp: sp, g: g, ph: ph}, nil
}

// list computes the enabled sets, edges and phases of the states of chunk c.
func (c *nodeEdges) list(sp *explorer.Space, w *explorer.EdgeWalker, ph *phases, words int) {
	m := sp.Machine
	prog := m.Program()
	crit, trying, waiting := regionOf(prog, ir.RegionCritical), regionOf(prog, ir.RegionTrying), regionOf(prog, ir.RegionWaiting)
	c.enabled = c.enabled[:0]
	c.counts, c.targets, c.moves = c.counts[:0], c.targets[:0], c.moves[:0]
	var s []byte
	var en []uint64
	var count int32
	edge := func(t *explorer.Transition, to explorer.StateID, ok bool) {
		p := t.Process
		if t.Flush {
			p = flushUnit(m, p)
			en[p>>6] |= 1 << (uint(p) & 63)
		} else if prog.Processes[p].Code[m.PC(s, p)].Op != ir.OpNoncritical {
			en[p>>6] |= 1 << (uint(p) & 63)
		}
		if q := t.Partner; q >= 0 && t.PartnerReady() {
			en[q>>6] |= 1 << (uint(q) & 63)
		}
		if !ok {
			return
		}
		count++
		c.targets = append(c.targets, int32(to))
		partner := t.Partner
		if partner < 0 {
			partner = liveness.NoProc
		}
		c.moves = append(c.moves, liveness.Move{Proc: p, Partner: partner})
	}
	for v := c.lo; v < c.hi; v++ {
		id := explorer.StateID(v)
		s = sp.Store.Get(id)
		base := len(c.enabled)
		for range words {
			c.enabled = append(c.enabled, 0)
		}
		en = c.enabled[base:]
		count = 0
		w.Edges(id, edge)
		c.counts = append(c.counts, count)
		if sp.Pruned(id) {
			ph.pruned.Add(v)
		}
		for p := range ph.crit {
			if crit >= 0 && m.InRegion(s, p, crit) {
				ph.crit[p].Add(v)
			}
			try := trying >= 0 && m.InRegion(s, p, trying)
			if try {
				ph.trying[p].Add(v)
			}
			if (waiting >= 0 && m.InRegion(s, p, waiting)) || (try && m.Blocked(s, p)) {
				ph.waiting[p].Add(v)
			}
		}
	}
}
