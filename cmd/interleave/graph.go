package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/reports"
)

// graphFlags are the flags of `interleave graph`.
type graphFlags struct {
	defines   []string
	format    string
	maxStates int64
	check     string
	mem       memoryFlags
}

func newGraphCmd(e env) *cobra.Command {
	var f graphFlags
	cmd := &cobra.Command{
		Use:   "graph FILE",
		Short: "Draw the whole state graph of a small model",
		Long: "graph draws every reachable state of a model and every transition between\n" +
			"them: the initial state in full, every other state with what differs from the\n" +
			"state it was first reached from, each transition labelled with its process and\n" +
			"statement. With --check NAME, the counterexample of that violated check is\n" +
			"highlighted. --format svg needs Graphviz's dot on the machine.\n\n" +
			"Exit status: 0 the graph was written, 2 a usage error, an error in the model,\n" +
			"or a graph larger than --max-states.",
		Example: "  interleave graph peterson_swapped --check mutex > states.dot\n" +
			"  interleave graph race --format svg > race.svg",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef(cmd.CommandPath(), "graph needs one model: a FILE or a built-in model name")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			consts, err := parseDefines(f.defines)
			if err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			if f.format != "dot" && f.format != "svg" {
				return usagef(cmd.CommandPath(), "bad --format %q: want dot or svg", f.format)
			}
			if err := f.mem.validate(); err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			if f.maxStates < 1 {
				return usagef(cmd.CommandPath(), "bad --max-states %d: want 1 or more", f.maxStates)
			}
			return runGraph(cmd.Context(), e, args[0], consts, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.defines, "define", "D", nil, "override a constant: -D NAME=VALUE (repeatable)")
	fl.StringVar(&f.format, "format", "dot", "output format: dot, or svg (needs Graphviz's dot)")
	fl.Int64Var(&f.maxStates, "max-states", 500, "refuse graphs of more than `N` states")
	fl.StringVar(&f.check, "check", "", "highlight the counterexample of the violated check `NAME`")
	f.mem.add(fl)
	return cmd
}

// runGraph builds the state graph and writes it to stdout.
func runGraph(ctx context.Context, e env, arg string, consts map[string]int32, f graphFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	prog, err := compileModel(arg, consts)
	if err != nil {
		return &exitStatus{code: exitError, msg: trimNewline(err.Error())}
	}
	f.mem.apply(prog)
	fail := func(format string, args ...any) error {
		return &exitStatus{code: exitError, msg: "interleave: " + prog.File + ": " + fmt.Sprintf(format, args...)}
	}
	m, err := explorer.New(prog)
	if err != nil {
		return fail("%s", err)
	}
	// One state past --max-states tells that the graph is too big; the search
	// stops there, however large the whole space.
	sp, err := explorer.Search(ctx, m, explorer.Options{MaxStates: f.maxStates + 1, Workers: 1}, everyState{})
	if err != nil {
		return fail("%s", err)
	}
	switch n := sp.Outcome.States; {
	case !sp.Outcome.Complete && n > f.maxStates:
		return fail("the state graph has more than %d states, too many to draw (--max-states %d); shrink the model with -D, or raise --max-states", f.maxStates, f.maxStates)
	case !sp.Outcome.Complete:
		return fail("the search ended early (%s) before the graph was complete", sp.Outcome.Limit)
	case n > f.maxStates:
		return fail("the state graph has %d states, too many to draw (--max-states %d); shrink the model with -D, or raise --max-states", n, f.maxStates)
	}
	g := stateGraph(m, sp)
	g.Title = prog.Name + ": " + strconv.FormatInt(sp.Outcome.States, 10) + " states"
	if f.check != "" {
		// The graph is complete, so this search is finite; the bound keeps
		// a check's own product (a liveness search) within reason too.
		res, err := checker.Run(ctx, prog, checker.Options{Checks: []string{f.check}, Workers: 1, MaxStates: 16 * (f.maxStates + 1)})
		if err != nil {
			return fail("%s", err)
		}
		k := slices.IndexFunc(res.Checks, func(c checker.CheckResult) bool { return c.Name == f.check || kindName(c.Kind) == f.check })
		if k < 0 || res.Checks[k].Verdict != checker.Violated || res.Checks[k].Trace == nil {
			return fail("check %s is not violated: there is no counterexample to highlight", f.check)
		}
		if last := highlight(m, sp, g, res.Checks[k].Trace); last >= 0 {
			g.Nodes[last].Broken = true
			g.Nodes[last].Lines = append(g.Nodes[last].Lines, res.Checks[k].Name+" violated")
		}
		g.Title = prog.Name + ": " + res.Checks[k].Name + " violated (" + strconv.FormatInt(sp.Outcome.States, 10) + " states)"
	}
	out := reports.GraphDOT(g)
	if f.format == "svg" {
		if out, err = runDot(ctx, out, "svg"); err != nil {
			if errors.Is(err, errNoDot) {
				return &exitStatus{code: exitError,
					msg: "interleave: --format svg needs Graphviz's dot, which is not installed: install Graphviz, or use --format dot"}
			}
			return fail("%s", err)
		}
	}
	_, err = e.stdout.Write(out)
	return err
}

// kindName is a check kind's name, or "" for a kind without one.
func kindName(k ir.CheckKind) string {
	if k > ir.CheckLeadsTo {
		return ""
	}
	return k.String()
}

// everyState explores every state, pruning nothing.
type everyState struct{}

func (everyState) State(explorer.StateID, []byte, int) explorer.Control { return explorer.Continue }
func (everyState) Fault(explorer.StateID, *explorer.Transition) explorer.Control {
	return explorer.Continue
}
func (everyState) Deadend(explorer.StateID, []byte) explorer.Control { return explorer.Continue }

// graphEdge is one transition of the explored graph.
type graphEdge struct {
	from, to explorer.StateID
	t        explorer.Transition
}

// stateGraph turns the explored space into a graph: node i is state i, and
// each faulting transition leads to a node of its own after them.
func stateGraph(m *explorer.Machine, sp *explorer.Space) *reports.StateGraph {
	n := sp.Store.Len()
	g := &reports.StateGraph{Nodes: make([]reports.GraphNode, n)}
	code := m.Program().Processes
	for id := range n {
		s := sp.Store.Get(explorer.StateID(id))
		if id == 0 {
			g.Nodes[0].Lines = fullState(m, s)
		} else {
			g.Nodes[id].Lines = diffState(m, sp.Store.Get(sp.Store.Parent(explorer.StateID(id))), s)
		}
		moves := 0
		sp.Edges(explorer.StateID(id), func(t *explorer.Transition, to explorer.StateID, ok bool) {
			moves++
			label := m.Program().Processes[t.Process].Display + ": " + code[t.Process].Code[t.PC].Text
			if t.Flush {
				label = m.Note(t) // "P[0]'s store x=1 reaches memory"
			}
			if t.Fault != nil {
				g.Nodes = append(g.Nodes, reports.GraphNode{Lines: []string{t.Fault.Msg}, Fault: true})
				g.Edges = append(g.Edges, reports.GraphEdge{From: id, To: len(g.Nodes) - 1, Label: label})
				return
			}
			if ok {
				g.Edges = append(g.Edges, reports.GraphEdge{From: id, To: int(to), Label: label})
			}
		})
		if moves == 0 && !allEnded(m, s) {
			g.Nodes[id].Deadlock = true
			g.Nodes[id].Lines = append(g.Nodes[id].Lines, "deadlock")
		}
	}
	return g
}

// allEnded reports whether every process but the daemons has terminated.
func allEnded(m *explorer.Machine, s []byte) bool {
	for p, proc := range m.Program().Processes {
		if !proc.Daemon && !m.Terminated(s, p) {
			return false
		}
	}
	return true
}

// fullState describes a state in full: every variable, semaphore and mutex
// owner, then where each process is. A state's bitwise complement differs
// from it in every location, so Changes against it lists them all.
func fullState(m *explorer.Machine, s []byte) []string {
	other := make([]byte, len(s))
	for i, b := range s {
		other[i] = ^b
	}
	var lines []string
	for _, c := range m.Changes(other, s) {
		lines = append(lines, c.Name+"="+c.Value.Text)
	}
	for _, ps := range m.Describe(s) {
		lines = append(lines, procLine(m, ps))
	}
	return lines
}

// diffState describes what differs from a to b: the locations that changed,
// and the processes that moved or changed state.
func diffState(m *explorer.Machine, a, b []byte) []string {
	var lines []string
	for _, c := range m.Changes(a, b) {
		lines = append(lines, c.Name+"="+c.Value.Text)
	}
	pa, pb := m.Describe(a), m.Describe(b)
	for p := range pb {
		if pa[p] != pb[p] {
			lines = append(lines, procLine(m, pb[p]))
		}
	}
	return lines
}

// procLine says where a process is: "P[0] at 9", "P[1] blocked at 6",
// "P[0] ended".
func procLine(m *explorer.Machine, ps explorer.ProcState) string {
	name := m.Program().Processes[ps.Process].Display
	switch {
	case ps.Terminated:
		return name + " ended"
	case ps.Blocked:
		return name + " " + ps.Waits + " (line " + strconv.Itoa(ps.Pos.Line) + ")"
	}
	return name + " at line " + strconv.Itoa(ps.Pos.Line)
}

// highlight marks the path of trace t in g: from the initial state, each step
// follows the first edge of its process, partner and statement whose changes
// are the step's. It returns the node the path ends in, or -1 when a step
// cannot be followed.
func highlight(m *explorer.Machine, sp *explorer.Space, g *reports.StateGraph, t *checker.Trace) int {
	code := m.Program().Processes
	cur := explorer.StateID(0)
	g.Nodes[0].Highlight = true
	for _, step := range t.Steps {
		s := sp.Store.Get(cur)
		next, found := cur, false
		faultNode := -1
		sp.Edges(cur, func(tr *explorer.Transition, to explorer.StateID, ok bool) {
			if found || tr.Process != step.Process || tr.Partner != step.Partner || code[tr.Process].Code[tr.PC].Pos != step.Pos {
				return
			}
			if tr.Fault != nil {
				found = true
				faultNode = faultIndex(g, int(cur), tr.Fault.Msg)
				return
			}
			if !ok || !sameChanges(m.Changes(s, sp.Store.Get(to)), step.Changes) {
				return
			}
			found, next = true, to
		})
		if !found {
			return -1
		}
		to := int(next)
		if faultNode >= 0 {
			to = faultNode
		}
		for i := range g.Edges {
			if e := &g.Edges[i]; e.From == int(cur) && e.To == to && !e.Highlight {
				e.Highlight, e.Step = true, step.Number
				break
			}
		}
		g.Nodes[to].Highlight = true
		if faultNode >= 0 {
			return to
		}
		cur = next
	}
	return int(cur)
}

// faultIndex is the node of the fault with message msg out of node from.
func faultIndex(g *reports.StateGraph, from int, msg string) int {
	for _, e := range g.Edges {
		if e.From == from && g.Nodes[e.To].Fault && len(g.Nodes[e.To].Lines) > 0 && g.Nodes[e.To].Lines[0] == msg {
			return e.To
		}
	}
	return -1
}

// sameChanges reports whether the engine's changes are the trace step's.
func sameChanges(a []explorer.Change, b []checker.Change) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Value.Int != b[i].Value.Int {
			return false
		}
	}
	return true
}
