package checker

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// recorder builds the liveness view of a search while the search runs: each
// state's node and edges as it is expanded (explorer.Options.Edges), so that
// the liveness checks compute no successor again; the phases of the states
// are read from the store once the search is over (settle). It is a Visitor
// wrapping the safety one.
// The graph it builds is the one buildGraph describes: node v is state v, its
// edges are its transitions to stored states in successor order.
type recorder struct {
	*safety
	ph *phases
	// crit, trying and waiting are the program's regions of those kinds, or -1.
	crit, trying, waiting int
	// out is what edges writes.
	out *edgeSide
	// at[p][pc] tells which of the regions crit, trying and waiting
	// process p is in at pc (inCrit, inTrying, inWaiting): none of them is
	// the end region, in which being depends on more than the pc; and
	// whether it may stay there forever, as at noncritical (atNoncritical,
	// ir.MayStay).
	at [][]uint8
	// keepWaiting tells settle to make the waiting sets: bounded
	// waiting, their only reader, is checked.
	keepWaiting bool
	// stretch is the nodes a goroutine of settle takes at a time, a
	// multiple of 64: no two write a word of a set.
	stretch int
}

// edgeSide is what recorder.edges reads and writes, kept apart from what
// State writes: a search may call the two on two goroutines at once
// (explorer.Options.Edges), and a cache line that both write would move
// between their cores at every call. It holds its own copies of the
// machine and of at.
type edgeSide struct {
	_  [64]byte
	m  *explorer.Machine
	at [][]uint8
	b  *liveness.Builder
	// next is the next node to add; en, targets and rows are scratch for
	// a node's enabled set and edges.
	next          int
	en            []uint64
	targets, rows []uint32
	// units is the graph's number of parties (fairUnits); rowOf holds the
	// row in the graph's moves (liveness.Builder.MoveRow) of each move met
	// so far, plus one, at mover*(units+1) + partner+1.
	units int
	rowOf []uint32
	// solo is the row of a move of process p alone, plus one, at p, once
	// met: rowOf's, read without a call.
	solo []uint32
	_    [64]byte
}

// The bits of recorder.at.
const (
	inCrit = 1 << iota
	inTrying
	inWaiting
	atNoncritical
)

func newRecorder(v *safety) (*recorder, error) {
	m := v.m
	prog := m.Program()
	procs := m.Processes()
	b, err := liveness.NewBuilder(fairUnits(m))
	if err != nil {
		return nil, err
	}
	if fairUnits(m) > procs {
		b.AlwaysFair(procs) // flushes: weakly fair whatever the fairness
	}
	r := &recorder{
		safety: v,
		ph:     &phases{hasCrit: make([]bool, procs)},
		crit:   regionOf(prog, ir.RegionCritical), trying: regionOf(prog, ir.RegionTrying), waiting: regionOf(prog, ir.RegionWaiting),
		keepWaiting: slices.ContainsFunc(v.checks, func(c *ir.Check) bool { return c.Kind == ir.CheckBoundedWaiting }),
		out:         newEdgeSide(m, b),
		stretch:     1 << 16,
	}
	if r.crit >= 0 {
		for p := range procs {
			r.ph.hasCrit[p] = p < len(prog.Regions[r.crit].PCs) && len(prog.Regions[r.crit].PCs[p]) > 0
		}
	}
	r.at = make([][]uint8, procs)
	for p := range procs {
		r.at[p] = make([]uint8, len(prog.Processes[p].Code))
		for pc := range prog.Processes[p].Code {
			if ir.MayStay(prog.Processes[p].Code, pc) {
				r.at[p][pc] |= atNoncritical
			}
		}
		for _, reg := range []struct {
			r   int
			bit uint8
		}{{r.crit, inCrit}, {r.trying, inTrying}, {r.waiting, inWaiting}} {
			if reg.r >= 0 && p < len(prog.Regions[reg.r].PCs) {
				for _, pc := range prog.Regions[reg.r].PCs[p] {
					r.at[p][pc] |= reg.bit
				}
			}
		}
	}
	r.out.at = r.at
	return r, nil
}

// edges is explorer.Options.Edges: it adds the node of the expanded state
// from, whose bytes are s, and its edges. The states skipped since the last
// call were not expanded: they get nodes without edges.
func (r *recorder) edges(from explorer.StateID, s []byte, edges []explorer.Edge) {
	r.out.edges(from, s, edges)
}

func newEdgeSide(m *explorer.Machine, b *liveness.Builder) *edgeSide {
	units := fairUnits(m)
	return &edgeSide{m: m, b: b, units: units, en: make([]uint64, (units+63)/64), rowOf: make([]uint32, units*(units+1)), solo: make([]uint32, min(units, m.Processes()))}
}

