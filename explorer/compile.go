package explorer

import (
	"math"

	"github.com/interleave/interleave/lang/ir"
)

// The interpreter's fast path: expressions compiled to closures over
// pre-resolved state offsets, and a compact table of each process's
// instructions. A compiled expression computes the same value as eval
// wherever eval does not fault; where eval would fault it reports !ok and
// computes nothing else, and the caller runs the instruction through the
// general interpreter, which produces the fault. Expressions have no side
// effects, so evaluating one again there changes nothing.

// evalFn evaluates a compiled expression in state s; ok is false where eval
// faults.
type evalFn func(s []byte) (v int32, ok bool)

// Fast kinds of an instruction: what the fast path can execute of it.
const (
	// fastNone: only the general interpreter runs it.
	fastNone uint8 = iota
	// fastAssign: an OpAssign without a read-modify-write.
	fastAssign
	// fastCond: an OpAwait, OpBranch or OpAssert without a read-modify-write.
	fastCond
	// fastSkip: an OpSkip or OpNoncritical.
	fastSkip
	// fastAtomic: an OpAtomic, which the fast path enters at the start of
	// a step.
	fastAtomic
	// fastDown: an OpDown of a semaphore element known at compile time,
	// whose value is at off; the fast path runs it when the value is not 0.
	fastDown
	// fastLock: an OpLock of a mutex element known at compile time, whose
	// owner is at off; the fast path runs it when the mutex is free.
	fastLock
	// fastUp: an OpUp of a semaphore element known at compile time, whose
	// value is at off; the fast path runs it when no process waits for a
	// permit (none with block status code, or for a fifo semaphore, whose
	// queue is at qoff, an empty queue).
	fastUp
	// fastUnlock: an OpUnlock of a mutex element known at compile time,
	// whose owner is at off; the fast path runs it when the process holds
	// the mutex and no process waits for it (none with block status code,
	// and for a Hoare monitor's lock, whose urgent queue is at qoff, an
	// empty queue).
	fastUnlock
)

// instr is an instruction as the fast path sees it.
type instr struct {
	// kind and op say what the instruction is; inAtomic is in.InAtomic.
	kind     uint8
	op       ir.Op
	inAtomic bool
	// A fastCond's test is true when val lies in [tlo, tlo+span] (in
	// wrapping 32-bit arithmetic), unless neg, which negates it.
	neg bool
	// width is the bytes of each element of a fastAssign's target.
	width uint8
	// next and els are in.Next and in.Else.
	next, els int32
	// val is the value of a fastAssign, the operand a fastCond tests.
	val  operand
	tlo  int32
	span uint32
	// idx is the element number of a fastAssign's target, below elems; off
	// is the offset of the target's element 0, lo and hi its range.
	idx    operand
	elems  uint32
	off    int32
	lo, hi int32
	// qoff and code are a fastUp's or fastUnlock's queue (-1 for none) and
	// block status code.
	qoff, code int32
	in         *ir.Instr
}

// operand is a compiled expression whose commonest forms need no call: a
// constant, and a one-byte variable element at a fixed offset plus a
// constant.
type operand struct {
	// fn is the expression when it is of neither form.
	fn evalFn
	// The operand is k plus the byte at off masked with mask: 0xff for a
	// variable (whose value plus k cannot overflow), 0 for a constant.
	off  int32
	k    int32
	mask byte
}

// eval is the operand's value in s; ok is false where eval faults. The
// hottest callers spell it out as leaf and a call of fn, which the compiler
// inlines.
func (o *operand) eval(s []byte) (int32, bool) {
	if o.fn != nil {
		return o.fn(s)
	}
	return o.leaf(s), true
}

// leaf is the value of an operand without fn in s.
func (o *operand) leaf(s []byte) int32 { return o.k + int32(s[o.off]&o.mask) }

// constOperand is the operand of constant k.
func (m *Machine) constOperand(k int32) operand {
	if m.lay.size == 0 {
		return operand{fn: func([]byte) (int32, bool) { return k, true }}
	}
	return operand{k: k}
}

