package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// symKind tells what a name stands for.
type symKind uint8

const (
	symConst   symKind = iota // a constant, a process index, a for or forall variable
	symVar                    // a shared or local variable
	symSem                    // a semaphore (array)
	symMutex                  // a mutex (array)
	symProc                   // a procedure
	symProcess                // a process (array)
	symParam                  // a procedure parameter, bound to its argument
	symCond                   // a condition variable (array)
	symChan                   // a channel (array)
	symMonitor                // a monitor
	symMonProc                // a monitor's procedure
)

// symbol is what a name resolves to.
type symbol struct {
	kind symKind
	name string
	pos  source.Pos
	// what is a human word for the symbol, used in messages ("constant").
	what string
	// val is a constant's value.
	val int64
	// obj indexes Program.Vars, Sems, Mutexes, Conds or Chans, or the
	// compiler's processes.
	obj int
	// proc is a procedure's declaration.
	proc *syntax.Proc
	// arg is a parameter's argument, already lowered in the caller's scope.
	arg value
	// mon is the monitor of a monitor, of its procedures and of its
	// variables' qualified names.
	mon *monitorInfo
	// outside marks a monitor variable's qualified name "M.x", which may be
	// read anywhere but assigned only inside the monitor.
	outside bool
}

// scope maps names to symbols; lookups fall back to the parent.
type scope struct {
	parent *scope
	names  map[string]*symbol
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, names: map[string]*symbol{}}
}

func (s *scope) lookup(name string) *symbol {
	for ; s != nil; s = s.parent {
		if sym, ok := s.names[name]; ok {
			return sym
		}
	}
	return nil
}

// typ is the type of a variable, parameter or expression.
type typ struct {
	bool bool
	// lo and hi bound an int's values (0..1 for a bool).
	lo, hi int64
	// dims are the array dimensions, outermost first; nil for a scalar.
	dims []int
}

const (
	minInt = -1 << 31
	maxInt = 1<<31 - 1
)

var (
	boolType = typ{bool: true, lo: 0, hi: 1}
	intType  = typ{lo: minInt, hi: maxInt}
)

func (t typ) String() string {
	if t.bool {
		return "bool"
	}
	return "int"
}

func (t typ) irType() ir.Type {
	if t.bool {
		return ir.Type{Kind: ir.Bool, Lo: 0, Hi: 1}
	}
	return ir.Type{Kind: ir.Int, Lo: int32(t.lo), Hi: int32(t.hi)}
}

// value is a lowered expression with its type; konst marks a folded constant
// whose value is val. A nil e marks an expression that had an error already
// reported.
type value struct {
	e     *ir.Expr
	t     typ
	konst bool
	val   int64
}

func (v value) ok() bool { return v.e != nil }

// constValue builds a constant value of type t.
func constValue(n int64, t typ, pos source.Pos) value {
	tt := t
	tt.lo, tt.hi = n, n
	return value{e: &ir.Expr{Op: ir.OpConst, Value: int32(n), Pos: pos}, t: tt, konst: true, val: n}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
