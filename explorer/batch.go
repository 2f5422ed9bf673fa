package explorer

import (
	"encoding/binary"
	"slices"

	"github.com/interleave/interleave/lang/ir"
)

// A chunk whose successors go to keys of one word, under no symmetry and
// no partial-order reduction, is expanded a process and an instruction at a
// time rather than a state at a time: for each process, the chunk's states
// are taken in runs in which the process's program counter is the same,
// and each run's one instruction runs over all of its states. The
// interpreter then branches on the instruction once a run, not once a
// step, and a step of the fast
// path that writes at most one byte besides the program counter computes
// its successor's key from its parent's (keyfields.go), neither writing nor
// packing the successor's bytes. A state any of whose steps the batch does
// not run (the general interpreter's steps, a fault, an atomic block, a
// semaphore or a mutex) is expanded afterwards the usual way, all its steps
// in their order, so that the chunk holds the same successors, in the same
// order, as a state-at-a-time expansion.

// batchCode is what a batched expansion reads of a machine: nil where the
// machine's steps cannot be batched (a memory model other than SC, keys of
// more than one word, program counters of two bytes).
type batchCode struct {
	codec  *codec
	lay    *layout
	code   [][]instr
	fields []keyField
}

// newBatchCode returns the batchCode of m, or nil.
func newBatchCode(m *Machine) *batchCode {
	if m.lay.mem != nil || m.lay.pcWidth != 1 {
		return nil
	}
	fields := m.codec.keyFields()
	if fields == nil {
		return nil
	}
	return &batchCode{codec: m.codec, lay: m.lay, code: m.code, fields: fields}
}

// What the batch found of a process's step in a state, unless it leaves
// the state to the general interpreter.
const (
	// stepNone: the process has no step (ended, blocked, or its await is
	// false).
	stepNone uint8 = iota
	// stepOne: one step, whose successor's key the batch computed.
	stepOne
)

// batch holds a chunk's batched expansion: its states unpacked, stride
// bytes apart, and their keys, and the states not pruned (alive), and for
// each process, its program counter in each of them, n apart (-1 where it
// is not running: pcs); for each
// state and process, what the process's step is (how) and its successor's
// key (succ), and for each state whether the batch leaves any of its steps
// to the general interpreter.
type batch struct {
	states  []byte
	stride  int
	keys    []uint64
	alive   []int32
	pcs     []int32
	how     []uint8
	succ    []uint64
	general []bool
	// filed is what fileFirsts finds of the chunk, before it copies it
	// into the chunk's own slices.
	filed firstsFiled
	// seenKeys holds the keys of the chunk's distinct successors, in the
	// order fileFirsts met them, which its seen table indexes: the firsts'
	// and those that repeat a successor of the chunk's prior.
	seenKeys [][8]byte
}

// firstsFiled is what fileFirsts finds of a chunk: its kinds, firsts and their
// keys, counts and tallies. It is written here, in lines of the expanding
// worker's own, and copied into the chunk's slices once complete: with two
// workers, the merger has read the chunk's slices on the other core, and
// each store there, amid the filing, would wait for its line to come back
// (filter N=4, two workers: 2.70 → 2.58 s; one worker unchanged).
type firstsFiled struct {
	kinds     []uint8
	firsts    []uint64
	firstKeys [][8]byte
	counts    []int32
	tallies   []uint32
	firstOf   []int32
}

// handTo appends what f holds to chunk c's slices.
func (f *firstsFiled) handTo(c *chunk) {
	c.kinds = append(c.kinds, f.kinds...)
	c.firsts = append(c.firsts, f.firsts...)
	c.firstKeys = append(c.firstKeys, f.firstKeys...)
	c.counts = append(c.counts, f.counts...)
	c.tallies = append(c.tallies, f.tallies...)
}

