package checker

import (
	"context"
	"sync"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
)

// The starvation check asks, for each process p, whether a weakly fair run
// keeps p out of critical forever once it is trying: whether the subgraph
// of the states where p is not in critical holds a fair component that a
// trying state of p reaches. Most of that subgraph cannot hold one, and
// starvationCores finds much of what cannot, from the states' parts of p
// (explorer.ProcessParts: p's program counter, block status and locals).
//
// Take the graph of p's parts: an edge a→b for every transition between two
// states outside p's critical section, from a state where p's part is a to
// one where it is b, that changes p's part or moves p. A part on no cycle of
// it is one p never comes back to without entering critical. Now take a
// cycle of states through a state whose part of p is such a part, a: the
// parts along the cycle go round a cycle of the parts' graph through a,
// unless every transition of the cycle keeps p's part as it is and none
// moves p. So p stays at a all along, without moving. If p is fairly
// enabled in every state where its part is a (a's statement never waits, as
// an assignment), p is then enabled all along the cycle and never moves: the
// cycle is not weakly fair, nor is any component that holds the state. Such
// states are p's transit states: p passes through them on its way.
//
// So every fair component lies among the other states; and when no
// transition takes p from trying to a state outside critical where it is
// not trying (the usual case: p leaves its entry section only into
// critical), every state that a trying state reaches without p entering is
// itself trying, and the fair components the check looks for lie among the
// trying states that are not transit states: that is p's core, which
// liveness.Scratch.FairLassoWithin searches alone. On the filter lock,
// where a process waits at one statement of its entry section, a core holds
// an eighth of the trying states.

// partFacts is what a sweep of the graph learns of one part of a process:
// whether the process is fairly enabled in every state of that part,
// whether the part is in critical or trying, and the parts the process's
// part goes to from it (the edges of the parts' graph).
type partFacts struct {
	raw, part uint64
	flags     uint8
	next      []uint64
}

// The bits of partFacts.flags.
const (
	partDisabled = 1 << iota
	partCrit
	partTrying
	partTransit
)

// partTable numbers the parts of one process that a sweep meets, by their
// raw form (partReader.raw), in an open-addressing table: they are few,
// and the table stays in a few cache lines.
type partTable struct {
	slots []partSlot
	facts []partFacts
	// direct, for parts of at most maxDirectBits bits, holds each part's
	// number+1 (0: none yet).
	direct []int32
}

// partSlot is a raw part and its number+1 (0: an empty slot).
type partSlot struct {
	raw uint64
	at  uint32
}

// find returns the number of the raw part raw, or -1.
func (t *partTable) find(raw uint64) int {
	if len(t.slots) == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for h := (raw * 0x9e3779b97f4a7c15) >> 40 & mask; t.slots[h].at != 0; h = (h + 1) & mask {
		if t.slots[h].raw == raw {
			return int(t.slots[h].at) - 1
		}
	}
	return -1
}

// add numbers the raw part raw, whose part is part, unless it has a
// number already, and returns its number.
func (t *partTable) add(raw, part uint64) int {
	if at := t.find(raw); at >= 0 {
		return at
	}
	if 2*(len(t.facts)+1) > len(t.slots) {
		t.slots = make([]partSlot, max(64, 2*len(t.slots)))
		for at := range t.facts {
			t.place(t.facts[at].raw, at)
		}
	}
	t.facts = append(t.facts, partFacts{raw: raw, part: part})
	t.place(raw, len(t.facts)-1)
	return len(t.facts) - 1
}

func (t *partTable) place(raw uint64, at int) {
	mask := uint64(len(t.slots) - 1)
	h := (raw * 0x9e3779b97f4a7c15) >> 40 & mask
	for t.slots[h].at != 0 {
		h = (h + 1) & mask
	}
	t.slots[h] = partSlot{raw: raw, at: uint32(at + 1)}
}

