package explorer_test

import (
	"fmt"

	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

// Small programs shared by the tests. Their state counts are worked out by
// hand in the tests that use them.

// twoAssign: P[0] does a = 1, P[1] does b = 1, and both end.
func twoAssign() *irtest.Builder {
	b := irtest.New("two")
	a := b.Var("a", 0, 1, 0)
	bb := b.Var("b", 0, 1, 0)
	b.Process("P[0]", irtest.Assign("a = 1", irtest.Ref(a), irtest.C(1), 1))
	b.Process("P[1]", irtest.Assign("b = 1", irtest.Ref(bb), irtest.C(1), 1))
	return b
}

// semLock: n processes loop { down(s); critical { skip }; up(s) } on a
// semaphore s = 1 of the given kind. Code: 0 down, 1 skip (critical), 2 up.
func semLock(n int, kind ir.SemKind) *irtest.Builder {
	b := irtest.New("semlock")
	s := b.Sem("s", kind, 1)
	pcs := make([][]int, n)
	for i := range n {
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Down("down(s)", s, 1),
			irtest.Skip(2),
			irtest.Up("up(s)", s, 0))
		pcs[i] = []int{1}
	}
	b.Region("critical", ir.RegionCritical, pcs...)
	return b
}

// lostWakeup: P[0] does sleep(), P[1] does wakeup(P[0]); both then end.
func lostWakeup() *irtest.Builder {
	b := irtest.New("wakeup")
	b.Process("P[0]", irtest.Sleep(1))
	b.Process("P[1]", irtest.Wakeup("wakeup(P[0])", irtest.Proc(0, 2, irtest.C(0)), 1))
	return b
}

// counters: n processes, each incrementing its own counter modulo k forever:
// k^n states.
func counters(n, k int) *irtest.Builder {
	b := irtest.New("counters")
	vars := make([]int, n)
	for i := range n {
		vars[i] = b.Local(i, "c", 0, int32(k-1), 0)
	}
	for i := range n {
		c := vars[i]
		b.Process(fmt.Sprintf("P[%d]", i), irtest.Assign("c = (c + 1) % K", irtest.Ref(c),
			irtest.Bin(ir.OpMod, irtest.Bin(ir.OpAdd, irtest.Load(c), irtest.C(1)), irtest.C(int32(k))), 0))
	}
	return b
}

// philosophers: n philosophers with ordered forks (each takes its lower
// numbered fork first), forks as a weak semaphore array fork[n] = 1:
// loop { down(fork[lo]); down(fork[hi]); critical { skip }; up(fork[hi]); up(fork[lo]) }.
func philosophers(n int) *irtest.Builder {
	b := irtest.New("philosophers")
	fork := b.Sem("fork", ir.SemWeak, 1, n)
	for i := range n {
		lo, hi := i, (i+1)%n
		if lo > hi {
			lo, hi = hi, lo
		}
		l, h := irtest.C(int32(lo)), irtest.C(int32(hi))
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Down(fmt.Sprintf("down(fork[%d])", lo), fork, 1, l),
			irtest.Down(fmt.Sprintf("down(fork[%d])", hi), fork, 2, h),
			irtest.Skip(3),
			irtest.Up(fmt.Sprintf("up(fork[%d])", hi), fork, 4, h),
			irtest.Up(fmt.Sprintf("up(fork[%d])", lo), fork, 0, l))
	}
	return b
}
