package checker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

func compileText(t *testing.T, src string) *ir.Program {
	t.Helper()
	p, err := lang.Compile(lang.File{Name: "m.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	return p
}

// TestSymmetryNotApplied: every use of the index that a permutation cannot
// follow leaves the array unreduced, with the reason at its line; the
// verdicts and the states are those of a search without reduction.
func TestSymmetryNotApplied(t *testing.T) {
	tests := []struct{ name, src, why string }{
		{"arithmetic", `
var a: [2]0..3
process P[i in 0..1] {
    a[i] = i + 1
}
`, "symmetry: P uses i in arithmetic or a comparison at line 4"},
		{"comparison", `
var x: 0..1
process P[i in 0..1] {
    if i == 0 { x = 1 }
}
`, "symmetry: P uses i in arithmetic or a comparison at line 4"},
		{"compared", `
var x: 0..1
process P[i in 0..1] {
    await x == i
}
`, "symmetry: P uses i in a comparison at line 4"},
		{"named instance in code", `
process P[i in 0..1] {
    await !P[1]@end
}
`, "symmetry: P names an instance of P at line 3"},
		{"stored", `
var last: 0..1
process P[i in 0..1] {
    last = i
}
`, "symmetry: P uses i as a value at line 4"},
		{"semaphore", `
sem s[2] = 1
process P[i in 0..1] {
    down(s[i])
}
`, "symmetry: P uses i as the index of a semaphore, mutex or condition at line 4"},
		{"other index", `
var a: [2]0..1
process P[i in 0..1] {
    a[i] = 1
    a[0] = 0
}
`, "symmetry: P indexes a by i, but P[0] indexes it otherwise at line 5"},
		{"named by another process", `
var a: [2]0..1
process P[i in 0..1] {
    a[i] = 1
}
process Q {
    await a[1] == 1
}
`, "symmetry: P indexes a by i, but Q indexes it otherwise at line 7"},
		{"local array", `
process P[i in 0..1] {
    var seen: [2]0..1
    seen[i] = 1
}
`, "symmetry: P uses i as the index of seen, which is not a shared array of 2 elements at line 4"},
		{"named instance in a check", `
var a: [2]0..1
process P[i in 0..1] {
    a[i] = 1
}
check invariant a[0] <= a[1]
`, "symmetry: check invariant names instances of P at line 6"},
		{"liveness", `
process P[i in 0..1] {
    loop { noncritical
        critical { skip } }
}
check progress
`, "symmetry: not applied with liveness checks (progress)"},
		{"weak memory", `
memory tso
var x: 0..1
process P[i in 0..1] {
    x = 1
}
`, "symmetry: not applied under TSO (store buffers)"},
		{"no array", `
process P {
    skip
}
`, "symmetry: no array of two or more processes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compileText(t, tt.src)
			res, err := checker.Run(context.Background(), p, checker.Options{Reduce: checker.ReduceSymmetry})
			require.NoError(t, err)
			red := res.Stats.Reduction
			require.NotNil(t, red)
			assert.Empty(t, red.Applied)
			assert.Equal(t, []string{tt.why}, red.NotApplied)
			none, err := checker.Run(context.Background(), p, checker.Options{})
			require.NoError(t, err)
			assert.Equal(t, none.Stats.States, res.Stats.States)
			_, _ = sameWithReduction(t, p, 1)
		})
	}
}

// TestSymmetryApplied: arrays whose instances are interchangeable are
// reduced, and the orbits of the states stored count exactly the states of
// the full search, so that each orbit was stored once and only real orbits
// were; the verdicts and traces stay those of the full search, for any
// number of workers.
func TestSymmetryApplied(t *testing.T) {
	tests := []struct {
		name, src string
		groups    []string
		stored    int64
	}{
		{"mutex and flags", `
mutex m
var busy: [3]bool
var inside: 0..3
process P[i in 0..2] {
    loop {
        noncritical
        lock(m)
        busy[i] = true
        inside++
        critical { skip }
        inside--
        busy[i] = false
        unlock(m)
    }
}
check mutex
check invariant inside <= 1
check invariant forall j in 0..2: busy[j] => inside == 1
`, []string{"P[0..2]"}, 0},
		{"fifo queue and a single process", `
sem s = 1 fifo
var n: 0..4
process P[i in 0..2] {
    var mine: 0..2
    loop {
        down(s)
        mine = 1 - mine
        n = n + 1
        n = n - 1
        up(s)
    }
}
process Watcher {
    loop { await n > 1
        assert false }
}
`, []string{"P[0..2]"}, 0},
		{"condition queue, two arrays", `
mutex m
cond c
var items: 0..2
process Producer[i in 0..1] {
    loop {
        lock(m)
        while items == 2 { wait(c, m) }
        items++
        broadcast(c)
        unlock(m)
    }
}
process Consumer[i in 0..1] {
    loop {
        lock(m)
        while items == 0 { wait(c, m) }
        items--
        broadcast(c)
        unlock(m)
    }
}
`, []string{"Producer[0..1]", "Consumer[0..1]"}, 0},
		{"violated", `
var lock: 0..1
var done: [3]0..1
process P[i in 0..2] {
    await lock == 0
    lock = 1
    critical { done[i] = 1 }
    lock = 0
}
check mutex
check invariant done[0] + done[1] + done[2] <= 2
`, []string{"P[0..2]"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compileText(t, tt.src)
			res, _ := sameWithReduction(t, p, 1)
			red := res.Stats.Reduction
			require.NotNil(t, red)
			assert.Equal(t, []string{"symmetry"}, red.Applied)
			assert.Equal(t, tt.groups, red.Symmetric)
			one, err := checker.Run(context.Background(), p, checker.Options{Reduce: checker.ReduceAll, Workers: 1})
			require.NoError(t, err)
			none, err := checker.Run(context.Background(), p, checker.Options{Workers: 1})
			require.NoError(t, err)
			assert.Less(t, one.Stats.States, none.Stats.States)
			for _, w := range []int{2, 3} {
				got, err := checker.Run(context.Background(), p, checker.Options{Reduce: checker.ReduceAll, Workers: w})
				require.NoError(t, err)
				assert.Equal(t, one.Checks, got.Checks, "workers %d", w)
				assert.Equal(t, one.Stats.States, got.Stats.States, "workers %d", w)
				assert.Equal(t, one.Stats.Reduction, got.Stats.Reduction, "workers %d", w)
			}
		})
	}
}