// partReader reads the parts of some processes, procs, from the keys of the
// states. A part read in full takes a few shifts a field; its raw form,
// which tells parts apart as well, one mask when keys take one word.
type partReader struct {
	pp    *explorer.ProcessParts
	procs []int
	one   bool
	masks []uint64
}

func newPartReader(pp *explorer.ProcessParts, procs []int) *partReader {
	r := &partReader{pp: pp, procs: procs, one: pp.Words() == 1}
	for _, p := range procs {
		r.masks = append(r.masks, pp.Mask(p)[0])
	}
	return r
}

// load writes the key of node v into key.
func (r *partReader) load(v int, key []uint64) {
	if r.one {
		key[0] = r.pp.Word(explorer.StateID(v))
		return
	}
	r.pp.Key(explorer.StateID(v), key)
}

// raw is the raw form of procs[i]'s part in key: equal for two keys
// exactly when the parts are.
func (r *partReader) raw(key []uint64, i int) uint64 {
	if r.one {
		return key[0] & r.masks[i]
	}
	return r.pp.Of(key, r.procs[i])
}

// number is the number in t of procs[i]'s part in key, its raw form raw.
func (r *partReader) number(t *partTable, key []uint64, i int, raw uint64) int {
	if t.direct != nil {
		part := r.pp.Of(key, r.procs[i])
		if at := t.direct[part]; at > 0 {
			return int(at) - 1
		}
		at := t.add(raw, part)
		t.direct[part] = int32(at + 1)
		return at
	}
	if at := t.find(raw); at >= 0 {
		return at
	}
	return t.add(raw, r.pp.Of(key, r.procs[i]))
}

// maxDirectBits is the most bits of a part that a partTable numbers
// through an array indexed by the part, rather than by its hash.
const maxDirectBits = 16

// newPartTables returns the empty tables of r's processes.
func (r *partReader) newPartTables() []partTable {
	tables := make([]partTable, len(r.procs))
	for i, p := range r.procs {
		if b := r.pp.Bits(p); b <= maxDirectBits {
			tables[i].direct = make([]int32, 1<<b)
		}
	}
	return tables
}

