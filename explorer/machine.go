package explorer

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
)

// Machine is a compiled program ready to run: its state layout and the tables
// that successor computation needs. A Machine is immutable once built and safe
// for concurrent use; each goroutine computing successors uses its own Stepper.
type Machine struct {
	prog *ir.Program
	lay  *layout
	// inRegion[r][p][pc] tells whether process p at pc is in region r.
	inRegion [][][]bool
	// critical is the index of the critical region, or -1; end that of the
	// end region, or -1.
	critical, end int
	// code[p] is process p's code as the interpreter's fast path runs it
	// (compile.go).
	code [][]instr
	// codec packs the states into the store's keys, or is nil (pack.go).
	codec *codec
	// batch is what a search's batched expansion reads of the machine, or
	// nil where chunks are expanded a state at a time (batch.go).
	batch *batchCode
}

// New compiles p into a Machine. The error names what the engine cannot run: a
// malformed program (an index out of range, a program counter past the code) or
// one past the engine's limits (more than MaxProcesses processes, more than 65535
// instructions in a process).
func New(p *ir.Program) (*Machine, error) {
	if p == nil {
		return nil, fmt.Errorf("no program")
	}
	if err := validate(p); err != nil {
		return nil, err
	}
	lay, err := newLayout(p)
	if err != nil {
		return nil, err
	}
	m := &Machine{prog: p, lay: lay, critical: -1, end: -1, codec: newCodec(lay, p)}
	m.code = m.compileCode()
	m.batch = newBatchCode(m)
	for r, reg := range p.Regions {
		tab := make([][]bool, len(p.Processes))
		for i, proc := range p.Processes {
			tab[i] = make([]bool, len(proc.Code))
			if i < len(reg.PCs) {
				for _, pc := range reg.PCs[i] {
					tab[i][pc] = true
				}
			}
		}
		m.inRegion = append(m.inRegion, tab)
		if reg.Kind == ir.RegionCritical && m.critical < 0 {
			m.critical = r
		}
		if reg.Kind == ir.RegionEnd && m.end < 0 {
			m.end = r
		}
	}
	return m, nil
}

// Program is the program the Machine runs.
func (m *Machine) Program() *ir.Program { return m.prog }

// StateSize is the number of bytes of every state.
func (m *Machine) StateSize() int { return m.lay.size }

// Processes is the number of processes.
func (m *Machine) Processes() int { return m.lay.procs }

// Initial returns a new initial state: every process at its first instruction
// and not blocked, every variable element at its Init, every semaphore at its
// Init, every queue empty and every mutex free.
func (m *Machine) Initial() []byte {
	s := make([]byte, m.lay.size)
	for i := range m.lay.vars {
		sl := &m.lay.vars[i]
		for e := range sl.n {
			m.lay.store(s, sl, e, sl.v.Init)
		}
	}
	for e, d := range m.lay.semDecl {
		m.lay.setSemValue(s, e, int(m.prog.Sems[d].Init))
	}
	for e := range m.lay.mutexOff {
		m.lay.setOwner(s, e, -1)
	}
	return s
}

// PC is process p's program counter in state s.
func (m *Machine) PC(s []byte, p int) int { return m.lay.pc(s, p) }

// Terminated reports whether process p has reached its OpEnd in s.
func (m *Machine) Terminated(s []byte, p int) bool {
	return m.prog.Processes[p].Code[m.lay.pc(s, p)].Op == ir.OpEnd
}

// Blocked reports whether process p is blocked in a queue in s: on a
// semaphore, a mutex or a monitor's entry set, in a condition's queue, in a
// Hoare monitor's urgent queue, or asleep. A process at a channel operation
// that cannot proceed is not in a queue: it is merely disabled (Process
// describes it as waiting all the same).
func (m *Machine) Blocked(s []byte, p int) bool { return m.lay.block(s, p) != running }

// MayBlock reports whether a process may ever be blocked in a queue
// (Blocked): whether the program has a semaphore, a mutex, a monitor or
// anything else that queues processes.
func (m *Machine) MayBlock() bool { return m.lay.blockWidth != 0 }

// InRegion reports whether process p is in region r in state s. Under TSO
// and PSO a process is at the end region once it has terminated and its
// store buffers are empty.
func (m *Machine) InRegion(s []byte, p, r int) bool {
	return m.at(s, r, p)
}

// at reports whether process p is in region r in s.
func (m *Machine) at(s []byte, r, p int) bool {
	if !m.inRegion[r][p][m.lay.pc(s, p)] {
		return false
	}
	return r != m.end || m.lay.mem == nil || m.lay.mem.empty(s, p)
}

// Critical returns the processes in the critical region in s, in index order,
// appended to buf; none when the program has no critical region.
func (m *Machine) Critical(s []byte, buf []int) []int {
	if m.critical < 0 {
		return buf
	}
	// The critical region is not the end region: its program counters
	// alone tell who is in it.
	for p, pcs := range m.inRegion[m.critical] {
		if pcs[m.lay.pc(s, p)] {
			buf = append(buf, p)
		}
	}
	return buf
}

// Eval evaluates e (an expression over state, such as an invariant) in state s.
// A fault in the expression (an index out of bounds, a division by zero) is the
// error.
func (m *Machine) Eval(s []byte, e *ir.Expr) (int32, error) {
	v, f := m.eval(s, e)
	if f != nil {
		return 0, f
	}
	return v, nil
}
