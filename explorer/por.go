package explorer

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
)

// Partial-order reduction for the safety checks, with ample sets of local
// steps (as SPIN's reduction treats statements on local variables).
//
// A step is local when it reads and writes only its own process's locals and
// program counter: an assignment to a local from locals and constants, a test
// of locals (if, while, await), skip, noncritical. No other process can see
// or change what it touches, so it commutes with every step of every other
// process and is enabled whatever they do. It is invisible to the checks when
// it writes no variable they read and moves between program counters that
// are alike for every region they read (critical for mutex, the regions
// named in invariants). In a state where a process's next step is such a
// step, enabled and not faulting, the search takes that process's step
// alone (an ample set), and the local steps of the same process that follow
// it, without storing the states in between (as SPIN merges statements).
// The cycle proviso keeps a step of another process from being put off for
// ever: the ample step must lead to a state stored after the one expanded
// (or not stored yet), or to one fully expanded at an earlier level;
// otherwise the state is fully expanded. Along any cycle of the reduced
// state space the state ids would otherwise increase all the way round, so
// every cycle has a fully expanded state. The ids, and what an earlier level
// did, are the same for any number of workers, and so is the reduction.
// Deadlocks, faults and the states where an invariant is false are all
// still reached; not at their shortest depth, which is why counterexamples
// are searched again without reduction.

// POR is the partial-order reduction of a program for a set of checks, found
// by NewPOR. It is immutable.
type POR struct {
	// local[p][pc] tells whether process p's step at pc is local and
	// invisible.
	local [][]bool
}

// NewPOR decides the local, invisible steps of m for the given checks; nil
// with the reason when the reduction does not apply.
func NewPOR(m *Machine, checks []*ir.Check) (*POR, string) {
	p := m.prog
	if p.Memory != ir.SC {
		return nil, "por: not applied under " + p.Memory.Upper() + " (store buffers)"
	}
	reads := &porReads{vars: map[int]bool{}, regions: map[int]bool{}}
	for _, c := range checks {
		if c.Kind == ir.CheckMutex && m.critical >= 0 {
			reads.regions[m.critical] = true
		}
		for _, e := range []*ir.Expr{c.Expr, c.Goal} {
			if e != nil {
				reads.expr(e)
			}
		}
	}
	// a process that reads where others are depends on every move
	for _, proc := range p.Processes {
		for _, in := range proc.Code {
			var at *ir.Expr
			eachSite(in, func(e *ir.Expr, _ *ir.Ref, _ siteKind, _ string) {
				if e != nil && at == nil {
					at = findPlace(e)
				}
			})
			if at != nil {
				return nil, fmt.Sprintf("por: %s reads where processes are at line %d", proc.Display, at.Pos.Line)
			}
		}
	}
	r := &POR{}
	for q, proc := range p.Processes {
		tab := make([]bool, len(proc.Code))
		for pc, in := range proc.Code {
			tab[pc] = !in.InAtomic && localStep(p, q, in) && !reads.writes(in) &&
				m.sameRegions(reads.regions, q, pc, in)
		}
		r.local = append(r.local, tab)
	}
	return r, ""
}

// porReads is what the checks read.
type porReads struct {
	vars, regions map[int]bool
}

func (r *porReads) expr(e *ir.Expr) {
	switch e.Op {
	case ir.OpLoad, ir.OpMaxArray:
		r.vars[e.Var] = true
	case ir.OpAt, ir.OpCount:
		r.regions[e.Region] = true
	}
	for _, x := range e.Index {
		r.expr(x)
	}
	for _, x := range e.Args {
		r.expr(x)
	}
}

func (r *porReads) writes(in *ir.Instr) bool { return in.Target != nil && r.vars[in.Target.Var] }

// findPlace returns an OpAt or OpCount in e, or nil.
func findPlace(e *ir.Expr) *ir.Expr {
	if e.Op == ir.OpAt || e.Op == ir.OpCount {
		return e
	}
	for _, xs := range [][]*ir.Expr{e.Index, e.Args} {
		for _, x := range xs {
			if f := findPlace(x); f != nil {
				return f
			}
		}
	}
	return nil
}

// localStep reports whether in, a step of process q, touches nothing but q's
// locals.
func localStep(p *ir.Program, q int, in *ir.Instr) bool {
	switch in.Op {
	case ir.OpSkip, ir.OpNoncritical:
		return true
	case ir.OpAssign:
		return in.RMW == nil && localRef(p, q, in.Target) && localExpr(p, q, in.Value)
	case ir.OpBranch, ir.OpAwait:
		return in.RMW == nil && localExpr(p, q, in.Cond)
	}
	return false
}

func localRef(p *ir.Program, q int, r *ir.Ref) bool {
	if r == nil || p.Vars[r.Var].Owner != q {
		return false
	}
	for _, e := range r.Index {
		if !localExpr(p, q, e) {
			return false
		}
	}
	return true
}

