package reports

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

func TestEscapes(t *testing.T) {
	assert.Equal(t, "a/b.ilv", LineStart("a/b.ilv"))
	assert.Equal(t, `"::error ::x.ilv"`, LineStart("::error ::x.ilv"))
	assert.Equal(t, `"a\nb\x1b[2J.ilv"`, LineStart("a\nb\x1b[2J.ilv"))

	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+x": "'+x", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": `'\x0dx`, "::error": "'::error", "a=b": "a=b", "": "",
		"x\x1b[1m": `x\x1b[1m`,
	} {
		assert.Equal(t, want, CSVCell(in), "%q", in)
	}

	assert.Equal(t, "100%25%0Dline%0A::two \\x1b[0m", GitHubData("100%\rline\n::two \x1b[0m"))
	assert.Equal(t, "a%3Ab%2Cc%0Ad\\x07", GitHubProperty("a:b,c\nd\a"))

	assert.Equal(t, "```", Fence("no ticks"))
	assert.Equal(t, "````", Fence("x ``` y"))
	assert.Equal(t, "``````", Fence("`````"))
}

// hostileClass is a grading whose file names try to start workflow commands,
// formulas and fences, and paint the terminal.
func hostileClass() *Grading {
	return &Grading{Harness: "h.ilv", MaxScore: 1, Checks: []string{"mutex"}, Solutions: []Grade{
		{File: "::error file=x::pwned.ilv", MaxScore: 1, Checks: []GradeCheck{{Name: "mutex", Verdict: checker.Holds, Points: 1, Score: 1}}},
		{File: "=HYPERLINK(\"http://x\").ilv", MaxScore: 1, Error: "=cmd|' /C calc'!A0\n"},
		{File: "new\n::warning ::line.ilv", MaxScore: 1, Error: "new\n::warning ::line.ilv:1:1: bad\n    \\x3a:error ::x\n"},
		{File: "fence```\x1b[2J.ilv", MaxScore: 1, Error: "```\n# not code\n"},
	}}
}

// TestGradeOutputsEscaped requires no line of the table or the CSV to start
// with a workflow command or a control sequence, every CSV cell to be safe,
// and Gradescope's fence to enclose the whole error.
func TestGradeOutputsEscaped(t *testing.T) {
	g := hostileClass()
	for name, out := range map[string][]byte{"table": GradeTable(g), "csv": GradeCSV(g)} {
		for _, line := range strings.Split(string(out), "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimLeft(line, " \t"), "::"), "%s line %q", name, line)
			assert.NotContains(t, line, "\x1b", "%s line %q", name, line)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(string(GradeCSV(g)))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 5)
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" {
				assert.NotContains(t, "=+-@\t\r:", cell[:1], "cell %q", cell)
			}
		}
	}
	assert.Equal(t, "'=HYPERLINK(\"http://x\").ilv", recs[2][0])
	assert.Equal(t, "'=cmd|' /C calc'!A0", recs[2][3])

	var out struct{ Output string }
	require.NoError(t, json.Unmarshal(Gradescope(g.Solutions[3]), &out))
	assert.Equal(t, "Your solution could not be checked:\n\n````\n```\n# not code\n````\n", out.Output)
}

// TestAnnotationsEscaped requires a workflow command to carry no raw control
// character, whatever the model's name and message.
func TestAnnotationsEscaped(t *testing.T) {
	r := nasty()
	r.Model = "m\x1b[2J,x:y"
	lines := GitHubAnnotations(r)
	require.NotEmpty(t, lines)
	for _, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		assert.True(t, strings.HasPrefix(body, "::error "), l)
		assert.NotContains(t, body, "\n")
		assert.NotContains(t, body, "\x1b")
		assert.Contains(t, body, `title=m\x1b[2J%2Cx%3Ay%3A `)
	}
}
