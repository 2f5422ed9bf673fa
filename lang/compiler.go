package lang

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// Limits that keep a model's compiled form within what the engine accepts.
const (
	maxElements  = 1 << 20 // elements of one array
	maxInstances = 254     // process instances: the engine's MaxProcesses
	maxUnroll    = 4096    // iterations of one for loop or quantifier
	maxCode      = 0xffff  // instructions of one process
	maxExpansion = 1 << 18 // terms of all forall and exists expansions
)

// compiler holds the state of one compilation.
type compiler struct {
	file   string
	opts   Options
	errs   source.Errors
	prog   *ir.Program
	global *scope
	// processes are the process declarations, with their instances' place.
	processes []*processInfo
	// regions maps a region name to its index in prog.Regions.
	regions map[string]int
	// critical is the critical region's index, or -1 without one.
	critical int
	// end, noncrit, trying and waiting are the built-in regions' indices.
	end, noncrit, trying, waiting int
	// instances describes each process instance once lowered.
	instances []*instance
	// expanded counts the terms of forall and exists expansions so far;
	// tooMuch is set once maxExpansion is passed.
	expanded int64
	tooMuch  bool
	// checkedProcs names the procedures already lowered or checked.
	checkedProcs map[string]bool
	// assignment is the harness's extern procedures; nil for a plain model.
	assignment *assignment
	// inChecks is set while the check declarations are lowered: only their
	// expressions may read a process's local variables.
	inChecks bool
}

// processInfo is a process declaration and where its instances sit in
// Program.Processes.
type processInfo struct {
	decl  *syntax.Process
	base  int
	count int
	lo    int64
	array bool
}

// instance records what the phase analysis and the checks need to know about
// one lowered process instance.
type instance struct {
	info           *processInfo
	hasCritical    bool
	hasNoncritical bool
}

func pos(p lexer.Position) source.Pos { return syntax.Position(p) }

func (c *compiler) errorf(p source.Pos, format string, args ...any) {
	if !p.IsValid() {
		p = source.Pos{File: c.file, Line: 1, Col: 1}
	}
	c.errs.Add(p, format, args...)
}

// define adds a symbol to sc, reporting a redeclaration.
func (c *compiler) define(sc *scope, sym *symbol) {
	if prev, ok := sc.names[sym.name]; ok {
		c.errorf(sym.pos, "%s redeclared (previous declaration at %d:%d)", sym.name, prev.pos.Line, prev.pos.Col)
		return
	}
	sc.names[sym.name] = sym
}

// checkName reports a keyword used to introduce a name where only plain
// identifiers are allowed.
func (c *compiler) checkName(name string, p source.Pos) {
	if syntax.IsKeyword(name) {
		c.errorf(p, "cannot use keyword %s as a name", name)
	}
}

// compile runs every phase after parsing.
func (c *compiler) compile(f *syntax.File) {
	c.prog = &ir.Program{File: c.file, Name: strings.TrimSuffix(filepath.Base(c.file), filepath.Ext(c.file))}
	c.global = newScope(nil)
	c.regions = map[string]int{}
	c.critical = -1
	c.checkedProcs = map[string]bool{}
	c.declare(f)
	if len(c.processes) == 0 && len(c.errs) == 0 {
		c.errorf(source.Pos{File: c.file, Line: 1, Col: 1}, "no process: a model needs at least one process")
	}
	c.matchExterns()
	c.collectRegions(f)
	for _, info := range c.processes {
		c.lowerProcess(info)
	}
	for _, d := range f.Decls {
		if d.Proc != nil && !c.checkedProcs[d.Proc.Name] {
			c.checkProc(d.Proc)
		}
		if d.Monitor != nil {
			if sym := c.global.names[d.Monitor.Name.Name]; sym != nil && sym.kind == symMonitor {
				for _, p := range sym.mon.procs {
					if !c.checkedProcs[sym.mon.name+"."+p.Name] {
						c.checkMonitorProc(sym.mon, p)
					}
				}
			}
		}
	}
	c.lowerChecks(f)
}

