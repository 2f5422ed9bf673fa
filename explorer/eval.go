package explorer

import (
	"fmt"
	"math"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// runtimeFault builds a run-time fault at pos.
func runtimeFault(pos source.Pos, format string, args ...any) *Fault {
	return &Fault{Kind: FaultRuntime, Msg: fmt.Sprintf(format, args...), Pos: pos}
}

// varName is how people name variable x: "turn", or "P[0].x" for a local.
func (m *Machine) varName(x *ir.Var) string {
	if x.Owner >= 0 {
		return m.prog.Processes[x.Owner].Display + "." + x.Name
	}
	return x.Name
}

// flat turns one index per dimension into a row-major element number, with a
// run-time fault for an index out of bounds.
func (m *Machine) flat(s []byte, what objKind, obj int, dims []int, index []*ir.Expr, pos source.Pos) (int, *Fault) {
	e := 0
	for d, ix := range index {
		i, f := m.eval(s, ix)
		if f != nil {
			return 0, f
		}
		if i < 0 || int(i) >= dims[d] {
			p := ix.Pos
			if !p.IsValid() {
				p = pos
			}
			return 0, runtimeFault(p, "index %d is out of bounds for %s (length %d)", i, m.objName(what, obj), dims[d])
		}
		e = e*dims[d] + int(i)
	}
	return e, nil
}

// objKind tells which table an object number indexes.
type objKind uint8

const (
	objVar objKind = iota
	objSem
	objMutex
	objCond
	objChan
)

// objName is the declared name of a variable, semaphore or mutex.
func (m *Machine) objName(what objKind, obj int) string {
	switch what {
	case objVar:
		return m.varName(m.prog.Vars[obj])
	case objSem:
		return m.prog.Sems[obj].Name
	case objCond:
		return m.prog.Conds[obj].Name
	case objChan:
		return m.prog.Chans[obj].Name
	}
	return m.prog.Mutexes[obj].Name
}

// locate resolves a reference to its slot and element.
func (m *Machine) locate(s []byte, r *ir.Ref) (*slot, int, *Fault) {
	sl := &m.lay.vars[r.Var]
	e, f := m.flat(s, objVar, r.Var, sl.v.Dims, r.Index, r.Pos)
	return sl, e, f
}

// write stores v into element e of sl, with a run-time fault when v is out of
// the variable's range.
func (m *Machine) write(s []byte, sl *slot, e int, v int32, pos source.Pos) *Fault {
	if v < sl.v.Elem.Lo || v > sl.v.Elem.Hi {
		return runtimeFault(pos, "%s = %d is out of range %d..%d",
			elemName(m.varName(sl.v), sl.v.Dims, e), v, sl.v.Elem.Lo, sl.v.Elem.Hi)
	}
	m.lay.store(s, sl, e, v)
	return nil
}

// semElem resolves a semaphore reference to its global element number.
func (m *Machine) semElem(s []byte, r *ir.SyncRef) (int, *Fault) {
	d := &m.lay.sems[r.Obj]
	e, f := m.flat(s, objSem, r.Obj, d.dims, r.Index, r.Pos)
	return d.base + e, f
}

// mutexElem resolves a mutex reference to its global element number.
func (m *Machine) mutexElem(s []byte, r *ir.SyncRef) (int, *Fault) {
	d := &m.lay.mutexes[r.Obj]
	e, f := m.flat(s, objMutex, r.Obj, d.dims, r.Index, r.Pos)
	return d.base + e, f
}

// condElem resolves a condition variable reference to its global element
// number.
func (m *Machine) condElem(s []byte, r *ir.SyncRef) (int, *Fault) {
	d := &m.lay.conds[r.Obj]
	e, f := m.flat(s, objCond, r.Obj, d.dims, r.Index, r.Pos)
	return d.base + e, f
}

// chanElem resolves a channel reference to its global element number.
func (m *Machine) chanElem(s []byte, r *ir.SyncRef) (int, *Fault) {
	d := &m.lay.chans[r.Obj]
	e, f := m.flat(s, objChan, r.Obj, d.dims, r.Index, r.Pos)
	return d.base + e, f
}

// condName and chanName are how people name a condition or channel element.
func (m *Machine) condName(c int) string {
	d := &m.lay.conds[m.lay.condDecl[c]]
	return elemName(d.name, d.dims, c-d.base)
}

func (m *Machine) chanName(k int) string {
	d := &m.lay.chans[m.lay.chanElems[k].decl]
	return elemName(d.name, d.dims, k-d.base)
}

// semName and mutexName are how people name an element: "s", "fork[2]".
func (m *Machine) semName(e int) string {
	d := &m.lay.sems[m.lay.semDecl[e]]
	return elemName(d.name, d.dims, e-d.base)
}

func (m *Machine) mutexName(e int) string {
	d := &m.lay.mutexes[m.lay.mutexDecl[e]]
	return elemName(d.name, d.dims, e-d.base)
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// eval evaluates e in state s. Arithmetic whose result leaves the 32 bits of
// int is a run-time fault (see arith.go); / and % truncate toward zero and
// fault on a zero divisor; &&, || and => short-circuit.
func (m *Machine) eval(s []byte, e *ir.Expr) (int32, *Fault) {
	switch e.Op {
	case ir.OpConst:
		return e.Value, nil
	case ir.OpLoad:
		sl := &m.lay.vars[e.Var]
		i, f := m.flat(s, objVar, e.Var, sl.v.Dims, e.Index, e.Pos)
		if f != nil {
			return 0, f
		}
		return m.lay.load(s, sl, i), nil
	case ir.OpSemValue:
		d := &m.lay.sems[e.Var]
		i, f := m.flat(s, objSem, e.Var, d.dims, e.Index, e.Pos)
		if f != nil {
			return 0, f
		}
		return int32(m.lay.semValue(s, d.base+i)), nil
	case ir.OpMaxArray:
		sl := &m.lay.vars[e.Var]
		best := int32(math.MinInt32)
		for i := range sl.n {
			best = max(best, m.lay.load(s, sl, i))
		}
		return best, nil
	case ir.OpLen:
		d := &m.lay.chans[e.Var]
		i, f := m.flat(s, objChan, e.Var, d.dims, e.Index, e.Pos)
		if f != nil {
			return 0, f
		}
		return int32(m.lay.chanLen(s, d.base+i)), nil
	case ir.OpCount:
		n := int32(0)
		for p := range m.lay.procs {
			if m.at(s, e.Region, p) {
				n++
			}
		}
		return n, nil
	}
	a, f := m.eval(s, e.Args[0])
	if f != nil {
		return 0, f
	}
	switch e.Op {
	case ir.OpNot:
		return b2i(a == 0), nil
	case ir.OpNeg:
		return negate(a, e.Pos)
	case ir.OpProc:
		if a < 0 || int(a) >= e.ProcCount {
			return 0, runtimeFault(e.Pos, "process index %d is out of range 0..%d", a, e.ProcCount-1)
		}
		return int32(e.ProcBase) + a, nil
	case ir.OpAt:
		if a < 0 || int(a) >= m.lay.procs {
			return 0, runtimeFault(e.Pos, "process index %d is out of range 0..%d", a, m.lay.procs-1)
		}
		return b2i(m.at(s, e.Region, int(a))), nil
	case ir.OpAnd:
		if a == 0 {
			return 0, nil
		}
	case ir.OpOr:
		if a != 0 {
			return 1, nil
		}
	case ir.OpImplies:
		if a == 0 {
			return 1, nil
		}
	}
	b, f := m.eval(s, e.Args[1])
	if f != nil {
		return 0, f
	}
	switch e.Op {
	case ir.OpAdd, ir.OpSub, ir.OpMul, ir.OpDiv, ir.OpMod:
		return arith(e.Op, a, b, e.Pos)
	case ir.OpEq:
		return b2i(a == b), nil
	case ir.OpNe:
		return b2i(a != b), nil
	case ir.OpLt:
		return b2i(a < b), nil
	case ir.OpLe:
		return b2i(a <= b), nil
	case ir.OpGt:
		return b2i(a > b), nil
	case ir.OpGe:
		return b2i(a >= b), nil
	case ir.OpAnd, ir.OpOr, ir.OpImplies:
		return b2i(b != 0), nil
	case ir.OpMin:
		return min(a, b), nil
	case ir.OpMax:
		return max(a, b), nil
	}
	return 0, runtimeFault(e.Pos, "unknown operator %d", e.Op)
}

// rmw performs a read-modify-write on s and returns its result.
func (m *Machine) rmw(s []byte, r *ir.RMW) (int32, *Fault) {
	var args [2]int32
	for i, a := range r.Args {
		v, f := m.eval(s, a)
		if f != nil {
			return 0, f
		}
		args[i] = v
	}
	sl, e, f := m.locate(s, r.Loc)
	if f != nil {
		return 0, f
	}
	old := m.lay.load(s, sl, e)
	switch r.Kind {
	case ir.TSL:
		return old, m.write(s, sl, e, 1, r.Pos)
	case ir.CAS:
		if old != args[0] {
			return 0, nil
		}
		return 1, m.write(s, sl, e, args[1], r.Pos)
	case ir.FetchAdd:
		v, f := arith(ir.OpAdd, old, args[0], r.Pos)
		if f != nil {
			return 0, f
		}
		return old, m.write(s, sl, e, v, r.Pos)
	default:
		return old, m.write(s, sl, e, args[0], r.Pos)
	}
}