// edges is recorder.edges: the node's enabled set and its edges, given to
// the graph by the rows of their moves, in one look at each transition.
func (r *edgeSide) edges(from explorer.StateID, s []byte, edges []explorer.Edge) {
	if len(r.en) == 1 {
		r.edges1(from, s, edges)
		return
	}
	if int(from) != r.next {
		r.fill(int(from))
	}
	m := r.m
	en := r.en
	clear(en)
	targets, rows := r.targets[:0], r.rows[:0]
	last := -1 // the last process whose next statement was looked at
	for i := range edges {
		e := &edges[i]
		p := int(e.Process)
		switch {
		case e.Flush:
			p = flushUnit(m, p)
			en[p>>6] |= 1 << (uint(p) & 63)
		case p == last:
		case r.at[p][m.PC(s, p)]&atNoncritical == 0:
			en[p>>6] |= 1 << (uint(p) & 63)
			last = p
		default:
			last = p
		}
		q := int(e.Partner)
		if q >= 0 && e.PartnerReady {
			en[q>>6] |= 1 << (uint(q) & 63)
		}
		if !e.Fault {
			targets = append(targets, uint32(e.To))
			rows = append(rows, r.row(p, q))
		}
	}
	r.b.AddNodeRows(en, targets, rows)
	r.next++
	r.targets, r.rows = targets, rows
}

// edges1 is edges for a graph of at most 64 parties, the enabled set in a
// word of its own: the search of a liveness check with two workers waits
// on these calls, and the set kept in a slice made it a tenth slower. An
// edge of one process alone, the most common, takes its row from solo
// without a call.
func (r *edgeSide) edges1(from explorer.StateID, s []byte, edges []explorer.Edge) {
	if int(from) != r.next {
		r.fill(int(from))
	}
	m := r.m
	var en uint64
	n := len(edges)
	targets := slices.Grow(r.targets[:0], n)[:n]
	rows := slices.Grow(r.rows[:0], n)[:n]
	k := 0
	last := -1 // the last process whose next statement was looked at
	for i := range edges {
		e := &edges[i]
		p := int(e.Process)
		if e.Flush || e.Fault || e.Partner >= 0 || uint(p) >= uint(len(r.solo)) {
			k = r.edge1(e, s, &en, &last, targets, rows, k)
			continue
		}
		if p != last {
			last = p
			if r.at[p][m.PC(s, p)]&atNoncritical == 0 {
				en |= 1 << p
			}
		}
		row := r.solo[p]
		if row == 0 {
			row = r.row(p, -1) + 1
			r.solo[p] = row
		}
		targets[k], rows[k] = uint32(e.To), row-1
		k++
	}
	r.en[0] = en
	r.b.AddNodeRows(r.en, targets[:k], rows[:k])
	r.next++
	r.targets, r.rows = targets, rows
}

// edge1 is edges1's look at an edge of a flush, a fault or two processes:
// it notes the parties it enables in *en, *last being the last process
// whose next statement was looked at, and writes its target and row at k,
// unless it faults; it returns the next k.
func (r *edgeSide) edge1(e *explorer.Edge, s []byte, en *uint64, last *int, targets, rows []uint32, k int) int {
	p := int(e.Process)
	switch {
	case e.Flush:
		p = flushUnit(r.m, p)
		*en |= 1 << (uint(p) & 63)
	case p == *last:
	case r.at[p][r.m.PC(s, p)]&atNoncritical == 0:
		*en |= 1 << (uint(p) & 63)
		*last = p
	default:
		*last = p
	}
	q := int(e.Partner)
	if q >= 0 && e.PartnerReady {
		*en |= 1 << (uint(q) & 63)
	}
	if e.Fault {
		return k
	}
	targets[k], rows[k] = uint32(e.To), r.row(p, q)
	return k + 1
}

// row is the row in the graph's moves of party p moving with partner q
// (none when negative).
func (r *edgeSide) row(p, q int) uint32 {
	q = max(q, liveness.NoProc)
	if p < 0 || p >= r.units || q >= r.units {
		return r.b.MoveRow(liveness.Move{Proc: p, Partner: q}) // a misuse, for Build to report
	}
	k := p*(r.units+1) + q + 1
	if r.rowOf[k] == 0 {
		r.rowOf[k] = r.b.MoveRow(liveness.Move{Proc: p, Partner: q}) + 1
	}
	return r.rowOf[k] - 1
}

// fill adds nodes without edges up to node n (excluded).
func (r *edgeSide) fill(n int) {
	clear(r.en)
	for ; r.next < n; r.next++ {
		r.b.AddNode(liveness.ProcSet(r.en))
	}
}

