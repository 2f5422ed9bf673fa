package checker_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
)

// TestStarvationGivingUp: a process that is trying and goes back to a
// noncritical statement without entering critical, where it may stay, has
// starved, as the property says (every trying process eventually enters).
// Progress is violated by the same run. Found by the differential tests
// against SPIN ([] (trying -> <> critical) under weak fairness).
func TestStarvationGivingUp(t *testing.T) {
	src := `model giving_up
var x: 0..1 = 0
process P[i in 0..1] {
    loop {
        noncritical
        if x != 1 {
            x = i
        } else {
            noncritical
        }
        critical { skip }
        await x < 0
    }
}
check progress
check starvation
`
	p, err := lang.Compile(lang.File{Name: "giving_up.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	res, err := checker.Run(context.Background(), p, checker.Options{Checks: []string{"progress", "starvation"}, Workers: 1})
	require.NoError(t, err)
	got := map[string]checker.Verdict{}
	for _, c := range res.Checks {
		got[c.Name] = c.Verdict
		if c.Name == "starvation" {
			assert.True(t, strings.HasPrefix(c.Message, "P[0] is back in noncritical at line 9 without having entered critical"), c.Message)
		}
	}
	assert.Equal(t, checker.Violated, got["progress"])
	assert.Equal(t, checker.Violated, got["starvation"])
}

// TestRestingAtAnEither: a process at an either one of whose alternatives
// begins with noncritical may stay there forever, as at that noncritical, and
// no fairness forces it on; resting there is being in the noncritical
// section, not trying. Found by the differential tests against SPIN, whose
// export gives the either that choice.
func TestRestingAtAnEither(t *testing.T) {
	// Strict alternation where a process may rest at the either: P[1]
	// waits for a turn that P[0], resting, never gives.
	p := compileText(t, `model resting
var turn: 0..1 = 0
process P[i in 0..1] {
    loop {
        either {
            noncritical
        } or {
            skip
        }
        await turn == i
        critical { skip }
        turn = 1 - i
    }
}
check progress
`)
	for _, workers := range []int{1, 2} {
		res, err := checker.Run(context.Background(), p, checker.Options{Workers: workers})
		require.NoError(t, err)
		c := check(t, res, "progress")
		require.Equal(t, checker.Violated, c.Verdict, "%d workers", workers)
		assert.Equal(t, "P[1] is trying but no process ever enters critical: P[0] stays in noncritical; the run stays here forever", c.Message)
		require.NotNil(t, c.Trace)
		assert.Equal(t, 5, c.Trace.Final[0].Pos.Line, "P[0] rests at the either")
	}
	// Resting at such an either after leaving the first noncritical is not
	// trying either: the process enters whenever it goes on.
	p = compileText(t, `model resting_later
process P {
    loop {
        noncritical
        either {
            noncritical
        } or {
            skip
        }
        critical { skip }
    }
}
check progress
check starvation
`)
	res, err := checker.Run(context.Background(), p, checker.Options{})
	require.NoError(t, err)
	assert.Equal(t, checker.Holds, check(t, res, "progress").Verdict)
	assert.Equal(t, checker.Holds, check(t, res, "starvation").Verdict)
}
