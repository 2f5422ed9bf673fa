package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/ir"
)

var syncOpNames = map[ir.Op]string{
	ir.OpEnd: "end", ir.OpAssign: "assign", ir.OpBranch: "branch", ir.OpSkip: "skip",
	ir.OpLock: "lock", ir.OpUnlock: "unlock", ir.OpWait: "wait", ir.OpSignal: "signal",
	ir.OpBroadcast: "broadcast", ir.OpSend: "send", ir.OpRecv: "recv", ir.OpSelect: "select",
	ir.OpAwait: "await", ir.OpNoncritical: "noncritical",
}

// syncListing renders a process's code one instruction a line, with the
// synchronization objects each refers to: "pc op text -> next" then
// "sync N", "lock N", "chan N values K targets K", and for a select each
// case as "[send|recv chan N -> next]" and "default D".
func syncListing(code []*ir.Instr) string {
	var b strings.Builder
	for pc, in := range code {
		fmt.Fprintf(&b, "%d %s %q", pc, syncOpNames[in.Op], in.Text)
		switch in.Op {
		case ir.OpEnd:
		case ir.OpBranch:
			fmt.Fprintf(&b, " -> %d else %d", in.Next, in.Else)
		case ir.OpSelect:
			for _, c := range in.Cases {
				kind := "recv"
				if c.Send {
					kind = "send"
				}
				fmt.Fprintf(&b, " [%s %q chan %d values %d targets %d -> %d]", kind, c.Text, c.Chan.Obj, len(c.Values), len(c.Targets), c.Next)
			}
			fmt.Fprintf(&b, " default %d", in.Default)
		default:
			fmt.Fprintf(&b, " -> %d", in.Next)
		}
		if in.Sync != nil {
			fmt.Fprintf(&b, " sync %d", in.Sync.Obj)
		}
		if in.Lock != nil {
			fmt.Fprintf(&b, " lock %d", in.Lock.Obj)
		}
		if in.Chan != nil {
			fmt.Fprintf(&b, " chan %d values %d targets %d", in.Chan.Obj, len(in.Values), len(in.Targets))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

const bufferMonitor = `
mutex m
monitor B %s {
    var count: 0..2
    cond notFull, notEmpty
    proc put(x: 0..1) {
        while count == 2 { wait(notFull) }
        count = count + x
        signal(notEmpty)
    }
    proc get() {
        if count == 0 { wait(notEmpty); return }
        count--
    }
}
process P { lock(m); B.put(1); B.get(); unlock(m) }
`

func TestLowerMonitor(t *testing.T) {
	tests := []struct {
		name, kind string
		want       string
	}{
		{"mesa", "", `
0 lock "lock(m)" -> 1 sync 0
1 lock "B.put(1)" -> 2 sync 1
2 branch "while count == 2" -> 3 else 5
3 wait "wait(notFull)" -> 4 sync 0 lock 1
4 lock "re-enter B after wait(notFull)" -> 2 sync 1
5 assign "count = count + x" -> 6
6 signal "signal(notEmpty)" -> 7 sync 1
7 unlock "leave B.put" -> 8 sync 1
8 lock "B.get()" -> 9 sync 1
9 branch "if count == 0" -> 10 else 12
10 wait "wait(notEmpty)" -> 11 sync 1 lock 1
11 lock "re-enter B after wait(notEmpty)" -> 13 sync 1
12 assign "count--" -> 13
13 unlock "leave B.get" -> 14 sync 1
14 unlock "unlock(m)" -> 15 sync 0
15 end "end"
`},
		{"hoare", "hoare", `
0 lock "lock(m)" -> 1 sync 0
1 lock "B.put(1)" -> 2 sync 1
2 branch "while count == 2" -> 3 else 4
3 wait "wait(notFull)" -> 2 sync 0 lock 1
4 assign "count = count + x" -> 5
5 signal "signal(notEmpty)" -> 6 sync 1
6 unlock "leave B.put" -> 7 sync 1
7 lock "B.get()" -> 8 sync 1
8 branch "if count == 0" -> 9 else 10
9 wait "wait(notEmpty)" -> 11 sync 1 lock 1
10 assign "count--" -> 11
11 unlock "leave B.get" -> 12 sync 1
12 unlock "unlock(m)" -> 13 sync 0
13 end "end"
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compile(t, fmt.Sprintf(bufferMonitor, tt.kind))
			require.Len(t, prog.Mutexes, 2)
			mon := prog.Mutexes[1]
			assert.Equal(t, "B", mon.Name)
			assert.Equal(t, "B", mon.Monitor)
			assert.Equal(t, tt.kind == "hoare", mon.Hoare)
			assert.Equal(t, "", prog.Mutexes[0].Monitor)
			require.Len(t, prog.Vars, 1)
			assert.Equal(t, "B.count", prog.Vars[0].Name)
			assert.Equal(t, -1, prog.Vars[0].Owner)
			require.Len(t, prog.Conds, 2)
			for i, name := range []string{"B.notFull", "B.notEmpty"} {
				assert.Equal(t, name, prog.Conds[i].Name)
				assert.Equal(t, 1, prog.Conds[i].Monitor)
			}
			assert.Equal(t, strings.TrimPrefix(tt.want, "\n"), syncListing(prog.Processes[0].Code))
		})
	}
}

func TestLowerCondWithMutex(t *testing.T) {
	prog := compile(t, `
var ready: bool
mutex m[2]
cond c
process W { lock(m[1]); while !ready { wait(c, m[1]) }; broadcast(c); unlock(m[1]) }
`)
	require.Len(t, prog.Conds, 1)
	assert.Equal(t, &ir.Cond{Name: "c", Monitor: -1, Pos: prog.Conds[0].Pos}, prog.Conds[0])
	assert.Equal(t, `0 lock "lock(m[1])" -> 1 sync 0
1 branch "while !ready" -> 2 else 4
2 wait "wait(c, m[1])" -> 3 sync 0 lock 0
3 lock "lock(m[1]) after wait(c, m[1])" -> 1 sync 0
4 broadcast "broadcast(c)" -> 5 sync 0
5 unlock "unlock(m[1])" -> 6 sync 0
6 end "end"
`, syncListing(prog.Processes[0].Code))
	in := prog.Processes[0].Code[3]
	require.Len(t, in.Sync.Index, 1)
	assert.Equal(t, int32(1), in.Sync.Index[0].Value, "the re-entry locks the same element")
}

func TestLowerChannels(t *testing.T) {
	prog := compile(t, `
const K = 2
chan u: 0..3
chan b[K]: bool
chan mb[3][1]: int
chan l[1]: 0..1 lossy
chan t[2]: (0..3, bool)
var x: 0..3
var f: bool
var n: int
process P {
    u <- 1
    x = <-u
    mb[x - 1] <- x + 1
    (x, f) = <-t
    t <- (x, true)
    <-t
    n = len(b) + len(mb[2])
}
`)
	require.Len(t, prog.Chans, 5)
	want := []struct {
		name  string
		dims  []int
		cap   int
		lossy bool
		elem  []ir.Type
	}{
		{"u", nil, 0, false, []ir.Type{{Kind: ir.Int, Lo: 0, Hi: 3}}},
		{"b", nil, 2, false, []ir.Type{{Kind: ir.Bool, Lo: 0, Hi: 1}}},
		{"mb", []int{3}, 1, false, []ir.Type{{Kind: ir.Int, Lo: minInt, Hi: maxInt}}},
		{"l", nil, 1, true, []ir.Type{{Kind: ir.Int, Lo: 0, Hi: 1}}},
		{"t", nil, 2, false, []ir.Type{{Kind: ir.Int, Lo: 0, Hi: 3}, {Kind: ir.Bool, Lo: 0, Hi: 1}}},
	}
	for i, w := range want {
		c := prog.Chans[i]
		assert.Equal(t, w.name, c.Name)
		assert.Equal(t, w.dims, c.Dims, w.name)
		assert.Equal(t, w.cap, c.Cap, w.name)
		assert.Equal(t, w.lossy, c.Lossy, w.name)
		assert.Equal(t, w.elem, c.Elem, w.name)
	}
	code := prog.Processes[0].Code
	assert.Equal(t, `0 send "u <- 1" -> 1 chan 0 values 1 targets 0
1 recv "x = <-u" -> 2 chan 0 values 0 targets 1
2 send "mb[x - 1] <- x + 1" -> 3 chan 2 values 1 targets 0
3 recv "(x, f) = <-t" -> 4 chan 4 values 0 targets 2
4 send "t <- (x, true)" -> 5 chan 4 values 2 targets 0
5 recv "<-t" -> 6 chan 4 values 0 targets 0
6 assign "n = len(b) + len(mb[2])" -> 7
7 end "end"
`, syncListing(code))
	assert.Equal(t, &ir.Ref{Var: 0, Pos: code[1].Targets[0].Pos}, code[1].Targets[0])
	assert.Equal(t, 1, code[3].Targets[1].Var)
	require.Len(t, code[2].Chan.Index, 1)
	assert.Equal(t, ir.OpSub, code[2].Chan.Index[0].Op)
	assert.Equal(t, int32(1), code[4].Values[1].Value)
	sum := code[6].Value
	require.Equal(t, ir.OpAdd, sum.Op)
	assert.Equal(t, &ir.Expr{Op: ir.OpLen, Var: 1, Pos: sum.Args[0].Pos}, sum.Args[0])
	assert.Equal(t, ir.OpLen, sum.Args[1].Op)
	assert.Equal(t, 2, sum.Args[1].Var)
	assert.Equal(t, int32(2), sum.Args[1].Index[0].Value)
}

func TestLowerSelect(t *testing.T) {
	prog := compile(t, `
chan a[1]: 0..3
chan b: 0..3
chan c[1]: (0..3, 0..3)
var x, y: 0..3
process Q {
    loop {
        select {
        case x = <-a:
            skip
        case b <- x:
        case <-c:
            y = 1
            break
        case (x, y) = <-c:
        default:
            y = 2
        }
    }
}
process R { select { case <-a: } }
`)
	assert.Equal(t, `0 select "select" [recv "x = <-a" chan 0 values 0 targets 1 -> 1] [send "b <- x" chan 1 values 1 targets 0 -> 0] [recv "<-c" chan 2 values 0 targets 0 -> 2] [recv "(x, y) = <-c" chan 2 values 0 targets 2 -> 0] default 3
1 skip "skip" -> 0
2 assign "y = 1" -> 4
3 assign "y = 2" -> 0
4 end "end"
`, syncListing(prog.Processes[0].Code))
	assert.Equal(t, `0 select "select" [recv "<-a" chan 0 values 0 targets 0 -> 1] default -1
1 end "end"
`, syncListing(prog.Processes[1].Code))
}

func TestMonitorVariablesOutside(t *testing.T) {
	prog := compile(t, `
monitor M { var x: 0..3 = 1; var ys: [2]bool; proc f() { x = 2; ys[1] = true } }
var y: 0..3
process P { y = M.x; if M.ys[1] { skip } }
check invariant M.x <= 2
`)
	require.Len(t, prog.Vars, 3)
	assert.Equal(t, "M.x", prog.Vars[0].Name)
	assert.Equal(t, int32(1), prog.Vars[0].Init)
	assert.Equal(t, "M.ys", prog.Vars[1].Name)
	in := prog.Processes[0].Code[0]
	assert.Equal(t, &ir.Expr{Op: ir.OpLoad, Var: 0, Pos: in.Value.Pos}, in.Value)
	assert.Equal(t, 1, prog.Processes[0].Code[1].Cond.Var)
	assert.Equal(t, ir.OpLe, prog.Checks[0].Expr.Op)
	assert.Equal(t, 0, prog.Checks[0].Expr.Args[0].Var)
}

func TestSyncPhases(t *testing.T) {
	tests := []struct {
		name    string
		entry   string
		waiting []int
	}{
		// A lock belongs to the doorway; entering a monitor does not.
		{"lock", "x = 1; lock(m)", nil},
		{"monitor call", "x = 1; M.f()", []int{2, 3, 4}},
		{"send", "x = 1; c <- 1", []int{2}},
		{"receive", "x = 1; <-c", []int{2}},
		{"select", "x = 1; select { case <-c: }", []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compile(t, `
var x: int
mutex m
chan c[1]: int
monitor M { proc f() { skip } }
process P { loop { noncritical; `+tt.entry+`; critical { skip } } }
`)
			assert.Equal(t, tt.waiting, nilIfEmpty(regionPCs(t, prog, "waiting", 0)), syncListing(prog.Processes[0].Code))
		})
	}
}

// TestSelectCasesLeadToCritical: the trying phase follows every case of a
// select, not only its first.
func TestSelectCasesLeadToCritical(t *testing.T) {
	prog := compile(t, `
chan c[1], d[1]: int
process P { loop { noncritical; select { case <-c: skip; case <-d: critical { skip } } } }
`)
	code := prog.Processes[0].Code
	require.Equal(t, ir.OpSelect, code[1].Op, syncListing(code))
	assert.Equal(t, []int{1}, regionPCs(t, prog, "trying", 0), syncListing(code))
	assert.Equal(t, []int{3}, regionPCs(t, prog, "critical", 0), syncListing(code))
}

func TestConditionArraysInAMonitor(t *testing.T) {
	prog := compile(t, `
const N = 3
monitor Table {
    var eating: [N]bool
    cond self[N]
    proc pickup(i: 0..N-1) {
        while eating[(i + 1) % N] { wait(self[i]) }
        eating[i] = true
    }
    proc putdown(i: 0..N-1) {
        eating[i] = false
        signal(self[(i + 1) % N])
    }
}
process Phil[i in 0..N-1] { loop { Table.pickup(i); Table.putdown(i) } }
`)
	require.Len(t, prog.Conds, 1)
	assert.Equal(t, &ir.Cond{Name: "Table.self", Dims: []int{3}, Monitor: 0, Pos: prog.Conds[0].Pos}, prog.Conds[0])
	code := prog.Processes[2].Code
	assert.Equal(t, `0 lock "Table.pickup(i)" -> 1 sync 0
1 branch "while eating[(i + 1) % N]" -> 2 else 4
2 wait "wait(self[i])" -> 3 sync 0 lock 0
3 lock "re-enter Table after wait(self[i])" -> 1 sync 0
4 assign "eating[i] = true" -> 5
5 unlock "leave Table.pickup" -> 6 sync 0
6 lock "Table.putdown(i)" -> 7 sync 0
7 assign "eating[i] = false" -> 8
8 signal "signal(self[(i + 1) % N])" -> 9 sync 0
9 unlock "leave Table.putdown" -> 0 sync 0
10 end "end"
`, syncListing(code))
	assert.Equal(t, int32(2), code[2].Sync.Index[0].Value, "the process index is folded")
	assert.Equal(t, int32(0), code[8].Sync.Index[0].Value, "(2 + 1) % 3 is folded")
}
