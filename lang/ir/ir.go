// Package ir is the program that the language front end hands to the exploration
// engine: a flat, fully resolved description of a model, with no syntax left in it.
//
// Invariants that every Program satisfies (the front end guarantees them, the
// engine relies on them):
//
//   - Every name is resolved to an index: variables, semaphores, mutexes, process
//     instances and regions are referred to by their position in the Program's
//     slices. Constants are folded; `for` loops are unrolled; `forall`/`exists` are
//     expanded; procedures are inlined; process arrays are instantiated, one Process
//     per index, with the index folded into the code as a constant.
//   - Each Process's Code is a control-flow graph of steps. Every program counter
//     (an index into Code) names an instruction that is a step, or the final OpEnd.
//     Non-steps of the language (going round `loop`, `break`, `continue`, calls,
//     entering and leaving blocks) have been turned into the Next/Else/Alts edges.
//   - Values are 32-bit signed integers; booleans are 0 and 1. Every variable has a
//     range [Lo, Hi] that its values must stay within (a run-time error otherwise).
//   - Under TSO and PSO (Memory), every synchronising instruction — OpDown,
//     OpUp, OpLock, OpUnlock, OpSleep, OpWakeup, OpWait, OpSignal,
//     OpBroadcast, OpSend, OpRecv, OpSelect, OpAtomic, OpFence and any with an
//     RMW — is enabled only when its process's store buffers are empty, and
//     acts on memory directly.
//   - The order of Processes, of Alts and of everything else is the source order,
//     so that the engine's successor order — and with it every counterexample — is
//     fixed by the model text alone.
package ir

import (
	"slices"

	"github.com/interleave/interleave/lang/source"
)

// Program is a compiled model.
type Program struct {
	// Name is the model's name (the `model` header, else the file's base name).
	Name string
	// File is the main model file, as given on the command line.
	File string
	// Consts lists every `const` with its final value (after -D overrides), in
	// declaration order.
	Consts []Const
	// Vars lists every variable: shared ones first in declaration order, then the
	// locals of each process instance (Owner >= 0), in process order.
	Vars []*Var
	// Sems, Mutexes, Conds and Chans list the synchronization objects in
	// declaration order. A monitor is lowered to a Mutex (its hidden lock, with
	// Monitor set), its variables (shared Vars named "M.x") and its Conds.
	Sems    []*Sem
	Mutexes []*Mutex
	Conds   []*Cond
	Chans   []*Chan
	// Processes lists every process instance in declaration and index order.
	Processes []*Process
	// Regions lists every set of program counters that an expression or a check
	// can ask about (critical, sections, labels, end, trying, waiting).
	Regions []*Region
	// Checks lists the properties to decide: those written in the model in source
	// order, then the implicit ones (section 5 of the language contract).
	Checks []*Check
	// Fairness is the scheduler assumption for liveness checks.
	Fairness Fairness
	// Memory is the memory model (a `memory` declaration, else SC); a caller
	// may override it before handing the program to the engine.
	Memory Memory
	// StoreBuffer is the capacity of each store buffer under TSO and PSO; 0
	// means DefaultStoreBuffer. Unused under SC.
	StoreBuffer int
}

// Memory is a memory model (LANGUAGE.md, the weak memory section).
type Memory uint8

const (
	// SC is sequential consistency: every store is visible at once.
	SC Memory = iota
	// TSO gives each process one FIFO store buffer for its stores to shared
	// variables; a load reads the newest buffered store of its own, else
	// memory; flushing the oldest store to memory is a separate step.
	TSO
	// PSO is TSO with one FIFO buffer per process and shared variable element,
	// so that stores to different locations may reach memory out of order.
	PSO
)

// DefaultStoreBuffer is the store buffer capacity when none is given.
const DefaultStoreBuffer = 2

// String is the memory model as written in a model ("sc", "tso", "pso").
func (m Memory) String() string { return [...]string{"sc", "tso", "pso"}[m] }

// Upper is the memory model's name in reports ("SC", "TSO", "PSO").
func (m Memory) Upper() string { return [...]string{"SC", "TSO", "PSO"}[m] }

// ParseMemory reads "sc", "tso" or "pso".
func ParseMemory(s string) (Memory, bool) {
	switch s {
	case "sc":
		return SC, true
	case "tso":
		return TSO, true
	case "pso":
		return PSO, true
	}
	return SC, false
}

