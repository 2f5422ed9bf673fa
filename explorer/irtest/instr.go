package irtest

import "github.com/interleave/interleave/lang/ir"

// Assign is `text`: target = e, then next.
func Assign(text string, target *ir.Ref, e *ir.Expr, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpAssign, Text: text, Target: target, Value: e, Next: next}
}

// AssignRMW is `text`: target = the result of a read-modify-write, then next.
func AssignRMW(text string, target *ir.Ref, rmw *ir.RMW, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpAssign, Text: text, Target: target, RMW: rmw, Next: next}
}

// RMW is a read-modify-write on loc.
func RMW(kind ir.RMWKind, loc *ir.Ref, args ...*ir.Expr) *ir.RMW {
	return &ir.RMW{Kind: kind, Loc: loc, Args: args}
}

// Await is `text`: enabled when cond, then next.
func Await(text string, cond *ir.Expr, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpAwait, Text: text, Cond: cond, Next: next}
}

// Branch is a test: to next when cond, else to els.
func Branch(text string, cond *ir.Expr, next, els int) *ir.Instr {
	return &ir.Instr{Op: ir.OpBranch, Text: text, Cond: cond, Next: next, Else: els}
}

// Skip is `skip`.
func Skip(next int) *ir.Instr { return &ir.Instr{Op: ir.OpSkip, Text: "skip", Next: next} }

// Noncritical is `noncritical`.
func Noncritical(next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpNoncritical, Text: "noncritical", Next: next}
}

// Assert is `text` with an optional message.
func Assert(text string, cond *ir.Expr, msg string, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpAssert, Text: text, Cond: cond, Message: msg, Next: next}
}

func syncOp(op ir.Op, text string, obj, next int, idx []*ir.Expr) *ir.Instr {
	return &ir.Instr{Op: op, Text: text, Sync: &ir.SyncRef{Obj: obj, Index: idx}, Next: next}
}

// Down is `text` (down(s)) on semaphore sem at idx.
func Down(text string, sem, next int, idx ...*ir.Expr) *ir.Instr {
	return syncOp(ir.OpDown, text, sem, next, idx)
}

// Up is `text` (up(s)) on semaphore sem at idx.
func Up(text string, sem, next int, idx ...*ir.Expr) *ir.Instr {
	return syncOp(ir.OpUp, text, sem, next, idx)
}

// Lock is `text` (lock(m)) on mutex mu at idx.
func Lock(text string, mu, next int, idx ...*ir.Expr) *ir.Instr {
	return syncOp(ir.OpLock, text, mu, next, idx)
}

// Unlock is `text` (unlock(m)) on mutex mu at idx.
func Unlock(text string, mu, next int, idx ...*ir.Expr) *ir.Instr {
	return syncOp(ir.OpUnlock, text, mu, next, idx)
}

// Sleep is `sleep()`.
func Sleep(next int) *ir.Instr { return &ir.Instr{Op: ir.OpSleep, Text: "sleep()", Next: next} }

// Wakeup is `text`: wakeup of the process proc evaluates to.
func Wakeup(text string, proc *ir.Expr, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpWakeup, Text: text, Proc: proc, Next: next}
}

// Either is `either` with alternatives starting at alts.
func Either(alts ...int) *ir.Instr {
	return &ir.Instr{Op: ir.OpEither, Text: "either", Alts: alts}
}

// Atomic is `atomic`, whose block starts at first.
func Atomic(first int) *ir.Instr { return &ir.Instr{Op: ir.OpAtomic, Text: "atomic", Next: first} }

// In marks in as inside an atomic block and returns it.
func In(in *ir.Instr) *ir.Instr {
	in.InAtomic = true
	return in
}

// Ref is variable v at idx.
func Ref(v int, idx ...*ir.Expr) *ir.Ref { return &ir.Ref{Var: v, Index: idx} }

// C is the constant v.
func C(v int32) *ir.Expr { return &ir.Expr{Op: ir.OpConst, Value: v} }

// Load reads variable v at idx.
func Load(v int, idx ...*ir.Expr) *ir.Expr { return &ir.Expr{Op: ir.OpLoad, Var: v, Index: idx} }

