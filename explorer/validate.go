package explorer

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
)

// validate checks the invariants of package ir that the engine relies on, so
// that running the program can never index out of the program's tables.
func validate(p *ir.Program) error {
	v := validator{p: p}
	return v.program()
}

type validator struct {
	p *ir.Program
}

func (v *validator) program() error {
	p := v.p
	if len(p.Processes) > MaxProcesses {
		return fmt.Errorf("%d processes: the engine runs at most %d", len(p.Processes), MaxProcesses)
	}
	for i, x := range p.Vars {
		if x == nil {
			return fmt.Errorf("variable %d is missing", i)
		}
		if x.Elem.Lo > x.Elem.Hi {
			return fmt.Errorf("%s: variable %s has an empty range %d..%d", x.Pos, x.Name, x.Elem.Lo, x.Elem.Hi)
		}
		if x.Init < x.Elem.Lo || x.Init > x.Elem.Hi {
			return fmt.Errorf("%s: initial value %d of %s is out of range %d..%d", x.Pos, x.Init, x.Name, x.Elem.Lo, x.Elem.Hi)
		}
		if x.Owner < -1 || x.Owner >= len(p.Processes) {
			return fmt.Errorf("%s: variable %s has owner %d, which is not a process", x.Pos, x.Name, x.Owner)
		}
		if err := dims(x.Pos.String(), x.Name, x.Dims); err != nil {
			return err
		}
	}
	for _, s := range p.Sems {
		if s == nil {
			return fmt.Errorf("a semaphore is missing")
		}
		if s.Init < 0 || s.Init > 0xffff {
			return fmt.Errorf("%s: initial value %d of semaphore %s is out of range 0..65535", s.Pos, s.Init, s.Name)
		}
		if s.Kind > ir.SemBusy {
			return fmt.Errorf("%s: semaphore %s has an unknown kind %d", s.Pos, s.Name, s.Kind)
		}
		if err := dims(s.Pos.String(), s.Name, s.Dims); err != nil {
			return err
		}
	}
	for _, m := range p.Mutexes {
		if m == nil {
			return fmt.Errorf("a mutex is missing")
		}
		if err := dims(m.Pos.String(), m.Name, m.Dims); err != nil {
			return err
		}
	}
	for _, c := range p.Conds {
		if c == nil {
			return fmt.Errorf("a condition variable is missing")
		}
		if c.Monitor < -1 || c.Monitor >= len(p.Mutexes) {
			return fmt.Errorf("%s: condition %s belongs to monitor lock %d, which is not a mutex", c.Pos, c.Name, c.Monitor)
		}
		if c.Monitor >= 0 && (p.Mutexes[c.Monitor].Monitor == "" || len(p.Mutexes[c.Monitor].Dims) > 0) {
			return fmt.Errorf("%s: condition %s belongs to mutex %s, which is not a monitor lock", c.Pos, c.Name, p.Mutexes[c.Monitor].Name)
		}
		if err := dims(c.Pos.String(), c.Name, c.Dims); err != nil {
			return err
		}
	}
	for _, c := range p.Chans {
		if err := v.channel(c); err != nil {
			return err
		}
	}
	for r, reg := range p.Regions {
		if reg == nil || len(reg.PCs) > len(p.Processes) {
			return fmt.Errorf("region %d is malformed", r)
		}
		for i, pcs := range reg.PCs {
			for _, pc := range pcs {
				if pc < 0 || pc >= len(p.Processes[i].Code) {
					return fmt.Errorf("region %s: program counter %d of %s is out of its code", reg.Name, pc, p.Processes[i].Display)
				}
			}
		}
	}
	for i, proc := range p.Processes {
		if proc == nil {
			return fmt.Errorf("process %d is missing", i)
		}
		if err := v.process(proc); err != nil {
			return err
		}
	}
	for _, c := range p.Checks {
		if c == nil {
			return fmt.Errorf("a check is missing")
		}
		for _, e := range []*ir.Expr{c.Expr, c.Goal} {
			if e != nil {
				if err := v.expr(e); err != nil {
					return fmt.Errorf("check %s: %w", c.Name, err)
				}
			}
		}
	}
	return nil
}