// declare enters every top-level declaration: constants first, in source
// order, then everything else.
func (c *compiler) declare(f *syntax.File) {
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if d.Const == nil {
			continue
		}
		k := d.Const
		v, ok := c.constExpr(k.Value, c.global)
		if over, has := c.opts.Consts[k.Name]; has {
			v, ok = int64(over), true
		}
		declared[k.Name] = true
		if !ok {
			v = 0
		}
		c.define(c.global, &symbol{kind: symConst, name: k.Name, pos: pos(k.Pos), what: "constant", val: v})
		c.prog.Consts = append(c.prog.Consts, ir.Const{Name: k.Name, Value: int32(v), Pos: pos(k.Pos)})
	}
	var names []string
	for name := range c.opts.Consts {
		if !declared[name] {
			names = append(names, name)
		}
	}
	for _, name := range sortedStrings(names) {
		c.errorf(source.Pos{}, "-D %s: the model declares no constant %s", name, name)
	}
	seenModel, seenFair, seenMemory := false, false, false
	for _, d := range f.Decls {
		switch {
		case d.Model != nil:
			if seenModel {
				c.errorf(pos(d.Model.Pos), "model name given twice")
			}
			seenModel = true
			c.prog.Name = d.Model.Name
		case d.Var != nil:
			c.declareVars(d.Var, c.global, -1, "")
		case d.Sem != nil:
			c.declareSem(d.Sem)
		case d.Mutex != nil:
			for _, n := range d.Mutex.Names {
				dims := c.dims(n.Dims, c.global)
				c.define(c.global, &symbol{kind: symMutex, name: n.Name, pos: pos(n.Pos), what: "mutex", obj: len(c.prog.Mutexes)})
				c.prog.Mutexes = append(c.prog.Mutexes, &ir.Mutex{Name: n.Name, Dims: dims, Pos: pos(n.Pos)})
			}
		case d.Proc != nil:
			c.define(c.global, &symbol{kind: symProc, name: d.Proc.Name, pos: pos(d.Proc.Pos), what: "procedure", proc: d.Proc})
			c.checkParams(d.Proc)
		case d.Cond != nil:
			c.declareCond(d.Cond, c.global, -1, "")
		case d.Chan != nil:
			c.declareChan(d.Chan)
		case d.Monitor != nil:
			c.declareMonitor(d.Monitor)
		case d.Process != nil:
			c.declareProcess(d.Process)
		case d.Fairness != nil:
			if seenFair {
				c.errorf(pos(d.Fairness.Pos), "fairness given twice")
			}
			seenFair = true
			switch d.Fairness.Kind {
			case "weak":
				c.prog.Fairness = ir.FairWeak
			case "strong":
				c.prog.Fairness = ir.FairStrong
			case "none":
				c.prog.Fairness = ir.FairNone
			default:
				c.errorf(pos(d.Fairness.Pos), "unknown fairness %s; want weak, strong or none", d.Fairness.Kind)
			}
		case d.Memory != nil:
			if seenMemory {
				c.errorf(pos(d.Memory.Pos), "memory given twice")
			}
			seenMemory = true
			mem, ok := ir.ParseMemory(d.Memory.Kind)
			if !ok {
				c.errorf(pos(d.Memory.Pos), "unknown memory model %s; want sc, tso or pso", d.Memory.Kind)
			}
			c.prog.Memory = mem
		case d.Unsupported != nil:
			c.errorf(pos(d.Pos), "%s", unsupported(d.Unsupported.Keyword))
		}
	}
}

// unsupported is the message for a construct of the language that the front
// end does not compile yet.
func unsupported(keyword string) string {
	switch keyword {
	case "extern":
		return "want extern proc NAME(PARAMETERS)"
	}
	return keyword + " is not supported yet"
}

// declareVars enters a var declaration, shared (owner -1) or local to a
// process instance; prefix is prepended to local names of procedures ("f.").
func (c *compiler) declareVars(v *syntax.Var, sc *scope, owner int, prefix string) {
	t, ok := c.typeOf(v.Type, c.global)
	init := int64(0)
	if ok {
		init = defaultValue(t)
		if v.Init != nil {
			init = c.initValue(v.Init, t, sc, v.Names[0].Name)
		}
	}
	for _, n := range v.Names {
		sym := &symbol{kind: symVar, name: n.Name, pos: pos(n.Pos), what: "variable", obj: len(c.prog.Vars)}
		c.define(sc, sym)
		if !ok {
			t = intType
		}
		c.prog.Vars = append(c.prog.Vars, &ir.Var{Name: prefix + n.Name, Owner: owner, Dims: t.dims, Elem: t.irType(), Init: int32(init), Pos: pos(n.Pos)})
	}
}

// defaultValue is a variable's value without initializer: false, 0, or the
// lowest value of a range that excludes 0.
func defaultValue(t typ) int64 {
	if t.lo <= 0 && 0 <= t.hi {
		return 0
	}
	return t.lo
}

// initValue checks a constant initializer against the element type.
func (c *compiler) initValue(x *syntax.Expr, t typ, sc *scope, name string) int64 {
	v := c.expr(x, sc)
	if !v.ok() {
		return defaultValue(t)
	}
	if v.t.dims != nil || v.t.bool != t.bool {
		c.errorf(pos(x.Pos), "cannot use %s as initial value of %s variable %s", v.t, t, name)
		return defaultValue(t)
	}
	if !v.konst {
		c.errorf(pos(x.Pos), "initial value %s is not constant", x.Text)
		return defaultValue(t)
	}
	if v.val < t.lo || v.val > t.hi {
		c.errorf(pos(x.Pos), "initial value %d is out of range %d..%d", v.val, t.lo, t.hi)
		return defaultValue(t)
	}
	return v.val
}

