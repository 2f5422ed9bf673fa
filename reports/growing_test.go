package reports

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGrowingReported requires the text and JSON reports of a search ended
// by a limit to say what kept growing.
func TestGrowingReported(t *testing.T) {
	r := limited()
	r.Growing = []string{"x (up to 500)", "s (up to 499)"}
	text := Text(r, TextOptions{})
	assert.True(t, strings.HasSuffix(text, "limit reached)\nkept growing until the limit: x (up to 500), s (up to 499)\n"), text)
	var doc struct{ Growing []string }
	require.NoError(t, json.Unmarshal(JSON(r), &doc))
	assert.Equal(t, r.Growing, doc.Growing)
}

// TestGradeJUnitCarriesTrace requires a violated check's JUnit failure in a
// grading to hold its counterexample, as in check's JUnit report.
func TestGradeJUnitCarriesTrace(t *testing.T) {
	r := mutexViolated()
	g := &Grading{Harness: "h.ilv", MaxScore: 4, Checks: []string{"mutex"},
		Solutions: []Grade{NewGrade("s.ilv", r, 4, false)}}
	out := string(GradeJUnit(g))
	k := FirstViolated(r)
	require.GreaterOrEqual(t, k, 0)
	assert.Contains(t, out, "  step  process  line  statement")
	assert.Contains(t, out, junitText(violationText(r, &r.Checks[k])))
}

// junitText is s as the JUnit writer escapes text.
func junitText(s string) string {
	var b strings.Builder
	text(&b, s)
	return b.String()
}
