package checker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
)

// TestGrowingAtLimit requires a search ended by a limit to name what kept
// growing — a counter, a semaphore piling up permits — and not a variable
// the model bounds; a complete search names nothing.
func TestGrowingAtLimit(t *testing.T) {
	src := `var x: int = 0
var y: 0..3 = 0
var z: int = 0
sem s = 0
process P {
  loop {
    x++
    up(s)
  }
}
process Q {
  loop {
    y = 1 - y
    z = z - 1
  }
}
`
	p, err := lang.Compile(lang.File{Name: "grow.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	res, err := checker.Run(context.Background(), p, checker.Options{MaxStates: 3000, Workers: 1})
	require.NoError(t, err)
	require.False(t, res.Stats.Complete)
	require.Len(t, res.Growing, 3)
	assert.Regexp(t, `^x \(up to \d+\)$`, res.Growing[0])
	assert.Regexp(t, `^z \(down to -\d+\)$`, res.Growing[1])
	assert.Regexp(t, `^s \(up to \d+\)$`, res.Growing[2])

	bounded := compile(t, "peterson", nil)
	res, err = checker.Run(context.Background(), bounded, checker.Options{Workers: 1})
	require.NoError(t, err)
	require.True(t, res.Stats.Complete)
	assert.Empty(t, res.Growing)
}

// TestStopAtFirstAndFound requires the search of an endless model to end at
// its first violation with StopAtFirst, after telling Found of it.
func TestStopAtFirstAndFound(t *testing.T) {
	src := "var x: int = 0\nsem s = 0\nprocess P {\n  loop {\n    x++\n    up(s)\n  }\n}\nprocess Q {\n  down(s)\n  down(s)\n  assert x < 2\n}\n"
	p, err := lang.Compile(lang.File{Name: "late.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	var found []string
	res, err := checker.Run(context.Background(), p, checker.Options{Workers: 2, StopAtFirst: true,
		Found: func(check, msg string) { found = append(found, check+": "+msg) }})
	require.NoError(t, err)
	assert.Equal(t, []string{"assert: Q: assertion failed: x < 2"}, found)
	assert.Equal(t, checker.LimitStopAtFirst, res.Stats.Limit)
	assert.False(t, res.Stats.Complete)
	for _, c := range res.Checks {
		want := checker.Unknown
		if c.Name == "assert" {
			want = checker.Violated
			require.NotNil(t, c.Trace)
			assert.Len(t, c.Trace.Steps, 7)
		}
		assert.Equal(t, want, c.Verdict, c.Name)
	}
	assert.Empty(t, res.Growing)
}
