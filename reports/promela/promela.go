// Package promela writes a compiled model as Promela, the language of the SPIN
// model checker, at exactly interleave's granularity: every step of a process
// is one d_step of the Promela process, so SPIN's state space (with -DNOREDUCE
// no statement merging and write-only variables kept: spin -o2 -o3) is
// interleave's, state for state.
//
// The export makes the program counters explicit. Each process instance is an
// active proctype whose body is one do loop; each option of the loop is one
// step (or, where a step has several outcomes — an either, a hand-over to one
// of several blocked processes — one outcome of it), guarded by the process's
// program counter pc[p] and the step's enabling condition. The Promela
// process never leaves the loop's head, so its own location adds nothing to
// the state: a Promela state is the variables, pc, blk (how each process is
// blocked), the semaphores, mutex owners and queues, exactly interleave's
// state. Another process can therefore move a blocked process on, as up and
// unlock do. An atomic block is one d_step that runs the block's instructions
// by program counter until it leaves them.
//
// The do heads carry end labels; a watchdog process (watchdog_deadlock)
// asserts, when no process can move (timeout), that every non-daemon process
// has terminated: that is interleave's deadlock check. Assertions, variable
// ranges and the other run-time checks are assertions, through the macro
// FAULT; compiled with
// -DDEADLOCK a failing one instead stops the system (as interleave's search
// stops there), so that a deadlock search is not cut short by an assertion.
//
// A buffered channel is a Promela channel; a rendezvous on an unbuffered
// channel is one d_step that moves both processes (chan.go).
//
// Constructs without an exact Promela equivalent — monitors and condition
// variables, an either or a hand-over to one of several processes inside an
// atomic block — are errors at their position.
package promela

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// Export returns p as Promela. The errors, if any, are source.Errors, one per
// construct that the export cannot translate exactly, sorted by position.
func Export(p *ir.Program) ([]byte, error) {
	x := &exporter{prog: p}
	if p.Memory != ir.SC {
		var at source.Pos
		if len(p.Processes) > 0 {
			at = p.Processes[0].Pos
		}
		x.errs.Add(at, "memory %s has no exact Promela equivalent: Promela's memory is sequentially consistent", strings.ToLower(p.Memory.Upper()))
		return nil, x.errs
	}
	x.layout()
	x.header()
	for i := range p.Processes {
		x.resumeInline(i)
	}
	for i := range p.Processes {
		x.atomicBody(i)
	}
	for i := range p.Processes {
		x.process(i)
	}
	x.watchdog()
	x.claims()
	if len(x.errs) > 0 {
		x.errs.Sort()
		return nil, x.errs
	}
	return []byte(x.b.String()), nil
}

// exporter holds the program being exported and the text written so far.
type exporter struct {
	prog *ir.Program
	b    strings.Builder
	errs source.Errors
	// semBase and mutexBase are each declaration's first element in
	// interleave's numbering of semaphore and mutex elements (for block codes).
	semBase, mutexBase []int
	nsem               int
	// blk: some process can block (a weak or fifo down, a lock, a sleep).
	blk bool
	// seen avoids reporting one instruction twice.
	seen map[source.Pos]bool
}

// fail records that the construct at pos cannot be exported.
func (x *exporter) fail(pos source.Pos, format string, args ...any) {
	if x.seen == nil {
		x.seen = make(map[source.Pos]bool)
	}
	if x.seen[pos] {
		return
	}
	x.seen[pos] = true
	x.errs.Add(pos, format, args...)
}

func (x *exporter) printf(format string, args ...any) { fmt.Fprintf(&x.b, format, args...) }

// layout numbers the semaphore and mutex elements as the engine does.
func (x *exporter) layout() {
	for _, s := range x.prog.Sems {
		x.semBase = append(x.semBase, x.nsem)
		x.nsem += s.Len()
		if s.Kind != ir.SemBusy {
			x.blk = true
		}
	}
	n := 0
	for _, m := range x.prog.Mutexes {
		x.mutexBase = append(x.mutexBase, n)
		n += m.Len()
		x.blk = true
		if m.Monitor != "" {
			x.fail(m.Pos, "monitor %s: monitors have no exact Promela equivalent in the export", m.Monitor)
		}
	}
	for _, c := range x.prog.Conds {
		x.fail(c.Pos, "cond %s: condition variables have no exact Promela equivalent in the export", c.Name)
	}
	for _, p := range x.prog.Processes {
		for _, in := range p.Code {
			if in.Op == ir.OpSleep {
				x.blk = true
			}
		}
	}
}

// varName is variable v's Promela name: v_NAME for a shared variable,
// v_PROC_NAME (PROC the instance, P[1] as P1) for a local.
func (x *exporter) varName(v int) string {
	vr := x.prog.Vars[v]
	if vr.Owner < 0 {
		return "v_" + vr.Name
	}
	return "v_" + ident(x.prog.Processes[vr.Owner].Display) + "_" + vr.Name
}

// ident turns a display name (P[1], M.x) into an identifier (P1, M_x).
func ident(s string) string {
	return strings.NewReplacer("[", "", "]", "", ".", "_", ",", "_", " ", "").Replace(s)
}

