package lang_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIntOverflow checks that int arithmetic leaving 32 bits is a run-time
// error with a trace ending at the faulting statement, for every operator.
func TestIntOverflow(t *testing.T) {
	tests := []struct {
		name string
		body string
		msg  string
		line int
	}{
		{"plus", "x = 2147483647\n    x = x + 1", "int overflow: 2147483647 + 1 is out of range -2147483648..2147483647", 5},
		{"plus assign", "x = 2147483647\n    x += 1", "int overflow: 2147483647 + 1 is out of range -2147483648..2147483647", 5},
		{"increment", "x = 2147483647\n    x++", "int overflow: 2147483647 + 1 is out of range -2147483648..2147483647", 5},
		{"minus", "x = -2147483647\n    x = x - 2", "int overflow: -2147483647 - 2 is out of range -2147483648..2147483647", 5},
		{"times", "x = 65536\n    x = x * x", "int overflow: 65536 * 65536 is out of range -2147483648..2147483647", 5},
		{"unary minus", "x = -2147483647 - 1\n    x = -x", "int overflow: -(-2147483648) is out of range -2147483648..2147483647", 5},
		{"quotient", "x = -2147483647 - 1\n    x = x / -1", "int overflow: -2147483648 / -1 is out of range -2147483648..2147483647", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "var x: int\nvar y: int\nprocess P {\n    " + tt.body + "\n    y = 1\n}\n"
			res := run(t, src)
			c := res.Checks[0]
			for _, r := range res.Checks {
				if r.Name == "runtime" {
					c = r
				}
			}
			require.Equal(t, "runtime", c.Name)
			assert.Equal(t, "violated", c.Verdict.String())
			assert.Equal(t, "P: "+tt.msg, c.Message)
			require.NotNil(t, c.Trace)
			require.NotEmpty(t, c.Trace.Steps)
			assert.Equal(t, tt.line, c.Trace.Steps[len(c.Trace.Steps)-1].Pos.Line)
		})
	}
	t.Run("in range", func(t *testing.T) {
		res := run(t, "var x: int\nprocess P {\n    x = -2147483647 - 1\n    x = x % -1\n    x = 2147483647\n    x = x - 1 + 1\n}\n")
		assert.Equal(t, "holds", verdicts(res)["runtime"])
	})
}
