package lang

import (
	"fmt"
	"strconv"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

var checkKinds = map[string]ir.CheckKind{
	"mutex": ir.CheckMutex, "deadlock": ir.CheckDeadlock, "progress": ir.CheckProgress,
	"starvation": ir.CheckStarvation, "bounded_waiting": ir.CheckBoundedWaiting,
}

// lowerChecks builds Program.Checks: the written checks in source order, then
// mutex when the model has a critical block and no check line, then the
// implicit deadlock (unless written), assert and runtime checks.
func (c *compiler) lowerChecks(f *syntax.File) {
	c.inChecks = true
	defer func() { c.inChecks = false }()
	names := map[string]source.Pos{}
	invariants, leadsTos := 0, 0
	written := 0
	hasDeadlock := false
	for _, d := range f.Decls {
		k := d.Check
		if k == nil {
			continue
		}
		written++
		p := pos(k.Pos)
		chk := &ir.Check{Pos: p}
		switch {
		case k.Invariant != nil:
			chk.Kind = ir.CheckInvariant
			if k.Label == "" {
				invariants++
				chk.Name = numbered("invariant", invariants)
			}
			chk.Expr = c.boolExpr(k.Invariant, "invariant")
			chk.Text = k.Invariant.Text
		case k.LeadsTo != nil:
			chk.Kind = ir.CheckLeadsTo
			if k.Label == "" {
				leadsTos++
				chk.Name = numbered("leadsto", leadsTos)
			}
			chk.Expr = c.boolExpr(k.LeadsTo.From, "leadsto")
			chk.Goal = c.boolExpr(k.LeadsTo.To, "leadsto")
			chk.Text = k.LeadsTo.From.Text + " leadsto " + k.LeadsTo.To.Text
		default:
			chk.Kind, chk.Name = checkKinds[k.Kind], k.Kind
		}
		if k.Label != "" {
			c.checkName(k.Label, p)
			chk.Name = k.Label
		}
		if chk.Kind == ir.CheckDeadlock {
			hasDeadlock = true
		}
		if k.Points != "" {
			n, err := strconv.Atoi(k.Points)
			if err != nil || n > 1<<20 {
				c.errorf(p, "points %s is too large", k.Points)
			}
			chk.Points = n
		}
		if prev, dup := names[chk.Name]; dup {
			c.errorf(p, "duplicate check name %s (first at %d:%d)", chk.Name, prev.Line, prev.Col)
		} else {
			names[chk.Name] = p
		}
		c.requireCritical(chk)
		c.prog.Checks = append(c.prog.Checks, chk)
	}
	fileStart := source.Pos{File: c.file, Line: 1, Col: 1}
	if written == 0 && c.critical >= 0 {
		c.prog.Checks = append(c.prog.Checks, &ir.Check{Name: "mutex", Kind: ir.CheckMutex, Pos: fileStart})
	}
	if !hasDeadlock {
		c.addImplicit("deadlock", ir.CheckDeadlock, names, fileStart)
	}
	c.addImplicit("assert", ir.CheckAssert, names, fileStart)
	c.addImplicit("runtime", ir.CheckRuntime, names, fileStart)
}

func (c *compiler) addImplicit(name string, kind ir.CheckKind, names map[string]source.Pos, p source.Pos) {
	if prev, dup := names[name]; dup {
		c.errorf(prev, "check name %s is reserved for the built-in %s check", name, name)
	}
	c.prog.Checks = append(c.prog.Checks, &ir.Check{Name: name, Kind: kind, Implicit: true, Pos: p})
}

func numbered(kind string, n int) string {
	if n == 1 {
		return kind
	}
	return fmt.Sprintf("%s#%d", kind, n)
}

// requireCritical reports a check of the mutual-exclusion family on a model
// that cannot support it.
func (c *compiler) requireCritical(chk *ir.Check) {
	switch chk.Kind {
	case ir.CheckMutex, ir.CheckProgress, ir.CheckStarvation, ir.CheckBoundedWaiting:
	default:
		return
	}
	kind := chk.Kind.String()
	if c.critical < 0 {
		c.errorf(chk.Pos, "check %s needs a critical block in the model", kind)
		return
	}
	if chk.Kind == ir.CheckMutex {
		return
	}
	reported := map[*processInfo]bool{}
	for _, inst := range c.instances {
		if inst.hasCritical && !inst.hasNoncritical && !reported[inst.info] {
			reported[inst.info] = true
			c.errorf(chk.Pos, "%s needs a noncritical statement in process %s", kind, inst.info.decl.Name)
		}
	}
}

// boolExpr lowers a check's expression, which must be bool.
func (c *compiler) boolExpr(x *syntax.Expr, what string) *ir.Expr {
	v := c.scalar(x, c.expr(x, c.global))
	if v.ok() && !v.t.bool {
		c.errorf(pos(x.Pos), "%s expression must be bool, got int", what)
		return nil
	}
	return v.e
}