// compileCode builds the instruction tables of every process of m.
func (m *Machine) compileCode() [][]instr {
	code := make([][]instr, len(m.prog.Processes))
	for p, proc := range m.prog.Processes {
		code[p] = make([]instr, len(proc.Code))
		for pc, in := range proc.Code {
			code[p][pc] = m.compileInstr(in)
		}
	}
	return code
}

// compileOperand compiles e to an operand.
func (m *Machine) compileOperand(e *ir.Expr) operand {
	if v, ok := m.constant(e); ok {
		return m.constOperand(v)
	}
	if off, k, ok := m.byteLoad(e); ok {
		return operand{off: int32(off), k: k, mask: 0xff}
	}
	return operand{fn: m.compileExpr(e)}
}

// byteLoad tells whether e is a one-byte variable element at a fixed offset
// plus or minus a constant, as k + the byte at off, which cannot overflow.
func (m *Machine) byteLoad(e *ir.Expr) (off int, k int32, ok bool) {
	switch e.Op {
	case ir.OpLoad:
		sl := &m.lay.vars[e.Var]
		c, ok := m.constIndex(sl.v.Dims, e.Index)
		if sl.width != 1 || !ok {
			return 0, 0, false
		}
		return sl.off + c, sl.v.Elem.Lo, true
	case ir.OpAdd, ir.OpSub:
		off, k, ok := m.byteLoad(e.Args[0])
		c, isConst := m.constant(e.Args[1])
		if !ok || !isConst {
			return 0, 0, false
		}
		d := int64(c)
		if e.Op == ir.OpSub {
			d = -d
		}
		lo := int64(k) + d
		if !fits(lo) || !fits(lo+0xff) {
			return 0, 0, false
		}
		return off, int32(lo), true
	}
	return 0, 0, false
}

// compileInstr compiles one instruction.
func (m *Machine) compileInstr(in *ir.Instr) instr {
	c := instr{in: in, op: in.Op, inAtomic: in.InAtomic, next: int32(in.Next), els: int32(in.Else), qoff: -1}
	switch in.Op {
	case ir.OpAssign:
		if in.RMW != nil || in.Target == nil || in.Value == nil {
			break
		}
		sl := &m.lay.vars[in.Target.Var]
		c.kind = fastAssign
		c.val = m.compileOperand(in.Value)
		c.off, c.width, c.lo, c.hi = int32(sl.off), uint8(sl.width), sl.v.Elem.Lo, sl.v.Elem.Hi
		c.elems = uint32(sl.n)
		switch {
		case len(in.Target.Index) == 1:
			c.idx = m.compileOperand(in.Target.Index[0])
		default:
			if e, ok := m.constIndex(sl.v.Dims, in.Target.Index); ok {
				c.idx = m.constOperand(int32(e))
			} else {
				c.idx = operand{fn: m.compileIndex(sl.v.Dims, in.Target.Index)}
			}
		}
	case ir.OpAwait, ir.OpBranch, ir.OpAssert:
		if in.RMW != nil || in.Cond == nil {
			break
		}
		c.kind = fastCond
		c.val, c.tlo, c.span, c.neg = m.compileTest(in.Cond)
	case ir.OpSkip, ir.OpNoncritical:
		c.kind = fastSkip
	case ir.OpAtomic:
		c.kind = fastAtomic
	case ir.OpDown, ir.OpUp:
		if in.Sync == nil {
			break
		}
		d := &m.lay.sems[in.Sync.Obj]
		if e, ok := m.constIndex(d.dims, in.Sync.Index); ok {
			e += d.base
			c.kind, c.off = fastDown, int32(m.lay.semOff[e])
			if in.Op == ir.OpUp {
				c.kind, c.qoff, c.code = fastUp, int32(m.lay.fifoOff[e]), int32(m.lay.semBlock(e))
			}
		}
	case ir.OpLock, ir.OpUnlock:
		if in.Sync == nil {
			break
		}
		d := &m.lay.mutexes[in.Sync.Obj]
		if e, ok := m.constIndex(d.dims, in.Sync.Index); ok {
			e += d.base
			c.kind, c.off = fastLock, int32(m.lay.mutexOff[e])
			if in.Op == ir.OpUnlock {
				c.kind, c.qoff, c.code = fastUnlock, int32(m.lay.urgentOff[e]), int32(m.lay.mutexBlock(e))
			}
		}
	}
	return c
}

