package reports

import (
	"bytes"
	"encoding/xml"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

// wellFormed parses doc as XML to its end.
func wellFormed(t *testing.T, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		require.NoError(t, err, "not well-formed XML:\n%s", doc)
	}
}

// junitDoc is the part of the JUnit schema the tests read back.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitReadsBack(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			out := JUnit([]*checker.Result{f.r})
			wellFormed(t, out)
			var doc junitDoc
			require.NoError(t, xml.Unmarshal(out, &doc))
			require.Len(t, doc.Suites, 1)
			suite := doc.Suites[0]
			assert.Equal(t, f.r.File, suite.Name)
			require.Len(t, suite.Cases, len(f.r.Checks))
			failures := 0
			for i, c := range f.r.Checks {
				tc := suite.Cases[i]
				assert.Equal(t, c.Name, tc.Name, "names survive escaping")
				switch c.Verdict {
				case checker.Violated:
					failures++
					require.NotNil(t, tc.Failure, c.Name)
					assert.Equal(t, oneLine(explanation(&f.r.Checks[i])), tc.Failure.Message)
					assert.Equal(t, violationText(f.r, &f.r.Checks[i]), tc.Failure.Text, "the failure text is the text report's")
					assert.Nil(t, tc.Error)
				case checker.Unknown:
					assert.NotNil(t, tc.Error, c.Name)
					assert.Nil(t, tc.Failure)
				default:
					assert.Nil(t, tc.Failure)
					assert.Nil(t, tc.Error)
				}
			}
			assert.Equal(t, failures, suite.Failures)
			assert.Equal(t, failures, doc.Failures)
		})
	}
}

func TestJUnitOneSuitePerModel(t *testing.T) {
	rs := []*checker.Result{holdsAll(), mutexViolated(), nil, limited()}
	var doc junitDoc
	require.NoError(t, xml.Unmarshal(JUnit(rs), &doc))
	require.Len(t, doc.Suites, 3, "a nil result is skipped")
	assert.Equal(t, 6+4+3, doc.Tests)
	assert.Equal(t, 2, doc.Failures)
	assert.Equal(t, 2, doc.Errors)
}

func TestJUnitBrokenModel(t *testing.T) {
	out := JUnit([]*checker.Result{holdsAll()}, ModelError{File: "b.ilv", Message: "b.ilv:1:1: got \"}\", want model\n}\n^\n"})
	wellFormed(t, out)
	var doc junitDoc
	require.NoError(t, xml.Unmarshal(out, &doc))
	assert.Equal(t, 7, doc.Tests)
	assert.Equal(t, 1, doc.Errors)
	require.Len(t, doc.Suites, 2)
	require.Len(t, doc.Suites[1].Cases, 1)
	require.NotNil(t, doc.Suites[1].Cases[0].Error)
	assert.Equal(t, `b.ilv:1:1: got "}", want model`, doc.Suites[1].Cases[0].Error.Message)
	tap := string(TAP(nil, ModelError{File: "b.ilv", Message: "b.ilv:1:1: bad\n"}))
	assert.Equal(t, "TAP version 13\n1..1\nnot ok 1 - b.ilv: model\n  ---\n  message: \"b.ilv:1:1: bad\"\n  severity: \"error\"\n  error: |\n    b.ilv:1:1: bad\n  ...\n", tap)
}

func TestTAP(t *testing.T) {
	rs := []*checker.Result{holdsAll(), mutexViolated(), limited(), nasty()}
	out := string(TAP(rs))
	lines := strings.Split(out, "\n")
	require.GreaterOrEqual(t, len(lines), 2)
	assert.Equal(t, "TAP version 13", lines[0])
	assert.Equal(t, "1..14", lines[1])
	var tests []string
	for _, l := range lines {
		if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "not ok ") {
			tests = append(tests, l)
		}
	}
	require.Len(t, tests, 14)
	assert.Equal(t, "ok 1 - peterson.ilv: mutex", tests[0])
	assert.Equal(t, "not ok 7 - peterson_swapped.ilv: mutex", tests[6])
	assert.Equal(t, "not ok 11 - bank.ilv: mutex", tests[10], "unknown is not ok")
	assert.Equal(t, `not ok 14 - dir with "quotes"\\model.ilv: check "a\\b"`, tests[13], "backslashes escaped")
	assert.Contains(t, out, "  ---\n  verdict: \"violated\"\n  message: \"P[0] and P[1] are both in critical\"\n")
	// Every YAML block is closed, and every line inside it is indented.
	assert.Equal(t, strings.Count(out, "\n  ---\n"), strings.Count(out, "\n  ...\n"))
}

