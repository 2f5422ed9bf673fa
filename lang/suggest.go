package lang

import (
	"strings"

	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// suggestion returns the name in scope sc (or its parents) that name is
// likely a misspelling of (see syntax.Closest), or "". Qualified names (M.x)
// are left out.
func suggestion(sc *scope, name string) string {
	var names []string
	seen := map[string]bool{}
	for s := sc; s != nil; s = s.parent {
		for n := range s.names {
			if !seen[n] && !strings.Contains(n, ".") {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return syntax.Closest(name, names)
}

// undefinedIn is the message for a name undefined in scope sc: that of
// undefined, with a "did you mean" for a declared name spelled alike.
func (c *compiler) undefinedIn(sc *scope, name string) string {
	msg := c.undefined(name)
	if msg != "undefined: "+name || strings.Contains(name, ".") {
		return msg
	}
	if s := suggestion(sc, name); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return msg
}

// semaphoreAsCond reports, with a message suggesting down or up, wait(s) or
// signal(s) of a semaphore s: the names of the operations in some textbooks.
func (g *gen) semaphoreAsCond(op string, args []*syntax.Expr, p source.Pos, sc *scope) bool {
	fix := map[string]string{"wait": "down", "signal": "up"}[op]
	base := args[0]
	if base.Kind == syntax.Index {
		base = base.X
	}
	if fix == "" || len(args) != 1 || base.Kind != syntax.Ident {
		return false
	}
	if sym := sc.lookup(base.Name); sym == nil || sym.kind != symSem {
		return false
	}
	g.c.errorf(pos(args[0].Pos), "%s is a semaphore, not a condition variable: did you mean %s(%s)?", base.Name, fix, args[0].Text)
	return true
}
