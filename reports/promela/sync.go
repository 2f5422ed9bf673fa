package promela

import (
	"fmt"
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// semRef is the Promela location of a semaphore element.
func (x *exporter) semRef(r *ir.SyncRef) string {
	s := x.prog.Sems[r.Obj]
	return "s_" + s.Name + x.index(s.Dims, r.Index)
}

// mutexRef is the Promela location of a mutex element's owner.
func (x *exporter) mutexRef(r *ir.SyncRef) string {
	m := x.prog.Mutexes[r.Obj]
	return "m_" + m.Name + x.index(m.Dims, r.Index)
}

// semCode and mutexCode are the block codes of waiting on an element, as the
// engine numbers them: 2 + the element's number, semaphores first.
func (x *exporter) semCode(r *ir.SyncRef) string {
	return "(2 + " + x.elem(x.semBase[r.Obj], x.prog.Sems[r.Obj].Dims, r.Index) + ")"
}

func (x *exporter) mutexCode(r *ir.SyncRef) string {
	return "(2 + " + x.elem(x.nsem+x.mutexBase[r.Obj], x.prog.Mutexes[r.Obj].Dims, r.Index) + ")"
}

// queue is the first slot of a fifo semaphore element's queue.
func (x *exporter) queue(r *ir.SyncRef) (name, base string) {
	s := x.prog.Sems[r.Obj]
	base = "0"
	if s.Dims != nil {
		base = fmt.Sprintf("(%s) * %d", x.flat(s.Dims, r.Index), len(x.prog.Processes))
	}
	return "q_" + s.Name, base
}

// enqueue appends process p to the element's queue, as the engine does: into
// its first free slot, so that the queue is always packed at the front.
func (x *exporter) enqueue(r *ir.SyncRef, p int) string {
	q, base := x.queue(r)
	var alts []string
	for i := range x.prog.Processes {
		alts = append(alts, fmt.Sprintf(":: %s[%s + %d] == 0 -> %s[%s + %d] = %d", q, base, i, q, base, i, p+1))
	}
	return "if " + strings.Join(alts, " ") + " fi"
}

// dequeue removes the queue's head, shifting the others forward.
func (x *exporter) dequeue(r *ir.SyncRef) []string {
	q, base := x.queue(r)
	n := len(x.prog.Processes)
	var out []string
	for i := 0; i+1 < n; i++ {
		out = append(out, fmt.Sprintf("%s[%s + %d] = %s[%s + %d]", q, base, i, q, base, i+1))
	}
	return append(out, fmt.Sprintf("%s[%s + %d] = 0", q, base, n-1))
}

// blocking are the program counters of process q where it can block and be
// moved on by another process.
func (x *exporter) blocking(q int) []int {
	var out []int
	for k, in := range x.prog.Processes[q].Code {
		switch {
		case in.Op == ir.OpDown && x.prog.Sems[in.Sync.Obj].Kind != ir.SemBusy, in.Op == ir.OpLock, in.Op == ir.OpSleep:
			out = append(out, k)
		}
	}
	return out
}

// resumeInline writes resume_Q(): process q, blocked, moves past the
// instruction it is blocked at.
func (x *exporter) resumeInline(q int) {
	pcs := x.blocking(q)
	if len(pcs) == 0 {
		return
	}
	code := x.prog.Processes[q].Code
	x.printf("inline resume_%s() {\n\tblk[%d] = 0;\n\tif\n", ident(x.prog.Processes[q].Display), q)
	for _, k := range pcs {
		x.printf("\t:: pc[%d] == %d -> pc[%d] = %d\n", q, k, q, code[k].Next)
	}
	x.printf("\tfi\n}\n\n")
}

// give hands element code to process q (mutex: ownership too).
func (x *exporter) give(q int, owner string) []string {
	out := []string{fmt.Sprintf("resume_%s()", ident(x.prog.Processes[q].Display))}
	if owner != "" {
		out = append(out, fmt.Sprintf("%s = %d", owner, q+1))
	}
	return out
}

// release is an up or unlock. At the start of a step (top), a hand-over to
// one of several blocked processes is one option per process; inside an
// atomic block it has no exact equivalent.
func (x *exporter) release(p int, in *ir.Instr, atomic, top bool) []option {
	var pre []string
	var code, owner, free string
	if in.Op == ir.OpUp {
		s := x.prog.Sems[in.Sync.Obj]
		ref := x.semRef(in.Sync)
		free = "FAULT(" + ref + " < 65535); " + ref + "++"
		switch s.Kind {
		case ir.SemBusy:
			return []option{{body: append([]string{free}, x.fin(p, in.Next, atomic)...)}}
		case ir.SemFifo:
			q, base := x.queue(in.Sync)
			var alts []string
			for i := range x.prog.Processes {
				if len(x.blocking(i)) > 0 {
					alts = append(alts, fmt.Sprintf(":: tmp == %d -> %s", i+1, strings.Join(x.give(i, ""), "; ")))
				}
			}
			alts = append(alts, ":: else -> skip")
			body := []string{fmt.Sprintf("tmp = %s[%s]", q, base), "if :: tmp != 0 -> " +
				strings.Join(x.dequeue(in.Sync), "; ") + " :: else -> " + free + " fi",
				"if " + strings.Join(alts, " ") + " fi"}
			return []option{{body: append(body, x.fin(p, in.Next, atomic)...)}}
		}
		code = x.semCode(in.Sync)
	} else {
		owner = x.mutexRef(in.Sync)
		pre = []string{fmt.Sprintf("FAULT(%s == %d)", owner, p+1)}
		free = owner + " = 0"
		code = x.mutexCode(in.Sync)
	}
	if !top {
		x.fail(in.Pos, "%s inside atomic hands over to one of several blocked processes: no exact Promela equivalent in the export",
			strings.Fields(strings.TrimSpace(in.Text))[0])
		return nil
	}
	var out []option
	var none []string
	for q := range x.prog.Processes {
		if q == p || len(x.blocking(q)) == 0 {
			continue
		}
		g := fmt.Sprintf("blk[%d] == %s", q, code)
		none = append(none, fmt.Sprintf("blk[%d] != %s", q, code))
		body := append(append(append([]string{}, pre...), x.give(q, owner)...), x.fin(p, in.Next, atomic)...)
		out = append(out, option{guard: g, body: body})
	}
	body := append(append(append([]string{}, pre...), free), x.fin(p, in.Next, atomic)...)
	return append(out, option{guard: strings.Join(none, " && "), body: body})
}

// wakeup is a wakeup's statements: the process it names, if asleep, moves on.
func (x *exporter) wakeup(in *ir.Instr) []string {
	n := len(x.prog.Processes)
	out := []string{"tmp = " + x.expr(in.Proc), fmt.Sprintf("FAULT(0 <= tmp && tmp < %d)", n)}
	var alts []string
	for q := range n {
		if len(x.blocking(q)) > 0 {
			alts = append(alts, fmt.Sprintf(":: tmp == %d && blk[%d] == 1 -> %s", q, q, strings.Join(x.give(q, ""), "; ")))
		}
	}
	alts = append(alts, ":: else -> skip")
	return append(out, "if "+strings.Join(alts, " ")+" fi")
}

// atomicBody writes atomic_P(): the rest of an atomic step of process p, run
// instruction by instruction until the program counter leaves the block.
func (x *exporter) atomicBody(p int) {
	code := x.prog.Processes[p].Code
	var alts []string
	for j, in := range code {
		if !in.InAtomic {
			continue
		}
		body := x.inner(p, j)
		if body == nil {
			continue
		}
		alts = append(alts, fmt.Sprintf("\t:: pc[%d] == %d -> /* %s */\n\t\t%s", p, j, strings.TrimSpace(in.Text), strings.Join(body, ";\n\t\t")))
	}
	if len(alts) == 0 {
		return
	}
	x.printf("inline atomic_%s() {\n\tdo\n%s\n\t:: else -> break\n\tod;\n\tskip /* the end of the block, inside the step */\n}\n\n", ident(x.prog.Processes[p].Display), strings.Join(alts, "\n"))
}

// inner is instruction j of process p inside an atomic step (not its first):
// it cannot block (a fault if it would).
func (x *exporter) inner(p, j int) []string {
	in := x.prog.Processes[p].Code[j]
	set := func(k int) string { return fmt.Sprintf("pc[%d] = %d", p, k) }
	switch in.Op {
	case ir.OpAssign:
		return append(x.assign(in), set(in.Next))
	case ir.OpAwait:
		if in.RMW != nil {
			out := []string{"tmp = " + x.rmwResult(in.RMW), "FAULT(tmp)"}
			return append(append(out, x.rmwWrite(in.RMW)...), set(in.Next))
		}
		return []string{"FAULT(" + x.expr(in.Cond) + ")", set(in.Next)}
	case ir.OpBranch:
		if in.RMW != nil {
			out := append([]string{"tmp = " + x.rmwResult(in.RMW)}, x.rmwWrite(in.RMW)...)
			return append(out, fmt.Sprintf("if :: tmp -> %s :: else -> %s fi", set(in.Next), set(in.Else)))
		}
		return []string{fmt.Sprintf("if :: %s -> %s :: else -> %s fi", x.expr(in.Cond), set(in.Next), set(in.Else))}
	case ir.OpSkip, ir.OpNoncritical:
		return []string{set(in.Next)}
	case ir.OpAssert:
		return []string{"FAULT(" + x.expr(in.Cond) + ")", set(in.Next)}
	case ir.OpDown:
		s := x.semRef(in.Sync)
		return []string{"FAULT(" + s + " > 0)", s + "--", set(in.Next)}
	case ir.OpUp, ir.OpUnlock:
		o := x.release(p, in, false, false)
		if len(o) != 1 {
			return nil
		}
		return o[0].body
	case ir.OpLock:
		m := x.mutexRef(in.Sync)
		return []string{fmt.Sprintf("FAULT(%s == 0)", m), fmt.Sprintf("%s = %d", m, p+1), set(in.Next)}
	case ir.OpWakeup:
		return append(x.wakeup(in), set(in.Next))
	case ir.OpEnd:
		return nil
	case ir.OpEither:
		x.fail(in.Pos, "either inside atomic has no exact Promela equivalent in the export")
		return nil
	}
	x.unsupported(in)
	return nil
}