// graph finishes the graph of the complete search sp, with its node sets
// made by workers goroutines.
func (r *recorder) graph(sp *explorer.Space, workers int) (*stateGraph, error) {
	sg, err := r.graphAlone(sp)
	if err != nil {
		return nil, err
	}
	r.settle(sg, workers)
	return sg, nil
}

// graphAlone finishes the graph of the complete search sp, leaving its node
// sets to settle, which a run calls once the store's table is released.
func (r *recorder) graphAlone(sp *explorer.Space) (*stateGraph, error) {
	n := sp.Store.Len()
	r.out.fill(n)
	r.ph.pruned = liveness.NewNodeSet(n)
	sp.PrunedInto(r.ph.pruned)
	g, err := r.out.b.Build()
	if err != nil {
		return nil, err
	}
	return &stateGraph{sp: sp, g: g, ph: r.ph}, nil
}

// settle makes the node sets of sg.ph from the states of its every node,
// read from the store, workers goroutines each taking the next stretch of
// nodes. They are made once the search is over and the table given back,
// rather than recorded as the states are stored, so that they are not
// beside the table at the peak of a large run (18 MB beside the 18
// million states of filter_live with four processes).
func (r *recorder) settle(sg *stateGraph, workers int) {
	n := min(sg.g.Nodes(), sg.sp.Store.Len())
	ph := sg.ph
	r.newPhases(sg)
	pcs := r.pcsInKeys(sg.sp)
	stretch := r.stretch
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(workers, (n+stretch-1)/stretch)) {
		wg.Go(func() {
			var buf []byte
			var keys []uint64
			if pcs != nil {
				keys = make([]uint64, 1024)
			}
			for {
				lo := int(next.Add(int64(stretch))) - stretch
				if lo >= n {
					return
				}
				hi := min(lo+stretch, n)
				if pcs != nil {
					for v := lo; v < hi; v += len(keys) {
						k := keys[:min(len(keys), hi-v)]
						pcs.pp.WordsFrom(explorer.StateID(v), k)
						r.phasesOfKeys(ph, v, k, pcs)
					}
					continue
				}
				for v := lo; v < hi; v++ {
					buf = sg.sp.Store.Load(explorer.StateID(v), buf)
					r.phasesOf(ph, v, buf)
				}
			}
		})
	}
	wg.Wait()
}

// newPhases gives sg empty crit and trying sets of every process, and
// waiting sets where they are kept.
func (r *recorder) newPhases(sg *stateGraph) {
	ph, procs, n := sg.ph, len(r.at), sg.g.Nodes()
	ph.crit, ph.trying, ph.waiting = make([]liveness.NodeSet, procs), make([]liveness.NodeSet, procs), make([]liveness.NodeSet, procs)
	for p := range procs {
		ph.crit[p], ph.trying[p] = liveness.NewNodeSet(n), liveness.NewNodeSet(n)
		if r.keepWaiting {
			ph.waiting[p] = liveness.NewNodeSet(n)
		}
	}
}

// settleFor makes the node sets of sg, as settle does, for the checks
// under fairness: for a starvation check under weak fairness, with the
// check's cores (settleWithCores). It gives the store's table back to the
// system (explorer.Store.ReleaseTable) before it makes the sets, which may
// then take that memory, or, when it finds cores, once the sweeps that
// find them have used the table's memory (starvationCores). The error is
// the context's.
func (r *recorder) settleFor(ctx context.Context, sg *stateGraph, workers int, checks []*ir.Check, fairness ir.Fairness) error {
	starves := slices.ContainsFunc(checks, func(c *ir.Check) bool { return c.Kind == ir.CheckStarvation })
	if !starves || fairnessOf(fairness) != liveness.Weak {
		sg.sp.Store.ReleaseTable()
		r.settle(sg, workers)
		return nil
	}
	return r.settleWithCores(ctx, sg, workers)
}

// settleWithCores is settle for a starvation check under weak fairness,
// whose cores (transit.go) it finds at once. Where every process has a
// core to find, all in one group, and the keys take a word each, the
// sweeps that find the cores make the processes' crit and trying sets
// too, from the numbers of their parts in each node and the phases of
// those parts (a part holds the program counter), instead of settle's own
// pass over the keys: on filter_live with four processes and two workers,
// 0.36 s for both against 0.44. A process with more parts than a number
// holds has its sets made by settle after all. Elsewhere it is settle,
// and the check finds the cores itself. The error is the context's.
func (r *recorder) settleWithCores(ctx context.Context, sg *stateGraph, workers int) error {
	pcs := r.pcsInKeys(sg.sp)
	procs := sg.coreProcs()
	n := sg.g.Nodes()
	if pcs == nil || r.keepWaiting || pcs.pp.Words() != 1 || len(procs) != len(r.at) || len(procs) > groupSize || n != sg.sp.Store.Len() {
		sg.sp.Store.ReleaseTable()
		r.settle(sg, workers)
		return nil
	}
	r.newPhases(sg)
	pp := &partPhases{pcs: pcs, at: r.at}
	cores, err := sg.starvationCores(ctx, pp)
	// Given back by the sweeps when they used its memory; else now.
	sg.sp.Store.ReleaseTable()
	if err != nil {
		return err
	}
	if pp.missed {
		r.settle(sg, workers)
	}
	sg.cores, sg.coresFound = cores, true
	return nil
}

