package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// callStmt lowers a statement of the form name(args): a synchronization
// operation or a procedure call.
func (g *gen) callStmt(s *syntax.Simple, text string, sc *scope) {
	p := pos(s.Pos)
	args := make([]*syntax.Expr, len(s.Args))
	for i, a := range s.Args {
		args[i] = a.Value
	}
	refArg := func() {
		for _, a := range s.Args {
			if a.Ref {
				g.c.errorf(pos(a.Pos), "& is only allowed on a semaphore argument of down or up")
			}
		}
	}
	nargs := func(want int) bool {
		if len(args) != want {
			g.c.errorf(p, "wrong number of arguments to %s: got %d, want %d", s.Name, len(args), want)
			return false
		}
		return true
	}
	switch s.Name {
	case "down", "P", "up", "V":
		op := ir.OpDown
		if s.Name == "up" || s.Name == "V" {
			op = ir.OpUp
		}
		if !nargs(1) {
			return
		}
		ref, kind, ok := g.sync(args[0], sc, symSem)
		in := &ir.Instr{Op: op, Pos: p, Text: text, Sync: ref}
		b := neverBlocks
		if ok && op == ir.OpDown {
			b = mayBlock
			if kind == ir.SemBusy {
				b = mayWait
			}
		}
		g.step(in, b)
		return
	case "lock", "unlock":
		refArg()
		if !nargs(1) {
			return
		}
		ref, _, _ := g.sync(args[0], sc, symMutex)
		if s.Name == "lock" {
			g.step(&ir.Instr{Op: ir.OpLock, Pos: p, Text: text, Sync: ref}, mayBlock)
		} else {
			g.step(&ir.Instr{Op: ir.OpUnlock, Pos: p, Text: text, Sync: ref}, neverBlocks)
		}
		return
	case "sleep":
		refArg()
		if nargs(0) {
			g.step(&ir.Instr{Op: ir.OpSleep, Pos: p, Text: text}, mayBlock)
		}
		return
	case "wakeup":
		refArg()
		if !nargs(1) {
			return
		}
		proc, _ := g.c.procRef(args[0], sc)
		g.step(&ir.Instr{Op: ir.OpWakeup, Pos: p, Text: text, Proc: proc}, neverBlocks)
		return
	case "wait", "signal", "broadcast":
		refArg()
		g.condOp(s.Name, args, p, text, sc)
		return
	case "min", "max", "count", "len":
		g.c.errorf(p, "%s is not a statement", text)
		return
	}
	if _, ok := rmwNames[s.Name]; ok {
		g.c.errorf(p, "result of %s is not used; assign it or test it", s.Name)
		return
	}
	refArg()
	sym := sc.lookup(s.Name)
	switch {
	case sym != nil && sym.kind == symMonProc:
		g.monitorCall(sym, args, p, text, sc)
	case sym == nil:
		g.c.errorf(p, "%s", g.c.undefinedIn(sc, s.Name))
	case sym.kind != symProc:
		g.c.errorf(p, "cannot call %s %s", sym.what, s.Name)
	default:
		g.inline(sym.proc, args, p, sc)
	}
}

// sync lowers the semaphore, mutex, condition variable or channel argument
// of a synchronization operation.
func (g *gen) sync(x *syntax.Expr, sc *scope, kind symKind) (*ir.SyncRef, ir.SemKind, bool) {
	p := pos(x.Pos)
	want := map[symKind]string{symSem: "semaphore", symMutex: "mutex", symCond: "condition variable", symChan: "channel"}[kind]
	base := x
	if x.Kind == syntax.Index {
		base = x.X
	}
	if base.Kind != syntax.Ident {
		g.c.errorf(p, "%s is not a %s", x.Text, want)
		return nil, 0, false
	}
	sym := sc.lookup(base.Name)
	if sym == nil {
		g.c.errorf(p, "%s", g.c.undefinedIn(sc, base.Name))
		return nil, 0, false
	}
	if sym.kind != kind {
		g.c.errorf(p, "%s is a %s, not a %s", base.Name, sym.what, want)
		return nil, 0, false
	}
	var dims []int
	var semKind ir.SemKind
	switch kind {
	case symSem:
		dims, semKind = g.c.prog.Sems[sym.obj].Dims, g.c.prog.Sems[sym.obj].Kind
	case symMutex:
		dims = g.c.prog.Mutexes[sym.obj].Dims
	case symCond:
		dims = g.c.prog.Conds[sym.obj].Dims
	case symChan:
		dims = g.c.prog.Chans[sym.obj].Dims
	}
	ref := &ir.SyncRef{Obj: sym.obj, Pos: p}
	switch {
	case x.Kind == syntax.Index:
		if dims == nil {
			g.c.errorf(p, "cannot index %s: not an array", base.Name)
			return nil, 0, false
		}
		idx, ok := g.c.indices(x, base.Name, dims, sc)
		if !ok {
			return nil, 0, false
		}
		ref.Index = idx
	case dims != nil:
		g.c.errorf(p, "%s array %s needs an index", want, base.Name)
		return nil, 0, false
	}
	return ref, semKind, true
}

// inline lowers a procedure call by lowering the procedure's body in place,
// each parameter bound to its argument.
func (g *gen) inline(proc *syntax.Proc, args []*syntax.Expr, p source.Pos, sc *scope) {
	if psc, ok := g.bindParams(proc, proc.Name, args, p, sc, g.c.global); ok {
		g.inlineBody(proc, proc.Name, psc)
	}
}