func dims(pos, name string, d []int) error {
	n := int64(1)
	for _, x := range d {
		if x <= 0 {
			return fmt.Errorf("%s: %s has a dimension of %d", pos, name, x)
		}
		n *= int64(x)
		if n > 1<<24 {
			return fmt.Errorf("%s: %s has too many elements", pos, name)
		}
	}
	return nil
}

func (v *validator) process(proc *ir.Process) error {
	code := proc.Code
	if len(code) == 0 || code[len(code)-1] == nil || code[len(code)-1].Op != ir.OpEnd {
		return fmt.Errorf("%s: process %s does not end with OpEnd", proc.Pos, proc.Display)
	}
	if len(code) > 0xffff {
		return fmt.Errorf("%s: process %s has %d instructions, at most 65535", proc.Pos, proc.Display, len(code))
	}
	for pc, in := range code {
		if in == nil {
			return fmt.Errorf("%s: %s: instruction %d is missing", proc.Pos, proc.Display, pc)
		}
		target := func(to int) error {
			if to < 0 || to >= len(code) {
				return fmt.Errorf("%s: %s: jump to %d is out of the code", in.Pos, proc.Display, to)
			}
			return nil
		}
		wrap := func(err error) error {
			if err == nil {
				return nil
			}
			return fmt.Errorf("%s: %s: %w", in.Pos, proc.Display, err)
		}
		if in.Op == ir.OpEnd {
			if pc != len(code)-1 {
				return wrap(fmt.Errorf("OpEnd before the last instruction"))
			}
			continue
		}
		if in.Op > ir.OpFence {
			return wrap(fmt.Errorf("unknown operation %d", in.Op))
		}
		if in.Op != ir.OpEither {
			if err := target(in.Next); err != nil {
				return err
			}
		}
		switch in.Op {
		case ir.OpAssign:
			if err := wrap(v.ref(in.Target)); err != nil {
				return err
			}
			if in.RMW == nil {
				if err := wrap(v.need(in.Value)); err != nil {
					return err
				}
			}
		case ir.OpAwait, ir.OpBranch, ir.OpAssert:
			if in.RMW == nil {
				if err := wrap(v.need(in.Cond)); err != nil {
					return err
				}
			}
			if in.Op == ir.OpBranch {
				if err := target(in.Else); err != nil {
					return err
				}
			}
		case ir.OpDown, ir.OpUp:
			if err := wrap(v.sync(in.Sync, len(v.p.Sems), func(i int) []int { return v.p.Sems[i].Dims })); err != nil {
				return err
			}
		case ir.OpLock, ir.OpUnlock:
			if err := wrap(v.sync(in.Sync, len(v.p.Mutexes), func(i int) []int { return v.p.Mutexes[i].Dims })); err != nil {
				return err
			}
		case ir.OpWait, ir.OpSignal, ir.OpBroadcast:
			if err := wrap(v.condOp(in)); err != nil {
				return err
			}
		case ir.OpSend, ir.OpRecv:
			if err := wrap(v.message(in.Chan, in.Op == ir.OpSend, in.Values, in.Targets)); err != nil {
				return err
			}
		case ir.OpSelect:
			if in.Default != -1 {
				if err := target(in.Default); err != nil {
					return err
				}
			}
			for _, c := range in.Cases {
				if c == nil {
					return wrap(fmt.Errorf("a select case is missing"))
				}
				if err := wrap(v.message(c.Chan, c.Send, c.Values, c.Targets)); err != nil {
					return err
				}
				if err := target(c.Next); err != nil {
					return err
				}
			}
		case ir.OpWakeup:
			if err := wrap(v.need(in.Proc)); err != nil {
				return err
			}
		case ir.OpEither:
			if len(in.Alts) == 0 {
				return wrap(fmt.Errorf("either without alternatives"))
			}
			for _, a := range in.Alts {
				if err := target(a); err != nil {
					return err
				}
			}
		}
		if in.RMW != nil {
			if err := wrap(v.rmw(in.RMW)); err != nil {
				return err
			}
		}
	}
	return nil
}