func (c *compiler) declareSem(s *syntax.Sem) {
	kind := ir.SemWeak
	switch s.Kind {
	case "fifo":
		kind = ir.SemFifo
	case "busy":
		kind = ir.SemBusy
	}
	init, ok := c.constExpr(s.Init, c.global)
	if ok && (init < 0 || init > 0xffff) {
		c.errorf(pos(s.Init.Pos), "semaphore initial value %d is out of range 0..65535", init)
		init = 0
	}
	if !ok {
		init = 0
	}
	for _, n := range s.Names {
		dims := c.dims(n.Dims, c.global)
		c.define(c.global, &symbol{kind: symSem, name: n.Name, pos: pos(n.Pos), what: "semaphore", obj: len(c.prog.Sems)})
		c.prog.Sems = append(c.prog.Sems, &ir.Sem{Name: n.Name, Kind: kind, Dims: dims, Init: int32(init), Pos: pos(n.Pos)})
	}
}

func (c *compiler) declareProcess(p *syntax.Process) {
	info := &processInfo{decl: p, base: len(c.prog.Processes), count: 1}
	if p.Index != nil {
		info.array = true
		c.checkName(p.Index.Name, pos(p.Index.Pos))
		lo, ok1 := c.constExpr(p.Lo, c.global)
		hi, ok2 := c.constExpr(p.Hi, c.global)
		switch {
		case !ok1 || !ok2:
			info.count = 1
		case hi < lo:
			c.errorf(pos(p.Lo.Pos), "process array %s has no instances (%d..%d)", p.Name, lo, hi)
			info.count = 1
		case hi-lo+1 > maxInstances:
			c.errorf(pos(p.Lo.Pos), "process array %s has %d instances, at most %d", p.Name, hi-lo+1, maxInstances)
			info.count = 1
		default:
			info.lo, info.count = lo, int(hi-lo+1)
		}
	}
	if len(c.prog.Processes)+info.count > maxInstances {
		c.errorf(pos(p.Pos), "too many process instances, at most %d", maxInstances)
		return
	}
	c.define(c.global, &symbol{kind: symProcess, name: p.Name, pos: pos(p.Pos), what: "process", obj: len(c.processes)})
	c.processes = append(c.processes, info)
	for k := 0; k < info.count; k++ {
		proc := &ir.Process{Name: p.Name, Display: p.Name, Index: -1, Daemon: p.Daemon, Pos: pos(p.Pos)}
		if info.array {
			proc.Index = int(info.lo) + k
			proc.Display = fmt.Sprintf("%s[%d]", p.Name, proc.Index)
		}
		c.prog.Processes = append(c.prog.Processes, proc)
	}
}

// dims evaluates array dimensions.
func (c *compiler) dims(xs []*syntax.Expr, sc *scope) []int {
	if len(xs) == 0 {
		return nil
	}
	dims := make([]int, 0, len(xs))
	total := int64(1)
	for _, x := range xs {
		n, ok := c.constExpr(x, sc)
		switch {
		case !ok:
			n = 1
		case n < 1:
			c.errorf(pos(x.Pos), "array size %d must be at least 1", n)
			n = 1
		case total*n > maxElements:
			c.errorf(pos(x.Pos), "array has more than %d elements", maxElements)
			n = 1
		}
		total *= n
		dims = append(dims, int(n))
	}
	return dims
}

// typeOf evaluates a declared type.
func (c *compiler) typeOf(t *syntax.Type, sc *scope) (typ, bool) {
	var out typ
	switch {
	case t.Basic == "bool":
		out = boolType
	case t.Basic == "int":
		out = intType
	default:
		lo, ok1 := c.constExpr(t.Lo, sc)
		hi, ok2 := c.constExpr(t.Hi, sc)
		if !ok1 || !ok2 {
			return intType, false
		}
		if lo > hi {
			c.errorf(pos(t.Lo.Pos), "empty range %d..%d", lo, hi)
			return intType, false
		}
		out = typ{lo: lo, hi: hi}
	}
	out.dims = c.dims(t.Dims, sc)
	return out, true
}

// constExpr evaluates an expression that must be a constant integer.
func (c *compiler) constExpr(x *syntax.Expr, sc *scope) (int64, bool) {
	v := c.expr(x, sc)
	if !v.ok() {
		return 0, false
	}
	if !v.konst {
		c.errorf(pos(x.Pos), "%s is not constant", x.Text)
		return 0, false
	}
	if v.t.bool {
		c.errorf(pos(x.Pos), "%s is bool, want a constant integer", x.Text)
		return 0, false
	}
	return v.val, true
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