// SemValue reads semaphore s at idx.
func SemValue(s int, idx ...*ir.Expr) *ir.Expr {
	return &ir.Expr{Op: ir.OpSemValue, Var: s, Index: idx}
}

// Bin applies a binary operator.
func Bin(op ir.ExprOp, a, b *ir.Expr) *ir.Expr { return &ir.Expr{Op: op, Args: []*ir.Expr{a, b}} }

// Not negates a boolean.
func Not(a *ir.Expr) *ir.Expr { return &ir.Expr{Op: ir.OpNot, Args: []*ir.Expr{a}} }

// Proc is process base+i of an array of count processes.
func Proc(base, count int, i *ir.Expr) *ir.Expr {
	return &ir.Expr{Op: ir.OpProc, ProcBase: base, ProcCount: count, Args: []*ir.Expr{i}}
}

// At tells whether process proc (a Proc expression) is in region r.
func At(proc *ir.Expr, r int) *ir.Expr {
	return &ir.Expr{Op: ir.OpAt, Region: r, Args: []*ir.Expr{proc}}
}

// Count is the number of processes in region r.
func Count(r int) *ir.Expr { return &ir.Expr{Op: ir.OpCount, Region: r} }

// IntType is the type of ints in lo..hi; BoolType that of bools.
func IntType(lo, hi int32) ir.Type { return ir.Type{Kind: ir.Int, Lo: lo, Hi: hi} }

// BoolType is the bool type.
func BoolType() ir.Type { return ir.Type{Kind: ir.Bool, Lo: 0, Hi: 1} }

// S is a reference to synchronization object obj at idx.
func S(obj int, idx ...*ir.Expr) *ir.SyncRef { return &ir.SyncRef{Obj: obj, Index: idx} }

// Wait is `text`: wait on condition cond holding mutex lock, then next (for
// a mutex or a Mesa monitor, next is the re-entry lock of the same mutex).
func Wait(text string, cond, lock *ir.SyncRef, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpWait, Text: text, Sync: cond, Lock: lock, Next: next}
}

// Signal is `text`: signal on condition cond, then next.
func Signal(text string, cond *ir.SyncRef, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpSignal, Text: text, Sync: cond, Next: next}
}

// Broadcast is `text`: broadcast on condition cond, then next.
func Broadcast(text string, cond *ir.SyncRef, next int) *ir.Instr {
	return &ir.Instr{Op: ir.OpBroadcast, Text: text, Sync: cond, Next: next}
}

// Send is `text`: send the message values on channel ch, then next.
func Send(text string, ch *ir.SyncRef, next int, values ...*ir.Expr) *ir.Instr {
	return &ir.Instr{Op: ir.OpSend, Text: text, Chan: ch, Values: values, Next: next}
}

// Recv is `text`: receive from channel ch into targets, then next.
func Recv(text string, ch *ir.SyncRef, next int, targets ...*ir.Ref) *ir.Instr {
	return &ir.Instr{Op: ir.OpRecv, Text: text, Chan: ch, Targets: targets, Next: next}
}

// Select is `select` with cases and a default (-1 for none).
func Select(def int, cases ...*ir.Case) *ir.Instr {
	return &ir.Instr{Op: ir.OpSelect, Text: "select", Cases: cases, Default: def}
}

// SendCase is a select case sending values on ch, continuing at next.
func SendCase(text string, ch *ir.SyncRef, next int, values ...*ir.Expr) *ir.Case {
	return &ir.Case{Send: true, Chan: ch, Values: values, Next: next, Text: text}
}

// RecvCase is a select case receiving from ch into targets, continuing at
// next.
func RecvCase(text string, ch *ir.SyncRef, next int, targets ...*ir.Ref) *ir.Case {
	return &ir.Case{Chan: ch, Targets: targets, Next: next, Text: text}
}

// Len is the number of messages in channel ch at idx.
func Len(ch int, idx ...*ir.Expr) *ir.Expr { return &ir.Expr{Op: ir.OpLen, Var: ch, Index: idx} }
