package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
)

// semHandoff: A holds s and is in critical while B blocks in down(s); A's
// up(s) hands the permit to B, which enters critical; then both meet a
// deadlock. It has initial values, a blocked interval that ends and two that
// last to the end, and critical intervals.
func semHandoff() *checker.Result {
	f := "handoff.ilv"
	return &checker.Result{
		File: f, Model: "handoff",
		Processes: []string{"A", "B"},
		Checks: []checker.CheckResult{
			{Name: "deadlock", Kind: ir.CheckDeadlock, Verdict: checker.Violated,
				Message: "every process is blocked",
				Trace: &checker.Trace{
					Initial: []checker.Change{{Name: "x", Value: intv(7)}, {Name: "s", Value: intv(1)}, {Name: "t", Value: intv(0)}},
					Steps: []checker.Step{
						{Number: 1, Process: 0, Partner: -1, Pos: at(f, 5, 5), Statement: "down(s)",
							Changes: []checker.Change{{Name: "s", Value: intv(0)}}, Critical: []int{0}},
						{Number: 2, Process: 1, Partner: -1, Pos: at(f, 11, 5), Statement: "down(s)",
							Blocked: []int{1}, Critical: []int{0}},
						{Number: 3, Process: 0, Partner: -1, Pos: at(f, 6, 16), Statement: "x = 1",
							Changes: []checker.Change{{Name: "x", Value: intv(1)}}, Blocked: []int{1}},
						{Number: 4, Process: 0, Partner: 1, Pos: at(f, 7, 5), Statement: "up(s)",
							Note: "hands the permit of s to B", Critical: []int{1}},
						{Number: 5, Process: 1, Partner: -1, Pos: at(f, 12, 16), Statement: "x = 2",
							Changes: []checker.Change{{Name: "x", Value: intv(2)}}},
						{Number: 6, Process: 0, Partner: -1, Pos: at(f, 8, 5), Statement: "down(s)", Blocked: []int{0}},
						{Number: 7, Process: 1, Partner: -1, Pos: at(f, 13, 5), Statement: "t = 1",
							Changes: []checker.Change{{Name: "t", Value: intv(1)}}, Blocked: []int{0, 1}},
					},
					Final: []checker.ProcessState{
						{Process: 0, Pos: at(f, 8, 5), Statement: "down(s)", Blocked: true, Waits: "s"},
						{Process: 1, Pos: at(f, 14, 5), Statement: "await false", Blocked: true, Waits: "false"},
					},
				}},
		},
		Stats: checker.Stats{States: 12, Transitions: 14, Depth: 7, Complete: true},
	}
}

// TestDOTPhases checks that the DOT diagram fills the steps in critical and
// draws the blocked intervals.
func TestDOTPhases(t *testing.T) {
	out, err := DOT(semHandoff(), 0)
	require.NoError(t, err)
	golden(t, "handoff.deadlock.dot", out)
	dot := string(out)
	assert.Equal(t, 3, strings.Count(dot, `label="blocked"`), "B from step 2 to its permit, A from step 6 and B from step 7 to the end")
	assert.Equal(t, 2, strings.Count(dot, `tooltip="in critical"`), "the steps after which A or B is in critical")
}

// TestSVGPhases checks the diagram's initial values and the blocked and
// critical intervals on the lanes.
func TestSVGPhases(t *testing.T) {
	out, err := SVG(semHandoff(), 0)
	require.NoError(t, err)
	golden(t, "handoff.deadlock.svg", out)
	svg := string(out)
	for _, title := range []string{
		"<title>A in critical from step 1 to step 3</title>",
		"<title>B in critical from step 4 to step 5</title>",
		"<title>B blocked from step 2 to step 4</title>",
		"<title>A blocked from step 6 to the end of the run</title>",
		"<title>B blocked from step 7 to the end of the run</title>",
	} {
		assert.Contains(t, svg, title)
	}
	assert.NotContains(t, svg, "A blocked from step 1")
	// Before its first change in step 3, x shows its initial value 7, and t
	// its 0 until step 7.
	assert.Regexp(t, `(?s)(fill="#666666" text-anchor="middle">7</text>.*){2}`+
		`fill="#222222" text-anchor="middle" font-weight="bold">1</text>`, svg)
	assert.Contains(t, svg, `fill="#666666" text-anchor="middle">0</text>`)
}
