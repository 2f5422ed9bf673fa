package explorer_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEngineNeverSeesTheParser pins the import order: the engine depends on
// lang/ir and lang/source only, never on the front end or later phases.
func TestEngineNeverSeesTheParser(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	const module = "github.com/interleave/interleave/"
	out, err := exec.Command("go", "list", "-deps", module+"explorer").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, module+"lang/ir")
	for _, bad := range []string{"lang/syntax", "lang", "checker", "reports", "models", "cmd/interleave"} {
		assert.NotContains(t, deps, module+bad)
	}
}