// down runs a fastDown instruction in s. It reports false, changing
// nothing, when the semaphore is 0: the general interpreter then blocks
// the process or disables the step.
func (c *instr) down(s []byte) bool {
	v := get16(s, int(c.off))
	if v == 0 {
		return false
	}
	put16(s, int(c.off), v-1)
	return true
}

// up runs a fastUp instruction in s, with layout l. It reports false,
// changing nothing, when a process waits for a permit (the general
// interpreter hands it over) or the value would pass 65535 (a fault).
func (c *instr) up(s []byte, l *layout) bool {
	if c.qoff >= 0 {
		if s[c.qoff] != 0 {
			return false
		}
	} else if c.waiting(s, l) {
		return false
	}
	v := get16(s, int(c.off))
	if v >= 0xffff {
		return false
	}
	put16(s, int(c.off), v+1)
	return true
}

// unlock runs a fastUnlock instruction of process p in s, with layout l.
// It reports false, changing nothing, when p does not hold the mutex (a
// fault) or a process waits for it (the general interpreter hands it
// over).
func (c *instr) unlock(s []byte, p int, l *layout) bool {
	if int(s[c.off]) != p+1 || c.qoff >= 0 && s[c.qoff] != 0 || c.waiting(s, l) {
		return false
	}
	s[c.off] = 0
	return true
}

// waiting tells whether some process has block status c.code in s.
func (c *instr) waiting(s []byte, l *layout) bool {
	for q := range l.procs {
		if l.block(s, q) == int(c.code) {
			return true
		}
	}
	return false
}

// lock runs a fastLock instruction of process p in s. It reports false,
// changing nothing, when the mutex is held.
func (c *instr) lock(s []byte, p int) bool {
	if s[c.off] != 0 {
		return false
	}
	s[c.off] = byte(p + 1)
	return true
}

// compileTest compiles the truth of e as a test of whether an operand lies
// in a range: [lo, lo+span], negated when neg.
func (m *Machine) compileTest(e *ir.Expr) (a operand, lo int32, span uint32, neg bool) {
	switch e.Op {
	case ir.OpEq, ir.OpNe, ir.OpLt, ir.OpLe, ir.OpGt, ir.OpGe:
		if k, ok := m.constant(e.Args[1]); ok {
			lo, span, neg = constRange(e.Op, k)
			return m.compileOperand(e.Args[0]), lo, span, neg
		}
	}
	// e is true when it is not 0.
	return m.compileOperand(e), 0, 0, true
}

// constRange expresses x op k as x in [lo, lo+span], negated when neg.
func constRange(op ir.ExprOp, k int32) (lo int32, span uint32, neg bool) {
	switch op {
	case ir.OpEq, ir.OpNe:
		return k, 0, op == ir.OpNe
	case ir.OpLt, ir.OpGe:
		// x < k: x in [MinInt32, k-1]; when k is MinInt32 nothing is less.
		if k == math.MinInt32 {
			return math.MinInt32, math.MaxUint32, op == ir.OpLt
		}
		return math.MinInt32, uint32(k-1) - 1<<31, op == ir.OpGe
	}
	// x <= k: x in [MinInt32, k].
	return math.MinInt32, uint32(k) - 1<<31, op == ir.OpGt
}

// inRange tells whether x lies in [lo, lo+span].
func inRange(x, lo int32, span uint32) bool { return uint32(x)-uint32(lo) <= span }

// test is a fastCond's truth in s; ok is false where eval faults.
func (c *instr) test(s []byte) (t, ok bool) {
	x, ok := c.val.leaf(s), true
	if c.val.fn != nil {
		x, ok = c.val.fn(s)
	}
	return inRange(x, c.tlo, c.span) != c.neg, ok
}

// constIndex is the element number of an index made of constants within
// bounds.
func (m *Machine) constIndex(dims []int, index []*ir.Expr) (int, bool) {
	e := 0
	for d, ix := range index {
		v, ok := m.constant(ix)
		if !ok || v < 0 || int(v) >= dims[d] {
			return 0, false
		}
		e = e*dims[d] + int(v)
	}
	return e, true
}