// Buffer is the store buffer capacity under the program's memory model: 0
// under SC, else StoreBuffer or DefaultStoreBuffer.
func (p *Program) Buffer() int {
	switch {
	case p.Memory == SC:
		return 0
	case p.StoreBuffer > 0:
		return p.StoreBuffer
	}
	return DefaultStoreBuffer
}

// Const is a named integer constant with its final value.
type Const struct {
	Name  string
	Value int32
	Pos   source.Pos
}

// Type is the type of a variable's elements.
type Type struct {
	Kind TypeKind
	// Lo and Hi bound the values (inclusive). Bool is 0..1; int is the full 32 bits.
	Lo, Hi int32
}

// TypeKind tells how a value is shown to people.
type TypeKind uint8

const (
	// Int values print as numbers.
	Int TypeKind = iota
	// Bool values print as true and false.
	Bool
)

// Var is a variable: a scalar, or an array of Dims[0] × Dims[1] × … elements.
type Var struct {
	// Name is the source name ("turn"); for a local, the owner's name is not in it.
	Name string
	// Owner is the process instance that a local belongs to, or -1 for a shared
	// variable.
	Owner int
	// Dims are the array dimensions, outermost first; nil for a scalar.
	Dims []int
	// Elem is the element type.
	Elem Type
	// Init is the initial value of every element; it lies in Elem's range.
	Init int32
	Pos  source.Pos
}

// Len is the number of elements (1 for a scalar).
func (v *Var) Len() int {
	n := 1
	for _, d := range v.Dims {
		n *= d
	}
	return n
}

// SemKind is a semaphore's discipline (LANGUAGE.md section 2).
type SemKind uint8

const (
	// SemWeak: `down` on 0 blocks in a set; `up` hands the permit to any blocked
	// process (one successor per choice).
	SemWeak SemKind = iota
	// SemFifo: blocked processes queue; `up` hands the permit to the oldest.
	SemFifo
	// SemBusy: `down` is `await s > 0; s--` as one step.
	SemBusy
)

// Sem is a counting semaphore, or an array of them (`sem fork[5] = 1`).
type Sem struct {
	Name string
	Kind SemKind
	// Dims are the array dimensions; nil for a single semaphore.
	Dims []int
	// Init is every element's initial value (>= 0).
	Init int32
	Pos  source.Pos
}

// Len is the number of semaphores declared (1 for a scalar).
func (s *Sem) Len() int { return product(s.Dims) }

// Mutex is a lock with an owner, or an array of them. A monitor's hidden lock is
// a scalar Mutex with Monitor set to the monitor's name.
type Mutex struct {
	Name string
	Dims []int
	// Monitor is the name of the monitor this lock guards ("" for a plain
	// mutex). Hoare marks a `monitor M hoare`: its lock has an urgent queue of
	// signallers that is served before any blocked caller when the lock is
	// released (by leaving a procedure or by a wait).
	Monitor string
	Hoare   bool
	Pos     source.Pos
}

// Cond is a condition variable, or an array of them: a FIFO queue of waiting
// processes. No spurious wake-ups.
type Cond struct {
	Name string
	Dims []int
	// Monitor is the index in Program.Mutexes of the monitor lock this
	// condition belongs to, or -1 for a pthreads-style condition used with
	// `wait(c, m)`.
	Monitor int
	Pos     source.Pos
}

// Len is the number of condition variables declared (1 for a scalar).
func (c *Cond) Len() int { return product(c.Dims) }

// Chan is a channel, or an array of them (mailboxes).
type Chan struct {
	Name string
	Dims []int
	// Cap is the buffer capacity; 0 is an unbuffered channel (rendezvous).
	Cap int
	// Lossy channels (Cap >= 1) may lose any message sent on them.
	Lossy bool
	// Elem lists the types of a message's components: one for a plain value,
	// several for a tuple `(T1, T2)`.
	Elem []Type
	Pos  source.Pos
}

// Len is the number of channels declared (1 for a scalar).
func (c *Chan) Len() int { return product(c.Dims) }

// Len is the number of mutexes declared (1 for a scalar).
func (m *Mutex) Len() int { return product(m.Dims) }

