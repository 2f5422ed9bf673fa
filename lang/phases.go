package lang

import (
	"sort"

	"github.com/interleave/interleave/lang/ir"
)

// successors lists the program counters an instruction can lead to.
func successors(in *ir.Instr) []int {
	switch in.Op {
	case ir.OpEnd:
		return nil
	case ir.OpEither:
		return in.Alts
	case ir.OpBranch:
		return []int{in.Next, in.Else}
	case ir.OpSelect:
		var out []int
		for _, c := range in.Cases {
			out = append(out, c.Next)
		}
		if in.Default >= 0 {
			out = append(out, in.Default)
		}
		return out
	}
	return []int{in.Next}
}

// phases computes one process's trying and waiting program counters
// (LANGUAGE.md section 5). A pc is trying when it is not in critical, not one
// where the process may stay as at noncritical (ir.MayStay: a noncritical
// statement, or an either that may choose one), and some path leads from it
// to a critical pc without passing such a pc. Waiting is trying outside the
// doorway: the `doorway { }` block when one is written, else, from each pc
// where the trying phase begins (the start, or a successor of a critical pc
// or of one where the process may stay),
// the straight-line chain of steps that are always enabled and do not branch.
// An atomic block is one such step when its first instruction is always
// enabled; the chain goes on after it when the block has a single exit.
func phases(code []*ir.Instr, sems []*ir.Sem, critical, marked []bool, explicit bool) (trying, waiting []bool) {
	n := len(code)
	preds := make([][]int, n)
	for pc, in := range code {
		for _, s := range successors(in) {
			if s >= 0 && s < n {
				preds[s] = append(preds[s], pc)
			}
		}
	}
	stay := make([]bool, n)
	for pc := range code {
		stay[pc] = ir.MayStay(code, pc)
	}
	trying = make([]bool, n)
	var queue []int
	for pc := range code {
		if critical[pc] {
			queue = append(queue, pc)
		}
	}
	for len(queue) > 0 {
		pc := queue[0]
		queue = queue[1:]
		for _, p := range preds[pc] {
			if trying[p] || critical[p] || stay[p] {
				continue
			}
			trying[p] = true
			queue = append(queue, p)
		}
	}
	doorway := marked
	if !explicit {
		doorway = make([]bool, n)
		start := make([]bool, n)
		start[0] = true
		for pc, in := range code {
			if critical[pc] || stay[pc] {
				for _, s := range successors(in) {
					start[s] = true
				}
			}
		}
		for s := range code {
			if !start[s] {
				continue
			}
			for pc := s; pc >= 0 && pc < n && trying[pc] && !doorway[pc]; {
				in := code[pc]
				if in.Op != ir.OpAtomic {
					if !straight(in, sems) {
						break
					}
					doorway[pc] = true
					pc = in.Next
					continue
				}
				inner, exit := atomicBody(code, pc)
				if len(inner) == 0 || !enabled(code[inner[0]], sems) {
					break
				}
				doorway[pc] = true
				for _, i := range inner {
					doorway[i] = true
				}
				if len(exit) != 1 {
					break
				}
				pc = exit[0]
			}
		}
	}
	waiting = make([]bool, n)
	for pc := range code {
		waiting[pc] = trying[pc] && !doorway[pc]
	}
	return trying, waiting
}

// straight reports whether a step is always enabled and does not branch, so
// that it may belong to an implicit doorway.
func straight(in *ir.Instr, sems []*ir.Sem) bool {
	switch in.Op {
	case ir.OpAssign, ir.OpSkip, ir.OpFence, ir.OpAssert, ir.OpUp, ir.OpLock, ir.OpUnlock, ir.OpSleep, ir.OpWakeup:
		return true
	case ir.OpDown:
		return in.Sync != nil && sems[in.Sync.Obj].Kind != ir.SemBusy
	}
	return false
}

// enabled reports whether the first instruction of an atomic block is always
// enabled, so that the block belongs to an implicit doorway: a straight step
// or the test of an `if`.
func enabled(in *ir.Instr, sems []*ir.Sem) bool {
	return in.Op == ir.OpBranch || straight(in, sems)
}

// atomicBody returns the program counters of the instructions of the atomic
// block whose OpAtomic is at pc, its first instruction first, and the distinct
// program counters where the block can end, sorted.
func atomicBody(code []*ir.Instr, pc int) (inner, exits []int) {
	n := len(code)
	first := code[pc].Next
	if first < 0 || first >= n || !code[first].InAtomic {
		return nil, nil
	}
	seen := make([]bool, n)
	isExit := make([]bool, n)
	seen[first] = true
	queue := []int{first}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		inner = append(inner, p)
		for _, s := range successors(code[p]) {
			if s < 0 || s >= n || seen[s] {
				continue
			}
			if !code[s].InAtomic {
				if !isExit[s] {
					isExit[s] = true
					exits = append(exits, s)
				}
				continue
			}
			seen[s] = true
			queue = append(queue, s)
		}
	}
	sort.Ints(exits)
	return inner, exits
}
