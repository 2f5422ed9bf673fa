package main

import (
	"github.com/spf13/cobra"
)

// newRootCmd builds the interleave command and its subcommands.
func newRootCmd(e env) *cobra.Command {
	root := &cobra.Command{
		Use:   "interleave",
		Short: "A model checker for concurrent algorithms",
		Long: "interleave explores every interleaving of a concurrent model and proves or\n" +
			"refutes its properties, with the shortest counterexample.",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef(c.CommandPath(), "%s", err)
	})
	root.AddCommand(newCheckCmd(e), newGradeCmd(e), newModelsCmd(e), newSimulateCmd(e), newGraphCmd(e), newExploreCmd(e), newPlaygroundCmd(e), newExportCmd(e), newMergeCmd(e), newFmtCmd(e), newLSPCmd(), newVersionCmd(e))
	return root
}
