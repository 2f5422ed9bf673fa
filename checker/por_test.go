package checker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

// TestPOR: the steps on a process's own locals are taken alone where the
// checks cannot see them, with the same verdicts and traces as a full
// search; where a process reads where others are, or under weak memory,
// the reduction is not applied and the reason says where.
func TestPOR(t *testing.T) {
	tests := []struct {
		name, src string
		why       string
		// violated: a check is violated; fewer: fewer states are stored
		violated, fewer bool
	}{
		{"local steps", `
var x: 0..3
process P[i in 0..2] {
    var k: 0..3
    var s: 0..9
    while k < 3 {
        s = s + k
        k++
    }
    x = i
    critical { skip }
}
check mutex
`, "", true, true},
		{"local loop forever", `
var go: bool
process P {
    var k: 0..1
    loop { k = 1 - k }
}
process Q {
    var k: 0..3
    k = 2
    go = true
    assert k < 2, "k too large"
}
`, "", true, false},
		{"reads where others are", `
var x: 0..2
process P[i in 0..1] {
    var k: 0..2
    k = 1
    await count(critical) == 0
    critical { x = i }
}
`, "por: P[0] reads where processes are at line 6", false, false},
		{"weak memory", `
memory pso
var x: 0..1
process P[i in 0..1] {
    x = 1
}
`, "por: not applied under PSO (store buffers)", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compileText(t, tt.src)
			none, err := checker.Run(context.Background(), p, checker.Options{Workers: 1})
			require.NoError(t, err)
			for _, w := range []int{1, 2} {
				res, err := checker.Run(context.Background(), p, checker.Options{Reduce: checker.ReducePOR, Workers: w})
				require.NoError(t, err)
				assert.Equal(t, none.Checks, res.Checks)
				red := res.Stats.Reduction
				require.NotNil(t, red)
				if tt.why != "" {
					assert.Empty(t, red.Applied)
					assert.Equal(t, []string{tt.why}, red.NotApplied)
					assert.Equal(t, none.Stats.States, res.Stats.States)
					continue
				}
				assert.Equal(t, []string{"por"}, red.Applied)
				if tt.fewer {
					assert.Less(t, res.Stats.States, none.Stats.States)
				}
				assert.Equal(t, tt.violated, red.RetraceStates > 0)
			}
		})
	}
}
