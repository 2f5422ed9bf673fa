package checker

import (
	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

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
	// workers is how many processes' searches may run at once; compact
	// asks those that run side by side to save memory (see crowded).
	workers int
	compact bool
	// sym, when set, holds the interchangeable processes: a per-process
	// search of one of them answers for all (see eachProcess).
	sym *explorer.Symmetry
	// noCores turns off the starvation check's cores (transit.go), for
	// the tests that compare the searches with and without them.
	noCores bool
	// cores, once coresFound, are the starvation check's cores, found as
	// the node sets were made (recorder.settleWithCores).
	cores      []liveness.NodeSet
	coresFound bool
}

// collectAbove is the memory of a graph and its node sets from which the
// liveness checks collect garbage themselves: the search's leftovers before
// they start, and each per-process search's once it ends, so that the heap
// does not grow by a search's worth beside a large graph. Below it, a forced
// collection costs more than the memory it saves: some milliseconds each,
// and more to fault back in the memory it hands to the system, where the
// whole decision on a model of a few thousand states takes less than one.
const collectAbove = 64 << 20

// large reports whether sg holds at least collectAbove bytes.
func (sg *stateGraph) large() bool { return uint64(sg.g.Bytes())+sg.ph.bytes() >= collectAbove }
