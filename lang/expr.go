package lang

import (
	"strconv"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/syntax"
)

// rmwNames are the read-modify-write primitives, allowed only as the whole
// right-hand side of an assignment or the whole condition of if, while or
// await.
var rmwNames = map[string]ir.RMWKind{"tsl": ir.TSL, "cas": ir.CAS, "fetch_add": ir.FetchAdd, "swap": ir.Swap}

// statementNames are operations that are statements, never expressions.
var statementNames = map[string]bool{
	"down": true, "up": true, "P": true, "V": true, "lock": true, "unlock": true,
	"sleep": true, "wakeup": true, "wait": true, "signal": true, "broadcast": true,
}

// varType is the type of variable v.
func (c *compiler) varType(v int) typ {
	x := c.prog.Vars[v]
	t := typ{lo: int64(x.Elem.Lo), hi: int64(x.Elem.Hi), dims: x.Dims}
	t.bool = x.Elem.Kind == ir.Bool
	return t
}

// expr lowers an expression, reporting every error in it. The result is not
// ok (nil e) when an error was reported.
func (c *compiler) expr(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	switch x.Kind {
	case syntax.IntLit:
		n, err := strconv.ParseInt(x.Value, 10, 64)
		if err != nil || n > maxInt {
			c.errorf(p, "integer %s overflows int", x.Value)
			return value{}
		}
		return constValue(n, intType, p)
	case syntax.BoolLit:
		return constValue(b2i(x.Value == "true"), boolType, p)
	case syntax.Ident, syntax.Field:
		return c.ident(x, sc)
	case syntax.Index:
		return c.index(x, sc)
	case syntax.Unary:
		return c.unary(x, sc)
	case syntax.Binary:
		return c.binary(x, sc)
	case syntax.Call:
		return c.call(x, sc)
	case syntax.At:
		return c.at(x, sc)
	case syntax.Quant:
		return c.quant(x, sc)
	}
	c.errorf(p, "unknown expression")
	return value{}
}

// scalar reports an error unless v is a scalar.
func (c *compiler) scalar(x *syntax.Expr, v value) value {
	if v.ok() && v.t.dims != nil {
		c.errorf(pos(x.Pos), "array %s used without index", x.Text)
		return value{}
	}
	return v
}

func (c *compiler) ident(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	sym, remote := c.remoteVar(x, sc)
	if !remote {
		sym = sc.lookup(x.Name)
	}
	if sym == nil {
		if !remote {
			c.errorf(p, "%s", c.undefinedIn(sc, x.Name))
		}
		return value{}
	}
	switch sym.kind {
	case symConst:
		return constValue(sym.val, intType, p)
	case symParam:
		v := sym.arg
		if v.ok() {
			e := *v.e
			v.e = &e
		}
		return v
	case symVar:
		t := c.varType(sym.obj)
		if t.dims != nil {
			c.errorf(p, "array %s used without index", x.Text)
			return value{}
		}
		return value{e: &ir.Expr{Op: ir.OpLoad, Var: sym.obj, Pos: p}, t: t}
	case symSem:
		if c.prog.Sems[sym.obj].Dims != nil {
			c.errorf(p, "semaphore array %s used without index", x.Name)
			return value{}
		}
		return value{e: &ir.Expr{Op: ir.OpSemValue, Var: sym.obj, Pos: p}, t: typ{lo: 0, hi: 0xffff}}
	}
	c.errorf(p, "%s %s used as a value", sym.what, x.Name)
	return value{}
}

// indices lowers the indices of an access to an object with dims, checking
// their number, types and, when constant, bounds.
func (c *compiler) indices(x *syntax.Expr, name string, dims []int, sc *scope) ([]*ir.Expr, bool) {
	if len(x.Args) != len(dims) {
		c.errorf(pos(x.Pos), "wrong number of indices for %s: got %d, want %d", name, len(x.Args), len(dims))
		return nil, false
	}
	out := make([]*ir.Expr, len(dims))
	ok := true
	for i, a := range x.Args {
		v := c.scalar(a, c.expr(a, sc))
		if !v.ok() {
			ok = false
			continue
		}
		if v.t.bool {
			c.errorf(pos(a.Pos), "index %s must be int, not bool", a.Text)
			ok = false
			continue
		}
		if v.konst && (v.val < 0 || v.val >= int64(dims[i])) {
			c.errorf(pos(a.Pos), "index %d out of range 0..%d of %s", v.val, dims[i]-1, name)
			ok = false
			continue
		}
		out[i] = v.e
	}
	return out, ok
}