// expandBatch expands the chunk's states by batches (see above), emit being
// the chunk's wordEmit and r the expander it falls back on. It reports
// whether it also found the chunk's repeats (fileFirsts).
func (c *chunk) expandBatch(v *view, r expander, bc *batchCode, emit func(t *Transition, next []byte), record bool) bool {
	b := &c.batch
	n, procs := int(c.hi-c.lo), bc.lay.procs
	b.stride = (v.stateSize + vectorBytes - 1) / vectorBytes * vectorBytes
	b.states = slices.Grow(b.states[:0], n*b.stride)[:n*b.stride]
	b.keys = slices.Grow(b.keys[:0], n)[:n]
	b.how = slices.Grow(b.how[:0], n*procs)[:n*procs]
	clear(b.how)
	b.succ = slices.Grow(b.succ[:0], n*procs)[:n*procs]
	b.general = slices.Grow(b.general[:0], n)[:n]
	clear(b.general)
	b.alive = b.alive[:0]
	b.pcs = slices.Grow(b.pcs[:0], n*procs)[:n*procs]
	for j := range n {
		id := c.lo + StateID(j)
		if v.isPruned(id) {
			continue
		}
		b.alive = append(b.alive, int32(j))
		key := v.key(id)
		b.keys[j] = shortWord(key)
		s := b.states[j*b.stride : j*b.stride+v.stateSize : (j+1)*b.stride]
		v.codec.unpackRoomy(s, key)
		// The program counters, gathered while the state is at hand,
		// for process's passes to read one after the other rather than
		// a byte of every state's line.
		for p, a := 0, len(b.alive)-1; p < procs; p++ {
			pc := int32(-1)
			if bc.lay.block(s, p) == running {
				pc = int32(s[bc.lay.procBytes*p])
			}
			b.pcs[p*n+a] = pc
		}
	}
	for p := range procs {
		b.process(bc, p, n)
	}
	// The recorder sees the states where the batch unpacked them (from).
	c.batched = true
	// whole tells that the batch ran every step of the chunk, whose
	// successors one goroutine merges: they are filed as expanded.
	whole := v.ranges == 1 && !slices.Contains(b.general[:n], true)
	if whole && !record && c.moves == nil {
		c.fileFirsts(v, n, procs)
		return true
	}
	c.ownBuffers()
	if whole && record {
		c.fileEdged(v, n, procs)
		return true
	}
	size, seed := v.size, v.hash.word
	mv := c.moves
	// Room for every process's successor of every state, whose keys are
	// written 8 bytes at a time.
	c.keys = slices.Grow(c.keys, n*procs*size+8)
	c.hashes = slices.Grow(c.hashes, n*procs)
	c.kinds = slices.Grow(c.kinds, n*procs)
	for j := range n {
		id := c.lo + StateID(j)
		if v.isPruned(id) {
			c.counts = append(c.counts, -1)
			continue
		}
		s := b.states[j*b.stride : j*b.stride+v.stateSize : (j+1)*b.stride]
		if b.general[j] {
			c.fromKey = b.keys[j]
			c.counts = append(c.counts, int32(r(s, id, emit)))
			continue
		}
		cnt := int32(0)
		for p, h := range b.how[j*procs : (j+1)*procs] {
			if h != stepOne {
				continue
			}
			c.addWordKey(b.succ[j*procs+p], size, seed)
			if mv != nil {
				// moveSet.note, which a move in its cache, of p alone,
				// needs no call to.
				from, to := b.keys[j], b.succ[j*procs+p]
				m := mv.masks[p]
				e := mv.cached(p, from&m, to&m)
				if e.from != from&m || e.to != to&m || (from^to)&mv.all&^m != 0 {
					mv.note(p, -1, from, to)
				}
			}
			if record {
				// A step of one process alone, which cannot fault.
				// Its fields written in place, as appendEdge does.
				c.edges = append(c.edges, Edge{})
				e := &c.edges[len(c.edges)-1]
				e.Process, e.Partner = int32(p), -1
			}
			cnt++
		}
		c.counts = append(c.counts, cnt)
	}
	return false
}

