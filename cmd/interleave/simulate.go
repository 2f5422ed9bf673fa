package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/reports"
)

// simulateFlags are the flags of `interleave simulate`.
type simulateFlags struct {
	defines []string
	seed    uint64
	steps   int
	mem     memoryFlags
}

func newSimulateCmd(e env) *cobra.Command {
	var f simulateFlags
	cmd := &cobra.Command{
		Use:   "simulate FILE",
		Short: "Print one random run of a model",
		Long: "simulate makes one random run of a model and prints it as a trace. The same\n" +
			"--seed gives the same run; without one, a seed is drawn and printed. The run\n" +
			"stops after --steps steps, when no process can move (a deadlock, or every\n" +
			"process has ended), or at a failed assertion or run-time error.\n\n" +
			"Exit status: 0 the run was printed, 2 a usage error or an error in the model.",
		Example: "  interleave simulate peterson --seed 7 --steps 20",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef(cmd.CommandPath(), "simulate needs one model: a FILE or a built-in model name")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			consts, err := parseDefines(f.defines)
			if err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			if err := f.mem.validate(); err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			if f.steps < 0 || f.steps > maxSimSteps {
				return usagef(cmd.CommandPath(), "bad --steps %d: want 0 to %d", f.steps, maxSimSteps)
			}
			seed := f.seed
			if !cmd.Flags().Changed("seed") && e.randomSeed != nil {
				seed = e.randomSeed()
			}
			return runSimulate(cmd.Context(), e, args[0], consts, seed, f.steps, f.mem)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.defines, "define", "D", nil, "override a constant: -D NAME=VALUE (repeatable)")
	fl.Uint64Var(&f.seed, "seed", 0, "the random seed: the same seed gives the same run (default: drawn at random)")
	fl.IntVar(&f.steps, "steps", 100, "stop after `N` steps")
	f.mem.add(fl)
	return cmd
}

// maxSimSteps bounds --steps, and maxSimBytes the states a run holds (two
// per step): a run is printed once it has ended, so its length is bounded
// rather than its memory left to grow with a model's state size.
const (
	maxSimSteps = 1_000_000
	maxSimBytes = 512 << 20
)

// runSimulate compiles the model, makes the run and prints it.
func runSimulate(ctx context.Context, e env, arg string, consts map[string]int32, seed uint64, steps int, mem memoryFlags) error {
	prog, err := compileModel(arg, consts)
	if err != nil {
		return &exitStatus{code: exitError, msg: trimNewline(err.Error())}
	}
	mem.apply(prog)
	m, err := explorer.New(prog)
	if err != nil {
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s: %s", prog.File, err)}
	}
	if need := 2 * int64(steps) * int64(m.StateSize()); need > maxSimBytes {
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s: a run of %d steps of %d-byte states needs %s, more than %s: lower --steps to %d or fewer",
			prog.File, steps, m.StateSize(), reports.Bytes(uint64(need)), reports.Bytes(maxSimBytes), maxSimBytes/(2*int64(m.StateSize())))}
	}
	sim, err := explorer.Simulate(ctx, m, seed, steps)
	if err != nil {
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s: %s", prog.File, err)}
	}
	r := resultShell(prog)
	fmt.Fprintln(e.stdout, reports.Header(r))
	fmt.Fprintf(e.stdout, "random run with seed %d, at most %d steps\n\n", seed, steps)
	fmt.Fprint(e.stdout, reports.TraceText(r, simTrace(m, sim)))
	fmt.Fprintf(e.stdout, "\n%s\n", simEndText(sim, steps))
	return nil
}

// resultShell is a Result naming the program's file, model, constants and
// processes, for reports that show a run.
func resultShell(p *ir.Program) *checker.Result {
	r := &checker.Result{File: p.File, Model: p.Name, Consts: p.Consts, Memory: p.Memory, StoreBuffer: p.Buffer()}
	for _, proc := range p.Processes {
		r.Processes = append(r.Processes, proc.Display)
	}
	return r
}

// simEndText says why the run stopped.
func simEndText(sim *explorer.Simulation, steps int) string {
	switch sim.End {
	case explorer.SimTerminated:
		return fmt.Sprintf("the run ended after %s: every process has terminated", stepsText(len(sim.Steps)))
	case explorer.SimDeadlock:
		return fmt.Sprintf("the run ended after %s in a deadlock: no process can move", stepsText(len(sim.Steps)))
	case explorer.SimFault:
		msg := ""
		if n := len(sim.Steps); n > 0 && sim.Steps[n-1].Transition.Fault != nil {
			msg = ": " + sim.Steps[n-1].Transition.Fault.Msg
		}
		return fmt.Sprintf("the run ended with a fault in step %d%s", len(sim.Steps), msg)
	case explorer.SimCancelled:
		return fmt.Sprintf("the run was interrupted after %s", stepsText(len(sim.Steps)))
	}
	return fmt.Sprintf("the run stopped after %s (--steps %d); it could go on", stepsText(len(sim.Steps)), steps)
}

// stepsText is "1 step" or "n steps".
func stepsText(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

// simTrace turns a simulation into a trace for the reports.
func simTrace(m *explorer.Machine, sim *explorer.Simulation) *checker.Trace {
	return checker.TraceOf(m, sim.Steps, sim.Last)
}