// constant is the value of e when it depends on no state and does not fault.
func (m *Machine) constant(e *ir.Expr) (int32, bool) {
	switch e.Op {
	case ir.OpConst:
		return e.Value, true
	case ir.OpNot, ir.OpNeg, ir.OpAdd, ir.OpSub, ir.OpMul, ir.OpDiv, ir.OpMod,
		ir.OpEq, ir.OpNe, ir.OpLt, ir.OpLe, ir.OpGt, ir.OpGe,
		ir.OpAnd, ir.OpOr, ir.OpImplies, ir.OpMin, ir.OpMax, ir.OpProc:
		for _, a := range e.Args {
			if _, ok := m.constant(a); !ok {
				return 0, false
			}
		}
		v, f := m.eval(nil, e)
		return v, f == nil
	}
	return 0, false
}

// compileIndex compiles the element number of an index into an array of
// dims (row-major), which is out of bounds where flat faults.
func (m *Machine) compileIndex(dims []int, index []*ir.Expr) evalFn {
	ixs := make([]operand, len(index))
	for d, ix := range index {
		ixs[d] = m.compileOperand(ix)
	}
	dd := append([]int(nil), dims...)
	return func(s []byte) (int32, bool) {
		e := int32(0)
		for d := range ixs {
			i, ok := ixs[d].eval(s)
			if !ok || uint32(i) >= uint32(dd[d]) {
				return 0, false
			}
			e = e*int32(dd[d]) + i
		}
		return e, true
	}
}

// compileExpr compiles e.
func (m *Machine) compileExpr(e *ir.Expr) evalFn {
	if v, ok := m.constant(e); ok {
		return func([]byte) (int32, bool) { return v, true }
	}
	switch e.Op {
	case ir.OpLoad:
		return m.compileLoad(e)
	case ir.OpNot:
		a := m.compileExpr(e.Args[0])
		return func(s []byte) (int32, bool) {
			x, ok := a(s)
			return b2i(x == 0), ok
		}
	case ir.OpNeg:
		a := m.compileExpr(e.Args[0])
		return func(s []byte) (int32, bool) {
			x, ok := a(s)
			return -x, ok && x != math.MinInt32
		}
	case ir.OpProc:
		a := m.compileExpr(e.Args[0])
		base, n := int32(e.ProcBase), uint32(e.ProcCount)
		return func(s []byte) (int32, bool) {
			x, ok := a(s)
			return base + x, ok && uint32(x) < n
		}
	case ir.OpAnd, ir.OpOr, ir.OpImplies:
		return m.compileLogic(e)
	case ir.OpEq, ir.OpNe, ir.OpLt, ir.OpLe, ir.OpGt, ir.OpGe:
		return m.compileCompare(e)
	case ir.OpAdd, ir.OpSub, ir.OpMul, ir.OpDiv, ir.OpMod, ir.OpMin, ir.OpMax:
		return m.compileArith(e)
	}
	// The rest (semaphore values, channel lengths, regions, the maximum of
	// an array) is left to eval.
	return func(s []byte) (int32, bool) {
		v, f := m.eval(s, e)
		return v, f == nil
	}
}

// compileLoad compiles an OpLoad.
func (m *Machine) compileLoad(e *ir.Expr) evalFn {
	sl := &m.lay.vars[e.Var]
	off, lo, w := sl.off, sl.v.Elem.Lo, sl.width
	if c, ok := m.constIndex(sl.v.Dims, e.Index); ok {
		off += c * w
		switch w {
		case 1:
			return func(s []byte) (int32, bool) { return lo + int32(s[off]), true }
		case 2:
			return func(s []byte) (int32, bool) { return lo + int32(get16(s, off)), true }
		}
		return func(s []byte) (int32, bool) { return int32(uint32(lo) + getN(s, off, 4)), true }
	}
	var ix operand
	if len(e.Index) == 1 {
		ix = m.compileOperand(e.Index[0])
	} else {
		ix = operand{fn: m.compileIndex(sl.v.Dims, e.Index)}
	}
	n := uint32(sl.n)
	if w == 1 {
		return func(s []byte) (int32, bool) {
			i, ok := ix.leaf(s), true
			if ix.fn != nil {
				i, ok = ix.fn(s)
			}
			if !ok || uint32(i) >= n {
				return 0, false
			}
			return lo + int32(s[off+int(i)]), true
		}
	}
	return func(s []byte) (int32, bool) {
		i, ok := ix.eval(s)
		if !ok || uint32(i) >= n {
			return 0, false
		}
		return int32(uint32(lo) + getN(s, off+int(i)*w, w)), true
	}
}

