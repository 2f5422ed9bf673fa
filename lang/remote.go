package lang

import (
	"strings"

	"github.com/interleave/interleave/lang/syntax"
)

// remoteVar resolves a reference to a process's local variable from a check
// expression: Name.x for a single process, P[k].x for one of an array, with
// k constant. remote says whether x is such a reference (a Field, or a
// qualified name whose first part is a process); sym is then the local as a
// variable symbol, or nil after an error was reported.
func (c *compiler) remoteVar(x *syntax.Expr, sc *scope) (sym *symbol, remote bool) {
	var procName, local string
	var index *syntax.Expr
	switch {
	case x.Kind == syntax.Field:
		procName, local = x.X.X.Text, x.Name
		if x.X.X.Kind != syntax.Ident || len(x.X.Args) != 1 {
			c.errorf(pos(x.Pos), "%s is not a process", x.X.Text)
			return nil, true
		}
		index = x.X.Args[0]
	case x.Kind == syntax.Ident && strings.Contains(x.Name, "."):
		if sc.lookup(x.Name) != nil {
			return nil, false
		}
		procName, local, _ = strings.Cut(x.Name, ".")
	default:
		return nil, false
	}
	ps := c.global.lookup(procName)
	if ps == nil || ps.kind != symProcess {
		if x.Kind == syntax.Field {
			c.errorf(pos(x.Pos), "%s is not a process", x.X.X.Text)
			return nil, true
		}
		return nil, false // a monitor's variable, or an undefined name
	}
	p := pos(x.Pos)
	if !c.inChecks {
		c.errorf(p, "%s: the local variables of a process can be read only in a check", x.Text)
		return nil, true
	}
	info := c.processes[ps.obj]
	inst := info.base
	switch {
	case info.array && index == nil:
		c.errorf(p, "process array %s needs an index: %s[%d].%s", procName, procName, info.lo, local)
		return nil, true
	case !info.array && index != nil:
		c.errorf(p, "%s is a single process, not an array: %s.%s", procName, procName, local)
		return nil, true
	case index != nil:
		v := c.scalar(index, c.expr(index, sc))
		if !v.ok() {
			return nil, true
		}
		if !v.konst || v.t.bool {
			c.errorf(pos(index.Pos), "the index of %s in %s must be a constant", procName, x.Text)
			return nil, true
		}
		if v.val < info.lo || v.val >= info.lo+int64(info.count) {
			c.errorf(pos(index.Pos), "index %d out of range %d..%d of %s", v.val, info.lo, info.lo+int64(info.count)-1, procName)
			return nil, true
		}
		inst += int(v.val - info.lo)
	}
	for i, v := range c.prog.Vars {
		if v.Owner == inst && v.Name == local {
			return &symbol{kind: symVar, name: x.Text, what: "variable", obj: i}, true
		}
	}
	c.errorf(p, "undefined: %s (process %s has no local variable %s)", x.Text, procName, local)
	return nil, true
}