// channel checks a channel declaration.
func (v *validator) channel(c *ir.Chan) error {
	if c == nil {
		return fmt.Errorf("a channel is missing")
	}
	if c.Cap < 0 || c.Cap > 0xffff {
		return fmt.Errorf("%s: channel %s has capacity %d, want 0..65535", c.Pos, c.Name, c.Cap)
	}
	if c.Lossy && c.Cap == 0 {
		return fmt.Errorf("%s: lossy channel %s is unbuffered", c.Pos, c.Name)
	}
	if len(c.Elem) == 0 {
		return fmt.Errorf("%s: channel %s has no message type", c.Pos, c.Name)
	}
	for _, t := range c.Elem {
		if t.Lo > t.Hi {
			return fmt.Errorf("%s: channel %s has an empty range %d..%d", c.Pos, c.Name, t.Lo, t.Hi)
		}
	}
	return dims(c.Pos.String(), c.Name, c.Dims)
}

// condOp checks a wait, signal or broadcast.
func (v *validator) condOp(in *ir.Instr) error {
	p := v.p
	if err := v.sync(in.Sync, len(p.Conds), func(i int) []int { return p.Conds[i].Dims }); err != nil {
		return err
	}
	c := p.Conds[in.Sync.Obj]
	switch in.Op {
	case ir.OpWait:
		if err := v.sync(in.Lock, len(p.Mutexes), func(i int) []int { return p.Mutexes[i].Dims }); err != nil {
			return err
		}
		if c.Monitor >= 0 && in.Lock.Obj != c.Monitor {
			return fmt.Errorf("wait on %s with a lock other than its monitor's", c.Name)
		}
	case ir.OpBroadcast:
		if c.Monitor >= 0 && p.Mutexes[c.Monitor].Hoare {
			return fmt.Errorf("broadcast on %s, a condition of a hoare monitor", c.Name)
		}
	}
	return nil
}

