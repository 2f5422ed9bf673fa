package promela_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExportSeesOnlyTheIR pins the import order: the export reads the IR and
// nothing of the front end, the engine or the other outputs.
func TestExportSeesOnlyTheIR(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	const module = "github.com/interleave/interleave/"
	out, err := exec.Command("go", "list", "-deps", module+"reports/promela").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, module+"lang/ir")
	for _, bad := range []string{"lang/syntax", "lang", "explorer", "checker", "reports", "models", "cmd/interleave"} {
		assert.NotContains(t, deps, module+bad)
	}
}