func (x *exporter) header() {
	p := x.prog
	x.printf("/* %s, exported by interleave: one d_step per step, so that SPIN's state\n", p.Name)
	x.printf("   space is interleave's.\n")
	x.printf("   spin -o2 -o3 -a FILE.pml && gcc -DNOREDUCE -DNOCLAIM -o pan pan.c && ./pan   assertions, deadlock\n")
	x.printf("   spin -o2 -o3 -DDEADLOCK -a FILE.pml ...        deadlock only: a failing assertion stops the system\n")
	x.printf("   spin -o2 -o3 -DNODEADLOCK -a FILE.pml ...      assertions and run-time errors only */\n\n")
	for _, c := range p.Consts {
		x.printf("/* const %s = %d */\n", c.Name, c.Value)
	}
	x.printf("#ifdef DEADLOCK\nbit faulted;\n#define FAULT(c) if :: !(c) -> faulted = 1 :: else -> skip fi\n#define LIVE (faulted == 0)\n")
	x.printf("#else\n#define FAULT(c) assert(c)\n#define LIVE 1\n#endif\n\n")
	x.printf("int tmp, tmp2; /* scratch of a step, 0 between steps */\n")
	width := "byte"
	for _, pr := range p.Processes {
		if len(pr.Code) > 255 {
			width = "short"
		}
	}
	x.printf("%s pc[%d];\n", width, len(p.Processes))
	if x.blk {
		x.printf("short blk[%d]; /* 0 running, 1 asleep, 2+e blocked on element e */\n", len(p.Processes))
	}
	for i, v := range p.Vars {
		x.printf("int %s%s = %d;\n", x.varName(i), dims(v.Dims), v.Init)
	}
	for _, s := range p.Sems {
		x.printf("int s_%s%s = %d;\n", s.Name, dims(s.Dims), s.Init)
		if s.Kind == ir.SemFifo {
			x.printf("byte q_%s[%d]; /* each element's queue: %d slots of process+1 */\n", s.Name, s.Len()*len(p.Processes), len(p.Processes))
		}
	}
	for _, m := range p.Mutexes {
		x.printf("byte m_%s%s; /* owner+1, 0 when free */\n", m.Name, dims(m.Dims))
	}
	x.chanDecls()
	x.printf("\n")
}

// dims is the declaration suffix of an array of dims, flattened.
func dims(d []int) string {
	if d == nil {
		return ""
	}
	n := 1
	for _, k := range d {
		n *= k
	}
	return "[" + strconv.Itoa(n) + "]"
}

// watchdog writes the deadlock check.
func (x *exporter) watchdog() {
	var ok []string
	for i, p := range x.prog.Processes {
		if !p.Daemon {
			ok = append(ok, fmt.Sprintf("pc[%d] == %d", i, len(p.Code)-1))
		}
	}
	cond := "1"
	if len(ok) > 0 {
		cond = strings.Join(ok, " && ")
	}
	x.printf("/* Deadlock: no process can move and a non-daemon process has not terminated. */\n")
	x.printf("#ifndef NODEADLOCK\nactive proctype watchdog_deadlock() {\nend:\tdo :: d_step { timeout -> assert(!LIVE || (%s)) } od\n}\n#endif\n", cond)
}

// regionKind is the first region of kind k, or -1.
func (x *exporter) regionKind(k ir.RegionKind) int {
	return slices.IndexFunc(x.prog.Regions, func(r *ir.Region) bool { return r.Kind == k })
}

// claims writes the mutex, invariant, progress and starvation checks as LTL
// claims (progress and starvation: one per process, NAME_PROC), to be run
// with pan -a, and -f under weak fairness.
func (x *exporter) claims() {
	var out []string
	for _, c := range x.prog.Checks {
		name := strings.NewReplacer("#", "_").Replace(c.Name)
		switch c.Kind {
		case ir.CheckMutex:
			r := slices.IndexFunc(x.prog.Regions, func(r *ir.Region) bool { return r.Kind == ir.RegionCritical })
			if r < 0 {
				continue
			}
			out = append(out, fmt.Sprintf("ltl %s { [] (%s <= 1) }", name, x.expr(&ir.Expr{Op: ir.OpCount, Region: r})))
		case ir.CheckInvariant:
			out = append(out, fmt.Sprintf("ltl %s { [] %s }", name, x.expr(c.Expr)))
		case ir.CheckProgress:
			t, cr := x.regionKind(ir.RegionTrying), x.regionKind(ir.RegionCritical)
			if t < 0 || cr < 0 {
				continue
			}
			var ts, cs []string
			for p := range x.prog.Processes {
				if in := x.inRegion(p, t); in != "0" {
					ts = append(ts, in)
				}
				if in := x.inRegion(p, cr); in != "0" {
					cs = append(cs, in)
				}
			}
			if len(ts) > 0 {
				out = append(out, fmt.Sprintf("ltl %s { [] ((%s) -> <> (%s)) }", name, strings.Join(ts, " || "), strings.Join(cs, " || ")))
			}
		case ir.CheckStarvation:
			t, cr := x.regionKind(ir.RegionTrying), x.regionKind(ir.RegionCritical)
			if t < 0 || cr < 0 {
				continue
			}
			for p, pr := range x.prog.Processes {
				if in := x.inRegion(p, t); in != "0" {
					out = append(out, fmt.Sprintf("ltl %s_%s { [] (%s -> <> %s) }", name, ident(pr.Display), in, x.inRegion(p, cr)))
				}
			}
		}
	}
	if len(out) == 0 {
		return
	}
	x.printf("\n/* Claims (pan -a -N NAME); compile the verifier with -DNOCLAIM for the other checks. */\n")
	x.printf("%s\n", strings.Join(out, "\n"))
}
