package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is interleave's release.
const version = "0.1.0-dev"

func newVersionCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			bi, _ := debug.ReadBuildInfo()
			_, err := fmt.Fprintln(e.stdout, versionText(bi))
			return err
		},
	}
}

// versionText is the version line: the release, and from the build
// information when there is some the module version, Go version and revision.
func versionText(bi *debug.BuildInfo) string {
	parts := []string{"interleave", version}
	if bi == nil {
		return strings.Join(parts, " ")
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		parts = append(parts, "module "+v)
	}
	if bi.GoVersion != "" {
		parts = append(parts, bi.GoVersion)
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified {
			rev += "+dirty"
		}
		parts = append(parts, "revision "+rev)
	}
	return strings.Join(parts, " ")
}