func (c *compiler) index(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	if x.X.Kind != syntax.Ident && x.X.Kind != syntax.Field {
		c.errorf(p, "cannot index %s", x.X.Text)
		return value{}
	}
	sym, remote := c.remoteVar(x.X, sc)
	if !remote {
		sym = sc.lookup(x.X.Name)
	}
	if sym == nil {
		if !remote {
			c.errorf(p, "%s", c.undefinedIn(sc, x.X.Name))
		}
		return value{}
	}
	switch sym.kind {
	case symVar:
		t := c.varType(sym.obj)
		if t.dims == nil {
			c.errorf(p, "cannot index %s: not an array", x.X.Text)
			return value{}
		}
		idx, ok := c.indices(x, x.X.Text, t.dims, sc)
		if !ok {
			return value{}
		}
		t.dims = nil
		return value{e: &ir.Expr{Op: ir.OpLoad, Var: sym.obj, Index: idx, Pos: p}, t: t}
	case symSem:
		dims := c.prog.Sems[sym.obj].Dims
		if dims == nil {
			c.errorf(p, "cannot index %s: not an array", x.X.Text)
			return value{}
		}
		idx, ok := c.indices(x, x.X.Text, dims, sc)
		if !ok {
			return value{}
		}
		return value{e: &ir.Expr{Op: ir.OpSemValue, Var: sym.obj, Index: idx, Pos: p}, t: typ{lo: 0, hi: 0xffff}}
	}
	c.errorf(p, "%s %s used as a value", sym.what, x.X.Text)
	return value{}
}

func (c *compiler) unary(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	if x.Op == "<-" {
		c.errorf(p, "receive %s must be the whole right-hand side of an assignment", x.Text)
		return value{}
	}
	if x.Op == "-" && x.X.Kind == syntax.IntLit && x.X.Value == "2147483648" {
		return constValue(minInt, intType, p)
	}
	v := c.scalar(x.X, c.expr(x.X, sc))
	if !v.ok() {
		return value{}
	}
	switch x.Op {
	case "!":
		if !v.t.bool {
			c.errorf(p, "invalid operation: operator ! not defined on int")
			return value{}
		}
		if v.konst {
			return constValue(1-v.val, boolType, p)
		}
		return value{e: &ir.Expr{Op: ir.OpNot, Args: []*ir.Expr{v.e}, Pos: p}, t: boolType}
	default: // "-"
		if v.t.bool {
			c.errorf(p, "invalid operation: operator - not defined on bool")
			return value{}
		}
		if v.konst {
			if -v.val > maxInt {
				c.errorf(p, "constant -(%d) overflows int", v.val)
				return value{}
			}
			return constValue(-v.val, intType, p)
		}
		return value{e: &ir.Expr{Op: ir.OpNeg, Args: []*ir.Expr{v.e}, Pos: p}, t: clampType(-v.t.hi, -v.t.lo)}
	}
}

// clampType is the int type lo..hi, or the whole int range when it does not
// fit in 32 bits (the arithmetic may wrap).
func clampType(lo, hi int64) typ {
	if lo < minInt || hi > maxInt {
		return intType
	}
	return typ{lo: lo, hi: hi}
}

var binaryOps = map[string]ir.ExprOp{
	"+": ir.OpAdd, "-": ir.OpSub, "*": ir.OpMul, "/": ir.OpDiv, "%": ir.OpMod,
	"==": ir.OpEq, "!=": ir.OpNe, "<": ir.OpLt, "<=": ir.OpLe, ">": ir.OpGt, ">=": ir.OpGe,
	"&&": ir.OpAnd, "||": ir.OpOr, "=>": ir.OpImplies,
}

