package explorer

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// codeCmp compares the code of instance 0 of a process array with that of
// instance k: the same instructions, the same variables (each instance's own
// locals standing for each other), and constants that are either the same or
// each instance's own index. consts gathers, per constant of instance 0's
// code, what it is across the instances compared so far.
type codeCmp struct {
	d       *symDetect
	base, k int
	consts  map[*ir.Expr]*constUse
	// at is where the code first differs.
	at source.Pos
}

func (c *codeCmp) code(a, b []*ir.Instr) bool {
	if len(a) != len(b) {
		c.at = firstPos(a)
		return false
	}
	for i := range a {
		if !c.instr(a[i], b[i]) {
			if !c.at.IsValid() {
				c.at = a[i].Pos
			}
			return false
		}
	}
	return true
}

func firstPos(code []*ir.Instr) source.Pos {
	if len(code) == 0 {
		return source.Pos{}
	}
	return code[0].Pos
}

func (c *codeCmp) instr(a, b *ir.Instr) bool {
	if a.Op != b.Op || a.Next != b.Next || a.Else != b.Else || a.Default != b.Default ||
		a.InAtomic != b.InAtomic || a.Message != b.Message || !equalInts(a.Alts, b.Alts) {
		return false
	}
	if !c.ref(a.Target, b.Target) || !c.expr(a.Value, b.Value) || !c.expr(a.Cond, b.Cond) ||
		!c.expr(a.Proc, b.Proc) || !c.sync(a.Sync, b.Sync) || !c.sync(a.Lock, b.Lock) ||
		!c.sync(a.Chan, b.Chan) || !c.exprs(a.Values, b.Values) || !c.refs(a.Targets, b.Targets) {
		return false
	}
	if (a.RMW == nil) != (b.RMW == nil) {
		return false
	}
	if a.RMW != nil && (a.RMW.Kind != b.RMW.Kind || !c.ref(a.RMW.Loc, b.RMW.Loc) || !c.exprs(a.RMW.Args, b.RMW.Args)) {
		return false
	}
	if len(a.Cases) != len(b.Cases) {
		return false
	}
	for i, x := range a.Cases {
		y := b.Cases[i]
		if x.Send != y.Send || x.Next != y.Next || !c.sync(x.Chan, y.Chan) || !c.exprs(x.Values, y.Values) || !c.refs(x.Targets, y.Targets) {
			return false
		}
	}
	return true
}

// sameVar reports whether variable a of instance 0 and b of instance k
// stand for each other.
func (c *codeCmp) sameVar(a, b int) bool {
	va, vb := c.d.p.Vars[a], c.d.p.Vars[b]
	if va.Owner < 0 || vb.Owner < 0 {
		return a == b
	}
	return va.Owner == c.base && vb.Owner == c.base+c.k && c.d.localPos[a] == c.d.localPos[b]
}

func (c *codeCmp) ref(a, b *ir.Ref) bool {
	if a == nil || b == nil {
		return a == b
	}
	return c.sameVar(a.Var, b.Var) && c.exprs(a.Index, b.Index)
}

func (c *codeCmp) refs(a, b []*ir.Ref) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !c.ref(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (c *codeCmp) sync(a, b *ir.SyncRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Obj == b.Obj && c.exprs(a.Index, b.Index)
}

func (c *codeCmp) exprs(a, b []*ir.Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !c.expr(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (c *codeCmp) expr(a, b *ir.Expr) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Op != b.Op || a.Region != b.Region || a.ProcBase != b.ProcBase || a.ProcCount != b.ProcCount {
		c.at = a.Pos
		return false
	}
	switch a.Op {
	case ir.OpConst:
		u := c.consts[a]
		if u == nil {
			u = &constUse{same: true, index: a.Value == 0}
			c.consts[a] = u
		}
		u.same = u.same && a.Value == b.Value
		u.index = u.index && int(b.Value) == c.k
		return true
	case ir.OpLoad, ir.OpMaxArray:
		if !c.sameVar(a.Var, b.Var) {
			c.at = a.Pos
			return false
		}
	default:
		if a.Var != b.Var {
			c.at = a.Pos
			return false
		}
	}
	return c.exprs(a.Index, b.Index) && c.exprs(a.Args, b.Args)
}
