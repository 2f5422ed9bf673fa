package checker_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
)

// TestControlNotes requires a trace to say how each if and while test came
// out, which either alternative was taken, and where an atomic block left
// off.
func TestControlNotes(t *testing.T) {
	src := `var x: int = 0
var y: int = 0
process P {
  if x == 0 {
    x = 1
  } else {
    x = 2
  }
  either {
    y = 1
  } or {
    y = 2
  }
  while x < 3 {
    x++
  }
  atomic {
    x = 10
    x = x + 1
  }
  assert x < 10 || y == 1
}
`
	p, err := lang.Compile(lang.File{Name: "ctl.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	res, err := checker.Run(context.Background(), p, checker.Options{Workers: 1})
	require.NoError(t, err)
	var tr *checker.Trace
	for _, c := range res.Checks {
		if c.Name == "assert" {
			tr = c.Trace
		}
	}
	require.NotNil(t, tr)
	var got []string
	for _, s := range tr.Steps {
		got = append(got, s.Statement+" | "+s.Note)
	}
	assert.Equal(t, []string{
		"if x == 0 | the test is true",
		"x = 1 | ",
		"y = 2 | either: takes alternative 2 of 2",
		"while x < 3 | the test is true",
		"x++ | ",
		"while x < 3 | the test is true",
		"x++ | ",
		"while x < 3 | the test is false",
		"atomic | atomic: the block runs as one step, on to line 21",
		"assert x < 10 || y == 1 | assertion failed: x < 10 || y == 1",
	}, got)
}
