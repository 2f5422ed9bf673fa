package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/ir"
)

// compile compiles src and fails the test on an error.
func compile(t *testing.T, src string) *ir.Program {
	t.Helper()
	prog, err := Compile(File{Name: "test.ilv", Text: []byte(src)}, Options{})
	require.NoError(t, err)
	require.NotNil(t, prog)
	return prog
}

var opNames = map[ir.Op]string{
	ir.OpEnd: "end", ir.OpAssign: "assign", ir.OpAwait: "await", ir.OpBranch: "branch",
	ir.OpSkip: "skip", ir.OpNoncritical: "noncritical", ir.OpAssert: "assert",
	ir.OpDown: "down", ir.OpUp: "up", ir.OpLock: "lock", ir.OpUnlock: "unlock",
	ir.OpSleep: "sleep", ir.OpWakeup: "wakeup", ir.OpEither: "either", ir.OpAtomic: "atomic", ir.OpFence: "fence",
}

// listing renders a process's code one instruction a line:
// "pc op text -> next [else] [alts] [atomic]".
func listing(code []*ir.Instr) string {
	var b strings.Builder
	for pc, in := range code {
		fmt.Fprintf(&b, "%d %s %q", pc, opNames[in.Op], in.Text)
		switch in.Op {
		case ir.OpEnd:
		case ir.OpEither:
			fmt.Fprintf(&b, " alts %v", in.Alts)
		case ir.OpBranch:
			fmt.Fprintf(&b, " -> %d else %d", in.Next, in.Else)
		default:
			fmt.Fprintf(&b, " -> %d", in.Next)
		}
		if in.InAtomic {
			b.WriteString(" inatomic")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestLowerControlFlow(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"sequence", `x = 1; x += 2; x--; skip`, `
0 assign "x = 1" -> 1
1 assign "x += 2" -> 2
2 assign "x--" -> 3
3 skip "skip" -> 4
4 end "end"`},
		{"if else if else", `
if x > 0 { x = 1 } else if x < 0 { x = 2 } else { x = 3 }
skip`, `
0 branch "if x > 0" -> 1 else 2
1 assign "x = 1" -> 5
2 branch "else if x < 0" -> 3 else 4
3 assign "x = 2" -> 5
4 assign "x = 3" -> 5
5 skip "skip" -> 6
6 end "end"`},
		{"while", `while x != 0 { x-- }`, `
0 branch "while x != 0" -> 1 else 2
1 assign "x--" -> 0
2 end "end"`},
		{"empty while spins on its test", `while x != 0 { }`, `
0 branch "while x != 0" -> 0 else 1
1 end "end"`},
		{"loop with break and continue", `
loop {
    x++
    if x == 3 { break }
    if x == 1 { continue }
    skip
}
x = 0`, `
0 assign "x++" -> 1
1 branch "if x == 3" -> 4 else 2
2 branch "if x == 1" -> 0 else 3
3 skip "skip" -> 0
4 assign "x = 0" -> 5
5 end "end"`},
		{"for is unrolled", `for j in 0..2 { a[j] = j }`, `
0 assign "a[j] = j" -> 1
1 assign "a[j] = j" -> 2
2 assign "a[j] = j" -> 3
3 end "end"`},
		{"for with continue and break", `
for j in 0..2 {
    if j == 1 { continue }
    if j == 2 { break }
    a[j] = 1
}`, `
0 branch "if j == 1" -> 3 else 1
1 branch "if j == 2" -> 9 else 2
2 assign "a[j] = 1" -> 3
3 branch "if j == 1" -> 6 else 4
4 branch "if j == 2" -> 9 else 5
5 assign "a[j] = 1" -> 6
6 branch "if j == 1" -> 9 else 7
7 branch "if j == 2" -> 9 else 8
8 assign "a[j] = 1" -> 9
9 end "end"`},
		{"either", `
either { x = 1 } or { if x > 0 { x = 2 } } or { await x == 0; x = 3 }
skip`, `
0 either "either" alts [1 2 4]
1 assign "x = 1" -> 6
2 branch "if x > 0" -> 3 else 6
3 assign "x = 2" -> 6
4 await "await x == 0" -> 5
5 assign "x = 3" -> 6
6 skip "skip" -> 7
7 end "end"`},
		{"atomic", `
atomic { await x == 0; x = 1; atomic { y = true } }
x = 2`, `
0 atomic "atomic" -> 1
1 await "await x == 0" -> 2 inatomic
2 assign "x = 1" -> 3 inatomic
3 assign "y = true" -> 4 inatomic
4 assign "x = 2" -> 5
5 end "end"`},
		{"atomic with if and either", `
loop { atomic { if x == 0 { x = 1 } else { either { x = 2 } or { x = 3 } } } }`, `
0 atomic "atomic" -> 1
1 branch "if x == 0" -> 2 else 3 inatomic
2 assign "x = 1" -> 0 inatomic
3 either "either" alts [4 5] inatomic
4 assign "x = 2" -> 0 inatomic
5 assign "x = 3" -> 0 inatomic
6 end "end"`},
		{"blocks are not steps", `
doorway { x = 1 }
critical { section s { skip } }
noncritical`, `
0 assign "x = 1" -> 1
1 skip "skip" -> 2
2 noncritical "noncritical" -> 3
3 end "end"`},
		{"return from the process", `
loop { if x == 1 { return }; x = 1 }`, `
0 branch "if x == 1" -> 2 else 1
1 assign "x = 1" -> 0
2 end "end"`},
		{"entry after a jump comes first", `
loop { loop { break }; x = 1 }`, `
0 assign "x = 1" -> 0
1 end "end"`},
		{"entry in the middle", `
either { return } or { skip }`, `
0 either "either" alts [2 1]
1 skip "skip" -> 2
2 end "end"`},
		{"rmw primitives", `
y = tsl(b)
while tsl(b) { }
await cas(x, 0, 1)
if swap(b, false) { skip }
x = fetch_add(x, 2)`, `
0 assign "y = tsl(b)" -> 1
1 branch "while tsl(b)" -> 1 else 2
2 await "await cas(x, 0, 1)" -> 3
3 branch "if swap(b, false)" -> 4 else 5
4 skip "skip" -> 5
5 assign "x = fetch_add(x, 2)" -> 6
6 end "end"`},
		{"synchronization", `
down(s); P(&s); up(s); V(s); lock(m); unlock(m); sleep(); wakeup(Q)`, `
0 down "down(s)" -> 1
1 down "P(&s)" -> 2
2 up "up(s)" -> 3
3 up "V(s)" -> 4
4 lock "lock(m)" -> 5
5 unlock "unlock(m)" -> 6
6 sleep "sleep()" -> 7
7 wakeup "wakeup(Q)" -> 8
8 end "end"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "var x: int\nvar y: bool\nvar b: bool\nvar a: [3]int\nsem s = 1\nmutex m\n" +
				"process P {\n" + tt.body + "\n}\nprocess Q { skip }\n"
			prog := compile(t, src)
			require.Len(t, prog.Processes, 2)
			assert.Equal(t, strings.TrimSpace(tt.want), strings.TrimSpace(listing(prog.Processes[0].Code)))
		})
	}
}

func TestLowerOperands(t *testing.T) {
	prog := compile(t, `
var turn: 0..1 = 1
var flag: [2]bool
sem s[2] = 1
process P[i in 0..1] {
    flag[i] = true
    turn += 1 - i
    down(s[1 - i])
    wakeup(P[1 - i])
}`)
	require.Len(t, prog.Processes, 2)
	p1 := prog.Processes[1]
	assert.Equal(t, "P[1]", p1.Display)
	assert.Equal(t, 1, p1.Index)
	code := p1.Code
	require.Len(t, code, 5)

	// The process index is folded: flag[1] = true.
	assert.Equal(t, &ir.Ref{Var: 1, Index: []*ir.Expr{constAt(1, code[0].Target.Index[0])}, Pos: code[0].Target.Pos}, code[0].Target)
	assert.Equal(t, int32(1), code[0].Value.Value)
	assert.Equal(t, ir.OpConst, code[0].Value.Op)

	// x += e is x = x + e, with 1 - i folded to 0.
	v := code[1].Value
	require.Equal(t, ir.OpAdd, v.Op)
	assert.Equal(t, ir.OpLoad, v.Args[0].Op)
	assert.Equal(t, 0, v.Args[0].Var)
	assert.Equal(t, ir.OpConst, v.Args[1].Op)
	assert.Equal(t, int32(0), v.Args[1].Value)

	require.NotNil(t, code[2].Sync)
	assert.Equal(t, 0, code[2].Sync.Obj)
	assert.Equal(t, int32(0), code[2].Sync.Index[0].Value)

	w := code[3].Proc
	require.NotNil(t, w)
	assert.Equal(t, ir.OpProc, w.Op)
	assert.Equal(t, 0, w.ProcBase)
	assert.Equal(t, 2, w.ProcCount)
	assert.Equal(t, int32(0), w.Args[0].Value)

	assert.Equal(t, 6, code[0].Pos.Line)
	assert.Equal(t, 5, code[0].Pos.Col)
	assert.Equal(t, "test.ilv", code[0].Pos.File)
}

func constAt(v int32, e *ir.Expr) *ir.Expr {
	return &ir.Expr{Op: ir.OpConst, Value: v, Pos: e.Pos}
}

func TestVariables(t *testing.T) {
	prog := compile(t, `
const N = 3
var a, b: [N][2]bool = true
var r: 2..5
var n: -3..3
var i: int
var k: 0..N = N
process P[j in 0..1] {
    var t: 1..4
    var u: bool
    f()
    f()
    t = 2
}
proc f() {
    var x: 0..1
    x = 1
}`)
	type row struct {
		name  string
		owner int
		dims  []int
		elem  ir.Type
		init  int32
	}
	var got []row
	for _, v := range prog.Vars {
		got = append(got, row{v.Name, v.Owner, v.Dims, v.Elem, v.Init})
	}
	boolT := ir.Type{Kind: ir.Bool, Lo: 0, Hi: 1}
	want := []row{
		{"a", -1, []int{3, 2}, boolT, 1},
		{"b", -1, []int{3, 2}, boolT, 1},
		{"r", -1, nil, ir.Type{Lo: 2, Hi: 5}, 2},
		{"n", -1, nil, ir.Type{Lo: -3, Hi: 3}, 0},
		{"i", -1, nil, ir.Type{Lo: -2147483648, Hi: 2147483647}, 0},
		{"k", -1, nil, ir.Type{Lo: 0, Hi: 3}, 3},
		{"t", 0, nil, ir.Type{Lo: 1, Hi: 4}, 1},
		{"u", 0, nil, boolT, 0},
		{"f.x", 0, nil, ir.Type{Lo: 0, Hi: 1}, 0},
		{"t", 1, nil, ir.Type{Lo: 1, Hi: 4}, 1},
		{"u", 1, nil, boolT, 0},
		{"f.x", 1, nil, ir.Type{Lo: 0, Hi: 1}, 0},
	}
	assert.Equal(t, want, got)
	// Both calls of f in P[1] write the same local.
	code := prog.Processes[1].Code
	assert.Equal(t, 11, code[0].Target.Var)
	assert.Equal(t, 11, code[1].Target.Var)
	assert.Equal(t, 9, code[2].Target.Var)
	assert.Equal(t, []ir.Const{{Name: "N", Value: 3, Pos: prog.Consts[0].Pos}}, prog.Consts)
}

func TestConstOverride(t *testing.T) {
	src := []byte("const N = 2\nconst M = N + 1\nprocess P[i in 0..N-1] { skip }\n")
	prog, err := Compile(File{Name: "m.ilv", Text: src}, Options{Consts: map[string]int32{"N": 4}})
	require.NoError(t, err)
	assert.Len(t, prog.Processes, 4)
	assert.Equal(t, int32(4), prog.Consts[0].Value)
	assert.Equal(t, int32(5), prog.Consts[1].Value)
	assert.Equal(t, "m", prog.Name)

	_, err = Compile(File{Name: "m.ilv", Text: src}, Options{Consts: map[string]int32{"K": 1}})
	require.Error(t, err)
	assert.Equal(t, "m.ilv:1:1: -D K: the model declares no constant K", err.Error())
}

func TestInlineProcedure(t *testing.T) {
	prog := compile(t, `
var flag: [2]bool
var turn: 0..1
proc enter(i: 0..1) { flag[i] = true; turn = i; await !(turn == i && flag[1 - i]) }
proc leave(i: 0..1) { flag[i] = false; return; skip }
process P[i in 0..1] {
    loop {
        noncritical
        enter(i)
        critical { skip }
        leave(i)
    }
}
check mutex`)
	want := `
0 noncritical "noncritical" -> 1
1 assign "flag[i] = true" -> 2
2 assign "turn = i" -> 3
3 await "await !(turn == i && flag[1 - i])" -> 4
4 skip "skip" -> 5
5 assign "flag[i] = false" -> 0
6 skip "skip" -> 0
7 end "end"`
	assert.Equal(t, strings.TrimSpace(want), strings.TrimSpace(listing(prog.Processes[1].Code)))
	// The argument is substituted: flag[1] in P[1].
	assert.Equal(t, int32(1), prog.Processes[1].Code[1].Target.Index[0].Value)
	assert.Equal(t, 4, prog.Processes[1].Code[1].Pos.Line)
}

// regionPCs returns region name's program counters in process p.
func regionPCs(t *testing.T, prog *ir.Program, name string, p int) []int {
	t.Helper()
	for _, r := range prog.Regions {
		if r.Name == name {
			require.Len(t, r.PCs, len(prog.Processes))
			return r.PCs[p]
		}
	}
	require.Failf(t, "no region", "%s", name)
	return nil
}

func TestPetersonPhases(t *testing.T) {
	prog := compile(t, petersonSrc)
	var names []string
	for _, r := range prog.Regions {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"critical", "end", "noncritical", "trying", "waiting"}, names)
	for p := range prog.Processes {
		assert.Equal(t, []int{4}, regionPCs(t, prog, "critical", p))
		assert.Equal(t, []int{0}, regionPCs(t, prog, "noncritical", p))
		// interested[i] = true; turn = i; await ...
		assert.Equal(t, []int{1, 2, 3}, regionPCs(t, prog, "trying", p))
		// The doorway is the two assignments: only the await is waiting.
		assert.Equal(t, []int{3}, regionPCs(t, prog, "waiting", p))
		assert.Equal(t, []int{6}, regionPCs(t, prog, "end", p))
	}
}

const petersonSrc = `// Peterson's algorithm for two processes (Tanenbaum's form)
model peterson

var turn: 0..1 = 0
var interested: [2]bool            // zero values: false, 0, empty

process P[i in 0..1] {
    loop {
        noncritical
        interested[i] = true
        turn = i
        await !(turn == i && interested[1 - i])
        critical {
            skip
        }
        interested[i] = false
    }
}

check mutex
check deadlock
check progress
check starvation
check bounded_waiting
`

func TestPhases(t *testing.T) {
	tests := []struct {
		name            string
		body            string
		trying, waiting []int
	}{
		{"weak down is in the doorway", `
loop { noncritical; down(s); critical { skip }; up(s) }`, []int{1}, nil},
		{"busy down waits", `
loop { noncritical; down(b); critical { skip }; up(b) }`, []int{1}, []int{1}},
		{"the doorway stops at a test", `
loop { noncritical; x = 1; while tsl(l) { }; critical { skip }; l = false }`, []int{1, 2}, []int{2}},
		{"written doorway", `
loop { noncritical; doorway { x = 1; if x == 1 { x = 2 } }; await x == 2; critical { skip } }`,
			[]int{1, 2, 3, 4}, []int{4}},
		{"an atomic ticket draw is in the doorway", `
loop { noncritical; atomic { x = l2; l2 = l2 + 1 }; await l3 == x; critical { skip }; l3 = l3 + 1 }`,
			[]int{1, 2, 3, 4}, []int{4}},
		{"the doorway goes on after an atomic block", `
loop { noncritical; atomic { if x == 0 { x = 1 } }; l = true; await l3 == 0; critical { skip } }`,
			[]int{1, 2, 3, 4, 5}, []int{5}},
		{"an atomic block that starts with await waits", `
loop { noncritical; x = 1; atomic { await l3 == 0; l3 = 1 }; critical { skip }; l3 = 0 }`,
			[]int{1, 2, 3, 4}, []int{2, 3, 4}},
		{"no noncritical: trying from the start", `
x = 1; await x == 1; critical { skip }; x = 0`, []int{0, 1}, []int{1}},
		{"trying again after critical", `
loop { await x == 0; critical { skip }; x = 1 }`, []int{0, 2}, []int{0}},
		{"an either that may choose noncritical is not trying", `
loop { either { noncritical } or { skip }; x = 1; await x == 1; critical { skip } }`, []int{2, 3, 4}, []int{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compile(t, "var x: int\nvar l: bool\nvar l2, l3: int\nsem s = 1\nsem b = 1 busy\nprocess P {\n"+tt.body+"\n}\n")
			assert.Equal(t, tt.trying, nilIfEmpty(regionPCs(t, prog, "trying", 0)), "trying")
			assert.Equal(t, tt.waiting, nilIfEmpty(regionPCs(t, prog, "waiting", 0)), "waiting")
		})
	}
}

// TestRestingEitherIsNoncritical: a process at an either one of whose
// alternatives begins with noncritical may stay there as at that noncritical,
// so the either is in the noncritical region, and a process with only such a
// choice has a noncritical statement for the liveness checks.
func TestRestingEitherIsNoncritical(t *testing.T) {
	prog := compile(t, `
var x: int
process P {
    loop {
        either { noncritical } or { skip }
        critical { skip }
    }
}
check progress
`)
	assert.Equal(t, []int{0, 1}, regionPCs(t, prog, "noncritical", 0))
	assert.Equal(t, []int{2}, regionPCs(t, prog, "trying", 0))
}

func nilIfEmpty(xs []int) []int {
	if len(xs) == 0 {
		return nil
	}
	return xs
}

func TestRegions(t *testing.T) {
	prog := compile(t, `
var x: int
process Reader[i in 0..1] {
    loop {
        noncritical
        section reading { x++; x-- }
        top: skip
    }
}
process Writer {
    loop { noncritical; critical { skip } }
}
check invariant count(critical) == 0 || count(reading) == 0
check Writer@critical leadsto !Reader[1]@top
`)
	var names []string
	var kinds []ir.RegionKind
	for _, r := range prog.Regions {
		names = append(names, r.Name)
		kinds = append(kinds, r.Kind)
	}
	assert.Equal(t, []string{"critical", "reading", "top", "end", "noncritical", "trying", "waiting"}, names)
	assert.Equal(t, []ir.RegionKind{ir.RegionCritical, ir.RegionSection, ir.RegionLabel, ir.RegionEnd,
		ir.RegionNoncritical, ir.RegionTrying, ir.RegionWaiting}, kinds)
	assert.Equal(t, []int{1, 2}, regionPCs(t, prog, "reading", 1))
	assert.Equal(t, []int{3}, regionPCs(t, prog, "top", 1))
	assert.Empty(t, regionPCs(t, prog, "top", 2))
	assert.Equal(t, []int{1}, regionPCs(t, prog, "critical", 2))
	assert.Empty(t, regionPCs(t, prog, "critical", 0))

	inv := prog.Checks[0].Expr
	require.Equal(t, ir.OpOr, inv.Op)
	assert.Equal(t, ir.OpCount, inv.Args[0].Args[0].Op)
	assert.Equal(t, 0, inv.Args[0].Args[0].Region)
	assert.Equal(t, 1, inv.Args[1].Args[0].Region)

	// Writer@critical leadsto !Reader[1]@top
	lt := prog.Checks[1]
	assert.Equal(t, ir.CheckLeadsTo, lt.Kind)
	assert.Equal(t, "at top(proc 0+2[const 1])", exprString(prog, lt.Goal.Args[0]))
	at := lt.Expr
	require.Equal(t, ir.OpAt, at.Op)
	assert.Equal(t, 0, at.Region)
	assert.Equal(t, &ir.Expr{Op: ir.OpProc, ProcBase: 2, ProcCount: 1, Args: []*ir.Expr{{Op: ir.OpConst, Pos: at.Args[0].Pos}}, Pos: at.Args[0].Pos}, at.Args[0])
}

func TestChecks(t *testing.T) {
	tests := []struct {
		name   string
		checks string
		want   []string // name kind implicit points text
	}{
		{"none written: mutex added", ``, []string{
			"mutex mutex false 0", "deadlock deadlock true 0", "assert assert true 0", "runtime runtime true 0"}},
		{"written in order, numbered", `
check invariant x >= 0
check starvation points 3
check x > 0 leadsto x == 0
check invariant x < 10
check quiet: x == 1 leadsto x == 2
check x == 2 leadsto x == 3
check deadlock points 2`, []string{
			"invariant invariant false 0 x >= 0", "starvation starvation false 3", "leadsto leadsto false 0 x > 0 leadsto x == 0",
			"invariant#2 invariant false 0 x < 10", "quiet leadsto false 0 x == 1 leadsto x == 2", "leadsto#2 leadsto false 0 x == 2 leadsto x == 3",
			"deadlock deadlock false 2", "assert assert true 0", "runtime runtime true 0"}},
		{"a written check: no mutex added", `check progress`, []string{
			"progress progress false 0", "deadlock deadlock true 0", "assert assert true 0", "runtime runtime true 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := compile(t, "var x: int\nprocess P { loop { noncritical; critical { skip } } }\n"+tt.checks+"\n")
			var got []string
			for _, c := range prog.Checks {
				got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s %v %d %s", c.Name, c.Kind, c.Implicit, c.Points, c.Text)))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFairnessAndModel(t *testing.T) {
	for _, f := range []ir.Fairness{ir.FairWeak, ir.FairStrong, ir.FairNone} {
		t.Run(f.String(), func(t *testing.T) {
			prog := compile(t, "model m1\nfairness "+f.String()+"\ndaemon process S { loop { skip } }\n")
			assert.Equal(t, f, prog.Fairness)
			assert.Equal(t, "m1", prog.Name)
			assert.True(t, prog.Processes[0].Daemon)
		})
	}
}

func TestExpressions(t *testing.T) {
	tests := []struct {
		expr string
		bool bool
		want string
	}{
		{"2 + 3 * 4 - 10 / 3 % 2", false, "const 13"},
		{"-2147483648", false, "const -2147483648"},
		{"-7 / 2 + -7 % 2", false, "const -4"},
		{"min(3, N) + max(1, 2)", false, "const 4"},
		{"x * 2 - -x", false, "sub(mul(load 0, const 2), neg(load 0))"},
		{"min(x, a[1])", false, "min(load 0, load 1[const 1])"},
		{"forall j in 0..1: a[j] > 0", true, "and(gt(load 1[const 0], const 0), gt(load 1[const 1], const 0))"},
		{"exists j in 0..0: a[j] == N", true, "eq(load 1[const 0], const 2)"},
		{"forall j in 1..0: a[j] > 0", true, "const 1"},
		{"exists j in 1..0: a[j] > 0", true, "const 0"},
		{"x > 0 => x > 1 => x > 2", true, "implies(gt(load 0, const 0), implies(gt(load 0, const 1), gt(load 0, const 2)))"},
		{"!(x == 1) && x != 2 || x <= 3", true, "or(and(not(eq(load 0, const 1)), ne(load 0, const 2)), le(load 0, const 3))"},
		{"max(a) >= s", true, "ge(maxarray 1, sem 0)"},
		{"P[1]@end", true, "at end(proc 0+2[const 1])"},
		{"P[x]@cs", true, "at cs(proc 0+2[load 0])"},
		{"count(cs) == 1", true, "eq(count cs, const 1)"},
		{"count(critical) + count(waiting)", false, "add(count critical, count waiting)"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			target := "ix"
			if tt.bool {
				target = "bx"
			}
			prog := compile(t, "const N = 2\nvar x: int\nvar a: [2]int\nvar ix: int\nvar bx: bool\nsem s = 1\n"+
				"process P[i in 0..1] { cs: skip; critical { skip } }\nprocess Q { "+target+" = "+tt.expr+" }\n")
			in := prog.Processes[2].Code[0]
			require.Equal(t, ir.OpAssign, in.Op)
			assert.Equal(t, tt.want, exprString(prog, in.Value))
		})
	}
}

// exprString renders an expression compactly for tests.
func exprString(prog *ir.Program, e *ir.Expr) string {
	args := func(list []*ir.Expr) string {
		var s []string
		for _, a := range list {
			s = append(s, exprString(prog, a))
		}
		return strings.Join(s, ", ")
	}
	names := map[ir.ExprOp]string{ir.OpNot: "not", ir.OpNeg: "neg", ir.OpAdd: "add", ir.OpSub: "sub",
		ir.OpMul: "mul", ir.OpDiv: "div", ir.OpMod: "mod", ir.OpEq: "eq", ir.OpNe: "ne", ir.OpLt: "lt",
		ir.OpLe: "le", ir.OpGt: "gt", ir.OpGe: "ge", ir.OpAnd: "and", ir.OpOr: "or",
		ir.OpImplies: "implies", ir.OpMin: "min", ir.OpMax: "max"}
	switch e.Op {
	case ir.OpConst:
		return fmt.Sprintf("const %d", e.Value)
	case ir.OpLoad:
		if len(e.Index) > 0 {
			return fmt.Sprintf("load %d[%s]", e.Var, args(e.Index))
		}
		return fmt.Sprintf("load %d", e.Var)
	case ir.OpSemValue:
		return fmt.Sprintf("sem %d", e.Var)
	case ir.OpMaxArray:
		return fmt.Sprintf("maxarray %d", e.Var)
	case ir.OpProc:
		return fmt.Sprintf("proc %d+%d[%s]", e.ProcBase, e.ProcCount, args(e.Args))
	case ir.OpAt:
		return fmt.Sprintf("at %s(%s)", prog.Regions[e.Region].Name, args(e.Args))
	case ir.OpCount:
		return fmt.Sprintf("count %s", prog.Regions[e.Region].Name)
	}
	return fmt.Sprintf("%s(%s)", names[e.Op], args(e.Args))
}

func TestNamesThatAreNotReserved(t *testing.T) {
	prog := compile(t, `
sem mutex = 1
var count: int
var lock: bool
mutex m
process P {
    down(mutex)
    count = count(critical) + count
    lock = true
    lock(m)
    critical { skip }
    unlock(m)
    up(mutex)
}
check invariant count >= 0
`)
	code := prog.Processes[0].Code
	require.Len(t, code, 8)
	assert.Equal(t, ir.OpDown, code[0].Op)
	assert.Equal(t, "add(count critical, load 0)", exprString(prog, code[1].Value))
	assert.Equal(t, 1, code[2].Target.Var)
	assert.Equal(t, ir.OpLock, code[3].Op)
}

func TestStatementText(t *testing.T) {
	prog := compile(t, `var x: int
var b: bool
process P {
    await (x ==
        1) && /* both */ b
    top: x = x +
        2 // two
    if x > 0 &&
       b { skip }
}`)
	code := prog.Processes[0].Code
	assert.Equal(t, "await (x == 1) && b", code[0].Text)
	assert.Equal(t, 4, code[0].Pos.Line)
	assert.Equal(t, 5, code[0].Pos.Col)
	assert.Equal(t, "x = x + 2", code[1].Text)
	assert.Equal(t, 6, code[1].Pos.Line)
	assert.Equal(t, 10, code[1].Pos.Col)
	assert.Equal(t, "if x > 0 && b", code[2].Text)
}

func TestMemoryAndFence(t *testing.T) {
	for _, mem := range []ir.Memory{ir.SC, ir.TSO, ir.PSO} {
		t.Run(mem.String(), func(t *testing.T) {
			prog := compile(t, "memory "+mem.String()+"\nvar fence_count: int = 0\nprocess P { fence_count = 1\nfence }\n")
			assert.Equal(t, mem, prog.Memory)
			code := prog.Processes[0].Code
			require.Len(t, code, 3)
			assert.Equal(t, ir.OpFence, code[1].Op)
			assert.Equal(t, "fence", code[1].Text)
			assert.True(t, code[1].Synchronising())
			assert.False(t, code[0].Synchronising())
		})
	}
	assert.Equal(t, ir.SC, compile(t, "process P { skip }\n").Memory, "the default is sc")
}
