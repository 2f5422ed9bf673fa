package explorer

import (
	"encoding/binary"
	"fmt"
	"slices"
	"unsafe"
)

// chunkStates is the most states one worker expands at a time.
const chunkStates = 1024

// chunkSuccessorBytes is about the most bytes of successors one chunk
// buffers, counting a successor per process for each state: a chunk of
// large states, or of many processes, holds fewer states, so that its
// successors stay in a core's own cache from its expansion to its merge.
// On the filter lock with 4 processes (80 bytes a state), chunks of 1024
// states ran a few per cent faster than chunks of 256, with one worker and
// two, and chunks of 2048 no faster; on the dining philosophers with 9
// processes (324 bytes a state), 1024 ran slower than 256 or 512.
const chunkSuccessorBytes = 128 << 10

// parallel expands the states of a level a window of chunks at a time and
// hands the results to the searcher in state order, so that the search makes
// exactly the calls of a one-state-at-a-time search. With one worker it
// expands a chunk, then merges it, inserting its successors, on the
// searcher's goroutine. With n > 1 workers, they expand a window together,
// insert its successors into the store together (claim.go), and expand the
// next window while the searcher hands the last one to the Visitor.
type parallel struct {
	workers int
	// per is the number of states of a chunk.
	per      StateID
	steppers []expander
	// batch is what a batched expansion reads of the machine; nil where
	// chunks are expanded a state at a time (batch.go).
	batch  *batchCode
	canons []*Canon
	// banks are two windows of chunks: one merged while the other is
	// expanded.
	banks [2][]chunk
	view  view
	// filers are the workers' parts of inserting a window together, and
	// deferred the successors they left to be filed after (claim.go).
	filers   []filer
	deferred []filing
	// team runs the phases of a window on the workers, when there are
	// several; close ends it.
	team *team
	// first is the index in the window of each chunk's first successor.
	first []int
	// news and ranks are the successors of a window that claimed a slot,
	// a bit each, and the number of them before each word (storeClaimed).
	news  []uint64
	ranks []int
	// pipe is the pipeline of a two-worker search (pipeline.go).
	pipe *pipeline
}

// chunk is what a worker found out about the states [lo, hi) of a level.
type chunk struct {
	lo, hi StateID
	// counts[i] is the number of transitions of state lo+i, -1 when pruned.
	counts []int32
	// kinds[k] tells what the k-th transition of the chunk is; keys holds
	// the keys of the successor states, one after the other, and hashes
	// their hashes; faults the faulting transitions, in order. When the store
	// keeps states as they are, next holds the states and keys is next;
	// when it packs them, next is empty and a new state is unpacked from
	// its key when the Visitor is told of it.
	kinds  []uint8
	next   []byte
	keys   []byte
	hashes []uint64
	faults []Transition
	// byRange has, for each worker, the successors whose state it files
	// when the workers insert a window together (rangeOf): the first of
	// each state in the chunk. repeat has, for each successor, the index of
	// the chunk's first successor of its state, -1 for that first one
	// (repeats.go); seen finds them.
	byRange [][]int32
	repeat  []int32
	seen    repeats
	// prior is the chunk merged just before this one, when its successors
	// were filed as they were expanded (fileFirsts) and it may be read
	// while this one is expanded; nil otherwise. Whoever expands the chunk
	// sets it. A successor of this chunk that is one of the prior's is
	// stored by the time this chunk is merged: it is filed as a repeat.
	prior *chunk
	// seenAll tells that seen and the batch's seenKeys hold every
	// successor of the chunk, distinct (fileFirsts), for the chunk after
	// it to read as its prior.
	seenAll bool
	// firsts holds the hashes of the first successors of their states,
	// whose slots and records the search asks for before it looks them up.
	firsts []uint64
	// firstKeys holds the keys of the first successors when wordKeys
	// tells that keys are words (wordEmit), in the order of firsts: a
	// merge that needs nothing else of the successors than the firsts'
	// keys and hashes reads these two and kinds, and none of the lines of
	// keys and hashes, which another worker wrote (pipeline.go).
	firstKeys [][8]byte
	wordKeys  bool
	// tallies has, for each state of the chunk, its number of transitions
	// and of firsts among them (tallyOf): a merge of keys of one word that
	// needs nothing else of them reads these, firsts and firstKeys alone,
	// not a kind a transition (merge).
	tallies []uint32
	// state holds the state being expanded when the store packs states.
	state []byte
	// batch holds the chunk's batched expansion (batch.go).
	batch batch
	// edges has one entry per transition when the search records edges
	// (Options.Edges), in the order of kinds, and froms the states
	// expanded, one after the other (zeros for a pruned one), for the
	// recorder to see, unless batched tells that they are the batch's
	// (from).
	edges   []Edge
	froms   []byte
	batched bool
	// addrs holds the addresses of the records prefetched for the chunk.
	addrs []uintptr
	// slots has, for each successor, the id of its state once it is
	// merged or stored, for its repeats to take. base is the id of the
	// chunk's first new state, owned their number.
	slots []uint64
	// tos holds the states the firsts of a state lead to (mergeEdged).
	tos   []uint64
	base  StateID
	owned int
	// long tells that a state of the chunk has too many transitions for
	// its tally (tallyWalk). firstTos holds the states the chunk's firsts
	// lead to, in order, when the merge leaves the edges' targets to tell
	// (tosLeft).
	long     bool
	tosLeft  bool
	firstTos []uint64
	// err is a panic of the chunk's expansion.
	err error
	// cursors is where storeNew is in each filer's found.
	cursors []int32
	// deferTells tells merge to leave telling Edges of the chunk's states
	// to tellNext (pipeline.go), noting in tells how many transitions of
	// each state to tell of, negative for none.
	deferTells bool
	tells      []int32
	// moves notes the moves of the processes' parts along the chunk's
	// transitions when the search asks for them (partmoves.go); fromKey
	// is the key of the state being expanded, for wordEmit.
	moves   *moveSet
	fromKey uint64
	// The chunks of a window lie side by side and are written by different
	// workers at once: padding keeps the fields of one off the cache lines
	// of the next.
	_ [128]byte
}

