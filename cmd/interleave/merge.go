package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/reports"
)

func newMergeCmd(e env) *cobra.Command {
	var formatName string
	cmd := &cobra.Command{
		Use:   "merge FILE.json...",
		Short: "Merge the JSON reports of the shards of a swarm",
		Long: "merge reads the JSON reports of the shards of one swarm (interleave check\n" +
			"--swarm I/N --format json, one run per file), checks that they are shards of\n" +
			"the same run, and prints the verdicts together: a check violated in any shard\n" +
			"is violated, with the shortest trace (on a tie, the lowest shard's); otherwise\n" +
			"no violation was found, which an approximate search does not prove. Missing\n" +
			"shards are named.\n\n" +
			"Exit status: 1 some check is violated, 2 a usage error or reports that do not\n" +
			"fit together, 3 no violation found.",
		Example: "  interleave merge shard-*.json",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef(cmd.CommandPath(), "merge needs the JSON reports of the shards")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if formatName != "text" && formatName != "json" {
				return usagef(cmd.CommandPath(), "bad --format %q: want text or json", formatName)
			}
			docs := make([][]byte, len(args))
			for i, a := range args {
				b, err := os.ReadFile(a)
				if err != nil {
					return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
				}
				docs[i] = b
			}
			m, err := reports.Merge(args, docs)
			if err != nil {
				return &exitStatus{code: exitError, msg: "interleave: merge: " + err.Error()}
			}
			out := []byte(reports.MergedText(m))
			if formatName == "json" {
				out = reports.MergedJSON(m)
			}
			if _, err := e.stdout.Write(out); err != nil {
				return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
			}
			if m.Violated() {
				return &exitStatus{code: exitViolated}
			}
			return &exitStatus{code: exitLimit}
		},
	}
	cmd.Flags().StringVar(&formatName, "format", "text", "report format: text or json")
	return cmd
}
