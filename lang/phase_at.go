package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/syntax"
)

// phaseDefined reports, for P@trying or P@waiting (x) with ref the lowered
// process reference, whether P has the critical block that the phases are
// measured against (LANGUAGE.md section 7). Without one the phase is never
// entered and a check reading it would hold or fail for no reason, so that
// is an error suggesting a section or a label. Other regions, and processes
// not lowered yet, are accepted.
func (c *compiler) phaseDefined(x *syntax.Expr, ref *ir.Expr) bool {
	if x.Name != "trying" && x.Name != "waiting" {
		return true
	}
	var info *processInfo
	for _, pi := range c.processes {
		if pi.base == ref.ProcBase {
			info = pi
		}
	}
	lowered, critical := 0, false
	for _, inst := range c.instances {
		if inst.info == info {
			lowered++
			critical = critical || inst.hasCritical
		}
	}
	if info == nil || lowered < info.count || critical {
		return true
	}
	c.errorf(pos(x.NamePos), "%s@%s is never true: process %s has no critical block; "+
		"label the statement to watch (name: stmt) and use %s@name",
		x.X.Text, x.Name, info.decl.Name, x.X.Text)
	return false
}