// partPhases tells the phases of a process from its part: at[p][pc] (the
// bits of recorder.at) for the program counter pc in its state's key.
// missed tells that the sweeps left the sets of a process unmade: it has
// more parts than a number holds.
type partPhases struct {
	pcs    *keyPCs
	at     [][]uint8
	missed bool
}

// of is the bits of recorder.at of process p in a state whose key is key.
func (pp *partPhases) of(p int, key uint64) uint8 {
	return pp.at[p][key>>pp.pcs.shift[p]&pp.pcs.mask[p]]
}

// pcsInKeys tells where each process's program counter lies in the keys of
// sp's states when the phases can be read from them alone: keys of one
// word, each counter in it, and no waiting sets to make that ask whether
// a process is blocked. It is nil otherwise.
func (r *recorder) pcsInKeys(sp *explorer.Space) *keyPCs {
	if r.keepWaiting && r.m.MayBlock() {
		return nil
	}
	pp := sp.ProcessParts()
	pcs := &keyPCs{pp: pp, shift: make([]uint8, len(r.at)), mask: make([]uint64, len(r.at))}
	for p := range r.at {
		shift, width, ok := pp.PCBits(p)
		if !ok {
			return nil
		}
		pcs.shift[p], pcs.mask[p] = shift, 1<<width-1
	}
	return pcs
}

// keyPCs reads the program counters of the processes from a key of one
// word: process p's is key>>shift[p] & mask[p].
type keyPCs struct {
	pp    *explorer.ProcessParts
	shift []uint8
	mask  []uint64
}

// phasesOfKeys is phasesOf for the nodes from v on, v a multiple of 64,
// whose states' keys are keys, where the waiting sets, if made, need not
// ask whether a process is blocked (pcsInKeys). It makes each set's word
// of 64 nodes whole before it writes it.
func (r *recorder) phasesOfKeys(ph *phases, v int, keys []uint64, pcs *keyPCs) {
	for lo := 0; lo < len(keys); lo += 64 {
		word := keys[lo:min(lo+64, len(keys))]
		x := (v + lo) >> 6
		for p, at := range r.at {
			shift, mask := pcs.shift[p], pcs.mask[p]
			var crit, trying, waiting uint64
			for j, key := range word {
				in := uint64(at[key>>shift&mask])
				crit |= in & inCrit << j
				trying |= in & inTrying >> 1 << j
				waiting |= in & inWaiting >> 2 << j
			}
			ph.crit[p][x] |= crit
			ph.trying[p][x] |= trying
			if r.keepWaiting {
				ph.waiting[p][x] |= waiting
			}
		}
	}
}

// phasesOf adds node v, whose state is s, to the node sets of ph of the
// phases each process is in there.
func (r *recorder) phasesOf(ph *phases, v int, s []byte) {
	m := r.m
	for p, at := range r.at {
		if in := at[m.PC(s, p)] &^ atNoncritical; in != 0 {
			ph.add(p, v, in, r.keepWaiting && (in&inWaiting != 0 || (in&inTrying != 0 && m.Blocked(s, p))))
		}
	}
}

// add adds node v to process p's sets of the phases that in (bits of
// recorder.at) tells, and to its waiting set when waiting.
func (ph *phases) add(p, v int, in uint8, waiting bool) {
	if in&inCrit != 0 {
		ph.crit[p].Add(v)
	}
	if in&inTrying != 0 {
		ph.trying[p].Add(v)
	}
	if waiting {
		ph.waiting[p].Add(v)
	}
}

// edgeParents is the parent of every state of a search recorded in g with
// Options.EdgeParents: the first node with an edge to it, which expanded it
// first, as the search expands states in the order of their ids; none for
// the initial state, node 0.
func edgeParents(g *liveness.Graph) []explorer.StateID {
	parents := make([]explorer.StateID, g.Nodes())
	for i := range parents {
		parents[i] = explorer.NoParent
	}
	for v := range g.Nodes() {
		lo, hi := g.Out(v)
		for e := lo; e < hi; e++ {
			if t := g.Target(e); t != 0 && parents[t] == explorer.NoParent {
				parents[t] = explorer.StateID(v)
			}
		}
	}
	return parents
}
