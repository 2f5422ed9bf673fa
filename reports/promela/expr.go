package promela

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// expr is e as a Promela expression of the same value. Booleans are 0 and 1
// in both languages, and Promela's int arithmetic, / and % are C's: 32 bits,
// truncating toward zero.
func (x *exporter) expr(e *ir.Expr) string {
	a := func(i int) string { return x.expr(e.Args[i]) }
	bin := func(op string) string { return "(" + a(0) + " " + op + " " + a(1) + ")" }
	switch e.Op {
	case ir.OpConst:
		return strconv.FormatInt(int64(e.Value), 10)
	case ir.OpLoad:
		return x.varName(e.Var) + x.index(x.prog.Vars[e.Var].Dims, e.Index)
	case ir.OpSemValue:
		s := x.prog.Sems[e.Var]
		return "s_" + s.Name + x.index(s.Dims, e.Index)
	case ir.OpNot:
		return "!" + a(0)
	case ir.OpNeg:
		return "(-" + a(0) + ")"
	case ir.OpAdd:
		return bin("+")
	case ir.OpSub:
		return bin("-")
	case ir.OpMul:
		return bin("*")
	case ir.OpDiv:
		return bin("/")
	case ir.OpMod:
		return bin("%")
	case ir.OpEq:
		return bin("==")
	case ir.OpNe:
		return bin("!=")
	case ir.OpLt:
		return bin("<")
	case ir.OpLe:
		return bin("<=")
	case ir.OpGt:
		return bin(">")
	case ir.OpGe:
		return bin(">=")
	case ir.OpAnd:
		return bin("&&")
	case ir.OpOr:
		return bin("||")
	case ir.OpImplies:
		return "(!" + a(0) + " || " + a(1) + ")"
	case ir.OpMin:
		return "(" + a(0) + " <= " + a(1) + " -> " + a(0) + " : " + a(1) + ")"
	case ir.OpMax:
		return "(" + a(0) + " >= " + a(1) + " -> " + a(0) + " : " + a(1) + ")"
	case ir.OpMaxArray:
		v := x.prog.Vars[e.Var]
		name := x.varName(e.Var)
		m := name + "[0]"
		for i := 1; i < v.Len(); i++ {
			el := fmt.Sprintf("%s[%d]", name, i)
			m = "(" + el + " > " + m + " -> " + el + " : " + m + ")"
		}
		if v.Dims == nil {
			return name
		}
		return m
	case ir.OpProc:
		return "(" + strconv.Itoa(e.ProcBase) + " + " + a(0) + ")"
	case ir.OpAt:
		return x.at(e.Args[0], e.Region)
	case ir.OpLen:
		return x.chanLen(e.Var, e.Index)
	case ir.OpCount:
		var terms []string
		for p := range x.prog.Processes {
			if in := x.inRegion(p, e.Region); in != "0" {
				terms = append(terms, in)
			}
		}
		if len(terms) == 0 {
			return "0"
		}
		return "(" + strings.Join(terms, " + ") + ")"
	}
	x.fail(e.Pos, "this expression has no Promela equivalent in the export")
	return "0"
}

// at is whether the process that proc (an OpProc expression) names is in
// region r.
func (x *exporter) at(proc *ir.Expr, r int) string {
	if proc.Args[0].Op == ir.OpConst {
		return x.inRegion(proc.ProcBase+int(proc.Args[0].Value), r)
	}
	idx := x.expr(proc.Args[0])
	var terms []string
	for i := range proc.ProcCount {
		if in := x.inRegion(proc.ProcBase+i, r); in != "0" {
			terms = append(terms, fmt.Sprintf("(%s == %d && %s)", idx, i, in))
		}
	}
	if len(terms) == 0 {
		return "0"
	}
	return "(" + strings.Join(terms, " || ") + ")"
}

// inRegion is whether process p is in region r: its program counter is one
// of the region's.
func (x *exporter) inRegion(p, r int) string {
	reg := x.prog.Regions[r]
	pcs := reg.PCs[p]
	if len(pcs) == 0 {
		return "0"
	}
	terms := make([]string, len(pcs))
	for i, pc := range pcs {
		terms[i] = fmt.Sprintf("pc[%d] == %d", p, pc)
	}
	return "(" + strings.Join(terms, " || ") + ")"
}

// index is the flattened subscript of an element of an array of dims, or ""
// for a scalar.
func (x *exporter) index(dims []int, idx []*ir.Expr) string {
	if dims == nil {
		return ""
	}
	return "[" + x.flat(dims, idx) + "]"
}

// elem is the index base + flattened idx, for the tables of semaphores and
// mutexes that hold every element of every declaration.
func (x *exporter) elem(base int, dims []int, idx []*ir.Expr) string {
	if dims == nil {
		return strconv.Itoa(base)
	}
	if base == 0 {
		return x.flat(dims, idx)
	}
	return strconv.Itoa(base) + " + " + x.flat(dims, idx)
}

// flat is the row-major offset of idx in an array of dims.
func (x *exporter) flat(dims []int, idx []*ir.Expr) string {
	s := x.expr(idx[0])
	for i := 1; i < len(dims); i++ {
		s = "(" + s + ") * " + strconv.Itoa(dims[i]) + " + " + x.expr(idx[i])
	}
	return s
}