// compileLogic compiles &&, || and =>, which short-circuit.
func (m *Machine) compileLogic(e *ir.Expr) evalFn {
	a, b := m.compileOperand(e.Args[0]), m.compileOperand(e.Args[1])
	// skip is the value of the left operand's truth that decides the
	// result, which is then res.
	skip, res := false, int32(0)
	switch e.Op {
	case ir.OpOr:
		skip, res = true, 1
	case ir.OpImplies:
		skip, res = false, 1
	}
	return func(s []byte) (int32, bool) {
		x, ok := a.eval(s)
		if !ok {
			return 0, false
		}
		if (x != 0) == skip {
			return res, true
		}
		y, ok := b.eval(s)
		return b2i(y != 0), ok
	}
}

// mirror is the comparison that gives the same result with its operands
// swapped.
var mirror = map[ir.ExprOp]ir.ExprOp{
	ir.OpEq: ir.OpEq, ir.OpNe: ir.OpNe, ir.OpLt: ir.OpGt, ir.OpLe: ir.OpGe, ir.OpGt: ir.OpLt, ir.OpGe: ir.OpLe,
}

// compileCompare compiles a comparison; one against a constant is a range
// test of the other operand. A comparison evaluates both operands, so which
// one it evaluates first changes nothing.
func (m *Machine) compileCompare(e *ir.Expr) evalFn {
	op, x, y := e.Op, e.Args[0], e.Args[1]
	if _, ok := m.constant(x); ok {
		op, x, y = mirror[op], y, x
	}
	if k, ok := m.constant(y); ok {
		lo, span, neg := constRange(op, k)
		if l, ok := m.indexedByteLoad(x); ok {
			return func(s []byte) (int32, bool) {
				v, ok := l.load(s)
				return b2i(inRange(v, lo, span) != neg), ok
			}
		}
		a := m.compileOperand(x)
		return func(s []byte) (int32, bool) {
			v, ok := a.leaf(s), true
			if a.fn != nil {
				v, ok = a.fn(s)
			}
			return b2i(inRange(v, lo, span) != neg), ok
		}
	}
	if _, ok := m.indexedByteLoad(y); ok {
		op, x, y = mirror[op], y, x
	}
	a, b := m.compileOperand(x), m.compileOperand(y)
	if l, ok := m.indexedByteLoad(x); ok && b.fn == nil {
		return func(s []byte) (int32, bool) {
			v, ok := l.load(s)
			return b2i(compare(op, v, b.leaf(s))), ok
		}
	}
	switch op {
	case ir.OpEq:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return b2i(x == y), ok }
	case ir.OpNe:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return b2i(x != y), ok }
	case ir.OpLt:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return b2i(x < y), ok }
	case ir.OpLe:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return b2i(x <= y), ok }
	case ir.OpGt:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return b2i(x > y), ok }
	default:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return b2i(x >= y), ok }
	}
}

// compare is x op y, op a comparison.
func compare(op ir.ExprOp, x, y int32) bool {
	switch op {
	case ir.OpEq:
		return x == y
	case ir.OpNe:
		return x != y
	case ir.OpLt:
		return x < y
	case ir.OpLe:
		return x <= y
	case ir.OpGt:
		return x > y
	}
	return x >= y
}

// indexedByte is an element of a one-byte array of one dimension whose
// index is an operand without a call: the element is lo plus the byte at
// off plus the index, which must be below n. A comparison reads it in
// place, rather than through a compiled load.
type indexedByte struct {
	ix  operand
	off int
	lo  int32
	n   uint32
}