func TestTAPEscapesHash(t *testing.T) {
	r := holdsAll()
	r.File = "a#b.ilv"
	assert.Contains(t, string(TAP([]*checker.Result{r})), `ok 1 - a\#b.ilv: mutex`)
}

func TestGitHubAnnotations(t *testing.T) {
	tests := []struct {
		name string
		r    *checker.Result
		want []string
	}{
		{"holds", holdsAll(), nil},
		{"finite: the last step", mutexViolated(), []string{
			"::error file=peterson_swapped.ilv,line=10,col=9,title=peterson_swapped%3A mutex violated::P[0] and P[1] are both in critical\n"}},
		{"lasso: where the starving process waits", lasso(), []string{
			"::error file=sem_lock3.ilv,line=6,col=9,title=sem_lock3%3A starvation violated::P[0] is trying and never enters critical\n",
			"::error file=sem_lock3.ilv,line=6,col=9,title=sem_lock3%3A bounded_waiting violated::P[1] and P[2] enter critical again and again while P[0] waits\n"}},
		{"no steps, no position", staysForever(), []string{
			"::error file=strict_alternation.ilv,line=7,col=9,title=strict_alternation%3A progress violated::P[0] is trying and no process ever enters critical\n",
			"::error title=strict_alternation%3A positive violated::the invariant is false in a reachable state\n"}},
		{"escaped", nasty(), []string{
			"::error file=dir with \"quotes\"\\model.ilv,line=3,col=1,title=odd<model>&\"name\"%3A check \"a\\b\" violated::assertion failed: \"x < y && y > z\" {braces} \\ back%0Aslash\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, GitHubAnnotations(tt.r))
		})
	}
}

func TestMarkdown(t *testing.T) {
	out := Markdown(lasso())
	assert.Contains(t, out, "| starvation | ❌ violated | P\\[0\\] is trying and never enters critical |")
	assert.Contains(t, out, "| 🔁 4 | P\\[2\\] | 8 | `up(s)` |  | hands the permit of s to P\\[1\\] |")
	assert.Contains(t, out, "```mermaid\nsequenceDiagram\n    participant p0 as P[0]\n")
	assert.Contains(t, out, "    loop repeats forever\n        p2->>p1: 4. up(s) (hands the permit of s to P[1])\n")
	assert.Equal(t, 2, strings.Count(out, "    end\n"), "one loop block per lasso")
	nasty := Markdown(nasty())
	assert.Contains(t, nasty, "| woke R\\<\"1\"\\> |", "markup outside code is escaped")
	assert.Contains(t, nasty, "| `s = \"}{\" \\ <b>x</b> &` |", "statements are code, where markup is inert")
	assert.NotContains(t, nasty, "\t")
}

func TestMermaidEscapes(t *testing.T) {
	assert.Equal(t, "a#59; b#35;c #60;d#62; #123;#125;", mermaidText("a; b#c <d> {}"))
}

func TestSVGIsWellFormed(t *testing.T) {
	for _, f := range fixtures() {
		for i, c := range f.r.Checks {
			if c.Trace == nil && c.Witness == nil {
				continue
			}
			t.Run(f.name+"/"+c.Name, func(t *testing.T) {
				out, err := SVG(f.r, i)
				require.NoError(t, err)
				wellFormed(t, out)
				s := string(out)
				assert.True(t, strings.HasPrefix(s, `<svg xmlns="http://www.w3.org/2000/svg"`))
				for p := range f.r.Processes {
					assert.Contains(t, s, xmlText(processName(f.r, p)), "a lane per process")
				}
				if tr := diagramTrace(&c); tr.LoopStart > 0 && tr.LoopStart <= len(tr.Steps) {
					assert.Contains(t, s, ">repeats forever</text>")
				}
			})
		}
	}
}

func TestSVGErrors(t *testing.T) {
	_, err := SVG(nil, 0)
	assert.EqualError(t, err, "no result")
	_, err = SVG(holdsAll(), 9)
	assert.EqualError(t, err, "no check #9: the result has 6")
	_, err = SVG(holdsAll(), 0)
	assert.EqualError(t, err, "check mutex has no counterexample")
}

func TestWitnessDiagram(t *testing.T) {
	r := witness()
	svg, err := SVG(r, 2)
	require.NoError(t, err)
	assert.Contains(t, string(svg), "peterson: bounded_waiting holds, bound 1")
	assert.Contains(t, string(svg), "the bound is reached here")
	assert.NotContains(t, string(svg), "violated")
	out, err := DOT(r, 2)
	require.NoError(t, err)
	assert.Contains(t, string(out), "bounded_waiting holds, bound 1")
	assert.Equal(t, -1, FirstViolated(r), "a witness is not a violation")
}