// Kinds of the transitions of a chunk.
const (
	// toNew: a successor not found stored when the chunk was expanded.
	toNew uint8 = iota
	// toKnown: a successor stored already, which the merge only counts.
	toKnown
	// toFault: a fault.
	toFault
	// toRepeat: a successor first reached by an earlier transition of the
	// same chunk, found so as the chunk was expanded (repeats.go): it is
	// not looked up, but takes what the first found.
	toRepeat
)

func newParallel(m *Machine, workers int, red *reducer) *parallel {
	per := StateID(max(1, min(chunkStates, chunkSuccessorBytes/max(1, m.Processes()*m.StateSize()))))
	p := &parallel{workers: workers, per: per, filers: make([]filer, workers)}
	p.view.ranges = workers
	for b := range p.banks {
		p.banks[b] = make([]chunk, windowChunks(workers))
	}
	if red.opts.POR == nil {
		p.batch = m.batch
	}
	for range workers {
		p.steppers = append(p.steppers, red.expander(&p.view))
		if red.opts.Symmetry != nil {
			p.canons = append(p.canons, red.opts.Symmetry.NewCanon())
		}
	}
	if workers > 1 {
		p.team = newTeam(workers)
	}
	if workers == 2 {
		p.pipe = newPipeline()
		p.view.ranges = 1
	}
	return p
}

// close ends the goroutines of the workers.
func (p *parallel) close() {
	if p.team != nil {
		p.team.close()
	}
}

// windowChunks is the number of chunks of a window: eight per worker, so
// that the workers meet at few barriers (each waits for the slowest), and a
// single chunk for a single worker, which expands the next chunk while the
// slots of the last one's successors come into the cache (level).
func windowChunks(workers int) int {
	if workers == 1 {
		return 1
	}
	return min(maxWindowChunks, 8*workers)
}

