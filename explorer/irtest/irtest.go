// Package irtest builds small ir.Programs by hand, for the tests of the engine
// and of the properties built on it, without going through the front end.
//
// A Builder collects declarations; instructions are built by the functions of
// this package with explicit program counters (Next, Else, Alts), and
// Builder.Process appends the final OpEnd at index len(code), so that a jump to
// len(code) ends the process. Positions are filled in as test.ilv:L:1 with
// L = 100·process + pc + 1, so that a test can tell steps apart by position.
package irtest

import (
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// File is the file name of every position a Builder fills in.
const File = "test.ilv"

// Builder accumulates a program. Declare shared variables before locals.
type Builder struct {
	p *ir.Program
}

// New starts a program called name.
func New(name string) *Builder {
	return &Builder{p: &ir.Program{Name: name, File: File}}
}

// Program returns the program built so far.
func (b *Builder) Program() *ir.Program { return b.p }

// Var declares a shared int variable with range lo..hi (an array when dims are
// given) and returns its index.
func (b *Builder) Var(name string, lo, hi, init int32, dims ...int) int {
	return b.addVar(name, -1, ir.Type{Kind: ir.Int, Lo: lo, Hi: hi}, init, dims)
}

// Bool declares a shared bool variable and returns its index.
func (b *Builder) Bool(name string, init bool, dims ...int) int {
	v := int32(0)
	if init {
		v = 1
	}
	return b.addVar(name, -1, ir.Type{Kind: ir.Bool, Lo: 0, Hi: 1}, v, dims)
}

// Local declares an int local of process owner (declare it after the shared
// variables and after the locals of lower processes) and returns its index.
func (b *Builder) Local(owner int, name string, lo, hi, init int32) int {
	return b.addVar(name, owner, ir.Type{Kind: ir.Int, Lo: lo, Hi: hi}, init, nil)
}

func (b *Builder) addVar(name string, owner int, t ir.Type, init int32, dims []int) int {
	b.p.Vars = append(b.p.Vars, &ir.Var{Name: name, Owner: owner, Dims: dims, Elem: t, Init: init,
		Pos: source.Pos{File: File, Line: 1, Col: 1}})
	return len(b.p.Vars) - 1
}

// Sem declares a semaphore (an array when dims are given) and returns its index.
func (b *Builder) Sem(name string, kind ir.SemKind, init int32, dims ...int) int {
	b.p.Sems = append(b.p.Sems, &ir.Sem{Name: name, Kind: kind, Dims: dims, Init: init})
	return len(b.p.Sems) - 1
}

// Mutex declares a mutex (an array when dims are given) and returns its index.
func (b *Builder) Mutex(name string, dims ...int) int {
	b.p.Mutexes = append(b.p.Mutexes, &ir.Mutex{Name: name, Dims: dims})
	return len(b.p.Mutexes) - 1
}

// Monitor declares the hidden lock of monitor name (Hoare semantics when
// hoare is set) and returns its index among the mutexes.
func (b *Builder) Monitor(name string, hoare bool) int {
	b.p.Mutexes = append(b.p.Mutexes, &ir.Mutex{Name: name, Monitor: name, Hoare: hoare})
	return len(b.p.Mutexes) - 1
}

// Cond declares a condition variable (an array when dims are given) of the
// monitor whose lock is mutex monitor, or of none when monitor is -1, and
// returns its index.
func (b *Builder) Cond(name string, monitor int, dims ...int) int {
	b.p.Conds = append(b.p.Conds, &ir.Cond{Name: name, Monitor: monitor, Dims: dims,
		Pos: source.Pos{File: File, Line: 1, Col: 1}})
	return len(b.p.Conds) - 1
}

// Chan declares a channel of capacity capacity (0: unbuffered) whose messages
// have the component types elem (an array of channels when dims are given)
// and returns its index.
func (b *Builder) Chan(name string, capacity int, lossy bool, elem []ir.Type, dims ...int) int {
	b.p.Chans = append(b.p.Chans, &ir.Chan{Name: name, Cap: capacity, Lossy: lossy, Elem: elem, Dims: dims,
		Pos: source.Pos{File: File, Line: 1, Col: 1}})
	return len(b.p.Chans) - 1
}

// Process adds a process instance named display whose code is code followed by
// OpEnd, and returns its index. A display of the form "P[3]" sets Name "P" and
// Index 3.
func (b *Builder) Process(display string, code ...*ir.Instr) int {
	idx := len(b.p.Processes)
	name, index := display, -1
	if base, rest, ok := strings.Cut(display, "["); ok {
		if n, err := strconv.Atoi(strings.TrimSuffix(rest, "]")); err == nil {
			name, index = base, n
		}
	}
	code = append(code, &ir.Instr{Op: ir.OpEnd, Text: "end"})
	for pc, in := range code {
		if !in.Pos.IsValid() {
			in.Pos = source.Pos{File: File, Line: 100*idx + pc + 1, Col: 1}
		}
	}
	b.p.Processes = append(b.p.Processes, &ir.Process{Name: name, Display: display, Index: index,
		Code: code, Pos: source.Pos{File: File, Line: 100 * idx, Col: 1}})
	return idx
}

// Daemon marks process p as a daemon.
func (b *Builder) Daemon(p int) { b.p.Processes[p].Daemon = true }

// Region adds a region with per-process program counters and returns its index.
func (b *Builder) Region(name string, kind ir.RegionKind, pcs ...[]int) int {
	b.p.Regions = append(b.p.Regions, &ir.Region{Name: name, Kind: kind, PCs: pcs})
	return len(b.p.Regions) - 1
}

// Check adds a check.
func (b *Builder) Check(kind ir.CheckKind, name string, e *ir.Expr) *ir.Check {
	c := &ir.Check{Name: name, Kind: kind, Expr: e, Pos: source.Pos{File: File, Line: 999, Col: 1}}
	b.p.Checks = append(b.p.Checks, c)
	return c
}

// Implicit adds the implicit deadlock, assert and runtime checks.
func (b *Builder) Implicit() {
	for _, k := range []ir.CheckKind{ir.CheckDeadlock, ir.CheckAssert, ir.CheckRuntime} {
		b.Check(k, k.String(), nil).Implicit = true
	}
}
