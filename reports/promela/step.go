package promela

import (
	"fmt"
	"strings"

	"github.com/interleave/interleave/lang/ir"
)

// option is one outcome of a step: enabled when guard holds (with the
// process at the step's program counter), it runs body as one d_step.
type option struct {
	guard string // "" when always enabled
	body  []string
}

// process writes process instance p as an active proctype.
func (x *exporter) process(p int) {
	pr := x.prog.Processes[p]
	code := pr.Code
	x.printf("/* %s: %s */\n", pr.Display, pr.Pos)
	x.printf("active proctype %s() {\nend:\tdo\n", ident(pr.Display))
	resume := x.resumePCs(code)
	n := 0
	for k, in := range code {
		if in.Op == ir.OpEnd || (in.InAtomic && !resume[k]) {
			continue
		}
		x.printf("\t/* %d: %s  (%s) */\n", k, strings.TrimSpace(in.Text), in.Pos)
		guard := fmt.Sprintf("pc[%d] == %d", p, k)
		if x.blk {
			guard += fmt.Sprintf(" && blk[%d] == 0", p)
		}
		for _, o := range x.step(p, k, in.InAtomic, 0) {
			g := guard + " && LIVE"
			if o.guard != "" {
				g += " && " + o.guard
			}
			body := o.body
			if t := strings.Join(body, ";"); strings.Contains(t, "tmp") || strings.Contains(t, "atomic_") {
				body = append(body, "tmp = 0", "tmp2 = 0")
			}
			x.printf("\t:: d_step { %s ->\n\t\t%s }\n", g, strings.Join(body, ";\n\t\t"))
			n++
		}
	}
	if n == 0 {
		// Every step waits for another process (a receive on an
		// unbuffered channel): the process never moves of its own.
		x.printf("\t:: false\n")
	}
	x.printf("\tod\n}\n\n")
}

// resumePCs are the program counters inside atomic blocks where a step can
// start: after a down or lock that blocked as the block's first instruction.
func (x *exporter) resumePCs(code []*ir.Instr) map[int]bool {
	out := make(map[int]bool)
	for _, in := range code {
		if in.InAtomic && (in.Op == ir.OpDown || in.Op == ir.OpLock) {
			out[in.Next] = code[in.Next].InAtomic
		}
	}
	return out
}

// fin is the end of an instruction that moves to next: inside an atomic
// block the step goes on through the block's instructions.
func (x *exporter) fin(p, next int, atomic bool) []string {
	set := fmt.Sprintf("pc[%d] = %d", p, next)
	if atomic && x.prog.Processes[p].Code[next].InAtomic {
		return []string{set, fmt.Sprintf("atomic_%s()", ident(x.prog.Processes[p].Display))}
	}
	return []string{set}
}

// step is the options of a step of process p starting at pc k (n = 0) or,
// inside an atomic block, of its instruction k as a step's first.
func (x *exporter) step(p, k int, atomic bool, hops int) []option {
	code := x.prog.Processes[p].Code
	in := code[k]
	cat := func(a ...[]string) []string {
		var out []string
		for _, s := range a {
			out = append(out, s...)
		}
		return out
	}
	switch in.Op {
	case ir.OpAssign:
		return []option{{body: cat(x.assign(in), x.fin(p, in.Next, atomic))}}
	case ir.OpAwait:
		if in.RMW != nil {
			return []option{{guard: x.rmwResult(in.RMW), body: cat(x.rmwWrite(in.RMW), x.fin(p, in.Next, atomic))}}
		}
		return []option{{guard: x.expr(in.Cond), body: x.fin(p, in.Next, atomic)}}
	case ir.OpBranch:
		c, pre := x.cond(in)
		return []option{
			{guard: c, body: cat(pre, x.fin(p, in.Next, atomic))},
			{guard: "!" + c, body: cat(pre, x.fin(p, in.Else, atomic))},
		}
	case ir.OpSkip:
		return []option{{body: x.fin(p, in.Next, atomic)}}
	case ir.OpNoncritical:
		// A process may stay at noncritical forever: a step that stays put
		// lets SPIN's weak fairness count it as moving, adding no state.
		opts := []option{{body: x.fin(p, in.Next, atomic)}}
		if !atomic {
			opts = append(opts, option{body: []string{"skip"}})
		}
		return opts
	case ir.OpAssert:
		return []option{{body: cat([]string{"FAULT(" + x.expr(in.Cond) + ")"}, x.fin(p, in.Next, atomic))}}
	case ir.OpDown:
		s := x.semRef(in.Sync)
		opts := []option{{guard: s + " > 0", body: cat([]string{s + "--"}, x.fin(p, in.Next, atomic))}}
		if x.prog.Sems[in.Sync.Obj].Kind == ir.SemBusy {
			return opts
		}
		block := []string{fmt.Sprintf("pc[%d] = %d", p, k), fmt.Sprintf("blk[%d] = %s", p, x.semCode(in.Sync))}
		if x.prog.Sems[in.Sync.Obj].Kind == ir.SemFifo {
			block = append(block, x.enqueue(in.Sync, p))
		}
		return append(opts, option{guard: s + " == 0", body: block})
	case ir.OpUp:
		return x.release(p, in, atomic, true)
	case ir.OpLock:
		m := x.mutexRef(in.Sync)
		return []option{
			{guard: m + " == 0", body: cat([]string{fmt.Sprintf("%s = %d", m, p+1)}, x.fin(p, in.Next, atomic))},
			{guard: m + " != 0", body: []string{fmt.Sprintf("pc[%d] = %d", p, k), fmt.Sprintf("blk[%d] = %s", p, x.mutexCode(in.Sync))}},
		}
	case ir.OpUnlock:
		return x.release(p, in, atomic, true)
	case ir.OpSleep:
		return []option{{body: []string{fmt.Sprintf("pc[%d] = %d", p, k), fmt.Sprintf("blk[%d] = 1", p)}}}
	case ir.OpWakeup:
		return []option{{body: cat(x.wakeup(in), x.fin(p, in.Next, atomic))}}
	case ir.OpEither:
		if hops > len(code) {
			x.fail(in.Pos, "either: alternatives that lead back to the either have no Promela equivalent")
			return nil
		}
		var out []option
		for _, a := range in.Alts {
			out = append(out, x.step(p, a, atomic, hops+1)...)
		}
		return out
	case ir.OpSend, ir.OpRecv, ir.OpSelect:
		// The language allows no communication inside an atomic block.
		if !atomic {
			return x.communicate(p, in, hops == 0)
		}
	case ir.OpAtomic:
		if !code[in.Next].InAtomic {
			return []option{{body: x.fin(p, in.Next, false)}}
		}
		if code[in.Next].Op == ir.OpEither {
			x.fail(code[in.Next].Pos, "either inside atomic has no exact Promela equivalent in the export")
			return nil
		}
		return x.step(p, in.Next, true, hops)
	}
	x.unsupported(in)
	return nil
}

