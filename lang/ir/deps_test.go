package ir_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/interleave/interleave"

// TestImportsPointOneWay pins the phase order of STYLE.md: lang → explorer →
// checker → reports → cmd. Each package may import only packages of earlier
// phases; the engine never sees the parser.
func TestImportsPointOneWay(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	forbidden := map[string][]string{
		"lang/source": {"lang/ir", "lang/syntax", "lang", "explorer", "checker", "reports", "models", "cmd/interleave"},
		"lang/ir":     {"lang/syntax", "lang", "explorer", "checker", "reports", "models", "cmd/interleave"},
		"lang":        {"explorer", "checker", "reports", "models", "cmd/interleave"},
		"explorer":    {"lang/syntax", "lang", "checker", "reports", "models", "cmd/interleave"},
		"checker":     {"lang/syntax", "lang", "reports", "models", "cmd/interleave"},
		"reports":     {"lang/syntax", "lang", "models", "cmd/interleave"},
		"models":      {"lang/syntax", "lang", "explorer", "checker", "reports", "cmd/interleave"},
	}
	for pkg, bad := range forbidden {
		t.Run(pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", module+"/"+pkg).CombinedOutput()
			if err != nil && strings.Contains(string(out), "no Go files") {
				t.Skipf("package %s has no Go files", pkg)
			}
			require.NoError(t, err, string(out))
			for _, dep := range strings.Fields(string(out)) {
				rel, ok := strings.CutPrefix(dep, module+"/")
				if !ok {
					continue
				}
				for _, b := range bad {
					assert.NotEqual(t, b, rel, "%s must not import %s", pkg, b)
				}
			}
		})
	}
}