// fileFirsts takes the successors of the chunk's n states, of procs
// processes, from the batch, each filed at once as the first of its
// state in the chunk or a repeat of an earlier one (repeats.go), where the
// merge needs no more of them than the firsts' keys and hashes, the
// tallies, and the kinds: the search records no edges and notes no
// moves, one goroutine merges, and the batch ran every step of the
// chunk. The successors' keys and hashes are not kept, nor written and
// read again by findRepeats: filter N=4, one worker, 5.30 → 4.73 s.
//
// A successor that is none of the chunk's earlier ones but one of its
// prior's (the chunk merged before it) is a repeat too: that chunk's
// merge stores it, or finds it stored. Half of the successors that the
// merge finds stored that a chunk of the same level stored are its
// prior's (filter N=4: 4.0 M of 7.6 M), each a lookup in the store spared.
func (c *chunk) fileFirsts(v *view, n, procs int) {
	b, seed := &c.batch, v.hash.word
	f, keyMask := c.startFiling(v, n, procs)
	kinds, firsts, firstKeys, counts, tallies := f.kinds, f.firsts, f.firstKeys, f.counts, f.tallies
	seenKeys := slices.Grow(b.seenKeys[:0], n*procs)
	prior := c.prior
	for j := range n {
		if v.isPruned(c.lo + StateID(j)) {
			counts = append(counts, -1)
			tallies = append(tallies, tallyWalk)
			continue
		}
		cnt, nFirsts := int32(0), 0
		for p, how := range b.how[j*procs : (j+1)*procs] {
			if how != stepOne {
				continue
			}
			key := b.succ[j*procs+p]
			h := mixWord(key ^ seed)
			cnt++
			if c.seen.repeatsWord(h, key, seenKeys, keyMask) {
				kinds = append(kinds, toRepeat)
				continue
			}
			seenKeys = append(seenKeys, [8]byte{})
			binary.LittleEndian.PutUint64(seenKeys[len(seenKeys)-1][:], key)
			if prior != nil && prior.seen.holdsWord(h, key, prior.batch.seenKeys, keyMask) {
				kinds = append(kinds, toRepeat)
				continue
			}
			kinds = append(kinds, toNew)
			nFirsts++
			firsts = append(firsts, h)
			firstKeys = append(firstKeys, [8]byte{})
			binary.LittleEndian.PutUint64(firstKeys[len(firstKeys)-1][:], key)
		}
		counts = append(counts, cnt)
		tallies = append(tallies, tallyOf(cnt, nFirsts))
	}
	f.kinds, f.firsts, f.firstKeys, f.counts, f.tallies = kinds, firsts, firstKeys, counts, tallies
	b.seenKeys, c.seenAll = seenKeys, true
	f.handTo(c)
}

// startFiling readies the chunk for its n states' successors, of procs
// processes, to be filed as they are expanded (fileFirsts, fileEdged):
// its seen table and the batch's filing buffers emptied, the buffers with
// room for them all. It returns those buffers, and the mask that keeps a
// key's bytes of a word.
func (c *chunk) startFiling(v *view, n, procs int) (*firstsFiled, uint64) {
	c.seen.reset(n * procs)
	c.wordKeys = true
	f := &c.batch.filed
	f.kinds = slices.Grow(f.kinds[:0], n*procs)
	f.firsts = slices.Grow(f.firsts[:0], n*procs)
	f.firstKeys = slices.Grow(f.firstKeys[:0], n*procs)
	f.counts, f.tallies = slices.Grow(f.counts[:0], n), slices.Grow(f.tallies[:0], n)
	return f, ^uint64(0) >> (64 - 8*min(v.size, 8))
}

// priorIf is c, to be read as the prior of the chunk after it, if its
// successors were filed as fileFirsts files them; else nil.
func priorIf(c *chunk) *chunk {
	if c.seenAll {
		return c
	}
	return nil
}