func product(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// Process is one process instance.
type Process struct {
	// Name is the declared name ("P"); Display is how reports name the instance:
	// "P[0]" for an array element, "Writer" for a single process.
	Name, Display string
	// Index is the instance's index within its array, or -1 for a single process.
	Index int
	// Daemon processes may block forever without it being a deadlock.
	Daemon bool
	// Code is the process's control-flow graph; execution starts at Code[0]. The
	// last instruction is the only OpEnd.
	Code []*Instr
	Pos  source.Pos
}

// Op is what an instruction does.
type Op uint8

const (
	// OpEnd: the process has terminated. Not a step; never enabled.
	OpEnd Op = iota
	// OpAssign: Target = Value (or = RMW's result). Always enabled.
	OpAssign
	// OpAwait: enabled when Cond (or RMW's result) is true; then moves to Next.
	OpAwait
	// OpBranch: one test of `if`, `else if` or `while`: to Next when Cond (or
	// RMW's result) is true, to Else when false. Always enabled.
	OpBranch
	// OpSkip: changes nothing. Always enabled.
	OpSkip
	// OpNoncritical: changes nothing; a process here may stay forever.
	OpNoncritical
	// OpAssert: a violation (Fault) when Cond is false. Always enabled.
	OpAssert
	// OpDown, OpUp: semaphore operations on Sync (a semaphore reference).
	OpDown
	OpUp
	// OpLock, OpUnlock: mutex operations on Sync (a mutex reference).
	OpLock
	OpUnlock
	// OpSleep blocks the process until another wakes it.
	OpSleep
	// OpWakeup wakes process Proc if it is asleep; otherwise the wakeup is lost.
	OpWakeup
	// OpEither: one step that executes the first step of one alternative: the
	// instructions at Alts, in source order. Enabled when one of them is.
	OpEither
	// OpWait: Sync names a Cond, Lock the mutex (or monitor lock) the process
	// must hold (a run-time error otherwise). One step that releases the lock —
	// handing it over as OpUnlock does; for a Hoare monitor to the first of its
	// urgent queue if any — and blocks the process at the end of the
	// condition's queue. A signal moves it out of the queue: for a plain mutex
	// or a Mesa monitor its program counter then moves to Next, which is a
	// compiler-generated OpLock of the same lock (the re-entry, a step of its
	// own); for a Hoare monitor the signaller hands it the monitor at once and
	// it continues at Next, after the wait.
	OpWait
	// OpSignal: Sync names a Cond. If its queue is empty, nothing happens (the
	// signal is lost). Otherwise the first waiter leaves the queue (Mesa or
	// mutex: it becomes able to take its re-entry OpLock; Hoare: it becomes the
	// monitor's owner at once and the signaller blocks in the monitor's urgent
	// queue, continuing at Next when the monitor is handed back to it). In a
	// monitor, signalling without holding the monitor is a run-time error.
	OpSignal
	// OpBroadcast: Sync names a Cond; every waiter leaves the queue, in queue
	// order, each to take its re-entry OpLock. Not used with Hoare monitors.
	OpBroadcast
	// OpSend: Chan names a channel, Values the message (one expression per
	// component). Buffered: enabled when the buffer is not full, appends the
	// message. Unbuffered: enabled when some other process is ready to receive
	// on that channel (at an OpRecv of it, or at an OpSelect with a receive case
	// on it); the step is a rendezvous, one joint step of both (one successor
	// per ready receiver, in process order, the sender being the mover). Lossy:
	// always enabled, with one successor that delivers (when the buffer is not
	// full) and then one that loses the message.
	OpSend
	// OpRecv: Chan names a channel; Targets receive the message's components
	// (a nil Target discards that component; Targets is empty for `<-c`).
	// Buffered: enabled when the buffer is not empty, takes the oldest message.
	// Unbuffered: takes part in a sender's rendezvous, never moves alone.
	OpRecv
	// OpSelect: Cases in source order; one step performs one ready case's
	// communication (one successor per ready case and, for an unbuffered case,
	// per ready partner) and moves to the case's Next. Default, when not -1, is
	// taken only when no case is ready. Disabled when no case is ready and there
	// is no default. An unbuffered receive case takes part in another process's
	// send as an OpRecv does; an unbuffered send case moves with a ready
	// receiver as an OpSend does.
	OpSelect
	// OpAtomic: the whole block is one step. Execution runs from Next through
	// the block's instructions (those marked InAtomic) and stops at the first
	// program counter whose instruction is not InAtomic. Enabled when the
	// instruction at Next is. Only that first instruction may be disabled (an
	// await or a busy down); none inside can block. A nested atomic block is
	// lowered inline, without an OpAtomic of its own. An OpEither inside branches
	// the step into one successor per alternative.
	OpAtomic
	// OpFence: under TSO and PSO, enabled when the process's store buffers are
	// empty; changes nothing. Under SC, a skip.
	OpFence
)

// Instr is one step of a process.
type Instr struct {
	Op Op
	// Pos and Text locate the statement and show it in traces ("turn = i").
	Pos  source.Pos
	Text string
	// Next is the program counter after the step (OpBranch: when the test is true;
	// OpAtomic: the first instruction of the block). Unused for OpEnd and OpEither.
	Next int
	// Else is OpBranch's target when the test is false.
	Else int
	// Alts are OpEither's alternatives: each the program counter of an
	// alternative's first step.
	Alts []int
	// Target is what OpAssign writes.
	Target *Ref
	// Value is OpAssign's right-hand side when RMW is nil.
	Value *Expr
	// Cond is the test of OpAwait, OpBranch and OpAssert when RMW is nil.
	Cond *Expr
	// RMW, when set, is a read-modify-write primitive whose result is OpAssign's
	// value or the test of OpAwait / OpBranch.
	RMW *RMW
	// Sync names the semaphore (OpDown, OpUp), mutex (OpLock, OpUnlock) or
	// condition variable (OpWait, OpSignal, OpBroadcast).
	Sync *SyncRef
	// Lock is OpWait's mutex or monitor lock (an index into Program.Mutexes).
	Lock *SyncRef
	// Chan names OpSend's and OpRecv's channel (an index into Program.Chans).
	Chan *SyncRef
	// Values are OpSend's message components; Targets OpRecv's destinations.
	Values  []*Expr
	Targets []*Ref
	// Cases and Default are OpSelect's.
	Cases   []*Case
	Default int
	// Proc is OpWakeup's target: an OpProc expression giving a process instance.
	Proc *Expr
	// Message is OpAssert's text ("" when none was written).
	Message string
	// InAtomic marks instructions inside an atomic block (reached only from its
	// OpAtomic, never a program counter between steps).
	InAtomic bool
}

// Case is one case of a select: a send (Send set, Values) or a receive
// (Targets) on Chan, continuing at Next.
type Case struct {
	Send    bool
	Chan    *SyncRef
	Values  []*Expr
	Targets []*Ref
	Next    int
	Pos     source.Pos
	Text    string
}

// Ref is an assignable location: a variable, with one index per array dimension.
type Ref struct {
	Var   int
	Index []*Expr
	Pos   source.Pos
}

// SyncRef names one synchronization object: Obj indexes Program.Sems,
// Program.Mutexes, Program.Conds or Program.Chans (as the instruction's field
// says), with one index per array dimension.
type SyncRef struct {
	Obj   int
	Index []*Expr
	Pos   source.Pos
}

// RMWKind is a read-modify-write primitive; each is one step.
type RMWKind uint8

const (
	// TSL: returns the old value of Loc and sets it to true/1.
	TSL RMWKind = iota
	// CAS: if Loc == Args[0], sets it to Args[1] and returns true, else false.
	CAS
	// FetchAdd: returns the old value of Loc and adds Args[0] to it.
	FetchAdd
	// Swap: returns the old value of Loc and sets it to Args[0].
	Swap
)

// RMW is a read-modify-write on a location.
type RMW struct {
	Kind RMWKind
	Loc  *Ref
	Args []*Expr
	Pos  source.Pos
}

// ExprOp is an expression node's operator.
type ExprOp uint8

const (
	// OpConst: Value.
	OpConst ExprOp = iota
	// OpLoad: variable Var at Index (one per dimension; none for a scalar).
	OpLoad
	// OpSemValue: the value of semaphore Var at Index.
	OpSemValue
	// Unary on Args[0].
	OpNot
	OpNeg
	// Binary on Args[0], Args[1]. Arithmetic wraps at 32 bits; / and % truncate
	// toward zero and fault on a zero divisor. And, Or and Implies short-circuit.
	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpEq
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	OpAnd
	OpOr
	OpImplies
	// OpMin, OpMax: of Args[0], Args[1].
	OpMin
	OpMax
	// OpMaxArray: the largest element of array variable Var.
	OpMaxArray
	// OpProc: the process instance ProcBase + Args[0]; faults unless
	// 0 <= Args[0] < ProcCount. A single process is ProcCount 1 with Args[0] = 0.
	OpProc
	// OpAt: whether process Args[0] (an OpProc expression) is in Region.
	OpAt
	// OpCount: how many processes are in Region.
	OpCount
	// OpLen: the number of messages in channel Var at Index (0 for an
	// unbuffered channel).
	OpLen
)

// Expr is an expression. Its value is an int32; booleans are 0 and 1.
type Expr struct {
	Op    ExprOp
	Value int32
	// Var is the variable of OpLoad and OpMaxArray, the semaphore of
	// OpSemValue, the channel of OpLen.
	Var   int
	Index []*Expr
	Args  []*Expr
	// Region is OpAt's and OpCount's region.
	Region int
	// ProcBase and ProcCount give OpProc's process array.
	ProcBase, ProcCount int
	Pos                 source.Pos
}

// RegionKind tells what a Region stands for.
type RegionKind uint8

const (
	// RegionCritical: inside `critical` blocks. There is at most one, named
	// "critical".
	RegionCritical RegionKind = iota
	// RegionSection: inside `section NAME` blocks.
	RegionSection
	// RegionLabel: at the statement labelled NAME.
	RegionLabel
	// RegionEnd: terminated (at OpEnd). Named "end".
	RegionEnd
	// RegionTrying and RegionWaiting: the phases of LANGUAGE.md section 5.
	// RegionWaiting lists the trying program counters past the doorway; a
	// process blocked at a doorway down or lock it has executed is waiting
	// too, which the checker adds from the state.
	RegionTrying
	RegionWaiting
	// RegionNoncritical: at a `noncritical` statement.
	RegionNoncritical
)

// Region is a named set of program counters in each process: a process is "in"
// the region when its program counter is one of PCs[process].
type Region struct {
	Name string
	Kind RegionKind
	// PCs[p] lists, in increasing order, process p's program counters in the region.
	PCs [][]int
}

// CheckKind is the kind of a property.
type CheckKind uint8

const (
	CheckMutex CheckKind = iota
	CheckDeadlock
	CheckInvariant
	CheckAssert
	CheckRuntime
	CheckProgress
	CheckStarvation
	CheckBoundedWaiting
	CheckLeadsTo
)

// String is the kind's name as written after `check`.
func (k CheckKind) String() string {
	return [...]string{"mutex", "deadlock", "invariant", "assert", "runtime",
		"progress", "starvation", "bounded_waiting", "leadsto"}[k]
}

// Check is a property to decide.
type Check struct {
	// Name is how reports name it: the kind, a `check NAME:` label, or a
	// numbered invariant or leads-to ("invariant#2").
	Name string
	Kind CheckKind
	// Expr is the invariant, or the left side of leads-to.
	Expr *Expr
	// Goal is the right side of leads-to.
	Goal *Expr
	// Text is the property as written ("count >= 0", "P[0]@trying leadsto
	// P[0]@critical") for invariants and leads-to; empty for the other kinds.
	Text string
	// Points is what the check scores in grading (0: reported, scores nothing).
	Points int
	// Implicit marks deadlock, assert and runtime checks added without a
	// `check` line.
	Implicit bool
	Pos      source.Pos
}

// Fairness is the scheduler assumption for liveness checks.
type Fairness uint8

const (
	FairWeak Fairness = iota
	FairStrong
	FairNone
)

// String is the fairness as written in a model.
func (f Fairness) String() string { return [...]string{"weak", "strong", "none"}[f] }

// MayStay reports whether a process whose next instruction is code[pc] may
// stay there forever, as a process at noncritical may (fairness never forces
// it on): code[pc] is an OpNoncritical, or an OpEither one of whose
// alternatives begins with one, for the either's step is the chosen
// alternative's first, and a process may choose the noncritical and stay.
func MayStay(code []*Instr, pc int) bool {
	if pc < 0 || pc >= len(code) || code[pc].Op != OpEither {
		return pc >= 0 && pc < len(code) && code[pc].Op == OpNoncritical
	}
	// seen holds the eithers looked at, should alternatives lead back.
	seen := map[int]bool{}
	var at func(pc int) bool
	at = func(pc int) bool {
		if pc < 0 || pc >= len(code) || seen[pc] {
			return false
		}
		seen[pc] = true
		switch in := code[pc]; in.Op {
		case OpNoncritical:
			return true
		case OpEither:
			return slices.ContainsFunc(in.Alts, at)
		}
		return false
	}
	return at(pc)
}

// Synchronising reports whether in is a synchronising instruction: under TSO
// and PSO it is enabled only when its process's store buffers are empty.
func (in *Instr) Synchronising() bool {
	switch in.Op {
	case OpAssign, OpAwait, OpBranch, OpAssert:
		return in.RMW != nil
	case OpEnd, OpSkip, OpNoncritical, OpEither:
		return false
	}
	return true
}
