package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/syntax"
)

// monitorInfo is a declared monitor: its hidden lock and the scope that its
// procedures' bodies see (its variables, conditions and procedures, over the
// global scope).
type monitorInfo struct {
	name  string
	mutex int // index in Program.Mutexes
	hoare bool
	scope *scope
	procs []*syntax.Proc
}

// declareCond enters `cond a, b[n]`; monitor is the index of the monitor lock
// the conditions belong to, or -1 at top level.
func (c *compiler) declareCond(d *syntax.Cond, sc *scope, monitor int, prefix string) {
	for _, n := range d.Names {
		dims := c.dims(n.Dims, c.global)
		c.define(sc, &symbol{kind: symCond, name: n.Name, pos: pos(n.Pos), what: "condition variable", obj: len(c.prog.Conds)})
		c.prog.Conds = append(c.prog.Conds, &ir.Cond{Name: prefix + n.Name, Dims: dims, Monitor: monitor, Pos: pos(n.Pos)})
	}
}

// declareChan enters `chan a, b[n][k]: T [lossy]`: the last bracket of a
// name is its capacity, the ones before it its array dimensions.
func (c *compiler) declareChan(d *syntax.Chan) {
	var elem []ir.Type
	for _, t := range d.Elem {
		tt, ok := c.typeOf(t, c.global)
		switch {
		case !ok:
			tt = intType
		case tt.dims != nil:
			c.errorf(pos(t.Pos), "a message component cannot be an array")
			tt.dims = nil
		}
		elem = append(elem, tt.irType())
	}
	for _, n := range d.Names {
		var dims []int
		capacity := int64(0)
		if k := len(n.Dims); k > 0 {
			dims = c.dims(n.Dims[:k-1], c.global)
			v, ok := c.constExpr(n.Dims[k-1], c.global)
			switch {
			case !ok:
			case v < 0 || v > 0xffff:
				c.errorf(pos(n.Dims[k-1].Pos), "channel capacity %d is out of range 0..65535", v)
			default:
				capacity = v
			}
		}
		if d.Lossy && capacity < 1 {
			c.errorf(pos(n.Pos), "lossy channel %s needs a capacity of at least 1, as in chan %s[1]", n.Name, n.Name)
		}
		c.define(c.global, &symbol{kind: symChan, name: n.Name, pos: pos(n.Pos), what: "channel", obj: len(c.prog.Chans)})
		c.prog.Chans = append(c.prog.Chans, &ir.Chan{Name: n.Name, Dims: dims, Cap: int(capacity), Lossy: d.Lossy, Elem: elem, Pos: pos(n.Pos)})
	}
}

// declareMonitor enters a monitor: its lock (a Mutex with Monitor set), its
// variables as shared variables "M.x", its conditions and its procedures.
// Inside, the names are plain; outside, a variable is read as M.x and a
// procedure is called as M.f(args).
func (c *compiler) declareMonitor(d *syntax.Monitor) {
	name := d.Name.Name
	c.checkName(name, pos(d.Name.Pos))
	mi := &monitorInfo{name: name, mutex: len(c.prog.Mutexes), hoare: d.Hoare, scope: newScope(c.global)}
	c.define(c.global, &symbol{kind: symMonitor, name: name, pos: pos(d.Name.Pos), what: "monitor", mon: mi})
	c.prog.Mutexes = append(c.prog.Mutexes, &ir.Mutex{Name: name, Monitor: name, Hoare: d.Hoare, Pos: pos(d.Name.Pos)})
	for _, it := range d.Items {
		switch {
		case it.Var != nil:
			first := len(c.prog.Vars)
			c.declareVars(it.Var, mi.scope, -1, name+".")
			for i, n := range it.Var.Names {
				if sym := mi.scope.names[n.Name]; sym != nil && sym.kind == symVar && sym.obj == first+i {
					c.define(c.global, &symbol{kind: symVar, name: name + "." + n.Name, pos: sym.pos, what: "monitor variable", obj: sym.obj, mon: mi, outside: true})
				}
			}
		case it.Cond != nil:
			c.declareCond(it.Cond, mi.scope, mi.mutex, name+".")
		case it.Proc != nil:
			p := it.Proc
			c.checkName(p.Name, pos(p.Pos))
			sym := &symbol{kind: symMonProc, name: p.Name, pos: pos(p.Pos), what: "monitor procedure", proc: p, mon: mi}
			if _, dup := mi.scope.names[p.Name]; dup {
				c.define(mi.scope, sym) // reports the redeclaration
				continue
			}
			c.define(mi.scope, sym)
			qualified := *sym
			qualified.name = name + "." + p.Name
			c.define(c.global, &qualified)
			mi.procs = append(mi.procs, p)
			c.checkParams(p)
		}
	}
}

// checkParams reports keywords and duplicates among a procedure's parameters.
func (c *compiler) checkParams(p *syntax.Proc) {
	seen := map[string]bool{}
	for _, param := range p.Params {
		c.checkName(param.Name, pos(param.Pos))
		if seen[param.Name] {
			c.errorf(pos(param.Pos), "duplicate parameter %s", param.Name)
		}
		seen[param.Name] = true
	}
}

// irTyp converts an element type of the IR back to a type of the checker.
func irTyp(t ir.Type) typ {
	return typ{bool: t.Kind == ir.Bool, lo: int64(t.Lo), hi: int64(t.Hi)}
}
