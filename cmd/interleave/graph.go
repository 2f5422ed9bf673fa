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
	sp, err := explorer.Search(ctx, m, explorer.Options{MaxStates: f.maxStates + 1, Workers: 1}, reports.EveryState{})
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
	g := reports.NewStateGraph(m, sp)
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
