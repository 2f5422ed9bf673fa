package checker_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

// TestLassoNamesWaiter requires a starvation or bounded_waiting lasso to
// name the process that waits forever, the one its message names, and that
// process to be blocked or trying at the cycle; progress names none.
func TestLassoNamesWaiter(t *testing.T) {
	p := compile(t, "sem_lock3", nil)
	res, err := checker.Run(context.Background(), p, checker.Options{Workers: 1})
	require.NoError(t, err)
	seen := 0
	for _, c := range res.Checks {
		if c.Verdict != checker.Violated || c.Trace == nil || c.Trace.LoopStart == 0 {
			continue
		}
		switch c.Name {
		case "starvation", "bounded_waiting":
			seen++
			w := c.Trace.Waiter
			require.GreaterOrEqual(t, w, 0, c.Name)
			assert.True(t, strings.HasPrefix(c.Message, res.Processes[w]+" ") ||
				strings.Contains(c.Message, "while "+res.Processes[w]+" waits"), "%s: %s waits? %s", c.Name, res.Processes[w], c.Message)
		default:
			assert.Equal(t, -1, c.Trace.Waiter, c.Name)
		}
	}
	assert.Equal(t, 2, seen)
}
