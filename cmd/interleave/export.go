package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/reports/promela"
)

// exportFlags are the flags of `interleave export`.
type exportFlags struct {
	defines []string
	to      string
}

func newExportCmd(e env) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --to promela FILE",
		Short: "Write a model in another model checker's language",
		Long: "export writes a model as Promela, SPIN's language, with exactly interleave's\n" +
			"steps: SPIN (spin -o2 -o3, pan compiled with -DNOREDUCE) finds the same states and,\n" +
			"with -DBFS, counterexamples of the same length. See docs/promela.md for the\n" +
			"constructs covered; any other is an error at its line.\n\n" +
			"Exit status: 0 the model was written, 2 a usage error, an error in the model,\n" +
			"or a construct the export cannot translate exactly.",
		Example: "  interleave export --to promela peterson > peterson.pml\n" +
			"  interleave export --to promela -D N=3 bakery.ilv > bakery.pml",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef(cmd.CommandPath(), "export needs one model: a FILE or a built-in model name")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			consts, err := parseDefines(f.defines)
			if err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			if f.to != "promela" {
				return usagef(cmd.CommandPath(), "bad --to %q: want promela", f.to)
			}
			return runExport(e, args[0], consts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.defines, "define", "D", nil, "override a constant: -D NAME=VALUE (repeatable)")
	fl.StringVar(&f.to, "to", "promela", "the language to write: promela")
	return cmd
}

// runExport compiles the model and writes its Promela to stdout.
func runExport(e env, arg string, consts map[string]int32) error {
	file, err := load(arg)
	if err != nil {
		return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
	}
	prog, err := compileModel(arg, consts)
	if err != nil {
		return &exitStatus{code: exitError, msg: trimNewline(err.Error())}
	}
	out, err := promela.Export(prog)
	if err != nil {
		var errs source.Errors
		if errors.As(err, &errs) {
			return &exitStatus{code: exitError, msg: trimNewline(errs.Format(map[string]string{file.Name: string(file.Text)}))}
		}
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s: %s", prog.File, err)}
	}
	_, err = e.stdout.Write(out)
	return err
}