func localExpr(p *ir.Program, q int, e *ir.Expr) bool {
	if e == nil {
		return false
	}
	switch e.Op {
	case ir.OpConst:
		return true
	case ir.OpLoad:
		if p.Vars[e.Var].Owner != q {
			return false
		}
	case ir.OpSemValue, ir.OpMaxArray, ir.OpProc, ir.OpAt, ir.OpCount, ir.OpLen:
		return false
	}
	for _, xs := range [][]*ir.Expr{e.Index, e.Args} {
		for _, x := range xs {
			if !localExpr(p, q, x) {
				return false
			}
		}
	}
	return true
}

// sameRegions reports whether every program counter that in, process q's
// step at pc, may move to is in the same regions of regs as pc.
func (m *Machine) sameRegions(regs map[int]bool, q, pc int, in *ir.Instr) bool {
	targets := []int{in.Next}
	if in.Op == ir.OpBranch {
		targets = append(targets, in.Else)
	}
	for r := range regs {
		for _, to := range targets {
			if m.inRegion[r][q][pc] != m.inRegion[r][q][to] {
				return false
			}
		}
	}
	return true
}

// porStepper computes the successors of a state under a POR: the step of
// the first process whose next step is local, when the proviso lets it,
// else every step. It is for one goroutine and allocates nothing per state
// once warmed up.
type porStepper struct {
	por *POR
	m   *Machine
	r   *Stepper
	// v is the store as the search's workers see it.
	v   *view
	red *reducer
	// procs, faults and next hold the steps of one process from the state
	// being expanded: the process of each, whether it faults, and the
	// states one after the other.
	procs  []int
	faults []bool
	next   []byte
	tr     Transition
	// collect is the method value x.add, made once; link that of x.follow.
	collect, link func(t *Transition, next []byte)
	// chain is the state at the end of a chain of local steps; linked
	// tells that the last step of the chain was followed.
	chain  []byte
	linked bool
	// key holds the key of a state looked up in the store.
	key []byte
}

// maxChain bounds the local steps merged into one transition.
const maxChain = 1000

func newPORStepper(red *reducer, v *view) *porStepper {
	m := red.m
	x := &porStepper{por: red.opts.POR, m: m, r: m.NewStepper(), v: v, red: red, tr: Transition{Partner: -1}}
	x.collect, x.link = x.add, x.follow
	x.chain = make([]byte, m.lay.size)
	return x
}

func (x *porStepper) add(t *Transition, next []byte) {
	x.procs = append(x.procs, t.Process)
	x.faults = append(x.faults, t.Fault != nil)
	if t.Fault == nil {
		x.next = append(x.next, next...)
	} else {
		x.next = append(x.next, make([]byte, x.m.lay.size)...)
	}
}

// follow takes a local step's successor as the chain's next state.
func (x *porStepper) follow(t *Transition, next []byte) {
	if t.Fault == nil {
		copy(x.chain, next)
		x.linked = true
	}
}

// eligible reports whether process p's next step in s is local.
func (x *porStepper) eligible(s []byte, p int) bool {
	return x.m.lay.block(s, p) == running && x.por.local[p][x.m.lay.pc(s, p)]
}

// successors emits the successors of s, stored as self, as
// Stepper.Successors does, or only an ample set of them: the local step of
// the first process that has one, enabled, not faulting, and leading (after
// the local steps that follow it) to a state stored after self, not stored
// yet, or fully expanded at an earlier level. It returns the number emitted.
func (x *porStepper) successors(s []byte, self StateID, emit func(t *Transition, next []byte)) int {
	for p := range x.m.lay.procs {
		if !x.eligible(s, p) {
			continue
		}
		x.procs, x.faults, x.next = x.procs[:0], x.faults[:0], x.next[:0]
		if x.r.step(s, p, x.collect) != 1 || x.faults[0] {
			continue
		}
		next := x.merge(x.next, p)
		key := x.v.keyOf(next, &x.key)
		if id, found := x.v.lookup(key, x.v.hash.of(key)); found && id <= self && !x.red.wasFull(id) {
			continue
		}
		x.tr.Process, x.tr.Index = p, 0
		emit(&x.tr, next)
		return 1
	}
	x.red.fullyExpanded(self)
	return x.r.Successors(s, emit)
}

// merge follows process p's local steps from next, as long as its step is
// local, enabled, single and not faulting (at most maxChain of them): the
// states in between are not stored, for no check can see them and no other
// process can tell them apart. It returns the end of the chain (next itself,
// or x.chain).
func (x *porStepper) merge(next []byte, p int) []byte {
	cur := next
	for range maxChain {
		if !x.eligible(cur, p) {
			break
		}
		x.linked = false
		if x.r.step(cur, p, x.link) != 1 || !x.linked {
			break
		}
		cur = x.chain
	}
	return cur
}