// message checks a send (values) or a receive (targets, each nil or a
// reference; none at all for `<-c`) on the channel that r names.
func (v *validator) message(r *ir.SyncRef, send bool, values []*ir.Expr, targets []*ir.Ref) error {
	p := v.p
	if err := v.sync(r, len(p.Chans), func(i int) []int { return p.Chans[i].Dims }); err != nil {
		return err
	}
	c := p.Chans[r.Obj]
	if send {
		if len(values) != len(c.Elem) {
			return fmt.Errorf("send of %d components on %s, whose messages have %d", len(values), c.Name, len(c.Elem))
		}
		return v.exprs(values)
	}
	if len(targets) != 0 && len(targets) != len(c.Elem) {
		return fmt.Errorf("receive into %d targets from %s, whose messages have %d components", len(targets), c.Name, len(c.Elem))
	}
	for _, t := range targets {
		if t != nil {
			if err := v.ref(t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (v *validator) need(e *ir.Expr) error {
	if e == nil {
		return fmt.Errorf("missing expression")
	}
	return v.expr(e)
}

func (v *validator) ref(r *ir.Ref) error {
	if r == nil || r.Var < 0 || r.Var >= len(v.p.Vars) {
		return fmt.Errorf("assignment to an unknown variable")
	}
	if len(r.Index) != len(v.p.Vars[r.Var].Dims) {
		return fmt.Errorf("%s: %d indexes for %d dimensions", v.p.Vars[r.Var].Name, len(r.Index), len(v.p.Vars[r.Var].Dims))
	}
	return v.exprs(r.Index)
}

func (v *validator) rmw(r *ir.RMW) error {
	want := map[ir.RMWKind]int{ir.TSL: 0, ir.CAS: 2, ir.FetchAdd: 1, ir.Swap: 1}
	n, ok := want[r.Kind]
	if !ok {
		return fmt.Errorf("unknown read-modify-write %d", r.Kind)
	}
	if len(r.Args) != n {
		return fmt.Errorf("read-modify-write with %d arguments, want %d", len(r.Args), n)
	}
	if err := v.ref(r.Loc); err != nil {
		return err
	}
	return v.exprs(r.Args)
}

func (v *validator) sync(r *ir.SyncRef, n int, dimsOf func(int) []int) error {
	if r == nil || r.Obj < 0 || r.Obj >= n {
		return fmt.Errorf("unknown synchronization object")
	}
	if len(r.Index) != len(dimsOf(r.Obj)) {
		return fmt.Errorf("%d indexes for %d dimensions", len(r.Index), len(dimsOf(r.Obj)))
	}
	return v.exprs(r.Index)
}

func (v *validator) exprs(es []*ir.Expr) error {
	for _, e := range es {
		if err := v.need(e); err != nil {
			return err
		}
	}
	return nil
}

func (v *validator) expr(e *ir.Expr) error {
	if e == nil {
		return fmt.Errorf("missing expression")
	}
	arity := func(n int) error {
		if len(e.Args) != n {
			return fmt.Errorf("%s: operator %d with %d operands, want %d", e.Pos, e.Op, len(e.Args), n)
		}
		return nil
	}
	var err error
	switch e.Op {
	case ir.OpConst:
	case ir.OpLoad:
		if e.Var < 0 || e.Var >= len(v.p.Vars) || len(e.Index) != len(v.p.Vars[e.Var].Dims) {
			return fmt.Errorf("%s: malformed variable load", e.Pos)
		}
		err = v.exprs(e.Index)
	case ir.OpSemValue:
		if e.Var < 0 || e.Var >= len(v.p.Sems) || len(e.Index) != len(v.p.Sems[e.Var].Dims) {
			return fmt.Errorf("%s: malformed semaphore value", e.Pos)
		}
		err = v.exprs(e.Index)
	case ir.OpNot, ir.OpNeg:
		err = arity(1)
	case ir.OpMaxArray:
		if e.Var < 0 || e.Var >= len(v.p.Vars) {
			return fmt.Errorf("%s: malformed max of an array", e.Pos)
		}
	case ir.OpProc:
		if err = arity(1); err == nil && (e.ProcBase < 0 || e.ProcCount < 0 || e.ProcBase+e.ProcCount > len(v.p.Processes)) {
			err = fmt.Errorf("%s: process array %d+%d is out of the program's processes", e.Pos, e.ProcBase, e.ProcCount)
		}
	case ir.OpAt:
		if err = arity(1); err == nil && (e.Region < 0 || e.Region >= len(v.p.Regions)) {
			err = fmt.Errorf("%s: unknown region %d", e.Pos, e.Region)
		}
	case ir.OpCount:
		if e.Region < 0 || e.Region >= len(v.p.Regions) {
			err = fmt.Errorf("%s: unknown region %d", e.Pos, e.Region)
		}
	case ir.OpLen:
		if e.Var < 0 || e.Var >= len(v.p.Chans) || len(e.Index) != len(v.p.Chans[e.Var].Dims) {
			return fmt.Errorf("%s: malformed len of a channel", e.Pos)
		}
		err = v.exprs(e.Index)
	default:
		if e.Op > ir.OpLen {
			return fmt.Errorf("%s: unknown operator %d", e.Pos, e.Op)
		}
		err = arity(2)
	}
	if err != nil {
		return err
	}
	return v.exprs(e.Args)
}