// starvationCores returns, for each process with a critical block, its core
// (see above), or nil for a process the check could not find one for: its
// part takes more than explorer.MaxPartBits bits, or it may leave trying
// other than into critical. The graph is swept twice, each time by
// sg.workers goroutines side by side.
func (sg *stateGraph) starvationCores(ctx context.Context) ([]liveness.NodeSet, error) {
	g, pp := sg.g, sg.sp.ProcessParts()
	n := g.Nodes()
	if n != sg.sp.Store.Len() {
		return nil, nil
	}
	var procs []int
	for p, has := range sg.ph.hasCrit {
		if has && p < pp.Processes() && pp.Bits(p) <= explorer.MaxPartBits {
			procs = append(procs, p)
		}
	}
	if len(procs) == 0 {
		return nil, nil
	}
	workers := max(1, min(sg.workers, n/(1<<16)))
	// Each goroutine takes a stretch of whole words of the node sets.
	bound := func(w int) int { return min(n, (n+63)/64*w/workers*64) }
	found := make([][]partTable, workers)
	if err := eachStretch(workers, func(w int) (err error) {
		found[w], err = sg.sweepParts(ctx, newPartReader(pp, procs), bound(w), bound(w+1))
		return err
	}); err != nil {
		return nil, err
	}
	cores := make([]liveness.NodeSet, len(sg.ph.hasCrit))
	transit := make([]map[uint64]bool, len(procs))
	for i, p := range procs {
		tables := make([]*partTable, workers)
		for w := range workers {
			tables[w] = &found[w][i]
		}
		if transit[i] = transitParts(tables); transit[i] != nil {
			cores[p] = liveness.NewNodeSet(n)
		}
	}
	// The cores: p's trying states outside its transit states. A part of
	// few bits is looked up in an array, indexed by the part.
	direct := make([][]bool, len(procs))
	for i, p := range procs {
		if b := pp.Bits(p); b <= maxDirectBits && transit[i] != nil {
			direct[i] = make([]bool, 1<<b)
			for part := range transit[i] {
				direct[i][part] = true
			}
		}
	}
	if err := eachStretch(workers, func(w int) error {
		r := newPartReader(pp, procs)
		key := make([]uint64, pp.Words())
		// lastRaw[i] is the raw part of procs[i] last looked up, known[i]
		// whether there is one, inCore[i] whether it is not transit.
		lastRaw, known, inCore := make([]uint64, len(procs)), make([]bool, len(procs)), make([]bool, len(procs))
		for v, hi := bound(w), bound(w+1); v < hi; v++ {
			if v&0xffff == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if sg.ph.pruned.Has(v) {
				continue
			}
			r.load(v, key)
			for i, p := range procs {
				core := cores[p]
				if core == nil || !sg.ph.trying[p].Has(v) {
					continue
				}
				// Nodes in a row often share a process's part.
				if raw := r.raw(key, i); raw != lastRaw[i] || !known[i] {
					part := pp.Of(key, p)
					d := direct[i]
					lastRaw[i], known[i], inCore[i] = raw, true, d != nil && !d[part] || d == nil && !transit[i][part]
				}
				if inCore[i] {
					core[v>>6] |= 1 << (v & 63)
				}
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return cores, nil
}

// eachStretch runs do(0), …, do(workers-1) side by side and returns the
// first error.
func eachStretch(workers int, do func(w int) error) error {
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = do(w)
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

// sweepParts gathers the parts of r's processes in the nodes [lo, hi), and
// their facts, from the nodes and their edges.
func (sg *stateGraph) sweepParts(ctx context.Context, r *partReader, lo, hi int) ([]partTable, error) {
	g, ph, procs := sg.g, sg.ph, r.procs
	tables := r.newPartTables()
	index := make([]int, r.pp.Processes())
	for p := range index {
		index[p] = -1
	}
	for i, p := range procs {
		index[p] = i
	}
	// rows tells, for each move of the graph, the indices in procs of its
	// mover and partner (-1 for none), and, for keys of one word, the bits
	// of the other processes' parts.
	var all uint64
	for _, m := range r.masks {
		all |= m
	}
	type rowMove struct {
		mover, partner int
		others         uint64
	}
	rows := make([]rowMove, g.MoveRows())
	for k := range rows {
		m, rm := g.RowMove(k), &rows[k]
		rm.mover, rm.partner, rm.others = -1, -1, all
		if m.Proc >= 0 && m.Proc < len(index) && index[m.Proc] >= 0 {
			rm.mover = index[m.Proc]
			rm.others &^= r.masks[rm.mover]
		}
		if m.Partner >= 0 && m.Partner < len(index) && index[m.Partner] >= 0 {
			rm.partner = index[m.Partner]
			rm.others &^= r.masks[rm.partner]
		}
	}
	key, to := make([]uint64, r.pp.Words()), make([]uint64, r.pp.Words())
	// at[i] is the number of procs[i]'s part in the node swept, lastRaw[i]
	// its raw form (at[i] < 0: none yet).
	at, lastRaw := make([]int, len(procs)), make([]uint64, len(procs))
	for i := range at {
		at[i] = -1
	}
	// edge adds the transition from key to to of procs[i].
	edge := func(i int) {
		t := &tables[i]
		b := r.raw(to, i)
		for _, x := range t.facts[at[i]].next {
			if x == b {
				return
			}
		}
		r.number(t, to, i, b)
		t.facts[at[i]].next = append(t.facts[at[i]].next, b)
	}
	for v := lo; v < hi; v++ {
		if v&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if ph.pruned.Has(v) {
			continue
		}
		r.load(v, key)
		en := g.FairlyEnabledIn(v)
		for i, p := range procs {
			// Nodes in a row often share a process's part.
			if raw := r.raw(key, i); raw != lastRaw[i] || at[i] < 0 {
				at[i], lastRaw[i] = r.number(&tables[i], key, i, raw), raw
			}
			var f uint8
			if !en.Has(p) {
				f |= partDisabled
			}
			if ph.crit[p].Has(v) {
				f |= partCrit
			}
			if ph.trying[p].Has(v) {
				f |= partTrying
			}
			tables[i].facts[at[i]].flags |= f
		}
		first, last := g.Out(v)
		for e := first; e < last; e++ {
			t, row := g.TargetRow(e)
			r.load(t, to)
			rm := &rows[row]
			if rm.mover >= 0 {
				edge(rm.mover)
			}
			if rm.partner >= 0 {
				edge(rm.partner)
			}
			if r.one && (key[0]^to[0])&rm.others == 0 {
				continue
			}
			for i := range procs {
				if i != rm.mover && i != rm.partner && r.raw(key, i) != r.raw(to, i) {
					edge(i)
				}
			}
		}
	}
	return tables, nil
}

// transitParts returns the transit parts of a process from what the sweeps
// of tables learnt of its parts, or nil when the process may leave trying
// other than into critical.
func transitParts(tables []*partTable) map[uint64]bool {
	// The facts of each part, by part, over all the tables.
	flags := map[uint64]uint8{}
	for _, t := range tables {
		for _, f := range t.facts {
			flags[f.part] |= f.flags
		}
	}
	// The parts' graph between parts outside critical.
	next := map[uint64][]uint64{}
	for _, t := range tables {
		for _, f := range t.facts {
			a := f.part
			for _, raw := range f.next {
				b := t.facts[t.find(raw)].part
				if flags[a]&partCrit != 0 || flags[b]&partCrit != 0 {
					continue
				}
				if flags[a]&partTrying != 0 && flags[b]&partTrying == 0 {
					return nil
				}
				next[a] = append(next[a], b)
			}
		}
	}
	cyclic := cyclicNodes(next)
	transit := map[uint64]bool{}
	for part, f := range flags {
		// Trying parts, never disabled, on no cycle.
		if f&(partTrying|partCrit|partDisabled) == partTrying && !cyclic[part] {
			transit[part] = true
		}
	}
	return transit
}

// cyclicNodes returns the nodes of the graph next (node
// to successors) that lie on a cycle: in a
// strongly connected component of more than one node, or with an edge to
// themselves. It is Tarjan's algorithm, without recursion.
func cyclicNodes(next map[uint64][]uint64) map[uint64]bool {
	out := map[uint64]bool{}
	index := map[uint64]int{}
	low := map[uint64]int{}
	onStack := map[uint64]bool{}
	var stack []uint64
	type frame struct {
		v uint64
		i int
	}
	for root := range next {
		if _, ok := index[root]; ok {
			continue
		}
		dfs := []frame{{v: root}}
		index[root], low[root] = len(index), len(index)
		stack = append(stack, root)
		onStack[root] = true
		for len(dfs) > 0 {
			f := &dfs[len(dfs)-1]
			if f.i < len(next[f.v]) {
				w := next[f.v][f.i]
				f.i++
				if w == f.v {
					out[w] = true
				}
				if _, ok := index[w]; !ok {
					index[w], low[w] = len(index), len(index)
					stack = append(stack, w)
					onStack[w] = true
					dfs = append(dfs, frame{v: w})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			dfs = dfs[:len(dfs)-1]
			if len(dfs) > 0 {
				u := dfs[len(dfs)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				k := len(stack) - 1
				for stack[k] != v {
					k--
				}
				if len(stack)-k > 1 {
					for _, x := range stack[k:] {
						out[x] = true
					}
				}
				for _, x := range stack[k:] {
					onStack[x] = false
				}
				stack = stack[:k]
			}
		}
	}
	return out
}
