package lang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFlatSumCompiles compiles a 150 KB flat sum, 1+1+…+1, through every
// phase: the chain is 75,000 nodes deep on its left and must neither
// exhaust memory nor be refused.
func TestFlatSumCompiles(t *testing.T) {
	const n = 75000
	src := "var x: int = 0\nprocess P {\n  x = " + strings.Repeat("1+", n-1) + "1\n  assert x == 75000\n}\n"
	require.Greater(t, len(src), 150_000)
	prog, err := Compile(File{Name: "flat.ilv", Text: []byte(src)}, Options{})
	require.NoError(t, err)
	require.Len(t, prog.Processes, 1)
}
