package lang

import (
	"strings"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// Monitors and condition variables. A call M.f(args) is lowered to one
// entering step (OpLock of M's lock, its text the call), the procedure's body
// inlined with M's names in scope, and one leaving step (OpUnlock, text
// "leave M.f") that every return of the body jumps to. A call from one of M's
// procedures to another is the body alone: the monitor is held already. Inside, wait(c) is an
// OpWait on c with M's lock; under Mesa semantics it is followed by a
// compiler-generated OpLock of the lock, the re-entry, and under Hoare
// semantics by what follows the wait. A pthreads-style wait(c, m) is an OpWait
// followed by the re-entry OpLock of m.

// reentry is how a wait's re-entry lock blocks: the wait before it is
// already reported where blocking is not allowed, so the lock is not again.
const reentry = neverBlocks

// monitorCall lowers a call of monitor procedure sym from a process.
func (g *gen) monitorCall(sym *symbol, args []*syntax.Expr, p source.Pos, text string, sc *scope) {
	mi := sym.mon
	name := mi.name + "." + sym.proc.Name
	if g.monitor != nil && g.monitor != mi {
		g.c.errorf(p, "call to %s inside monitor %s: a monitor procedure cannot call into another monitor", name, g.monitor.name)
		return
	}
	psc, ok := g.bindParams(sym.proc, name, args, p, sc, mi.scope)
	if !ok {
		return
	}
	if g.monitor == mi {
		// A call between procedures of the same monitor: the caller holds the
		// monitor already, so the body is inlined with no entering or leaving
		// step (Silberschatz's test(k) in the dining philosophers).
		g.inlineBody(sym.proc, name, psc)
		return
	}
	lock := func() *ir.SyncRef { return &ir.SyncRef{Obj: mi.mutex, Pos: p} }
	g.step(&ir.Instr{Op: ir.OpLock, Pos: p, Text: text, Sync: lock()}, mayBlock)
	g.monitor = mi
	g.inlineBody(sym.proc, name, psc)
	g.monitor = nil
	g.step(&ir.Instr{Op: ir.OpUnlock, Pos: pos(sym.proc.Body.Pos), Text: "leave " + name, Sync: lock()}, neverBlocks)
}

// checkMonitorProc checks a monitor procedure that no process calls.
func (c *compiler) checkMonitorProc(mi *monitorInfo, proc *syntax.Proc) {
	c.checkBody(proc, mi.name+"."+proc.Name, mi)
}

// condOp lowers wait(c), wait(c, m), signal(c) and broadcast(c).
func (g *gen) condOp(op string, args []*syntax.Expr, p source.Pos, text string, sc *scope) {
	if op == "wait" && len(args) != 1 && len(args) != 2 || op != "wait" && len(args) != 1 {
		want := "1"
		if op == "wait" {
			want = "1 (in a monitor) or 2"
		}
		g.c.errorf(p, "wrong number of arguments to %s: got %d, want %s", op, len(args), want)
		return
	}
	if g.semaphoreAsCond(op, args, p, sc) {
		return
	}
	ref, _, ok := g.sync(args[0], sc, symCond)
	if !ok {
		return
	}
	cond := g.c.prog.Conds[ref.Obj]
	if op != "wait" {
		b := neverBlocks
		if cond.Monitor >= 0 && g.c.prog.Mutexes[cond.Monitor].Hoare {
			if op == "broadcast" {
				g.c.errorf(p, "broadcast is not allowed in Hoare monitor %s; signal each waiter", g.c.prog.Mutexes[cond.Monitor].Name)
				return
			}
			b = mayBlock // the signaller waits in the urgent queue
		}
		irOp := ir.OpSignal
		if op == "broadcast" {
			irOp = ir.OpBroadcast
		}
		g.step(&ir.Instr{Op: irOp, Pos: p, Text: text, Sync: ref}, b)
		return
	}
	if len(args) == 1 {
		switch {
		case g.monitor == nil:
			g.c.errorf(p, "wait(%s) outside a monitor; write wait(%s, m) with the mutex m", args[0].Text, args[0].Text)
			return
		case cond.Monitor != g.monitor.mutex:
			g.c.errorf(p, "%s is not a condition variable of monitor %s", args[0].Text, g.monitor.name)
			return
		}
		mi := g.monitor
		g.step(&ir.Instr{Op: ir.OpWait, Pos: p, Text: text, Sync: ref, Lock: &ir.SyncRef{Obj: mi.mutex, Pos: p}}, mayBlock)
		if !mi.hoare {
			g.step(&ir.Instr{Op: ir.OpLock, Pos: p, Text: "re-enter " + mi.name + " after " + text, Sync: &ir.SyncRef{Obj: mi.mutex, Pos: p}}, reentry)
		}
		return
	}
	if cond.Monitor >= 0 {
		g.c.errorf(p, "%s belongs to monitor %s: write wait(%s)", args[0].Text, g.c.prog.Mutexes[cond.Monitor].Name, args[0].Text)
		return
	}
	m, _, ok := g.sync(args[1], sc, symMutex)
	if !ok {
		return
	}
	if g.c.prog.Mutexes[m.Obj].Monitor != "" {
		g.c.errorf(pos(args[1].Pos), "%s is a monitor, not a mutex", args[1].Text)
		return
	}
	g.step(&ir.Instr{Op: ir.OpWait, Pos: p, Text: text, Sync: ref, Lock: m}, mayBlock)
	again := *m
	g.step(&ir.Instr{Op: ir.OpLock, Pos: p, Text: "lock(" + args[1].Text + ") after " + text, Sync: &again}, reentry)
}

// undefined is the message for an undefined name; a qualified name M.x says
// what M lacks.
func (c *compiler) undefined(name string) string {
	m, member, ok := strings.Cut(name, ".")
	if !ok {
		return "undefined: " + name
	}
	sym := c.global.lookup(m)
	switch {
	case sym == nil:
		return "undefined: " + m
	case sym.kind != symMonitor:
		return m + " is a " + sym.what + ", not a monitor"
	}
	for _, p := range sym.mon.procs {
		if p.Name == member {
			return "undefined: " + name
		}
	}
	if s := sym.mon.scope.names[member]; s != nil {
		return s.what + " " + member + " of monitor " + m + " is not visible outside it"
	}
	return "undefined: " + name + " (monitor " + m + " has no " + member + ")"
}

// doorwayView returns code as the doorway analysis must see it: entering a
// monitor is a lock that, unlike a plain lock, stops the implicit doorway
// (LANGUAGE.md section 5), so it is shown there as a step that may be
// disabled. Only the copy is changed.
func (c *compiler) doorwayView(code []*ir.Instr) []*ir.Instr {
	view := code
	for pc, in := range code {
		if in.Op != ir.OpLock || in.Sync == nil || c.prog.Mutexes[in.Sync.Obj].Monitor == "" {
			continue
		}
		if &view[0] == &code[0] {
			view = append([]*ir.Instr(nil), code...)
		}
		stop := *in
		stop.Op = ir.OpAwait
		view[pc] = &stop
	}
	return view
}
