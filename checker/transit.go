package checker

import (
	"context"
	"runtime"
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
// the part, and whether the process is disabled in a state of that part,
// whether the part is in critical, in trying.
type partFacts struct {
	raw, part uint64
	flags     uint8
	// phase is the process's bits of recorder.at in the part, when the
	// sweep makes the phases (coreSweeps.phases).
	phase uint8
}

// The bits of partFacts.flags.
const (
	partDisabled = 1 << iota
	partCrit
	partTrying
	// partPhased: partCrit and partTrying are told.
	partPhased
)

// partTable numbers the parts of one process that a sweep meets, by their
// raw form (partReader.raw), in an open-addressing table: they are few, and
// the table, at most an eighth full, stays in the cache while a find mostly
// looks at one slot (on the filter lock, a decision took 3 % less time than
// with a table at most half full).
type partTable struct {
	slots []partSlot
	facts []partFacts
}

// partSlot is a raw part and its number+1 (0: an empty slot).
type partSlot struct {
	raw uint64
	at  uint32
}

// find returns the number of the raw part raw, or -1 if it has none.
func (t *partTable) find(raw uint64) int {
	if len(t.slots) > 0 {
		mask := uint64(len(t.slots) - 1)
		for h := (raw * 0x9e3779b97f4a7c15) >> 40 & mask; t.slots[h].at != 0; h = (h + 1) & mask {
			if t.slots[h].raw == raw {
				return int(t.slots[h].at) - 1
			}
		}
	}
	return -1
}

// add numbers the raw part raw, which has no number yet, whose part is
// part, and returns its number.
func (t *partTable) add(raw, part uint64) int {
	if 8*(len(t.facts)+1) > len(t.slots) {
		t.slots = make([]partSlot, max(256, 2*len(t.slots)))
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

// groupSize is the most processes whose cores are found together: a
// node's numbers of their parts take a byte each of a word of 32 bits.
const groupSize = 4

// maxParts is the most parts of a process, in all, for which a core is
// found: a part's number takes a byte.
const maxParts = 256

// starvationCores returns, for each process with a critical block, its core
// (see above), or nil for a process the check could not find one for: its
// part takes more than explorer.MaxPartBits bits, it has more than
// maxParts parts, or it may leave trying other than into critical. The
// graph is swept twice for each groupSize processes, each time by
// sg.workers goroutines side by side, when the search noted how its
// transitions move the parts (explorer.Options.PartMoves); else four
// times, the parts' graphs swept from the graph's edges. The sweeps keep
// 4 bytes a state, the numbers of the processes' parts. With phases, the
// sweeps make the crit and trying sets too (coreSweeps.phases).
//
// The numbers take the memory of the store's table, when it still has one
// (explorer.Store.LendTable), given back once they are done with: memory
// the process holds already, where as much new memory would be backed
// page by page as the sweeps first write it. On filter_live with four
// processes (72 MB of numbers, on a machine whose hypervisor takes every
// page fault), the decision took 0.97 s against 1.09 with two workers,
// 1.71 against 1.88 with one.
func (sg *stateGraph) starvationCores(ctx context.Context, phases *partPhases) ([]liveness.NodeSet, error) {
	g, pp := sg.g, sg.sp.ProcessParts()
	n := g.Nodes()
	if n != sg.sp.Store.Len() {
		return nil, nil
	}
	procs := sg.coreProcs()
	if len(procs) == 0 {
		return nil, nil
	}
	numbers := sg.sp.Store.LendTable(n)
	if numbers == nil {
		numbers = make([]uint32, n)
	} else {
		defer sg.sp.Store.ReleaseTable()
	}
	cs := &coreSweeps{sg: sg, pp: pp, numbers: numbers, workers: max(1, min(sg.workers, n/(1<<16))), phases: phases}
	cs.bounds = make([]int, cs.workers+1)
	for w := range cs.bounds {
		// Each goroutine takes a stretch of whole words of the node sets.
		cs.bounds[w] = min(n, (n+63)/64*w/cs.workers*64)
	}
	cores := make([]liveness.NodeSet, len(sg.ph.hasCrit))
	for lo := 0; lo < len(procs); lo += groupSize {
		group := procs[lo:min(len(procs), lo+groupSize)]
		if err := cs.findCores(ctx, newPartReader(pp, group), cores); err != nil {
			return nil, err
		}
	}
	if sg.large() {
		// The numbers are garbage now: collect them, so that the
		// searches that follow take their memory rather than more.
		cs.numbers = nil
		runtime.GC()
	}
	return cores, nil
}

// coreProcs is the processes whose cores starvationCores looks for: those
// with a critical block, whose parts fit in explorer.MaxPartBits.
func (sg *stateGraph) coreProcs() []int {
	pp := sg.sp.ProcessParts()
	var procs []int
	for p, has := range sg.ph.hasCrit {
		if has && p < pp.Processes() && pp.Bits(p) <= explorer.MaxPartBits {
			procs = append(procs, p)
		}
	}
	return procs
}

// coreSweeps holds what the sweeps of starvationCores share.
type coreSweeps struct {
	sg      *stateGraph
	pp      *explorer.ProcessParts
	workers int
	// bounds[w] is the first node of stretch w, bounds[workers] the
	// number of nodes.
	bounds []int
	// numbers holds, for each node, the number of its part of each
	// process of the group in a byte: in the numbering of its stretch,
	// then, where the parts' graphs are swept from the graph
	// (findPartGraphs), in the one over all stretches.
	numbers []uint32
	// global, when the numbers are those of their stretches, holds the
	// number over all stretches of each: global[w][i][k] for the part
	// that stretch w numbers k for the group's process i.
	global [][groupSize][maxParts]uint8
	// phases, when set, has the sweeps make the crit and trying sets of
	// the processes, all of them in one group, which settle has not made:
	// numberParts tells each part's phases, findCores the nodes' sets
	// (recorder.settleWithCores).
	phases *partPhases
}

// partGraphs is what the sweeps find of the parts of a group of processes:
// for each, its parts with their facts, numbered over all stretches, the
// edges of its parts' graph, and whether it has at most maxParts parts.
type partGraphs struct {
	facts  [][]partFacts
	moves  []partMoves
	usable []bool
}

// findPartGraphs finds the parts' graphs of r's processes, and leaves in
// cs.numbers the numbers of the parts: over all stretches, or those of
// each stretch when cs.global tells how they map.
func (cs *coreSweeps) findPartGraphs(ctx context.Context, r *partReader) (*partGraphs, error) {
	k := len(r.procs)
	// The parts of each stretch, numbered.
	tables := make([][]partTable, cs.workers)
	if err := eachStretch(cs.workers, func(w int) (err error) {
		tables[w], err = cs.numberParts(ctx, r, w)
		return err
	}); err != nil {
		return nil, err
	}
	// Their numbers over all stretches, and their facts: global[w][i][k]
	// is the number, over all stretches, of the part that stretch w
	// numbers k for the group's process i.
	pg := &partGraphs{facts: make([][]partFacts, k), usable: make([]bool, k)}
	global := make([][groupSize][maxParts]uint8, cs.workers)
	for w := range global {
		for i := range k {
			for local := range global[w][i] {
				global[w][i][local] = uint8(local)
			}
		}
	}
	for i := range k {
		index := map[uint64]int{}
		pg.usable[i] = true
		for w := range cs.workers {
			t := tables[w][i]
			pg.usable[i] = pg.usable[i] && len(t.facts) <= maxParts
			for local, f := range t.facts {
				at, ok := index[f.part]
				if !ok {
					at = len(pg.facts[i])
					index[f.part] = at
					pg.facts[i] = append(pg.facts[i], partFacts{part: f.part, phase: f.phase})
				}
				pg.facts[i][at].flags |= f.flags
				if local < maxParts {
					global[w][i][local] = uint8(at)
				}
			}
		}
		pg.usable[i] = pg.usable[i] && len(pg.facts[i]) <= maxParts
	}
	// The edges of the parts' graphs: those the search noted, when it
	// did; else swept from the graph's edges, by stretch, once the
	// nodes' numbers are those over all stretches, then all together.
	cs.global = nil
	if noted, ok := cs.sg.sp.PartMoves(); ok {
		if pg.moves, ok = notedMoves(noted, r, tables, global, pg.usable); ok {
			cs.global = global
			return pg, nil
		}
	}
	moves := make([][]partMoves, cs.workers)
	if err := eachStretch(cs.workers, func(w int) error {
		return cs.renumber(ctx, w, k, &global[w])
	}); err != nil {
		return nil, err
	}
	if err := eachStretch(cs.workers, func(w int) (err error) {
		moves[w], err = cs.sweepMoves(ctx, r, w)
		return err
	}); err != nil {
		return nil, err
	}
	pg.moves = moves[0]
	for i := range k {
		for w := 1; w < cs.workers; w++ {
			pg.moves[i].merge(&moves[w][i])
		}
	}
	return pg, nil
}

// notedMoves returns the parts' graphs of r's processes from the moves of
// their parts that the search noted, numbered as tables numbers them in
// each stretch and global over all stretches; usable tells which
// processes' graphs are needed. It reports false when a part of a move is
// none that the stretches met, which a complete search does not leave.
func notedMoves(noted [][]explorer.PartMove, r *partReader, tables [][]partTable, global [][groupSize][maxParts]uint8, usable []bool) ([]partMoves, bool) {
	moves := make([]partMoves, len(r.procs))
	number := func(i int, raw uint64) (uint8, bool) {
		for w := range tables {
			if at := tables[w][i].find(raw); at >= 0 && at < maxParts {
				return global[w][i][at], true
			}
		}
		return 0, false
	}
	for i, p := range r.procs {
		if !usable[i] || p >= len(noted) {
			continue
		}
		for _, m := range noted[p] {
			a, okA := number(i, m.From)
			b, okB := number(i, m.To)
			if !okA || !okB {
				return nil, false
			}
			moves[i].add(a, b)
		}
	}
	return moves, true
}

// renumber rewrites the numbers of the parts of k processes in the nodes
// of stretch w, from the stretch's numbering to the one over all
// stretches, global.
func (cs *coreSweeps) renumber(ctx context.Context, w, k int, global *[groupSize][maxParts]uint8) error {
	same := true
	for i := range k {
		for local, at := range global[i] {
			same = same && int(at) == local
		}
	}
	if same {
		// The first stretch numbers its parts first: its numbers are
		// already those over all stretches.
		return nil
	}
	for v, hi := cs.bounds[w], cs.bounds[w+1]; v < hi; v++ {
		if v&0xffff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		nv, to := cs.numbers[v], uint32(0)
		for i := range k {
			to |= uint32(global[i][uint8(nv>>(8*i))]) << (8 * i)
		}
		cs.numbers[v] = to
	}
	return nil
}

// findCores sets the cores of r's processes, a group, in cores.
func (cs *coreSweeps) findCores(ctx context.Context, r *partReader, cores []liveness.NodeSet) error {
	pg, err := cs.findPartGraphs(ctx, r)
	if err != nil {
		return err
	}
	// For each part, whether it is one of the core's (partInCore: not a
	// transit part), and, where the sweep makes the phases (cs.phases),
	// whether it is in critical and trying (inCrit, inTrying).
	parts := make([]*[maxParts]uint8, len(r.procs))
	for i, p := range r.procs {
		if !pg.usable[i] {
			if cs.phases != nil {
				cs.phases.missed = true
			}
			continue
		}
		transit := pg.moves[i].transit(pg.facts[i])
		if transit == nil && cs.phases == nil {
			continue
		}
		if transit != nil {
			cores[p] = liveness.NewNodeSet(cs.sg.g.Nodes())
		}
		parts[i] = new([maxParts]uint8)
		for at, f := range pg.facts[i] {
			parts[i][at] = f.phase
			if transit != nil && !transit.has(at) {
				parts[i][at] |= partInCore
			}
		}
	}
	// The cores: the trying states outside the transit states, a word of
	// a node set at a time (the stretches start at whole words); and the
	// phases, where the sweep makes them.
	ph := cs.sg.ph
	return eachStretch(cs.workers, func(w int) error {
		lo, hi := cs.bounds[w], cs.bounds[w+1]
		// Where the nodes keep the numbers of their stretch: the same of
		// each of those.
		var local [groupSize]*[maxParts]uint8
		if cs.global != nil {
			for i, in := range parts {
				if in != nil {
					local[i] = new([maxParts]uint8)
					for k, at := range cs.global[w][i] {
						local[i][k] = in[at]
					}
				}
			}
		}
		for x := lo >> 6; x<<6 < hi; x++ {
			if x&0x3ff == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			nodes := cs.numbers[x<<6 : min(hi, x<<6+64)]
			for i, p := range r.procs {
				in := parts[i]
				if in == nil {
					continue
				}
				if cs.global != nil {
					in = local[i]
				}
				var core uint64
				if cs.phases == nil {
					for j, nv := range nodes {
						core |= uint64(in[uint8(nv>>(8*i))]) >> partInCoreShift << j
					}
				} else {
					var crit, trying uint64
					for j, nv := range nodes {
						c := uint64(in[uint8(nv>>(8*i))])
						core |= c >> partInCoreShift << j
						crit |= c & inCrit << j
						trying |= c & inTrying >> 1 << j
					}
					ph.crit[p][x], ph.trying[p][x] = crit, trying
				}
				if cores[p] != nil {
					cores[p][x] = core & ph.trying[p][x] &^ ph.pruned[x]
				}
			}
		}
		return nil
	})
}

// partInCore marks a part of the core in findCores's tables of parts,
// beside the bits of recorder.at that tell its phases.
const (
	partInCoreShift = 4
	partInCore      = 1 << partInCoreShift
)

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

// numberParts numbers the parts of r's processes in the nodes of stretch w,
// writes each node's numbers into cs.numbers and returns the parts with
// their facts.
func (cs *coreSweeps) numberParts(ctx context.Context, r *partReader, w int) ([]partTable, error) {
	g, ph := cs.sg.g, cs.sg.ph
	k := len(r.procs)
	tables := make([]partTable, k)
	key := make([]uint64, r.pp.Words())
	// The nodes are taken a batch at a time; with keys of one word, the
	// batch's keys are read at once.
	const batch = 1024
	var keys []uint64
	if r.one {
		keys = make([]uint64, batch)
	}
	// Nodes in a row often share a process's part: lastRaw[i] and last[i]
	// are the raw form and number of procs[i]'s part in the node before,
	// facts[i] its facts.
	var lastRaw [groupSize]uint64
	var last [groupSize]int
	var facts [groupSize]*partFacts
	for i := range last {
		last[i] = -1
	}
	phases := cs.phases
	for lo, hi := cs.bounds[w], cs.bounds[w+1]; lo < hi; lo += batch {
		if (lo-cs.bounds[w])%(64*batch) == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		end := min(hi, lo+batch)
		if r.one {
			r.pp.WordsFrom(explorer.StateID(lo), keys[:end-lo])
		}
		for v := lo; v < end; v++ {
			if r.one {
				key[0] = keys[v-lo]
			} else {
				r.load(v, key)
			}
			// A pruned node is not a state of any cycle: its part is
			// numbered, for the edges to it, but tells nothing.
			pruned := ph.pruned.Has(v)
			en := g.FairlyEnabledIn(v)
			var nv uint32
			for i, p := range r.procs[:k] {
				if raw := r.raw(key, i); raw != lastRaw[i] || last[i] < 0 {
					at := tables[i].find(raw)
					if at < 0 {
						at = tables[i].add(raw, r.pp.Of(key, p))
						if phases != nil {
							tables[i].facts[at].phase = phases.of(p, key[0]) & (inCrit | inTrying)
						}
					}
					last[i], lastRaw[i], facts[i] = at, raw, &tables[i].facts[at]
				}
				nv |= uint32(uint8(min(last[i], maxParts-1))) << (8 * i)
				if pruned {
					continue
				}
				f := facts[i]
				f.flags |= partDisabled &^ uint8(en[p>>6]>>(p&63))
				if f.flags&partPhased == 0 {
					// Whether a process is in critical or trying is told
					// by its program counter, part of its part: once a part.
					f.flags |= partPhased
					crit, trying := f.phase&inCrit != 0, f.phase&inTrying != 0
					if phases == nil {
						crit, trying = ph.crit[p].Has(v), ph.trying[p].Has(v)
					}
					if crit {
						f.flags |= partCrit
					}
					if trying {
						f.flags |= partTrying
					}
				}
			}
			cs.numbers[v] = nv
		}
	}
	return tables, nil
}

// partMoves holds the edges of one process's parts' graph, between parts
// numbered below maxParts: from[a] has bit b when there is an edge a→b.
type partMoves struct {
	from [maxParts][maxParts / 64]uint64
}

func (m *partMoves) add(a, b uint8) {
	// Most edges are there already: only a new one dirties the line.
	if w := &m.from[a][b>>6]; *w&(1<<(b&63)) == 0 {
		*w |= 1 << (b & 63)
	}
}

func (m *partMoves) has(a, b int) bool { return m.from[a][b>>6]&(1<<(b&63)) != 0 }

// merge adds o's edges to m's.
func (m *partMoves) merge(o *partMoves) {
	for a := range m.from {
		for j := range m.from[a] {
			m.from[a][j] |= o.from[a][j]
		}
	}
}

// sweepMoves returns the edges of the parts' graphs of r's processes that
// the edges of stretch w's nodes make: each moves its mover and partner,
// and any other process whose part it changes. The nodes' numbers are
// those over all stretches.
func (cs *coreSweeps) sweepMoves(ctx context.Context, r *partReader, w int) ([]partMoves, error) {
	g := cs.sg.g
	k := len(r.procs)
	moves := make([]partMoves, k)
	// rows tells, for each move of the graph, the indices in the group of
	// its mover and partner (-1 for none).
	index := make([]int, r.pp.Processes())
	for p := range index {
		index[p] = -1
	}
	for i, p := range r.procs {
		index[p] = i
	}
	// others has the bytes of a node's numbers that are not the mover's
	// nor the partner's.
	type rowMove struct {
		mover, partner int
		others         uint32
	}
	rows := make([]rowMove, g.MoveRows())
	for row := range rows {
		m := g.RowMove(row)
		rm := &rows[row]
		rm.mover, rm.partner, rm.others = -1, -1, ^uint32(0)
		if m.Proc >= 0 && m.Proc < len(index) && index[m.Proc] >= 0 {
			rm.mover = index[m.Proc]
			rm.others &^= 0xff << (8 * rm.mover)
		}
		if m.Partner >= 0 && m.Partner < len(index) && index[m.Partner] >= 0 {
			rm.partner = index[m.Partner]
			rm.others &^= 0xff << (8 * rm.partner)
		}
	}
	for v, hi := cs.bounds[w], cs.bounds[w+1]; v < hi; v++ {
		if v&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		nv := cs.numbers[v]
		first, last := g.Out(v)
		for e := first; e < last; e++ {
			t, row := g.TargetRow(e)
			nt, rm := cs.numbers[t], &rows[row]
			if i := rm.mover; i >= 0 {
				moves[i].add(uint8(nv>>(8*i)), uint8(nt>>(8*i)))
			}
			if i := rm.partner; i >= 0 {
				moves[i].add(uint8(nv>>(8*i)), uint8(nt>>(8*i)))
			}
			if changed := (nv ^ nt) & rm.others; changed != 0 {
				// The parts of other processes that change.
				for i := range k {
					if uint8(changed>>(8*i)) != 0 {
						moves[i].add(uint8(nv>>(8*i)), uint8(nt>>(8*i)))
					}
				}
			}
		}
	}
	return moves, nil
}

// partSet is a set of part numbers.
type partSet [maxParts / 64]uint64

func (s *partSet) has(a int) bool { return s[a>>6]&(1<<(a&63)) != 0 }

// transit returns the transit parts among the parts of facts, whose
// parts' graph m holds, or nil when the process may leave trying other than
// into critical.
func (m *partMoves) transit(facts []partFacts) *partSet {
	// reach[a]: the parts reached from a by one edge or more, between
	// parts outside critical.
	var reach [maxParts]partSet
	for a := range facts {
		if facts[a].flags&partCrit != 0 {
			continue
		}
		for b := range facts {
			if !m.has(a, b) || facts[b].flags&partCrit != 0 {
				continue
			}
			if facts[a].flags&partTrying != 0 && facts[b].flags&partTrying == 0 {
				return nil
			}
			reach[a][b>>6] |= 1 << (b & 63)
		}
	}
	for c := range facts {
		for a := range facts {
			if reach[a].has(c) {
				for j := range reach[a] {
					reach[a][j] |= reach[c][j]
				}
			}
		}
	}
	var transit partSet
	for a, f := range facts {
		// Trying parts, never disabled, on no cycle.
		if f.flags&(partTrying|partCrit|partDisabled) == partTrying && !reach[a].has(a) {
			transit[a>>6] |= 1 << (a & 63)
		}
	}
	return &transit
}
