package lang_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTracePhases checks that a trace carries the initial values and, after
// each step, the processes blocked and those in critical, as the diagrams
// draw them.
func TestTracePhases(t *testing.T) {
	res := run(t, `var x: int = 7
var y: bool
sem s = 1
process A {
    down(s)
    y = true
    critical { x = 1 }
    await false
}
process B {
    await y
    down(s)
    critical { x = 2 }
}
`)
	var tr = res.Checks[0].Trace
	for _, c := range res.Checks {
		if c.Name == "deadlock" {
			tr = c.Trace
		}
	}
	require.NotNil(t, tr)
	assert.Equal(t, "x", tr.Initial[0].Name)
	assert.Equal(t, "7", tr.Initial[0].Value.Text)
	assert.Equal(t, "y", tr.Initial[1].Name)
	assert.Equal(t, "false", tr.Initial[1].Value.Text)
	assert.Equal(t, "s", tr.Initial[2].Name)
	assert.Equal(t, "1", tr.Initial[2].Value.Text)
	blocked, critical := map[string]bool{}, map[string]bool{}
	for _, s := range tr.Steps {
		for _, p := range s.Blocked {
			blocked[res.Processes[p]+" after "+s.Statement] = true
		}
		for _, p := range s.Critical {
			critical[res.Processes[p]+" after "+s.Statement] = true
		}
	}
	assert.True(t, blocked["B after down(s)"], "%v", blocked)
	assert.True(t, critical["A after y = true"], "%v", critical)
	assert.False(t, critical["A after x = 1"], "%v", critical)
}
