package lang_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
)

// run compiles src and checks every property of it.
func run(t *testing.T, src string) *checker.Result {
	t.Helper()
	prog, err := lang.Compile(lang.File{Name: "test.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	res, err := checker.Run(context.Background(), prog, checker.Options{Workers: 1})
	require.NoError(t, err)
	require.True(t, res.Stats.Complete)
	return res
}

// verdicts maps each check's name to its verdict.
func verdicts(res *checker.Result) map[string]string {
	out := map[string]string{}
	for _, c := range res.Checks {
		out[c.Name] = c.Verdict.String()
	}
	return out
}

// TestSyncStateCounts compiles, from source, the programs that the engine's
// own tests build by hand (explorer/cond_test.go, explorer/chan_test.go) and
// expects the same state and transition counts.
func TestSyncStateCounts(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		states      int64
		transitions int64
	}{
		{"while around wait", `
var ready: bool
mutex m
cond c
process W { lock(m); while !ready { wait(c, m) }; unlock(m) }
process S { lock(m); ready = true; signal(c); unlock(m) }
`, 21, 27},
		{"lost signal", `
mutex m
cond c
process W { lock(m); wait(c, m); unlock(m) }
process S { signal(c) }
`, 9, 9},
		// A call between procedures of one monitor adds no step: entering,
		// two increments and leaving are 4 steps, 5 states in a line.
		{"call inside a monitor", `
monitor M {
    var x: 0..3
    proc inc() { x = x + 1 }
    proc twice() { inc(); M.inc() }
}
process P { M.twice() }
`, 5, 4},
		{"rendezvous", `
chan c: 0..3
var x: 0..3
process S { c <- 1 }
process R { x = <-c }
`, 2, 1},
		{"two senders", `
chan c: 0..3
var x: 0..3
process S[i in 0..1] { c <- 1 + i }
process R { x = <-c }
`, 3, 2},
		{"two receivers", `
chan c: 0..3
var x: [2]0..3
process S { c <- 1 }
process R[j in 0..1] { x[j] = <-c }
`, 3, 2},
		{"fifo", `
chan c[2]: 0..3
var x, y, z: 0..3
process Producer { c <- 1; c <- 2; c <- 3 }
process Consumer { x = <-c; y = <-c; z = <-c }
`, 9, 10},
		{"lossy", `
chan c[1]: 0..3 lossy
process Sender { c <- 1; c <- 2 }
`, 6, 5},
		{"select", `
chan a[1]: 0..3
chan b: 0..3
var x, y: 0..3
process Q {
    select {
    case x = <-a:
    case y = <-b:
    }
}
process A { a <- 1 }
process B { b <- 2 }
`, 5, 5},
		{"select with default, a case ready", `
chan a[1]: 0..3
chan b: 0..3
var x, y: 0..3
process Q { select { case x = <-a: ; case y = <-b: ; default: } }
process A { a <- 1 }
process B { b <- 2 }
`, 5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.src)
			assert.Equal(t, tt.states, res.Stats.States)
			assert.Equal(t, tt.transitions, res.Stats.Transitions)
		})
	}
}

// boundedBuffer is the bounded-buffer monitor of LANGUAGE.md section 7 with
// one slot, a producer and two consumers; kind is "" or "hoare", test is
// "if" or "while" around the wait.
func boundedBuffer(kind, test string) string {
	return `
model buffer
const N = 1
monitor B ` + kind + ` {
    var count: -2..2
    cond notFull, notEmpty
    proc put() {
        ` + test + ` count == N { wait(notFull) }
        count++
        signal(notEmpty)
    }
    proc get() {
        ` + test + ` count == 0 { wait(notEmpty) }
        count--
        signal(notFull)
    }
}
process Producer { loop { B.put() } }
process Consumer[i in 0..1] { loop { B.get() } }
check invariant B.count >= 0
`
}

func TestBoundedBufferMonitor(t *testing.T) {
	tests := []struct {
		name, kind, test string
		want             string
	}{
		{"mesa with if", "", "if", "violated"},
		{"hoare with if", "hoare", "if", "holds"},
		{"mesa with while", "", "while", "holds"},
		{"hoare with while", "hoare", "while", "holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, boundedBuffer(tt.kind, tt.test))
			assert.Equal(t, tt.want, verdicts(res)["invariant"])
			assert.Equal(t, "holds", verdicts(res)["runtime"])
		})
	}
}

// oneShotBuffer is the program of checker/sync_test.go's buffer, written in
// the language: one put, two gets, `if` around the wait.
func oneShotBuffer(kind string) string {
	return `
monitor B ` + kind + ` {
    var count: -2..2
    cond notEmpty
    proc put() { count = count + 1; signal(notEmpty) }
    proc get() { if count == 0 { wait(notEmpty) }; count = count - 1 }
}
process Producer { B.put() }
process Consumer[i in 0..1] { B.get() }
check invariant B.count >= 0
`
}

func TestOneShotBuffer(t *testing.T) {
	t.Run("mesa", func(t *testing.T) {
		res := run(t, oneShotBuffer(""))
		var c *checker.CheckResult
		for i := range res.Checks {
			if res.Checks[i].Name == "invariant" {
				c = &res.Checks[i]
			}
		}
		require.NotNil(t, c)
		require.Equal(t, checker.Violated, c.Verdict)
		require.NotNil(t, c.Trace)
		var got []string
		for _, s := range c.Trace.Steps {
			got = append(got, res.Processes[s.Process]+": "+s.Statement)
		}
		assert.Equal(t, []string{
			"Consumer[0]: B.get()",
			"Producer: B.put()",
			"Consumer[0]: if count == 0",
			"Consumer[0]: wait(notEmpty)",
			"Producer: count = count + 1",
			"Producer: signal(notEmpty)",
			"Producer: leave B.put",
			"Consumer[1]: B.get()",
			"Consumer[0]: re-enter B after wait(notEmpty)",
			"Consumer[1]: if count == 0",
			"Consumer[1]: count = count - 1",
			"Consumer[1]: leave B.get",
			"Consumer[0]: count = count - 1",
		}, got)
	})
	t.Run("hoare", func(t *testing.T) {
		res := run(t, oneShotBuffer("hoare"))
		v := verdicts(res)
		assert.Equal(t, "holds", v["invariant"])
		assert.Equal(t, "violated", v["deadlock"])
	})
}