// expand computes chunk c with stepper r, reading the store through view v
// and told by record whether to record edges: every successor of the
// chunk's states and its hash.
func (c *chunk) expand(v *view, r expander, bc *batchCode, canon *Canon, record bool) {
	c.counts, c.kinds, c.next, c.hashes, c.faults, c.edges, c.froms = c.counts[:0], c.kinds[:0], c.next[:0], c.hashes[:0], c.faults[:0], c.edges[:0], c.froms[:0]
	if v.codec != nil {
		c.keys = c.keys[:0]
	} else {
		c.keys = nil
	}
	c.repeat, c.firsts, c.firstKeys, c.tallies = c.repeat[:0], c.firsts[:0], c.firstKeys[:0], c.tallies[:0]
	c.err, c.deferTells, c.batched, c.long, c.tosLeft, c.seenAll = nil, false, false, false, false, false
	defer func() {
		if p := recover(); p != nil {
			c.err = fmt.Errorf("%v", p)
		}
	}()
	if v.moves != nil && c.moves == nil {
		c.moves = v.moves.newSet()
	}
	emit := c.wordEmit(v, record, canon)
	word := emit != nil
	if !word {
		emit = c.emit(v, record, canon)
	}
	filed := false
	if word && bc != nil && bc.codec == v.codec {
		filed = c.expandBatch(v, r, bc, emit, record)
	} else {
		c.ownBuffers()
		c.expandEach(v, r, emit, record)
	}
	if v.codec == nil {
		c.keys = c.next
	}
	if !filed {
		c.findRepeats(v.size, word)
	}
	if v.ranges > 1 {
		c.byRange = slices.Grow(c.byRange[:0], v.ranges)[:v.ranges]
		for w := range c.byRange {
			c.byRange[w] = c.byRange[w][:0]
		}
		for k, h := range c.hashes {
			if c.repeat[k] >= 0 {
				continue
			}
			w := rangeOf(h, v.ranges)
			c.byRange[w] = append(c.byRange[w], int32(k))
		}
	}
}

// expandEach expands the chunk's states one at a time with r, which calls
// emit for each transition, noting each state in froms when record is set.
func (c *chunk) expandEach(v *view, r expander, emit func(t *Transition, next []byte), record bool) {
	for id := c.lo; id < c.hi; id++ {
		if v.isPruned(id) {
			c.counts = append(c.counts, -1)
			if record {
				c.froms = append(c.froms, make([]byte, v.stateSize)...)
			}
			continue
		}
		s := v.state(id, &c.state)
		if record {
			c.froms = append(c.froms, s...)
		}
		if c.moves != nil {
			c.fromKey = shortWord(v.key(id))
		}
		c.counts = append(c.counts, int32(r(s, id, emit)))
	}
}

// noteFault notes transition t's edge when record is set, and t when it is
// a fault, which it reports.
func (c *chunk) noteFault(t *Transition, record bool) bool {
	if record {
		c.edges = appendEdge(c.edges, t)
	}
	if t.Fault == nil {
		return false
	}
	c.kinds = append(c.kinds, toFault)
	c.faults = append(c.faults, t.Clone())
	return true
}

// emit is the emit of chunk c's expansion (expand): it notes each
// successor's kind, key and hash.
func (c *chunk) emit(v *view, record bool, canon *Canon) func(t *Transition, next []byte) {
	return reduced(func(t *Transition, next []byte) {
		if (record || t.Fault != nil) && c.noteFault(t, record) {
			return
		}
		c.kinds = append(c.kinds, toNew)
		key := next
		if v.codec != nil {
			c.keys = v.codec.appendKey(c.keys, next)
			key = c.keys[len(c.keys)-v.size:]
		} else {
			c.next = append(c.next, next...)
		}
		c.hashes = append(c.hashes, v.hash.of(key))
		if c.moves != nil {
			c.moves.note(moverOf(t), t.Partner, c.fromKey, shortWord(key))
		}
	}, canon)
}