func (c *compiler) binary(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	a := c.scalar(x.X, c.expr(x.X, sc))
	b := c.scalar(x.Y, c.expr(x.Y, sc))
	if !a.ok() || !b.ok() {
		return value{}
	}
	op := binaryOps[x.Op]
	var t typ
	switch x.Op {
	case "&&", "||", "=>":
		if !a.t.bool || !b.t.bool {
			c.errorf(p, "invalid operation: operator %s not defined on int", x.Op)
			return value{}
		}
		t = boolType
	case "==", "!=":
		if a.t.bool != b.t.bool {
			c.errorf(p, "invalid operation: mismatched types %s and %s in %s", a.t, b.t, x.Op)
			return value{}
		}
		t = boolType
	case "<", "<=", ">", ">=":
		if a.t.bool || b.t.bool {
			c.errorf(p, "invalid operation: operator %s not defined on bool", x.Op)
			return value{}
		}
		t = boolType
	default:
		if a.t.bool || b.t.bool {
			c.errorf(p, "invalid operation: operator %s not defined on bool", x.Op)
			return value{}
		}
		t = arithType(x.Op, a.t, b.t)
	}
	if a.konst && b.konst {
		n, msg := fold(op, a.val, b.val)
		if msg != "" {
			c.errorf(p, "%s", msg)
			return value{}
		}
		return constValue(n, t, p)
	}
	return value{e: &ir.Expr{Op: op, Args: []*ir.Expr{a.e, b.e}, Pos: p}, t: t}
}

// arithType bounds the result of an arithmetic operation on a and b.
func arithType(op string, a, b typ) typ {
	switch op {
	case "+":
		return clampType(a.lo+b.lo, a.hi+b.hi)
	case "-":
		return clampType(a.lo-b.hi, a.hi-b.lo)
	case "*":
		if a.lo < minInt || a.hi > maxInt || b.lo < minInt || b.hi > maxInt {
			return intType
		}
		ps := []int64{a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi}
		lo, hi := ps[0], ps[0]
		for _, q := range ps[1:] {
			lo, hi = min(lo, q), max(hi, q)
		}
		return clampType(lo, hi)
	}
	return intType
}

// fold computes a binary operation on constants; msg is non-empty on an error.
func fold(op ir.ExprOp, a, b int64) (int64, string) {
	var n int64
	switch op {
	case ir.OpAdd:
		n = a + b
	case ir.OpSub:
		n = a - b
	case ir.OpMul:
		n = a * b
	case ir.OpDiv, ir.OpMod:
		if b == 0 {
			return 0, "division by zero"
		}
		if op == ir.OpDiv {
			n = a / b
		} else {
			n = a % b
		}
	case ir.OpEq:
		n = b2i(a == b)
	case ir.OpNe:
		n = b2i(a != b)
	case ir.OpLt:
		n = b2i(a < b)
	case ir.OpLe:
		n = b2i(a <= b)
	case ir.OpGt:
		n = b2i(a > b)
	case ir.OpGe:
		n = b2i(a >= b)
	case ir.OpAnd:
		n = b2i(a != 0 && b != 0)
	case ir.OpOr:
		n = b2i(a != 0 || b != 0)
	case ir.OpImplies:
		n = b2i(a == 0 || b != 0)
	}
	if n < minInt || n > maxInt {
		return 0, "constant overflow: " + strconv.FormatInt(n, 10) + " does not fit in int"
	}
	return n, ""
}

