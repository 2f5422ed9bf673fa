package checker_test

import (
	"fmt"

	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// phased is a program of n processes P[0..n-1] running the same loop, with
// the regions of the mutual-exclusion family as the front end would compute
// them: crit, trying and waiting list each process's program counters in
// critical, trying and waiting, and pc 0 is a noncritical statement. code
// builds process i's code; the liveness checks named are added, then the
// implicit ones.
type phased struct {
	n                      int
	code                   func(b *irtest.Builder, i int) []*ir.Instr
	crit, trying, waiting  []int
	fairness               ir.Fairness
	checks                 []ir.CheckKind
	vars                   func(b *irtest.Builder)
	critical, tryingRegion int
}

// build returns the program and keeps the region indices.
func (ph *phased) build(name string) *irtest.Builder {
	b := irtest.New(name)
	if ph.vars != nil {
		ph.vars(b)
	}
	for i := range ph.n {
		b.Process(fmt.Sprintf("P[%d]", i), ph.code(b, i)...)
	}
	each := func(pcs []int) [][]int {
		out := make([][]int, ph.n)
		for i := range out {
			out[i] = pcs
		}
		return out
	}
	ph.critical = b.Region("critical", ir.RegionCritical, each(ph.crit)...)
	b.Region("noncritical", ir.RegionNoncritical, each([]int{0})...)
	ph.tryingRegion = b.Region("trying", ir.RegionTrying, each(ph.trying)...)
	b.Region("waiting", ir.RegionWaiting, each(ph.waiting)...)
	b.Check(ir.CheckMutex, "mutex", nil)
	for _, k := range ph.checks {
		b.Check(k, k.String(), nil)
	}
	b.Implicit()
	b.Program().Fairness = ph.fairness
	return b
}

// livenessChecks are the checks of the mutual-exclusion family.
func livenessChecks() []ir.CheckKind {
	return []ir.CheckKind{ir.CheckProgress, ir.CheckStarvation, ir.CheckBoundedWaiting}
}

// semLoop: n processes loop { noncritical; down(s); critical { skip }; up(s) }
// on a semaphore of the given kind with one permit. A weak or fifo down
// always executes, so it is the doorway (waiting only while blocked in it); a
// busy down can be disabled, so the waiting phase starts there.
func semLoop(n int, kind ir.SemKind, fairness ir.Fairness) *phased {
	var s int
	ph := &phased{
		n:        n,
		vars:     func(b *irtest.Builder) { s = b.Sem("s", kind, 1) },
		crit:     []int{2},
		trying:   []int{1},
		fairness: fairness,
		checks:   livenessChecks(),
		code: func(b *irtest.Builder, i int) []*ir.Instr {
			return []*ir.Instr{irtest.Noncritical(1), irtest.Down("down(s)", s, 2), irtest.Skip(3), irtest.Up("up(s)", s, 0)}
		},
	}
	if kind == ir.SemBusy {
		ph.waiting = []int{1}
	}
	return ph
}

// strictAlternation: loop { noncritical; await turn == i; critical { skip };
// turn = 1 - i } for two processes.
func strictAlternation() *phased {
	var turn int
	return &phased{
		n:       2,
		vars:    func(b *irtest.Builder) { turn = b.Var("turn", 0, 1, 0) },
		crit:    []int{2},
		trying:  []int{1},
		waiting: []int{1},
		checks:  livenessChecks(),
		code: func(b *irtest.Builder, i int) []*ir.Instr {
			return []*ir.Instr{
				irtest.Noncritical(1),
				irtest.Await("await turn == i", irtest.Bin(ir.OpEq, irtest.Load(turn), irtest.C(int32(i))), 2),
				irtest.Skip(3),
				irtest.Assign("turn = 1 - i", irtest.Ref(turn), irtest.C(int32(1-i)), 0),
			}
		},
	}
}

// tslSpinlock: loop { noncritical; while tsl(lock) { }; critical { skip };
// lock = false } for two processes.
func tslSpinlock() *phased {
	var lock int
	return &phased{
		n:       2,
		vars:    func(b *irtest.Builder) { lock = b.Bool("lock", false) },
		crit:    []int{2},
		trying:  []int{1},
		waiting: []int{1},
		checks:  livenessChecks(),
		code: func(b *irtest.Builder, i int) []*ir.Instr {
			spin := irtest.Branch("while tsl(lock)", nil, 1, 2)
			spin.RMW = irtest.RMW(ir.TSL, irtest.Ref(lock))
			return []*ir.Instr{
				irtest.Noncritical(1),
				spin,
				irtest.Skip(3),
				irtest.Assign("lock = false", irtest.Ref(lock), irtest.C(0), 0),
			}
		},
	}
}

// petersonLoop: loop { noncritical; interested[i] = true; turn = i; await
// !(turn == i && interested[1-i]); critical { skip }; interested[i] = false }.
// The two assignments are the doorway.
func petersonLoop() *phased {
	var turn, interested int
	return &phased{
		n: 2,
		vars: func(b *irtest.Builder) {
			turn = b.Var("turn", 0, 1, 0)
			interested = b.Bool("interested", false, 2)
		},
		crit:    []int{4},
		trying:  []int{1, 2, 3},
		waiting: []int{3},
		checks:  livenessChecks(),
		code: func(b *irtest.Builder, i int) []*ir.Instr {
			me, other := irtest.C(int32(i)), irtest.C(int32(1-i))
			return []*ir.Instr{
				irtest.Noncritical(1),
				irtest.Assign("interested[i] = true", irtest.Ref(interested, me), irtest.C(1), 2),
				irtest.Assign("turn = i", irtest.Ref(turn), me, 3),
				irtest.Await("await !(turn == i && interested[1 - i])",
					irtest.Not(irtest.Bin(ir.OpAnd,
						irtest.Bin(ir.OpEq, irtest.Load(turn), me),
						irtest.Load(interested, other))), 4),
				irtest.Skip(5),
				irtest.Assign("interested[i] = false", irtest.Ref(interested, me), irtest.C(0), 0),
			}
		},
	}
}