// findRepeats finds, once the chunk is expanded, which of its successors
// repeat an earlier one, from their keys, of size bytes, and hashes; word
// tells that the keys are of one word (wordEmit). Apart from the
// expansion, whether a successor repeats is decided for one after the
// other with their keys and hashes at hand, not after the wait for each
// key's packing and hashing: the branch on it, which no processor
// predicts, then costs little. A chunk whose every step the batch ran,
// and which the merge needs only the firsts of, is filed as it is
// expanded instead (fileFirsts): there the keys are at hand from the
// batch's passes, and keeping them costs more than the branch.
func (c *chunk) findRepeats(size int, word bool) {
	c.seen.reset(len(c.hashes))
	c.wordKeys = word
	keyMask := ^uint64(0) >> (64 - 8*min(size, 8))
	i, k := 0, 0
	for _, cnt := range c.counts {
		firsts := 0
		for range max(cnt, 0) {
			if c.kinds[i] == toFault {
				i++
				continue
			}
			h := c.hashes[k]
			var j int32
			if word {
				key := binary.LittleEndian.Uint64(c.keys[k*size:k*size+8]) & keyMask
				j = c.seen.firstWord(k, h, key, c.keys, size, keyMask)
			} else {
				j = c.seen.first(k, h, c.keys, size)
			}
			c.repeat = append(c.repeat, j)
			if j >= 0 {
				c.kinds[i] = toRepeat
			} else {
				firsts++
				c.firsts = append(c.firsts, h)
				if word {
					c.firstKeys = append(c.firstKeys, [8]byte(c.keys[k*size:k*size+8]))
				}
			}
			i, k = i+1, k+1
		}
		c.tallies = append(c.tallies, tallyOf(cnt, firsts))
		c.long = c.long || cnt >= 0xffff
	}
}

// tallyOf is the tally of a state of cnt transitions (-1 when pruned), of
// which firsts are the first of their state in the chunk: cnt in the low
// 16 bits, firsts in the high; tallyWalk when cnt takes more, or when the
// state is pruned.
func tallyOf(cnt int32, firsts int) uint32 {
	if cnt < 0 || cnt >= 0xffff {
		return tallyWalk
	}
	return uint32(cnt) | uint32(firsts)<<16
}

// tallyWalk is the tally of a state that the merge walks through its
// kinds as it would without tallies: a pruned state (which the searcher
// skips), or one of too many transitions for its counts to fit.
const tallyWalk = ^uint32(0)

// first is what the merge looks up of successor off of the chunk, the
// looked-th first of its state: its state, when the chunk holds the
// states (else nil), its key, of keySize bytes, and its hash. Keys of a
// word are taken from firstKeys, the others from keys and hashes.
func (c *chunk) first(looked, off, size, keySize int) (next, key []byte, h uint64) {
	if c.wordKeys {
		return nil, c.firstKeys[looked][:keySize], c.firsts[looked]
	}
	return c.stateOf(off, size), c.keys[off*keySize : (off+1)*keySize], c.hashes[off]
}

// from is the state lo+j of the chunk, of size bytes, as it was expanded:
// unpacked by the batch, or recorded in froms.
func (c *chunk) from(j, size int) []byte {
	if c.batched {
		at := j * c.batch.stride
		return c.batch.states[at : at+size]
	}
	return c.froms[j*size : (j+1)*size]
}