// unsupported records an instruction the export cannot translate.
func (x *exporter) unsupported(in *ir.Instr) {
	name := map[ir.Op]string{
		ir.OpSend: "a send", ir.OpRecv: "a receive", ir.OpSelect: "select",
		ir.OpWait: "wait", ir.OpSignal: "signal", ir.OpBroadcast: "broadcast",
	}[in.Op]
	if name == "" {
		name = "this statement"
	}
	x.fail(in.Pos, "%s (%s) has no exact Promela equivalent in the export", name, strings.TrimSpace(in.Text))
}

// cond is the test of a branch and, for a read-modify-write, the write.
func (x *exporter) cond(in *ir.Instr) (string, []string) {
	if in.RMW != nil {
		return x.rmwResult(in.RMW), x.rmwWrite(in.RMW)
	}
	return x.expr(in.Cond), nil
}

// assign is an OpAssign's statements: the value (a read-modify-write first),
// its range check, the write.
func (x *exporter) assign(in *ir.Instr) []string {
	var out []string
	val := ""
	if in.RMW != nil {
		out = append(out, "tmp = "+x.rmwResult(in.RMW))
		out = append(out, x.rmwWrite(in.RMW)...)
		val = "tmp"
	} else {
		val = x.expr(in.Value)
	}
	return append(out, x.write(in.Target, val)...)
}

// write stores val at r after checking its range.
func (x *exporter) write(r *ir.Ref, val string) []string {
	v := x.prog.Vars[r.Var]
	var out []string
	if v.Elem.Lo != -1<<31 || v.Elem.Hi != 1<<31-1 {
		if val != "tmp" && val != "tmp2" && strings.ContainsAny(val, " ()[") {
			out = append(out, "tmp2 = "+val)
			val = "tmp2"
		}
		out = append(out, fmt.Sprintf("FAULT(%d <= %s && %s <= %d)", v.Elem.Lo, val, val, v.Elem.Hi))
	}
	return append(out, x.varName(r.Var)+x.index(v.Dims, r.Index)+" = "+val)
}

// rmwResult is a read-modify-write's result, read before its write.
func (x *exporter) rmwResult(r *ir.RMW) string {
	loc := x.varName(r.Loc.Var) + x.index(x.prog.Vars[r.Loc.Var].Dims, r.Loc.Index)
	if r.Kind == ir.CAS {
		return "(" + loc + " == " + x.expr(r.Args[0]) + ")"
	}
	return loc
}

// rmwWrite is a read-modify-write's write.
func (x *exporter) rmwWrite(r *ir.RMW) []string {
	loc := x.varName(r.Loc.Var) + x.index(x.prog.Vars[r.Loc.Var].Dims, r.Loc.Index)
	switch r.Kind {
	case ir.TSL:
		return x.write(r.Loc, "1")
	case ir.CAS:
		w := x.write(r.Loc, x.expr(r.Args[1]))
		return []string{"if :: " + loc + " == " + x.expr(r.Args[0]) + " -> " + strings.Join(w, "; ") + " :: else -> skip fi"}
	case ir.FetchAdd:
		return x.write(r.Loc, "("+loc+" + "+x.expr(r.Args[0])+")")
	default:
		return x.write(r.Loc, x.expr(r.Args[0]))
	}
}
