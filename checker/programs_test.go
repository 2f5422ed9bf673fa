package checker_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

func pos(line int) source.Pos { return source.Pos{File: irtest.File, Line: line, Col: 1} }

// run checks b's program with opts; the program must be runnable.
func run(t *testing.T, b *irtest.Builder, opts checker.Options) *checker.Result {
	t.Helper()
	res, err := checker.Run(context.Background(), b.Program(), opts)
	require.NoError(t, err)
	return res
}

// check finds the result of the check called name.
func check(t *testing.T, res *checker.Result, name string) checker.CheckResult {
	t.Helper()
	for _, c := range res.Checks {
		if c.Name == name {
			return c
		}
	}
	require.Failf(t, "no such check", "%s", name)
	return checker.CheckResult{}
}

// verdicts maps every reported check to its verdict.
func verdicts(res *checker.Result) map[string]string {
	out := map[string]string{}
	for _, c := range res.Checks {
		out[c.Name] = c.Verdict.String()
	}
	return out
}

// lockVariable: the broken lock of LANGUAGE.md section 7: loop { await lock
// == 0; lock = 1; critical { skip }; lock = 0 } for two processes.
func lockVariable() *irtest.Builder {
	b := irtest.New("lockvar")
	lock := b.Var("lock", 0, 1, 0)
	for i := range 2 {
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Await("await lock == 0", irtest.Bin(ir.OpEq, irtest.Load(lock), irtest.C(0)), 1),
			irtest.Assign("lock = 1", irtest.Ref(lock), irtest.C(1), 2),
			irtest.Skip(3),
			irtest.Assign("lock = 0", irtest.Ref(lock), irtest.C(0), 0))
	}
	b.Region("critical", ir.RegionCritical, []int{2}, []int{2})
	b.Check(ir.CheckMutex, "mutex", nil)
	b.Implicit()
	return b
}

// semLock: n processes loop { down(s); critical { skip }; up(s) }.
func semLock(n int, kind ir.SemKind) *irtest.Builder {
	b := irtest.New("semlock")
	s := b.Sem("s", kind, 1)
	pcs := make([][]int, n)
	for i := range n {
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Down("down(s)", s, 1), irtest.Skip(2), irtest.Up("up(s)", s, 0))
		pcs[i] = []int{1}
	}
	b.Region("critical", ir.RegionCritical, pcs...)
	b.Check(ir.CheckMutex, "mutex", nil)
	b.Implicit()
	return b
}

// leftRight: n dining philosophers taking the left fork, then the right one.
func leftRight(n int) *irtest.Builder {
	b := irtest.New("philosophers")
	fork := b.Sem("fork", ir.SemWeak, 1, n)
	for i := range n {
		l, r := irtest.C(int32(i)), irtest.C(int32((i+1)%n))
		b.Process(fmt.Sprintf("P[%d]", i),
			irtest.Down(fmt.Sprintf("down(fork[%d])", i), fork, 1, l),
			irtest.Down(fmt.Sprintf("down(fork[%d])", (i+1)%n), fork, 2, r),
			irtest.Skip(3),
			irtest.Up(fmt.Sprintf("up(fork[%d])", (i+1)%n), fork, 4, r),
			irtest.Up(fmt.Sprintf("up(fork[%d])", i), fork, 0, l))
	}
	b.Implicit()
	return b
}
