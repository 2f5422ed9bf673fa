package lang

import (
	"strconv"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// block lowers a block's statements in a new scope.
func (g *gen) block(b *syntax.Block, sc *scope) {
	inner := newScope(sc)
	for _, s := range b.Stmts {
		if g.tooBig {
			return
		}
		g.stmt(s, inner)
	}
}

// stmt lowers one statement, recording its label first.
func (g *gen) stmt(s *syntax.Stmt, sc *scope) {
	if s.Label != nil {
		g.c.checkName(s.Label.Name, pos(s.Label.Pos))
		if r, ok := g.c.regions[s.Label.Name]; ok {
			g.labels = append(g.labels, labelRef{region: r, node: len(g.nodes)})
		}
	}
	switch {
	case s.If != nil:
		g.ifStmt(s.If, sc, "if ")
	case s.While != nil:
		g.while(s.While, sc)
	case s.Loop != nil:
		head := len(g.nodes)
		lc := g.pushLoop(pos(s.Loop.Pos))
		g.block(s.Loop.Body, sc)
		back := g.jump(head)
		g.nodes[back].loopPos = lc.pos
		g.popLoop(lc, head, len(g.nodes))
	case s.For != nil:
		g.forStmt(s.For, sc)
	case s.Either != nil:
		g.either(s.Either, sc)
	case s.Block != nil:
		g.blockStmt(s.Block, sc)
	case s.Section != nil:
		r, ok := g.c.regions[s.Section.Name.Name]
		if ok {
			g.sections = append(g.sections, r)
		}
		g.block(s.Section.Body, sc)
		if ok {
			g.sections = g.sections[:len(g.sections)-1]
		}
	case s.Assert != nil:
		a := s.Assert
		v := g.c.scalar(a.Cond, g.c.expr(a.Cond, sc))
		if v.ok() && !v.t.bool {
			g.c.errorf(pos(a.Cond.Pos), "assert condition must be bool, got int")
			v = value{}
		}
		msg := ""
		if a.Message != "" {
			m, err := strconv.Unquote(a.Message)
			if err != nil {
				g.c.errorf(pos(a.Pos), "invalid string %s", a.Message)
			}
			msg = m
		}
		g.step(&ir.Instr{Op: ir.OpAssert, Pos: pos(a.Pos), Text: syntax.TokenText(a.Tokens), Cond: v.e, Message: msg}, neverBlocks)
	case s.Await != nil:
		a := s.Await
		text := syntax.TokenText(a.Tokens)
		cond, rmw := g.cond(a.Cond, sc, "await")
		g.step(&ir.Instr{Op: ir.OpAwait, Pos: pos(a.Pos), Text: text, Cond: cond, RMW: rmw}, mayWait)
	case s.Var != nil:
		g.localVar(s.Var, sc)
	case s.Select != nil:
		g.selectStmt(s.Select, sc)
	case s.Recv != nil:
		g.recvStmt(s.Recv, sc)
	case s.Word != nil:
		g.word(s.Word)
	case s.Simple != nil:
		g.simple(s.Simple, sc)
	}
}

func (g *gen) word(w *syntax.Word) {
	p := pos(w.Pos)
	switch w.Word {
	case "skip":
		g.step(&ir.Instr{Op: ir.OpSkip, Pos: p, Text: "skip"}, neverBlocks)
	case "fence":
		g.step(&ir.Instr{Op: ir.OpFence, Pos: p, Text: "fence"}, neverBlocks)
	case "noncritical":
		g.step(&ir.Instr{Op: ir.OpNoncritical, Pos: p, Text: "noncritical"}, neverBlocks)
	case "break", "continue":
		if len(g.loops) == 0 {
			g.c.errorf(p, "%s is not in a loop", w.Word)
			return
		}
		lc := g.loops[len(g.loops)-1]
		j := g.jump(-1)
		if w.Word == "break" {
			lc.breaks = append(lc.breaks, j)
		} else {
			lc.continues = append(lc.continues, j)
			g.nodes[j].loopPos = lc.pos
		}
	case "return":
		r := &g.returns[len(g.returns)-1]
		*r = append(*r, g.jump(-1))
	}
}

func (g *gen) pushLoop(p source.Pos) *loopCtx {
	lc := &loopCtx{pos: p}
	g.loops = append(g.loops, lc)
	return lc
}

// popLoop patches a loop's continue jumps to head and break jumps to exit.
func (g *gen) popLoop(lc *loopCtx, head, exit int) {
	g.patch(lc.continues, head)
	g.patch(lc.breaks, exit)
	g.loops = g.loops[:len(g.loops)-1]
}

// cond lowers the condition of if, while or await: a bool expression, or a
// read-modify-write primitive whose result is bool.
func (g *gen) cond(x *syntax.Expr, sc *scope, what string) (*ir.Expr, *ir.RMW) {
	if x.Kind == syntax.Call {
		if _, ok := rmwNames[x.Name]; ok {
			rmw, t, ok := g.rmw(x, sc)
			if ok && !t.bool {
				g.c.errorf(pos(x.Pos), "condition of %s must be bool, got %s", what, t)
			}
			return nil, rmw
		}
	}
	v := g.c.scalar(x, g.c.expr(x, sc))
	if v.ok() && !v.t.bool {
		g.c.errorf(pos(x.Pos), "condition of %s must be bool, got int", what)
		return nil, nil
	}
	return v.e, nil
}

func (g *gen) ifStmt(s *syntax.If, sc *scope, word string) {
	cond, rmw := g.cond(s.Cond, sc, "if")
	b := g.step(&ir.Instr{Op: ir.OpBranch, Pos: pos(s.Pos), Text: word + s.Cond.Text, Cond: cond, RMW: rmw}, neverBlocks)
	g.block(s.Then, sc)
	if s.ElseIf == nil && s.Else == nil {
		g.nodes[b].els = len(g.nodes)
		return
	}
	j := g.jump(-1)
	g.nodes[b].els = len(g.nodes)
	if s.ElseIf != nil {
		g.ifStmt(s.ElseIf, sc, "else if ")
	} else {
		g.block(s.Else, sc)
	}
	g.patch([]int{j}, len(g.nodes))
}

func (g *gen) while(s *syntax.While, sc *scope) {
	cond, rmw := g.cond(s.Cond, sc, "while")
	head := g.step(&ir.Instr{Op: ir.OpBranch, Pos: pos(s.Pos), Text: "while " + s.Cond.Text, Cond: cond, RMW: rmw}, neverBlocks)
	lc := g.pushLoop(pos(s.Pos))
	g.block(s.Body, sc)
	g.jump(head)
	g.nodes[head].els = len(g.nodes)
	g.popLoop(lc, head, len(g.nodes))
}

func (g *gen) forStmt(s *syntax.For, sc *scope) {
	g.c.checkName(s.Var.Name, pos(s.Var.Pos))
	lo, ok1 := g.c.constExpr(s.Lo, sc)
	hi, ok2 := g.c.constExpr(s.Hi, sc)
	if !ok1 || !ok2 {
		return
	}
	if hi-lo+1 > maxUnroll {
		g.c.errorf(pos(s.Lo.Pos), "for loop over %d values, at most %d", hi-lo+1, maxUnroll)
		return
	}
	lc := g.pushLoop(pos(s.Pos))
	for j := lo; j <= hi && !g.tooBig; j++ {
		inner := newScope(sc)
		inner.names[s.Var.Name] = &symbol{kind: symConst, name: s.Var.Name, pos: pos(s.Var.Pos), what: "loop variable", val: j}
		g.block(s.Body, inner)
		g.patch(lc.continues, len(g.nodes))
		lc.continues = nil
	}
	g.popLoop(lc, len(g.nodes), len(g.nodes))
}

func (g *gen) either(s *syntax.Either, sc *scope) {
	first := g.atomicFirst
	e := g.step(&ir.Instr{Op: ir.OpEither, Pos: pos(s.Pos), Text: "either"}, neverBlocks)
	var ends []int
	for _, alt := range s.Alts {
		if len(alt.Stmts) == 0 {
			g.c.errorf(pos(alt.Pos), "either alternative has no statement")
		}
		g.nodes[e].alts = append(g.nodes[e].alts, len(g.nodes))
		if g.atomic > 0 {
			g.atomicFirst = first
		}
		g.block(alt, sc)
		ends = append(ends, g.jump(-1))
	}
	g.atomicFirst = false
	g.patch(ends, len(g.nodes))
}

func (g *gen) blockStmt(s *syntax.BlockStmt, sc *scope) {
	p := pos(s.Pos)
	switch s.Kind {
	case "atomic":
		if len(s.Body.Stmts) == 0 {
			g.c.errorf(p, "atomic block has no statement")
			return
		}
		if g.atomic > 0 {
			g.atomic++
			g.block(s.Body, sc)
			g.atomic--
			return
		}
		g.step(&ir.Instr{Op: ir.OpAtomic, Pos: p, Text: "atomic"}, neverBlocks)
		g.atomic, g.atomicFirst = 1, true
		g.block(s.Body, sc)
		g.atomic, g.atomicFirst = 0, false
	case "critical":
		if len(s.Body.Stmts) == 0 {
			g.c.errorf(p, "critical block has no statement; write skip")
			return
		}
		g.critical++
		g.block(s.Body, sc)
		g.critical--
	case "doorway":
		g.doorway++
		g.block(s.Body, sc)
		g.doorway--
	}
}

// localVar declares a process-local variable (or a procedure's local, named
// "f.x"), once per process instance.
func (g *gen) localVar(v *syntax.Var, sc *scope) {
	if len(v.Names) > 0 {
		if _, ok := g.locals[v.Names[0]]; ok {
			for _, name := range v.Names {
				if s := g.locals[name]; s != nil {
					sc.names[name.Name] = s
				}
			}
			return
		}
	}
	prefix := ""
	if len(g.procs) > 0 {
		prefix = g.procs[len(g.procs)-1] + "."
	}
	first := len(g.c.prog.Vars)
	g.c.declareVars(v, sc, g.owner, prefix)
	for i, name := range v.Names {
		if sym := sc.names[name.Name]; sym != nil && sym.kind == symVar && sym.obj == first+i {
			g.locals[name] = sym
		}
	}
}