// bindParams checks a call's arguments against the parameters of proc (named
// name in messages) and binds them in a new scope over outer.
func (g *gen) bindParams(proc *syntax.Proc, name string, args []*syntax.Expr, p source.Pos, sc, outer *scope) (*scope, bool) {
	for _, inlined := range g.procs {
		if inlined == name {
			g.c.errorf(p, "recursive call to %s", name)
			return nil, false
		}
	}
	if len(args) != len(proc.Params) {
		g.c.errorf(p, "wrong number of arguments to %s: got %d, want %d", name, len(args), len(proc.Params))
		return nil, false
	}
	g.c.checkedProcs[name] = true
	psc := newScope(outer)
	ok := true
	for i, param := range proc.Params {
		t, tok := g.c.typeOf(param.Type, g.c.global)
		v := g.c.scalar(args[i], g.c.expr(args[i], sc))
		if !tok || !v.ok() {
			ok = false
			continue
		}
		if t.dims != nil {
			g.c.errorf(pos(param.Pos), "array parameters are not supported")
			ok = false
			continue
		}
		if what, shared := g.c.readsShared(v.e); shared {
			g.c.errorf(pos(args[i].Pos), "argument to %s must not read %s; copy it into a local first", name, what)
			ok = false
			continue
		}
		if !g.c.argFits(name, param.Name, args[i], v, t) {
			ok = false
			continue
		}
		if !v.konst {
			v.t = t
		}
		psc.names[param.Name] = &symbol{kind: symParam, name: param.Name, pos: pos(param.Pos), what: "parameter", arg: v}
	}
	return psc, ok
}

// inlineBody lowers a procedure's body in place, in the scope psc that binds
// its parameters; its return statements jump to the end of the body.
func (g *gen) inlineBody(proc *syntax.Proc, name string, psc *scope) {
	g.procs = append(g.procs, name)
	loops := g.loops
	g.loops = nil
	g.returns = append(g.returns, nil)
	g.block(proc.Body, psc)
	g.patch(g.returns[len(g.returns)-1], len(g.nodes))
	g.returns = g.returns[:len(g.returns)-1]
	g.loops = loops
	g.procs = g.procs[:len(g.procs)-1]
}

// argFits checks an argument against its parameter's type.
func (c *compiler) argFits(proc, param string, x *syntax.Expr, v value, t typ) bool {
	p := pos(x.Pos)
	switch {
	case v.t.bool != t.bool:
		c.errorf(p, "cannot use %s as %s argument %s of %s", v.t, t, param, proc)
		return false
	case t.bool:
		return true
	case v.konst && (v.val < t.lo || v.val > t.hi):
		c.errorf(p, "argument %d is out of range %d..%d of parameter %s of %s", v.val, t.lo, t.hi, param, proc)
		return false
	case !v.konst && (v.t.lo < t.lo || v.t.hi > t.hi):
		c.errorf(p, "argument %s (%d..%d) does not fit parameter %s of %s (%d..%d)", x.Text, v.t.lo, v.t.hi, param, proc, t.lo, t.hi)
		return false
	}
	return true
}

// readsShared reports whether e reads state that other processes can change
// (a shared variable, a semaphore, where processes are), and describes the
// first such read.
func (c *compiler) readsShared(e *ir.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	switch e.Op {
	case ir.OpLoad, ir.OpMaxArray:
		if e.Var >= 0 && e.Var < len(c.prog.Vars) && c.prog.Vars[e.Var].Owner < 0 {
			return "shared variable " + c.prog.Vars[e.Var].Name, true
		}
	case ir.OpSemValue:
		return "semaphore " + c.prog.Sems[e.Var].Name, true
	case ir.OpLen:
		return "channel " + c.prog.Chans[e.Var].Name, true
	case ir.OpAt, ir.OpCount:
		return "where processes are (region " + c.prog.Regions[e.Region].Name + ")", true
	}
	for _, list := range [][]*ir.Expr{e.Index, e.Args} {
		for _, a := range list {
			if name, ok := c.readsShared(a); ok {
				return name, true
			}
		}
	}
	return "", false
}

// checkProc checks a procedure that no process calls, so that its errors are
// reported too: its body is lowered once with each parameter an unknown value
// of its type, and the result is thrown away.
func (c *compiler) checkProc(proc *syntax.Proc) {
	c.checkBody(proc, proc.Name, nil)
}

// checkBody checks the body of procedure proc (named name; of monitor mon
// unless nil) as checkProc does.
func (c *compiler) checkBody(proc *syntax.Proc, name string, mon *monitorInfo) {
	c.checkedProcs[name] = true
	nvars := len(c.prog.Vars)
	defer func() { c.prog.Vars = c.prog.Vars[:nvars] }()
	g := &gen{c: c, owner: 0, locals: map[*syntax.Name]*symbol{}, returns: [][]int{nil}, procs: []string{name}, monitor: mon}
	outer := c.global
	if mon != nil {
		outer = mon.scope
	}
	psc := newScope(outer)
	for _, param := range proc.Params {
		t, ok := c.typeOf(param.Type, c.global)
		if !ok {
			t = intType
		}
		if t.dims != nil {
			c.errorf(pos(param.Pos), "array parameters are not supported")
			t.dims = nil
		}
		psc.names[param.Name] = &symbol{kind: symParam, name: param.Name, pos: pos(param.Pos), what: "parameter",
			arg: value{e: &ir.Expr{Op: ir.OpConst, Value: int32(defaultValue(t)), Pos: pos(param.Pos)}, t: t}}
	}
	g.block(proc.Body, psc)
}
