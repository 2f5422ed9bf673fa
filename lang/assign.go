package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/syntax"
)

// ref lowers an assignable location (a variable or an array element).
func (g *gen) ref(x *syntax.Expr, sc *scope) (*ir.Ref, typ, bool) {
	p := pos(x.Pos)
	base := x
	if x.Kind == syntax.Index {
		base = x.X
	}
	if base.Kind != syntax.Ident {
		g.c.errorf(p, "cannot assign to %s", x.Text)
		return nil, typ{}, false
	}
	sym := sc.lookup(base.Name)
	if sym == nil {
		g.c.errorf(p, "%s", g.c.undefinedIn(sc, base.Name))
		return nil, typ{}, false
	}
	switch sym.kind {
	case symVar:
		if sym.outside && g.monitor != sym.mon {
			g.c.errorf(p, "cannot assign to %s outside monitor %s", base.Name, sym.mon.name)
			return nil, typ{}, false
		}
	case symParam:
		g.c.errorf(p, "cannot assign to parameter %s", base.Name)
		return nil, typ{}, false
	default:
		g.c.errorf(p, "cannot assign to %s %s", sym.what, base.Name)
		return nil, typ{}, false
	}
	t := g.c.varType(sym.obj)
	ref := &ir.Ref{Var: sym.obj, Pos: p}
	if x.Kind == syntax.Index {
		if t.dims == nil {
			g.c.errorf(p, "cannot index %s: not an array", base.Name)
			return nil, typ{}, false
		}
		idx, ok := g.c.indices(x, base.Name, t.dims, sc)
		if !ok {
			return nil, typ{}, false
		}
		ref.Index = idx
	} else if t.dims != nil {
		g.c.errorf(p, "cannot assign to array %s as a whole", base.Name)
		return nil, typ{}, false
	}
	t.dims = nil
	return ref, t, true
}

// load reads the location ref.
func load(ref *ir.Ref) *ir.Expr {
	return &ir.Expr{Op: ir.OpLoad, Var: ref.Var, Index: ref.Index, Pos: ref.Pos}
}

// simple lowers an assignment or a call statement.
func (g *gen) simple(s *syntax.Simple, sc *scope) {
	p := pos(s.Pos)
	text := syntax.TokenText(s.Tokens)
	if s.Call {
		g.callStmt(s, text, sc)
		return
	}
	op := s.AssignOp()
	switch {
	case op == "<-":
		g.sendStmt(s, text, sc)
		return
	case s.Tuple != nil:
		g.c.errorf(p, "a tuple can only be sent on a channel")
		return
	case op == "=" && isRecv(s):
		g.recvAssign(s, text, sc)
		return
	}
	target := &syntax.Expr{Pos: s.Pos, Kind: syntax.Ident, Name: s.Name, NamePos: s.Pos, Text: s.Name}
	if len(s.Index) > 0 {
		target = &syntax.Expr{Pos: s.Pos, Kind: syntax.Index, X: target, Args: s.Index, Text: s.Name}
	}
	ref, t, ok := g.ref(target, sc)
	in := &ir.Instr{Op: ir.OpAssign, Pos: p, Text: text, Target: ref}
	if op == "=" && s.Value.Kind == syntax.Call {
		if _, isRMW := rmwNames[s.Value.Name]; isRMW {
			rmw, rt, rok := g.rmw(s.Value, sc)
			if ok && rok && rt.bool != t.bool {
				g.c.errorf(p, "cannot assign %s to %s variable %s", rt, t, s.Name)
			}
			in.RMW = rmw
			g.step(in, neverBlocks)
			return
		}
	}
	var v value
	switch op {
	case "++", "--":
		v = value{e: &ir.Expr{Op: ir.OpConst, Value: 1, Pos: p}, t: intType}
	default:
		v = g.c.scalar(s.Value, g.c.expr(s.Value, sc))
	}
	if ok && v.ok() {
		switch {
		case op == "=" && v.t.bool != t.bool:
			g.c.errorf(p, "cannot assign %s to %s variable %s", v.t, t, s.Name)
		case op != "=" && t.bool:
			g.c.errorf(p, "invalid operation: %s on bool variable %s", op, s.Name)
		case op != "=" && v.t.bool:
			g.c.errorf(p, "invalid operation: %s with a bool operand", op)
		case op == "=":
			in.Value = v.e
		case op == "+=" || op == "++":
			in.Value = &ir.Expr{Op: ir.OpAdd, Args: []*ir.Expr{load(ref), v.e}, Pos: p}
		default:
			in.Value = &ir.Expr{Op: ir.OpSub, Args: []*ir.Expr{load(ref), v.e}, Pos: p}
		}
	}
	g.step(in, neverBlocks)
}

// rmw lowers tsl(v), cas(v, old, new), fetch_add(v, d) or swap(v, e); t is
// the type of its result.
func (g *gen) rmw(x *syntax.Expr, sc *scope) (*ir.RMW, typ, bool) {
	p := pos(x.Pos)
	kind := rmwNames[x.Name]
	want := map[ir.RMWKind]int{ir.TSL: 1, ir.CAS: 3, ir.FetchAdd: 2, ir.Swap: 2}[kind]
	if len(x.Args) != want {
		g.c.errorf(p, "wrong number of arguments to %s: got %d, want %d", x.Name, len(x.Args), want)
		return nil, typ{}, false
	}
	loc := x.Args[0]
	if loc.Kind != syntax.Ident && loc.Kind != syntax.Index {
		g.c.errorf(pos(loc.Pos), "%s needs a variable, got %s", x.Name, loc.Text)
		return nil, typ{}, false
	}
	ref, t, ok := g.ref(loc, sc)
	out := &ir.RMW{Kind: kind, Loc: ref, Pos: p}
	for _, a := range x.Args[1:] {
		v := g.c.scalar(a, g.c.expr(a, sc))
		if !v.ok() {
			ok = false
			continue
		}
		if ok && v.t.bool != t.bool {
			g.c.errorf(pos(a.Pos), "cannot use %s as %s argument of %s", v.t, t, x.Name)
			ok = false
		}
		out.Args = append(out.Args, v.e)
	}
	if !ok {
		return out, t, false
	}
	if kind == ir.FetchAdd && t.bool {
		g.c.errorf(p, "fetch_add needs an int variable")
		return out, t, false
	}
	if kind == ir.CAS {
		return out, boolType, true
	}
	return out, t, true
}
