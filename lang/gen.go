package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// node is an instruction under construction: a step (in set) or a jump that
// stands for a non-step of the language (going round a loop, break, continue,
// return, leaving a branch). Targets are node indices until finalize turns
// them into program counters.
type node struct {
	in   *ir.Instr
	jump bool
	// next, els and alts are node indices (next: a jump's target).
	next, els int
	alts      []int
	// cases are a select's cases' targets and def its default's (-1: none).
	cases []int
	def   int
	// loopPos, on a jump that goes back round a loop, is the loop's position.
	loopPos source.Pos
	// critical, doorway and sections say which blocks the step is inside.
	critical, doorway bool
	sections          []int
}

// loopCtx is an enclosing loop: where break and continue go.
type loopCtx struct {
	pos       source.Pos
	breaks    []int
	continues []int
}

// labelRef is a labelled statement: its region and first node.
type labelRef struct {
	region int
	node   int
}

// gen lowers the body of one process instance into nodes.
type gen struct {
	c     *compiler
	owner int // the instance's index in Program.Processes
	nodes []*node
	loops []*loopCtx
	// returns are the return jumps of the procedure body being inlined (or of
	// the process body), patched to its end.
	returns [][]int
	// procs is the inlining stack, for recursion detection.
	procs []string
	// atomic counts enclosing atomic blocks; atomicFirst says that the next
	// step would be the first of the outermost one.
	atomic      int
	atomicFirst bool
	critical    int
	doorway     int
	sections    []int
	labels      []labelRef
	// locals maps a local's declaration to its variable, so that a block
	// lowered several times (an unrolled for, an inlined procedure) declares
	// it once per instance.
	locals map[*syntax.Name]*symbol
	// tooBig is set once the code exceeds maxCode, to report it once.
	tooBig bool
	// monitor is the monitor whose procedure is being lowered, nil outside.
	monitor *monitorInfo
}

// blocking says whether a step can be disabled.
type blocking uint8

const (
	neverBlocks blocking = iota
	mayWait              // await, busy down: disabled until a condition holds
	mayBlock             // weak or fifo down, lock, sleep, wait, channel operations, monitor entry: can block the process
)

// step appends a step; its next node is, by default, the one appended after it.
func (g *gen) step(in *ir.Instr, b blocking) int {
	if g.atomic > 0 {
		switch {
		case b == mayBlock:
			g.c.errorf(in.Pos, "atomic block may block at %s", in.Text)
		case b == mayWait && !g.atomicFirst:
			g.c.errorf(in.Pos, "atomic block may block at %s: only its first statement may wait", in.Text)
		case in.Op == ir.OpNoncritical:
			g.c.errorf(in.Pos, "noncritical inside an atomic block")
		}
		g.atomicFirst = false
		in.InAtomic = true
	}
	i := len(g.nodes)
	n := &node{in: in, next: i + 1, els: -1, critical: g.critical > 0, doorway: g.doorway > 0}
	if len(g.sections) > 0 {
		n.sections = append([]int(nil), g.sections...)
	}
	g.nodes = append(g.nodes, n)
	if len(g.nodes) > maxCode && !g.tooBig {
		g.tooBig = true
		g.c.errorf(in.Pos, "process has more than %d steps", maxCode)
	}
	return i
}

// jump appends a jump to target (-1: patched later).
func (g *gen) jump(target int) int {
	g.nodes = append(g.nodes, &node{jump: true, next: target, els: -1})
	return len(g.nodes) - 1
}

// patch points the given jumps at target.
func (g *gen) patch(jumps []int, target int) {
	for _, j := range jumps {
		g.nodes[j].next = target
	}
}