func (c *compiler) call(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	for i, ref := range x.Refs {
		if ref {
			c.errorf(pos(x.Args[i].Pos), "& is only allowed on a semaphore argument of down or up")
			return value{}
		}
	}
	switch x.Name {
	case "min", "max":
		if x.Name == "max" && len(x.Args) == 1 {
			return c.maxArray(x, sc)
		}
		if len(x.Args) != 2 {
			c.errorf(p, "wrong number of arguments to %s: got %d, want 2", x.Name, len(x.Args))
			return value{}
		}
		a := c.scalar(x.Args[0], c.expr(x.Args[0], sc))
		b := c.scalar(x.Args[1], c.expr(x.Args[1], sc))
		if !a.ok() || !b.ok() {
			return value{}
		}
		if a.t.bool || b.t.bool {
			c.errorf(p, "invalid operation: %s not defined on bool", x.Name)
			return value{}
		}
		op, t := ir.OpMin, clampType(min(a.t.lo, b.t.lo), min(a.t.hi, b.t.hi))
		if x.Name == "max" {
			op, t = ir.OpMax, clampType(max(a.t.lo, b.t.lo), max(a.t.hi, b.t.hi))
		}
		if a.konst && b.konst {
			if x.Name == "max" {
				return constValue(max(a.val, b.val), intType, p)
			}
			return constValue(min(a.val, b.val), intType, p)
		}
		return value{e: &ir.Expr{Op: op, Args: []*ir.Expr{a.e, b.e}, Pos: p}, t: t}
	case "count":
		if len(x.Args) != 1 || x.Args[0].Kind != syntax.Ident {
			c.errorf(p, "count takes one region name: critical, a section or a label")
			return value{}
		}
		r, ok := c.region(x.Args[0])
		if !ok {
			return value{}
		}
		return value{e: &ir.Expr{Op: ir.OpCount, Region: r, Pos: p}, t: typ{lo: 0, hi: int64(len(c.prog.Processes))}}
	case "len":
		return c.chanLen(x, sc)
	}
	if _, ok := rmwNames[x.Name]; ok {
		c.errorf(p, "%s may only be the whole right-hand side of an assignment or the whole condition of if, while or await", x.Name)
		return value{}
	}
	if statementNames[x.Name] {
		c.errorf(p, "%s is a statement, not an expression", x.Name)
		return value{}
	}
	if sym := sc.lookup(x.Name); sym != nil && (sym.kind == symProc || sym.kind == symMonProc) {
		c.errorf(p, "procedure call %s is a statement, not an expression", x.Text)
		return value{}
	} else if sym != nil {
		c.errorf(p, "cannot call %s %s", sym.what, x.Name)
		return value{}
	}
	c.errorf(p, "%s", c.undefinedIn(sc, x.Name))
	return value{}
}

func (c *compiler) maxArray(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	a := x.Args[0]
	if a.Kind == syntax.Ident {
		if sym := sc.lookup(a.Name); sym != nil && sym.kind == symVar && c.varType(sym.obj).dims != nil {
			t := c.varType(sym.obj)
			if t.bool {
				c.errorf(p, "invalid operation: max not defined on bool")
				return value{}
			}
			t.dims = nil
			return value{e: &ir.Expr{Op: ir.OpMaxArray, Var: sym.obj, Pos: p}, t: t}
		}
	}
	c.errorf(p, "max with one argument needs an int array variable, got %s", a.Text)
	return value{}
}

// region resolves a region name: critical, a section, a label, end, trying,
// waiting or noncritical.
func (c *compiler) region(x *syntax.Expr) (int, bool) {
	r, ok := c.regions[x.Name]
	if !ok {
		if x.Name == "critical" {
			c.errorf(pos(x.Pos), "the model has no critical block")
		} else {
			c.errorf(pos(x.Pos), "undefined region: %s", x.Name)
		}
		return 0, false
	}
	return r, true
}

