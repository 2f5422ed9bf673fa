package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/cmd/interleave/lsp"
)

func newLSPCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server for editors over standard input and output",
		Long: "lsp speaks the Language Server Protocol over standard input and output:\n" +
			"diagnostics as you type, hover, go to definition, references, rename, outline,\n" +
			"completion, formatting and a \"check this model\" code lens. Editors start it;\n" +
			"see editors/vscode.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			srv := lsp.New()
			srv.Version = version
			if !srv.Serve(cmd.Context(), stdio{}) {
				return &exitStatus{code: 1} // exit without shutdown, as the protocol says
			}
			return nil
		},
	}
}

// stdio is standard input and output as one stream.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return nil }
