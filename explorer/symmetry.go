package explorer

import (
	"fmt"
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// Symmetry reduction (LANGUAGE.md §6 keeps its meaning: a reduced search
// decides the same safety checks as a full one).
//
// The instances of a process array `process P[i in 0..N-1]` are
// interchangeable when permuting their indices maps every run to a run and
// leaves every selected check unchanged. On the lowered program the index is a
// constant folded into each instance's code, so the arrays are found by
// comparing the instances' code: it must be the same but for constants that
// are the instance's own index in every instance (the uses of i). Each such
// use must be the only index of a shared one-dimensional array of N elements,
// and such an array must be indexed by i alone wherever the code reads or
// writes it. Then a permutation of the instances moves each instance's program
// counter, block status and locals, the elements of those arrays, and renames
// the process numbers that mutex owners and process queues hold. Anything else
// — i in arithmetic or a comparison, i stored, as the index of a semaphore or
// channel, a named instance P[0] in code, store buffers (TSO, PSO) — leaves
// the array unreduced, with the reason.

// Symmetry is the set of interchangeable process arrays of a program, found by
// NewSymmetry. It is immutable; each searching goroutine uses its own Canon.
type Symmetry struct {
	size   int
	procs  int
	groups []symGroup
	// pidBytes are the offsets of the bytes that hold 0 or 1 + a process
	// number: mutex owners and process queues.
	pidBytes []int
}

// symGroup is one reduced process array: processes base..base+n-1.
type symGroup struct {
	name    string
	base, n int
	// fields are the parts of a state that belong to one instance: instance
	// k's bytes of field f are [f.off+k*f.stride, +f.width).
	fields []symField
}

type symField struct{ off, stride, width int }

// Groups names the reduced arrays, as "P[0..3]", in process order.
func (s *Symmetry) Groups() []string {
	var out []string
	for _, g := range s.groups {
		out = append(out, fmt.Sprintf("%s[0..%d]", g.name, g.n-1))
	}
	return out
}

// Representative is the first process of the reduced array process p
// belongs to, p itself when it belongs to none: interchangeable processes
// have the same runs up to a renaming, so a question asked of each in turn
// has the same answer for all of them as for their representative.
func (s *Symmetry) Representative(p int) int {
	for _, g := range s.groups {
		if p >= g.base && p < g.base+g.n {
			return g.base
		}
	}
	return p
}

// NewSymmetry finds m's interchangeable process arrays for the given checks
// (the selected ones). It returns nil when there is none, and a reason for
// each array left unreduced ("symmetry: P uses i in arithmetic at line 12").
func NewSymmetry(m *Machine, checks []*ir.Check) (*Symmetry, []string) {
	p := m.prog
	if p.Memory != ir.SC {
		return nil, []string{"symmetry: not applied under " + p.Memory.Upper() + " (store buffers)"}
	}
	d := &symDetect{m: m, p: p, owner: map[int]int{}}
	d.locals()
	s := &Symmetry{size: m.lay.size, procs: m.lay.procs}
	var reasons []string
	arrays := 0
	for base := 0; base < len(p.Processes); {
		n := 1
		for base+n < len(p.Processes) && p.Processes[base+n].Name == p.Processes[base].Name && p.Processes[base].Index >= 0 {
			n++
		}
		if p.Processes[base].Index >= 0 && n >= 2 {
			arrays++
			g, why := d.group(base, n, checks)
			if why != "" {
				reasons = append(reasons, "symmetry: "+why)
			} else {
				s.groups = append(s.groups, *g)
			}
		}
		base += n
	}
	if arrays == 0 {
		return nil, []string{"symmetry: no array of two or more processes"}
	}
	if len(s.groups) == 0 {
		return nil, reasons
	}
	l := m.lay
	s.pidBytes = append(s.pidBytes, l.mutexOff...)
	for _, offs := range [][]int{l.fifoOff, l.condOff, l.urgentOff} {
		for _, o := range offs {
			for k := 0; o >= 0 && k < l.procs; k++ {
				s.pidBytes = append(s.pidBytes, o+k)
			}
		}
	}
	return s, reasons
}

// symDetect holds what the search for symmetric arrays needs.
type symDetect struct {
	m *Machine
	p *ir.Program
	// localPos[v] is the position of local v among its owner's locals, -1 for
	// a shared variable; owner maps a process to the index of its first local.
	localPos []int
	owner    map[int]int
}

func (d *symDetect) locals() {
	count := map[int]int{}
	for i, v := range d.p.Vars {
		if v.Owner < 0 {
			d.localPos = append(d.localPos, -1)
			continue
		}
		if _, ok := d.owner[v.Owner]; !ok {
			d.owner[v.Owner] = i
		}
		d.localPos = append(d.localPos, count[v.Owner])
		count[v.Owner]++
	}
}

// constUse is what a constant of instance 0's code is across the instances.
type constUse struct{ same, index bool }

// group decides whether processes base..base+n-1 are interchangeable; the
// reason when they are not.
func (d *symDetect) group(base, n int, checks []*ir.Check) (*symGroup, string) {
	p := d.p
	first := p.Processes[base]
	name := first.Name
	for k := range n {
		if p.Processes[base+k].Index != k {
			return nil, fmt.Sprintf("%s's indices do not run from 0", name)
		}
	}
	consts := map[*ir.Expr]*constUse{}
	for k := 1; k < n; k++ {
		c := &codeCmp{d: d, base: base, k: k, consts: consts}
		if !c.code(first.Code, p.Processes[base+k].Code) {
			return nil, fmt.Sprintf("%s[%d]'s code differs from %s[0]'s at line %d", name, k, name, c.at.Line)
		}
	}
	for _, reg := range p.Regions {
		for k := 1; k < n; k++ {
			if !equalInts(pcsOf(reg, base), pcsOf(reg, base+k)) {
				return nil, fmt.Sprintf("region %s differs between %s[0] and %s[%d]", reg.Name, name, name, k)
			}
		}
	}
	u := &iUse{d: d, g: name, base: base, n: n, consts: consts, arrays: map[int]bool{}}
	for _, in := range first.Code {
		eachSite(in, u.site)
		if u.why != "" {
			return nil, u.why
		}
	}
	// Every access to an array indexed by i must be by i, in every process.
	for q, proc := range p.Processes {
		member := q >= base && q < base+n
		if member && q != base {
			continue
		}
		a := &arrayUse{u: u, member: member, proc: proc}
		for _, in := range proc.Code {
			eachSite(in, a.site)
			if u.why != "" {
				return nil, u.why
			}
		}
	}
	for _, c := range checks {
		for _, e := range []*ir.Expr{c.Expr, c.Goal} {
			if e != nil && !u.symmetricExpr(e) {
				return nil, fmt.Sprintf("check %s names instances of %s at line %d", c.Name, name, c.Pos.Line)
			}
		}
	}
	g := &symGroup{name: name, base: base, n: n}
	if w := d.m.lay.procBytes; w > 0 {
		g.fields = append(g.fields, symField{off: w * base, stride: w, width: w})
	}
	if why := d.localField(g); why != "" {
		return nil, why
	}
	for v := range d.p.Vars {
		if u.arrays[v] {
			sl := &d.m.lay.vars[v]
			g.fields = append(g.fields, symField{off: sl.off, stride: sl.width, width: sl.width})
		}
	}
	return g, ""
}

// localField adds the instances' locals to g: one field when they are laid
// out alike, one instance after the other.
func (d *symDetect) localField(g *symGroup) string {
	lay := d.m.lay
	var start []int
	var size []int
	i0 := d.owner[g.base]
	for k := range g.n {
		i, ok := d.owner[g.base+k]
		if !ok {
			start, size = append(start, 0), append(size, 0)
			continue
		}
		w := 0
		for j := i; j < len(lay.vars) && lay.vars[j].v.Owner == g.base+k; j++ {
			w += lay.vars[j].width * lay.vars[j].n
			a, b := d.p.Vars[j], d.p.Vars[i0+(j-i)]
			if a.Init != b.Init || a.Elem != b.Elem || !equalInts(a.Dims, b.Dims) {
				return fmt.Sprintf("the locals of %s[%d] differ from those of %s[0]", g.name, k, g.name)
			}
		}
		start, size = append(start, lay.vars[i].off), append(size, w)
	}
	if size[0] == 0 {
		return ""
	}
	for k := range g.n {
		if size[k] != size[0] || start[k] != start[0]+k*size[0] {
			return fmt.Sprintf("the locals of %s are not laid out alike", g.name)
		}
	}
	g.fields = append(g.fields, symField{off: start[0], stride: size[0], width: size[0]})
	return ""
}

func pcsOf(r *ir.Region, p int) []int {
	if p < len(r.PCs) {
		return r.PCs[p]
	}
	return nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// siteKind tells where an expression sits in an instruction.
type siteKind uint8

const (
	siteValue siteKind = iota // a value (assigned, tested, sent)
	siteSync                  // the index of a semaphore, mutex, condition or channel
)

// eachSite calls f with every expression root of in, and every variable
// reference (as a load-like Expr is not available for a Ref, f gets the Ref).
func eachSite(in *ir.Instr, f func(e *ir.Expr, r *ir.Ref, k siteKind, what string)) {
	ref := func(r *ir.Ref) {
		if r != nil {
			f(nil, r, siteValue, "")
		}
	}
	val := func(e *ir.Expr) {
		if e != nil {
			f(e, nil, siteValue, "")
		}
	}
	sync := func(r *ir.SyncRef, what string) {
		if r == nil {
			return
		}
		for _, e := range r.Index {
			f(e, nil, siteSync, what)
		}
	}
	ref(in.Target)
	val(in.Value)
	val(in.Cond)
	if in.RMW != nil {
		ref(in.RMW.Loc)
		for _, a := range in.RMW.Args {
			val(a)
		}
	}
	sync(in.Sync, "a semaphore, mutex or condition")
	sync(in.Lock, "a mutex")
	sync(in.Chan, "a channel")
	for _, e := range in.Values {
		val(e)
	}
	for _, r := range in.Targets {
		ref(r)
	}
	for _, c := range in.Cases {
		sync(c.Chan, "a channel")
		for _, e := range c.Values {
			val(e)
		}
		for _, r := range c.Targets {
			ref(r)
		}
	}
	val(in.Proc)
}

// iUse checks the uses of i in instance 0's code and collects the arrays it
// indexes.
type iUse struct {
	d       *symDetect
	g       string
	base, n int
	consts  map[*ir.Expr]*constUse
	arrays  map[int]bool
	why     string
}

func (u *iUse) fail(line int, format string, args ...any) {
	if u.why == "" {
		u.why = fmt.Sprintf("%s %s at line %d", u.g, fmt.Sprintf(format, args...), line)
	}
}

// isI reports whether e is a use of i; a constant that differs between the
// instances otherwise is i in arithmetic.
func (u *iUse) isI(e *ir.Expr) bool {
	c := u.consts[e]
	if c == nil || c.same {
		return false
	}
	if !c.index {
		u.fail(e.Pos.Line, "uses i in arithmetic or a comparison")
	}
	return true
}

// procArray reports whether v can be an array indexed by the instances.
func (u *iUse) procArray(v int) bool {
	x := u.d.p.Vars[v]
	return x.Owner < 0 && len(x.Dims) == 1 && x.Dims[0] == u.n
}

func (u *iUse) site(e *ir.Expr, r *ir.Ref, k siteKind, what string) {
	if r != nil {
		u.index(r.Var, r.Index, r.Pos.Line)
		return
	}
	if k == siteSync && u.isI(e) {
		u.fail(e.Pos.Line, "uses i as the index of %s", what)
		return
	}
	u.expr(e, "as a value")
}

// index checks the indexes of variable v.
func (u *iUse) index(v int, idx []*ir.Expr, line int) {
	if len(idx) == 1 && u.isI(idx[0]) {
		if !u.procArray(v) {
			u.fail(line, "uses i as the index of %s, which is not a shared array of %d elements", u.d.p.Vars[v].Name, u.n)
			return
		}
		u.arrays[v] = true
		return
	}
	for _, e := range idx {
		u.expr(e, "as an index")
	}
}

func (u *iUse) expr(e *ir.Expr, ctx string) {
	if u.isI(e) {
		u.fail(e.Pos.Line, "uses i %s", ctx)
		return
	}
	switch e.Op {
	case ir.OpLoad:
		u.index(e.Var, e.Index, e.Pos.Line)
		return
	case ir.OpSemValue, ir.OpLen:
		for _, x := range e.Index {
			if u.isI(x) {
				u.fail(x.Pos.Line, "uses i as the index of %s", "a semaphore or channel")
			} else {
				u.expr(x, "as an index")
			}
		}
		return
	case ir.OpProc:
		if e.ProcBase <= u.base+u.n-1 && u.base <= e.ProcBase+e.ProcCount-1 {
			u.fail(e.Pos.Line, "names an instance of %s", u.g)
			return
		}
	}
	ctx = "as a value"
	switch e.Op {
	case ir.OpAdd, ir.OpSub, ir.OpMul, ir.OpDiv, ir.OpMod, ir.OpNeg, ir.OpMin, ir.OpMax:
		ctx = "in arithmetic"
	case ir.OpEq, ir.OpNe, ir.OpLt, ir.OpLe, ir.OpGt, ir.OpGe:
		ctx = "in a comparison"
	case ir.OpProc:
		ctx = "to name a process"
	}
	for _, a := range e.Args {
		u.expr(a, ctx)
	}
}

// arrayUse checks that the arrays indexed by i are indexed by i everywhere,
// and that no process names an instance.
type arrayUse struct {
	u      *iUse
	member bool
	proc   *ir.Process
}

func (a *arrayUse) site(e *ir.Expr, r *ir.Ref, _ siteKind, _ string) {
	if r != nil {
		a.index(r.Var, r.Index, r.Pos.Line)
		return
	}
	a.expr(e)
}

func (a *arrayUse) index(v int, idx []*ir.Expr, line int) {
	u := a.u
	if u.arrays[v] && (!a.member || len(idx) != 1 || !u.isI(idx[0])) {
		u.fail(line, "indexes %s by i, but %s indexes it otherwise", u.d.p.Vars[v].Name, a.proc.Display)
		return
	}
	for _, e := range idx {
		a.expr(e)
	}
}

func (a *arrayUse) expr(e *ir.Expr) {
	u := a.u
	switch e.Op {
	case ir.OpLoad:
		a.index(e.Var, e.Index, e.Pos.Line)
		return
	case ir.OpProc:
		if e.ProcBase <= u.base+u.n-1 && u.base <= e.ProcBase+e.ProcCount-1 {
			u.fail(e.Pos.Line, "is named by %s", a.proc.Display)
			return
		}
	}
	for _, x := range e.Index {
		a.expr(x)
	}
	for _, x := range e.Args {
		a.expr(x)
	}
}

// symmetricExpr reports whether a check's expression is unchanged by every
// permutation of the instances: by each swap of neighbours, which generate
// them all, up to the order of the operands of commutative operators.
func (u *iUse) symmetricExpr(e *ir.Expr) bool {
	perm := make([]int, u.n)
	for i := range perm {
		perm[i] = i
	}
	id, ok := u.key(e, perm)
	if !ok {
		return false
	}
	for a := 0; a+1 < u.n; a++ {
		perm[a], perm[a+1] = perm[a+1], perm[a]
		k, ok := u.key(e, perm)
		perm[a], perm[a+1] = perm[a+1], perm[a]
		if !ok || k != id {
			return false
		}
	}
	return true
}

// key renders e with the instances renamed by perm, the operands of
// commutative operators sorted; false when e refers to the instances in a way
// that a renaming cannot follow.
func (u *iUse) key(e *ir.Expr, perm []int) (string, bool) {
	d := u.d
	inst := func(x *ir.Expr) (int, bool) {
		if x.Op != ir.OpConst || x.Value < 0 || int(x.Value) >= u.n {
			return 0, false
		}
		return perm[x.Value], true
	}
	var parts []string
	add := func(x *ir.Expr) bool {
		k, ok := u.key(x, perm)
		parts = append(parts, k)
		return ok
	}
	head := fmt.Sprintf("%d", e.Op)
	switch e.Op {
	case ir.OpConst:
		return fmt.Sprintf("c%d", e.Value), true
	case ir.OpLoad:
		v := d.p.Vars[e.Var]
		if u.arrays[e.Var] {
			k, ok := inst(e.Index[0])
			return fmt.Sprintf("a%d[%d]", e.Var, k), ok
		}
		head = fmt.Sprintf("v%d", e.Var)
		if v.Owner >= u.base && v.Owner < u.base+u.n {
			head = fmt.Sprintf("l%d.%d", perm[v.Owner-u.base], d.localPos[e.Var])
		}
		for _, x := range e.Index {
			if !add(x) {
				return "", false
			}
		}
		return head + "[" + strings.Join(parts, ",") + "]", true
	case ir.OpMaxArray:
		return fmt.Sprintf("m%d", e.Var), !(d.p.Vars[e.Var].Owner >= u.base && d.p.Vars[e.Var].Owner < u.base+u.n)
	case ir.OpProc:
		if e.ProcBase <= u.base+u.n-1 && u.base <= e.ProcBase+e.ProcCount-1 {
			if e.ProcBase != u.base || e.ProcCount != u.n {
				return "", false
			}
			k, ok := inst(e.Args[0])
			return fmt.Sprintf("p%d", k), ok
		}
	case ir.OpAt, ir.OpCount:
		head = fmt.Sprintf("%d@%d", e.Op, e.Region)
	}
	for _, x := range e.Index {
		if !add(x) {
			return "", false
		}
	}
	head += "["
	args := e.Args
	switch e.Op {
	case ir.OpAnd, ir.OpOr, ir.OpAdd, ir.OpMul, ir.OpMin, ir.OpMax:
		args = chain(e, e.Op, nil)
	}
	for _, x := range args {
		if !add(x) {
			return "", false
		}
	}
	switch e.Op {
	case ir.OpAnd, ir.OpOr, ir.OpEq, ir.OpNe, ir.OpAdd, ir.OpMul, ir.OpMin, ir.OpMax:
		sortStrings(parts)
	}
	return head + strings.Join(parts, ",") + "]", true
}

// chain appends the operands of a chain of op, an associative operator, to
// out.
func chain(e *ir.Expr, op ir.ExprOp, out []*ir.Expr) []*ir.Expr {
	if e.Op != op {
		return append(out, e)
	}
	for _, a := range e.Args {
		out = chain(a, op, out)
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