// stateOf is successor k of the chunk, of size bytes, when the chunk holds
// the successor states; nil when it holds only their keys.
func (c *chunk) stateOf(k, size int) []byte {
	if len(c.next) == 0 {
		return nil
	}
	return c.next[k*size : (k+1)*size]
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

// level explores the states [lo, hi) of one level. It reports whether the
// search must end (a limit reached, or stopped).
//
// One worker expands a chunk, then asks the processor for the table slots
// its successors will be looked up in (the first of each state, repeats.go),
// then expands the next chunk while
// those come in; it then asks for the records the slots name, and merges
// the first chunk, asking for the next chunk's slots as it goes. The cache
// misses of the lookups, which dominate a search, are thus waited for
// together and beside other work, and the merge finds what it reads in the
// cache. The merge may grow the table: the view is pointed at the new one
// before the next expansion.
func (p *parallel) level(sr *searcher, lo, hi StateID) bool {
	p.view.take(sr, lo, hi)
	switch {
	case p.pipe != nil:
		return p.levelPiped(sr, lo, hi)
	case p.workers > 1:
		return p.levelClaimed(sr, lo, hi)
	}
	record := sr.opts.Edges != nil
	start := lo
	cur, next := p.banks[0][:1], p.banks[1][:1]
	if p.fill(cur, &start, hi) == 0 {
		return false
	}
	// The first chunk of the level follows the chunk merged last, in
	// either bank: the level before's last or the one before it.
	cur[0].prior = priorIf(&next[0])
	cur[0].expand(&p.view, p.steppers[0], p.batch, p.canon(0), record)
	p.view.prefetchSlots(cur[0].firsts)
	for {
		more := p.fill(next, &start, hi) > 0
		if more {
			next[0].prior = priorIf(&cur[0])
			next[0].expand(&p.view, p.steppers[0], p.batch, p.canon(0), record)
		}
		p.view.prefetchRecords(cur[0].firsts, &cur[0].addrs)
		var ahead []uint64
		if more {
			ahead = next[0].firsts
		}
		// The chunk's edges are told once it is merged, in one go: told
		// state by state amid the lookups, the recorder found its own
		// data gone from the cache each time.
		if record {
			cur[0].deferTelling()
		}
		end := p.merge(sr, cur, ahead)
		if record {
			cur[0].tell(sr)
		}
		if end {
			return true
		}
		p.retable(sr.st)
		if !more {
			return false
		}
		cur, next = next, cur
	}
}

// retable points the view at the store's table, once it has grown: the
// next prefetches and lookups are for the new table, the old one being given
// back to the system as the store grows (Store.grow).
func (p *parallel) retable(st *Store) {
	p.view.table, p.view.idBits = st.table, st.idBits
}

// aheadGroup is the fewest home slots of the next chunk's firsts that merge
// asks for at a time. On the filter lock with 4 processes, one worker took
// 6 % less time with groups of 8 than with the whole chunk's at once
// (means of eight alternated runs), 3 % less with groups of 16.
const aheadGroup = 8

// slotsAhead and slotsNear set the home slots merge asks for as it goes:
// those of slotsNear successors from slotsAhead after the state's first,
// about those of the state two after it.
const (
	slotsAhead = 4
	slotsNear  = 2
)

// merge hands the searcher the expanded chunks, in order. It reports whether
// the search must end. As it goes, it asks the processor for the home slots
// of the hashes ahead, the next chunk's firsts, a few at a time (aheadGroup)
// spread over the states of the last chunk: asked for at once, they would
// stall the processor on more misses than it keeps under way, with nothing
// else done meanwhile.
func (p *parallel) merge(sr *searcher, chunks []chunk, ahead []uint64) bool {
	size, keySize := sr.st.stateSize, sr.st.size
	var ok Transition
	for i := range chunks {
		c := &chunks[i]
		if c.err != nil {
			panic(c.err)
		}
		n := max(len(c.hashes), len(c.repeat)) // fileEdged keeps no hashes
		c.slots = slices.Grow(c.slots[:0], n)[:n]
		// plain tells that the chunk has no faults, and that the search
		// records no edges (so the chunk notes none, nor tells of any):
		// where a successor leads matters to no one.
		plain := len(c.faults) == 0 && sr.opts.Edges == nil
		// tallied tells that, plain and with keys of one word, the
		// chunk's states are merged from their tallies: the firsts looked
		// up in order, the repeats counted, the kinds read only where a
		// transition stops the search.
		tallied := plain && c.wordKeys
		// edged tells that the chunk, with no faults and keys of one
		// word, notes its edges: its states are merged from their tallies
		// too, and the edges' targets then taken in one pass with no
		// branch on a kind (mergeEdged).
		edged := len(c.faults) == 0 && sr.opts.Edges != nil && c.wordKeys
		// looked counts the successors looked up: the first of their
		// states in the chunk.
		k, off, f, looked := 0, 0, 0, 0
		// asked is how many of ahead the processor was asked for.
		asked := len(ahead)
		if i == len(chunks)-1 {
			asked = 0
		}
		// Past state j, (j+1)*per>>32 of ahead are due: len(ahead) over
		// the chunk's states in fixed point, not a division a state.
		per := uint64(len(ahead)) << 32 / uint64(max(len(c.counts), 1))
		for j := range len(c.counts) {
			if asked < len(ahead) {
				due := int(uint64(j+1) * per >> 32)
				if j == len(c.counts)-1 {
					due = len(ahead)
				}
				if due-asked >= aheadGroup || j == len(c.counts)-1 {
					t := sr.st.table
					prefetchHomes(&t[0], uint64(len(t)), ahead[asked:due])
					asked = due
				}
			}
			// The home slots of the successors of the states two ahead,
			// which the expansion before brought into a far cache, come
			// into the nearest while this state's are inserted.
			if near := looked + slotsAhead; near < len(c.firsts) {
				t := sr.st.table
				prefetchHomes(&t[0], uint64(len(t)), c.firsts[near:min(near+slotsNear, len(c.firsts))])
			}
			sr.from = c.lo + StateID(j)
			skip, end := sr.skip()
			if end {
				return true
			}
			if skip {
				continue
			}
			if tallied {
				if t := c.tallies[j]; t != tallyWalk {
					// The firsts are looked up and the repeats counted, as
					// the walk through the kinds below does.
					n, firsts := int(t&0xffff), int(t>>16)
					for nth := range firsts {
						sr.transition(&ok, nil, c.firstKeys[looked+nth][:keySize], c.firsts[looked+nth])
						if sr.stop {
							// Counted as the walk counts them: the
							// repeats before the one that stopped the
							// search, none after it.
							sr.sp.Outcome.Transitions += int64(repeatsBefore(c.kinds[k:k+n], nth))
							return true
						}
					}
					sr.sp.Outcome.Transitions += int64(n - firsts)
					sr.expanded(n)
					if sr.stop {
						return true
					}
					k, off, looked = k+n, off+n, looked+firsts
					continue
				}
			}
			if edged {
				if t := c.tallies[j]; t != tallyWalk {
					n, firsts := int(t&0xffff), int(t>>16)
					if c.mergeEdged(sr, &ok, j, k, looked, n, firsts) {
						return true
					}
					k, off, looked = k+n, off+n, looked+firsts
					continue
				}
			}
			cnt := c.counts[j]
			if plain {
				// Neither faults nor edges: only the firsts are looked
				// up, and the repeats counted.
				for range cnt {
					switch c.kinds[k] {
					case toRepeat:
						sr.known()
						off++
					case toKnown:
						sr.known()
					default:
						next, key, h := c.first(looked, off, size, keySize)
						sr.transition(&ok, next, key, h)
						off++
						looked++
					}
					k++
				}
				sr.expanded(int(cnt))
				if sr.stop {
					return true
				}
				continue
			}
			first, told := k, -1
			for range cnt {
				stopped := sr.stop
				switch c.kinds[k] {
				case toFault:
					sr.transition(&c.faults[f], nil, nil, 0)
					f++
				case toKnown:
					sr.known()
				case toRepeat:
					// Its state is stored, unless the search stopped.
					sr.known()
					to := c.slots[c.repeat[off]]
					if c.edges != nil {
						c.edges[k].To = StateID(to)
					}
					c.slots[off] = to
					off++
				default:
					next, key, h := c.first(looked, off, size, keySize)
					to := sr.transition(&ok, next, key, h)
					if c.edges != nil {
						c.edges[k].To = to
					}
					c.slots[off] = uint64(to)
					off++
					looked++
				}
				k++
				if sr.stop && !stopped {
					told = sr.toldUpTo(k)
				}
			}
			switch {
			case c.deferTells:
				c.tells[j] = int32(sr.edgesToTell(k-first, told-first))
			case sr.opts.Edges != nil:
				sr.tellEdges(c.from(j, size), c.edges[first:k], told-first)
			}
			sr.expanded(int(cnt))
			if sr.stop {
				return true
			}
		}
	}
	return false
}

// mergeEdged merges state j of the chunk, ok being a transition without a
// fault for the searcher to be given, whose transitions, n of them,
// start at k and whose firsts, firsts of them, at looked among the chunk's,
// into the search, where the chunk has no faults and notes its edges: the
// firsts are looked up in order, as the walk of merge looks them up, then
// every transition's target is taken, a first's from its lookup, a
// repeat's from its first's, with no branch on which it is; or, when the
// chunk leaves its edges' targets to tell (tosLeft), the firsts' targets
// are noted in firstTos for tell to take them from. It reports whether the
// search must end. Where a first stops the search, what
// follows is what the walk does: the transitions after it count for
// nothing and lead to state 0, and Edges is told of those up to it.
func (c *chunk) mergeEdged(sr *searcher, ok *Transition, j, k, looked, n, firsts int) bool {
	keySize := sr.st.size
	if c.tosLeft {
		// The firsts' targets alone, for tell to take every edge's from
		// (tellTargets).
		stopAt := -1
		for nth := range firsts {
			c.firstTos = append(c.firstTos, uint64(sr.transition(ok, nil, c.firstKeys[looked+nth][:keySize], c.firsts[looked+nth])))
			if sr.stop && stopAt < 0 {
				stopAt = nth
			}
		}
		return c.edgedTold(sr, j, k, n, firsts, stopAt)
	}
	// tos has one more entry than the firsts, read and discarded after
	// the last first.
	c.tos = slices.Grow(c.tos[:0], firsts+1)[:firsts+1]
	tos := c.tos
	stopAt := -1
	for nth := range firsts {
		tos[nth] = uint64(sr.transition(ok, nil, c.firstKeys[looked+nth][:keySize], c.firsts[looked+nth]))
		if sr.stop && stopAt < 0 {
			stopAt = nth
		}
	}
	tos[firsts] = 0
	// Successors and transitions are numbered alike in a chunk without
	// faults.
	f := 0
	for i := k; i < k+n; i++ {
		r := c.repeat[i]
		first := int(uint32(r) >> 31)
		mask := -uint64(first)
		to := tos[f]&mask | c.slots[max(r, 0)]&^mask
		f += first
		c.slots[i] = to
		c.edges[i].To = StateID(to)
	}
	return c.edgedTold(sr, j, k, n, firsts, stopAt)
}

// edgedTold finishes mergeEdged's merge of state j, whose first numbered
// stopAt stopped the search (-1: none).
func (c *chunk) edgedTold(sr *searcher, j, k, n, firsts, stopAt int) bool {
	told := -1
	if stopAt < 0 {
		sr.sp.Outcome.Transitions += int64(n - firsts)
	} else {
		// The repeats before the first that stopped the search count, as
		// the walk counts them, and Edges is told up to that first.
		before := repeatsBefore(c.kinds[k:k+n], stopAt)
		sr.sp.Outcome.Transitions += int64(before)
		told = sr.toldUpTo(stopAt + before + 1)
	}
	switch {
	case c.deferTells:
		c.tells[j] = int32(sr.edgesToTell(n, told))
	case sr.opts.Edges != nil:
		sr.tellEdges(c.from(j, sr.st.stateSize), c.edges[k:k+n], told)
	}
	sr.expanded(n)
	return sr.stop
}

// repeatsBefore is the number of repeats among kinds before its first
// successor numbered f (from 0), the kinds being those of a chunk without
// faults.
func repeatsBefore(kinds []uint8, f int) int {
	repeats := 0
	for _, kind := range kinds {
		if kind != toRepeat {
			if f == 0 {
				break
			}
			f--
			continue
		}
		repeats++
	}
	return repeats
}

// ownBuffers asks the processor for the lines of the chunk's buffers, to
// be written all at once rather than one by one as each first store to a
// line waits for it: when two workers search, the merger read them last.
// Not where fileFirsts files the chunk: it writes buffers of the batch's
// own and copies them whole, and the lines of the buffers it leaves empty
// (keys, hashes, repeat) cost more to ask for than they spare (filter
// N=4, two workers 1.87 → 1.80 s, one worker 3.61 → 3.53 s).
func (c *chunk) ownBuffers() {
	ownLines(c.keys)
	ownLines(c.hashes)
	ownLines(c.kinds)
	ownLines(c.repeat)
	ownLines(c.firsts)
	ownLines(c.firstKeys)
	ownLines(c.counts)
	ownLines(c.tallies)
}

// ownLines asks the processor for the cache lines of b's whole capacity,
// to be written.
func ownLines[T any](b []T) {
	if cap(b) == 0 {
		return
	}
	b = b[:cap(b)]
	prefetchWrite(uintptr(unsafe.Pointer(&b[0])), uintptr(len(b))*unsafe.Sizeof(b[0]))
}