func TestWrapAndFit(t *testing.T) {
	assert.Equal(t, "abc", fit("abc", 3))
	assert.Equal(t, "ab…", fit("abcd", 3))
	assert.Equal(t, []string{"one two three four five six", "seven"}, wrap("one two three four five six seven", 27))
	long := strings.Repeat("word ", 100)
	got := wrap(long, 20)
	require.Len(t, got, 3)
	assert.True(t, strings.HasSuffix(got[2], "…"))
}

// dotAccepts runs Graphviz's dot on src; the test is skipped without dot.
func dotAccepts(t *testing.T, src []byte) {
	t.Helper()
	path, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz's dot is not installed")
	}
	cmd := exec.Command(path, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), "dot refuses:\n%s\n%s", stderr.String(), src)
	assert.Empty(t, stderr.String(), "dot warns")
}

func TestDotAcceptsEveryDiagram(t *testing.T) {
	for _, f := range fixtures() {
		for i, c := range f.r.Checks {
			if c.Trace == nil && c.Witness == nil {
				continue
			}
			t.Run(f.name+"/"+c.Name, func(t *testing.T) {
				out, err := DOT(f.r, i)
				require.NoError(t, err)
				dotAccepts(t, out)
			})
		}
	}
	t.Run("state graph", func(t *testing.T) {
		dotAccepts(t, GraphDOT(sampleGraph()))
	})
}

// sampleGraph is a small state graph with every kind of node and a
// highlighted path.
func sampleGraph() *StateGraph {
	return &StateGraph{
		Title: `race <"x">`,
		Nodes: []GraphNode{
			{Lines: []string{"x=0", "P[0] at line 3", "P[1] at line 3"}, Highlight: true},
			{Lines: []string{"P[0] at line 4"}, Highlight: true},
			{Lines: []string{"x=1", "deadlock"}, Deadlock: true, Broken: true},
			{Lines: []string{`assertion failed: x < 2 && "y"`}, Fault: true, Highlight: true},
		},
		Edges: []GraphEdge{
			{From: 0, To: 1, Label: "P[0]: tmp = x", Highlight: true, Step: 1},
			{From: 1, To: 2, Label: `P[1]: x = "1"`},
			{From: 1, To: 3, Label: "P[0]: assert x < 2", Highlight: true, Step: 2},
			{From: 2, To: 9, Label: "dangling edges are dropped"},
		},
	}
}

func TestGraphDOT(t *testing.T) {
	out := string(GraphDOT(sampleGraph()))
	golden(t, "graph.dot", []byte(out))
	assert.Equal(t, 3, strings.Count(out, "->"), "the dangling edge is dropped")
	assert.Contains(t, out, `1. P[0]: tmp = x`)
	assert.Contains(t, out, `octagon`)
}

func TestSVGLargeTrace(t *testing.T) {
	// Eight processes, sixty steps: rows stay in time order without
	// overlapping, and lanes keep their bounded width.
	r := &checker.Result{File: "big.ilv", Model: "big"}
	for p := range 8 {
		r.Processes = append(r.Processes, "Worker["+string(rune('0'+p))+"]")
	}
	var steps []checker.Step
	for i := range 60 {
		s := checker.Step{Number: i + 1, Process: i % 8, Partner: -1, Pos: at("big.ilv", 10+i%5, 3),
			Statement: strings.Repeat("x", i), Changes: []checker.Change{{Name: "v", Value: intv(int32(i))}}}
		if i%7 == 0 {
			s.Partner = (i + 3) % 8
			s.Note = "hands the permit"
		}
		steps = append(steps, s)
	}
	r.Checks = []checker.CheckResult{{Name: "mutex", Verdict: checker.Violated,
		Trace: &checker.Trace{Steps: steps, LoopStart: 30, Waiter: -1}}}
	l := newSVGLayout(r, &r.Checks[0], r.Checks[0].Trace)
	require.Len(t, l.rows, 60)
	for i := 1; i < len(l.rows); i++ {
		assert.Greater(t, l.rows[i].y, l.rows[i-1].y+l.rows[i-1].h, "row %d starts below row %d", i+1, i)
	}
	assert.LessOrEqual(t, l.laneW, svgMaxLane)
	assert.Greater(t, l.note, l.rows[59].y+l.rows[59].h)
	out, err := SVG(r, 0)
	require.NoError(t, err)
	wellFormed(t, out)
	assert.True(t, strings.Contains(string(out), "<title>line 14: "+strings.Repeat("x", 59)+"</title>"),
		"a shortened statement keeps its full text as a tooltip")
}