// procRef lowers a reference to one process instance: NAME for a single
// process, NAME[e] for an element of a process array.
func (c *compiler) procRef(x *syntax.Expr, sc *scope) (*ir.Expr, bool) {
	p := pos(x.Pos)
	base := x
	if x.Kind == syntax.Index {
		base = x.X
	}
	if base.Kind != syntax.Ident {
		c.errorf(p, "%s is not a process", x.Text)
		return nil, false
	}
	sym := sc.lookup(base.Name)
	if sym == nil {
		c.errorf(p, "%s", c.undefinedIn(sc, base.Name))
		return nil, false
	}
	if sym.kind != symProcess {
		c.errorf(p, "%s is not a process", base.Name)
		return nil, false
	}
	info := c.processes[sym.obj]
	ref := &ir.Expr{Op: ir.OpProc, ProcBase: info.base, ProcCount: info.count, Pos: p}
	switch {
	case x.Kind == syntax.Ident && info.array:
		c.errorf(p, "process array %s needs an index", base.Name)
		return nil, false
	case x.Kind == syntax.Ident:
		ref.Args = []*ir.Expr{{Op: ir.OpConst, Value: 0, Pos: p}}
		return ref, true
	case !info.array:
		c.errorf(p, "cannot index %s: not a process array", base.Name)
		return nil, false
	case len(x.Args) != 1:
		c.errorf(p, "wrong number of indices for %s: got %d, want 1", base.Name, len(x.Args))
		return nil, false
	}
	v := c.scalar(x.Args[0], c.expr(x.Args[0], sc))
	if !v.ok() {
		return nil, false
	}
	if v.t.bool {
		c.errorf(pos(x.Args[0].Pos), "index %s must be int, not bool", x.Args[0].Text)
		return nil, false
	}
	if v.konst {
		if v.val < info.lo || v.val >= info.lo+int64(info.count) {
			c.errorf(pos(x.Args[0].Pos), "index %d out of range %d..%d of %s", v.val, info.lo, info.lo+int64(info.count)-1, base.Name)
			return nil, false
		}
		ref.Args = []*ir.Expr{{Op: ir.OpConst, Value: int32(v.val - info.lo), Pos: v.e.Pos}}
		return ref, true
	}
	idx := v.e
	if info.lo != 0 {
		idx = &ir.Expr{Op: ir.OpSub, Args: []*ir.Expr{idx, {Op: ir.OpConst, Value: int32(info.lo), Pos: idx.Pos}}, Pos: idx.Pos}
	}
	ref.Args = []*ir.Expr{idx}
	return ref, true
}

func (c *compiler) at(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	ref, ok1 := c.procRef(x.X, sc)
	r, ok2 := c.region(&syntax.Expr{Kind: syntax.Ident, Name: x.Name, Pos: x.NamePos})
	if !ok1 || !ok2 || !c.phaseDefined(x, ref) {
		return value{}
	}
	return value{e: &ir.Expr{Op: ir.OpAt, Region: r, Args: []*ir.Expr{ref}, Pos: p}, t: boolType}
}

func (c *compiler) quant(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	c.checkName(x.Name, pos(x.NamePos))
	lo, ok1 := c.constExpr(x.Lo, sc)
	hi, ok2 := c.constExpr(x.Hi, sc)
	if !ok1 || !ok2 {
		return value{}
	}
	if hi-lo+1 > maxUnroll {
		c.errorf(p, "%s over %d values, at most %d", x.Op, hi-lo+1, maxUnroll)
		return value{}
	}
	c.expanded += max(0, hi-lo+1)
	if c.expanded > maxExpansion {
		if !c.tooMuch {
			c.errorf(p, "forall and exists expand to more than %d terms", maxExpansion)
			c.tooMuch = true
		}
		return value{}
	}
	forall := x.Op == "forall"
	var acc value
	for j := lo; j <= hi; j++ {
		inner := newScope(sc)
		inner.names[x.Name] = &symbol{kind: symConst, name: x.Name, pos: pos(x.NamePos), what: "constant", val: j}
		v := c.scalar(x.X, c.expr(x.X, inner))
		if !v.ok() {
			return value{}
		}
		if !v.t.bool {
			c.errorf(pos(x.X.Pos), "%s body must be bool, got int", x.Op)
			return value{}
		}
		switch {
		case !acc.ok():
			acc = v
		case acc.konst && v.konst:
			if forall {
				acc = constValue(b2i(acc.val != 0 && v.val != 0), boolType, p)
			} else {
				acc = constValue(b2i(acc.val != 0 || v.val != 0), boolType, p)
			}
		default:
			op := ir.OpOr
			if forall {
				op = ir.OpAnd
			}
			acc = value{e: &ir.Expr{Op: op, Args: []*ir.Expr{acc.e, v.e}, Pos: p}, t: boolType}
		}
	}
	if !acc.ok() {
		return constValue(b2i(forall), boolType, p)
	}
	return acc
}
