package main

import (
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/models"
)

func newModelsCmd(e env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the built-in library of models",
		Long:  "models lists the built-in library: each model's name, what it is, and the\nverdicts it must get.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ms, err := models.Load()
			if err != nil {
				return &exitStatus{code: exitError, msg: "interleave: the built-in library is broken: " + err.Error()}
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tDESCRIPTION\tEXPECTED")
			for _, m := range ms {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, m.Description, expected(m.Expect))
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Print a built-in model's source",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef(cmd.CommandPath(), "models show needs one model name")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			m, ok := models.Lookup(args[0])
			if !ok {
				return &exitStatus{code: exitError,
					msg: fmt.Sprintf("interleave: no built-in model named %s; see interleave models", args[0])}
			}
			_, err := e.stdout.Write(m.Source)
			return err
		},
	})
	return cmd
}

// expected summarises a model's expected verdicts for `interleave models`: those
// of its own configuration (no constant or fairness overridden) when it has one,
// else of the first; "all hold" when nothing is violated or unknown; the bounds
// of bounded waiting; and how many other configurations are tested.
func expected(exps []models.Expectation) string {
	if len(exps) == 0 {
		return "-"
	}
	x := exps[0]
	for _, e := range exps {
		if len(e.Consts) == 0 && e.Fairness == "" && e.Memory == "" {
			x = e
			break
		}
	}
	var names []string
	for name := range x.Verdicts {
		names = append(names, name)
	}
	sort.Strings(names)
	var violated, unknown []string
	for _, name := range names {
		switch x.Verdicts[name] {
		case models.Violated:
			if b, ok := x.Bounds[name]; ok && b == models.Unbounded {
				continue // said below as "NAME unbounded"
			}
			violated = append(violated, name)
		case models.Unknown:
			unknown = append(unknown, name)
		}
	}
	var parts []string
	if len(violated) == 0 && len(unknown) == 0 && !hasUnbounded(x.Bounds) {
		parts = append(parts, "all hold")
	}
	if len(violated) > 0 {
		parts = append(parts, "violated: "+strings.Join(violated, ", "))
	}
	if len(unknown) > 0 {
		parts = append(parts, "unknown: "+strings.Join(unknown, ", "))
	}
	var bounded []string
	for name := range x.Bounds {
		bounded = append(bounded, name)
	}
	sort.Strings(bounded)
	for _, name := range bounded {
		if b := x.Bounds[name]; b == models.Unbounded {
			parts = append(parts, name+" unbounded")
		} else {
			parts = append(parts, fmt.Sprintf("%s=%d", name, b))
		}
	}
	s := strings.Join(parts, "; ")
	if n := len(exps) - 1; n > 0 {
		s += fmt.Sprintf(" (+%d more)", n)
	}
	return s
}

// hasUnbounded reports whether a bound says a check is unbounded (violated).
func hasUnbounded(bounds map[string]int) bool {
	for _, b := range bounds {
		if b == models.Unbounded {
			return true
		}
	}
	return false
}