// fileEdged is fileFirsts for a search that records edges, and maybe
// notes the moves of the processes' parts: it also notes each
// transition's edge but for its target, which the merge takes from the
// firsts' (tosLeft), each successor's first in repeat, and the moves. A
// loop of its own: one loop for both, branching on what to note, took
// the safety search 7 % longer (filter N=4, one worker). The starvation
// check of filter_live N=4 takes 10.5 → 10.2 s, two workers 6.0 → 5.7 s.
func (c *chunk) fileEdged(v *view, n, procs int) {
	b, seed := &c.batch, v.hash.word
	f, keyMask := c.startFiling(v, n, procs)
	kinds, firsts, firstKeys, counts, tallies := f.kinds, f.firsts, f.firstKeys, f.counts, f.tallies
	// The successor each first is (firstOf), for its repeats' entries in
	// repeat.
	mv, firstOf := c.moves, f.firstOf[:0]
	for j := range n {
		if v.isPruned(c.lo + StateID(j)) {
			counts = append(counts, -1)
			tallies = append(tallies, tallyWalk)
			continue
		}
		cnt, nFirsts := int32(0), 0
		for p, how := range b.how[j*procs : (j+1)*procs] {
			if how != stepOne {
				continue
			}
			key := b.succ[j*procs+p]
			if mv != nil {
				// moveSet.note, which a move in its cache, of p alone,
				// needs no call to.
				from, m := b.keys[j], mv.masks[p]
				e := mv.cached(p, from&m, key&m)
				if e.from != from&m || e.to != key&m || (from^key)&mv.all&^m != 0 {
					mv.note(p, -1, from, key)
				}
			}
			// A step of one process alone, which cannot fault. Its
			// fields written in place, as appendEdge does.
			c.edges = append(c.edges, Edge{})
			e := &c.edges[len(c.edges)-1]
			e.Process, e.Partner = int32(p), -1
			h := mixWord(key ^ seed)
			cnt++
			if first := c.seen.firstOfWord(h, key, firstKeys, keyMask); first >= 0 {
				kinds = append(kinds, toRepeat)
				c.repeat = append(c.repeat, firstOf[first])
				continue
			}
			firstOf = append(firstOf, int32(len(c.repeat)))
			c.repeat = append(c.repeat, -1)
			kinds = append(kinds, toNew)
			nFirsts++
			firsts = append(firsts, h)
			firstKeys = append(firstKeys, [8]byte{})
			binary.LittleEndian.PutUint64(firstKeys[len(firstKeys)-1][:], key)
		}
		counts = append(counts, cnt)
		tallies = append(tallies, tallyOf(cnt, nFirsts))
		c.long = c.long || cnt >= 0xffff
	}
	f.kinds, f.firsts, f.firstKeys, f.counts, f.tallies, f.firstOf = kinds, firsts, firstKeys, counts, tallies, firstOf
	f.handTo(c)
}

// process runs the steps of process p in the chunk's states, in runs of
// states in which p's program counter is the same: neighbouring states of
// a level mostly differ in one process's step.
func (b *batch) process(bc *batchCode, p, n int) {
	code := bc.code[p]
	at := bc.lay.procBytes * p
	alive := b.alive
	// The run alive[from:i] of program counter pc, -1 where p is not
	// running.
	from, pc := 0, int32(-1)
	for i, here := range b.pcs[p*n : p*n+len(alive)] {
		if here != pc {
			if pc >= 0 {
				b.instr(bc, &code[pc], p, bc.fields[at], alive[from:i])
			}
			from, pc = i, here
		}
	}
	if pc >= 0 {
		b.instr(bc, &code[pc], p, bc.fields[at], alive[from:])
	}
}

// instr runs instruction c of process p in the states of group, p's
// program counter being at c in each.
func (b *batch) instr(bc *batchCode, c *instr, p int, pcField keyField, group []int32) {
	procs := bc.lay.procs
	general := func() {
		for _, j := range group {
			b.general[j] = true
		}
	}
	switch {
	case c.op == ir.OpEnd:
		return
	case c.inAtomic:
		general()
		return
	}
	switch c.kind {
	case fastSkip:
		for _, j := range group {
			b.one(j, int(j)*procs+p, pcField, b.keys[j], uint32(c.next))
		}
	case fastCond:
		for _, j := range group {
			s := b.states[int(j)*b.stride:]
			t, ok := c.test(s)
			next := c.next
			switch {
			case !ok:
				b.general[j] = true
				continue
			case t:
			case c.op == ir.OpBranch:
				next = c.els
			case c.op == ir.OpAwait:
				continue // disabled
			default:
				b.general[j] = true // a fault
				continue
			}
			b.one(j, int(j)*procs+p, pcField, b.keys[j], uint32(next))
		}
	case fastAssign:
		if c.width != 1 {
			general()
			return
		}
		for _, j := range group {
			s := b.states[int(j)*b.stride:]
			o, x, ok := c.target(s)
			var key uint64
			if ok {
				key, ok = putKeyByte(bc.fields[o], b.keys[j], x)
			}
			if !ok {
				b.general[j] = true
				continue
			}
			b.one(j, int(j)*procs+p, pcField, key, uint32(c.next))
		}
	default:
		general()
	}
}

// one notes at k the step of state j to next, from key, pcField being the
// field of the process's program counter.
func (b *batch) one(j int32, k int, pcField keyField, key uint64, next uint32) {
	key, ok := putKeyByte(pcField, key, next)
	b.succ[k] = key
	b.how[k] = stepOne
	if !ok {
		b.general[j] = true
	}
}
