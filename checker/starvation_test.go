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