// indexedByteLoad tells whether e is an indexedByte.
func (m *Machine) indexedByteLoad(e *ir.Expr) (indexedByte, bool) {
	if e.Op != ir.OpLoad || len(e.Index) != 1 {
		return indexedByte{}, false
	}
	sl := &m.lay.vars[e.Var]
	if _, ok := m.constIndex(sl.v.Dims, e.Index); ok || sl.width != 1 {
		return indexedByte{}, false
	}
	ix := m.compileOperand(e.Index[0])
	if ix.fn != nil {
		return indexedByte{}, false
	}
	return indexedByte{ix: ix, off: sl.off, lo: sl.v.Elem.Lo, n: uint32(sl.n)}, true
}

// load is the element in s; ok is false where the index is out of range,
// a fault.
func (l *indexedByte) load(s []byte) (int32, bool) {
	i := l.ix.leaf(s)
	if uint32(i) >= l.n {
		return 0, false
	}
	return l.lo + int32(s[l.off+int(i)]), true
}

// both evaluates a then, when it does not fault, b.
func both(s []byte, a, b *operand) (int32, int32, bool) {
	x, ok := a.leaf(s), true
	if a.fn != nil {
		if x, ok = a.fn(s); !ok {
			return 0, 0, false
		}
	}
	y := b.leaf(s)
	if b.fn != nil {
		y, ok = b.fn(s)
	}
	return x, y, ok
}

// fits reports whether r lies in int's 32 bits.
func fits(r int64) bool { return r >= math.MinInt32 && r <= math.MaxInt32 }

// compileArith compiles +, -, *, /, %, min and max; a result out of int's
// range and a zero divisor fault.
func (m *Machine) compileArith(e *ir.Expr) evalFn {
	a, b := m.compileOperand(e.Args[0]), m.compileOperand(e.Args[1])
	switch e.Op {
	case ir.OpAdd:
		return func(s []byte) (int32, bool) {
			x, y, ok := both(s, &a, &b)
			r := int64(x) + int64(y)
			return int32(r), ok && fits(r)
		}
	case ir.OpSub:
		return func(s []byte) (int32, bool) {
			x, y, ok := both(s, &a, &b)
			r := int64(x) - int64(y)
			return int32(r), ok && fits(r)
		}
	case ir.OpMul:
		return func(s []byte) (int32, bool) {
			x, y, ok := both(s, &a, &b)
			r := int64(x) * int64(y)
			return int32(r), ok && fits(r)
		}
	case ir.OpDiv:
		return func(s []byte) (int32, bool) {
			x, y, ok := both(s, &a, &b)
			if !ok || y == 0 {
				return 0, false
			}
			r := int64(x) / int64(y)
			return int32(r), fits(r)
		}
	case ir.OpMod:
		return func(s []byte) (int32, bool) {
			x, y, ok := both(s, &a, &b)
			if !ok || y == 0 {
				return 0, false
			}
			return int32(int64(x) % int64(y)), true
		}
	case ir.OpMin:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return min(x, y), ok }
	default:
		return func(s []byte) (int32, bool) { x, y, ok := both(s, &a, &b); return max(x, y), ok }
	}
}

// assign runs a fastAssign instruction in s. It reports false, changing
// nothing, where the general interpreter faults.
func (c *instr) assign(s []byte) bool {
	o, x, ok := c.target(s)
	if ok {
		putN(s, o, int(c.width), x)
	}
	return ok
}

// target is what a fastAssign instruction writes in s: the offset of the
// element and the value of its bytes. It reports !ok where the general
// interpreter faults.
func (c *instr) target(s []byte) (o int, x uint32, ok bool) {
	v, ok := c.val.leaf(s), true
	if c.val.fn != nil {
		v, ok = c.val.fn(s)
	}
	if !ok || v < c.lo || v > c.hi {
		return 0, 0, false
	}
	i := c.idx.leaf(s)
	if c.idx.fn != nil {
		i, ok = c.idx.fn(s)
	}
	if !ok || uint32(i) >= c.elems {
		return 0, 0, false
	}
	return int(c.off) + int(i)*int(c.width), uint32(v) - uint32(c.lo), true
}
