package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
)

// Grading is the grade of a class: every solution checked against one
// harness. It holds only what the grade reports print, never a whole
// checker.Result, so that its size grows with the number of solutions and
// checks alone.
type Grading struct {
	// Harness names the harness file as it was given.
	Harness string
	// MaxScore is the sum of the points of the harness's selected checks.
	MaxScore int
	// Checks are the names of the graded checks, in the harness's order: the
	// columns of the table and the CSV.
	Checks []string
	// Solutions are the grades, sorted by file name.
	Solutions []Grade
}

// Grade is the grade of one solution.
type Grade struct {
	// File names the solution as it was given.
	File string
	// Score is the sum of the points of the checks that hold; MaxScore is the
	// harness's. Score is 0 when Error is set.
	Score, MaxScore int
	// Error is why the solution could not be checked at all (it does not
	// parse, misses a procedure, is not text...), "" when it was checked.
	Error string
	// Checks are the verdicts, in the harness's order; empty when Error is set.
	Checks []GradeCheck
	// Memory is the memory model the solution was checked under and
	// StoreBuffer the capacity of its store buffers (0 under SC, and when
	// Error is set).
	Memory      ir.Memory
	StoreBuffer int
}

// GradeCheck is the verdict and score of one check of one solution.
type GradeCheck struct {
	Name    string
	Verdict checker.Verdict
	// Points are the check's points in the harness; Score is Points when the
	// check holds, else 0.
	Points, Score int
	// Message explains a verdict that is not holds, in one line.
	Message string
	// FailsAt is, for a parameter sweep, the smallest constant value at which
	// the check does not hold ("N=3"); "" otherwise.
	FailsAt string
	// Output is the counterexample as Markdown, kept only for the reports that
	// print it (Gradescope); "" otherwise.
	Output string
	// Trace is, for a violated check, the text report's explanation and
	// counterexample, which the JUnit report's failure carries; "" otherwise.
	Trace string
}

// NewGrade scores a result: a check scores its points when it holds, nothing
// otherwise (violated, or unknown because a limit was reached first). When
// markdown is set, each check that does not hold keeps the Markdown report of
// its counterexample in Output.
func NewGrade(file string, r *checker.Result, maxScore int, markdown bool) Grade {
	g := Grade{File: file, MaxScore: maxScore}
	if r == nil {
		g.Error = "no result"
		return g
	}
	g.Memory, g.StoreBuffer = r.Memory, r.StoreBuffer
	for i := range r.Checks {
		c := &r.Checks[i]
		gc := GradeCheck{Name: c.Name, Verdict: c.Verdict, Points: c.Points}
		if c.Verdict == checker.Holds {
			gc.Score = c.Points
		} else {
			gc.Message = oneLine(c.Message)
			if markdown {
				gc.Output = checkMarkdown(r, c)
			}
			if c.Verdict == checker.Violated && c.Trace != nil {
				gc.Trace = violationText(r, c)
			}
		}
		g.Score += gc.Score
		g.Checks = append(g.Checks, gc)
	}
	return g
}

// checkMarkdown is the Markdown of one check that does not hold: its
// explanation, and its trace as a table and a Mermaid sequence diagram.
func checkMarkdown(r *checker.Result, c *checker.CheckResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s %s**: %s\n", mdText(c.Name), c.Verdict, mdText(sentence(explanation(c))))
	if c.Verdict == checker.Violated && c.Trace != nil {
		mdTrace(&b, r, c, c.Trace)
	}
	return b.String()
}

// GradeTable renders g as a table for people: one row per solution with its
// file, score, maximum and a verdict per check (or "error" for a solution
// that could not be checked), then those solutions' errors in full.
func GradeTable(g *Grading) []byte {
	head := append([]string{"file", "score", "max"}, g.Checks...)
	rows := [][]string{head}
	right := map[int]bool{1: true, 2: true}
	var notes []string
	for _, s := range g.Solutions {
		row := []string{LineStart(s.File), strconv.Itoa(s.Score), strconv.Itoa(s.MaxScore)}
		if s.Error != "" {
			row = append(row, "error")
			notes = append(notes, LineStart(s.File)+":\n"+printableLines(strings.TrimRight(s.Error, "\n")))
		} else {
			row = append(row, verdictCells(g.Checks, s.Checks)...)
		}
		rows = append(rows, row)
	}
	var b strings.Builder
	for _, line := range align(rows, right) {
		b.WriteString(line + "\n")
	}
	if s := weakGrade(g); s != nil {
		b.WriteString("verdicts " + (&checker.Result{Memory: s.Memory, StoreBuffer: s.StoreBuffer}).MemoryText() + "\n")
	}
	if len(notes) > 0 {
		b.WriteString("\n")
		b.WriteString(strings.Join(notes, "\n\n"))
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// verdictCells are a solution's verdicts in the columns' order; a check the
// solution has no verdict for is "-".
func verdictCells(names []string, checks []GradeCheck) []string {
	cells := make([]string, len(names))
	for i, n := range names {
		cells[i] = "-"
		for _, c := range checks {
			if c.Name == n {
				cells[i] = verdictName(c.Verdict)
				if c.FailsAt != "" {
					cells[i] += " (" + c.FailsAt + ")"
				}
			}
		}
	}
	return cells
}

// GradeCSV renders g as CSV: a header (file, score, max_score, error, then
// one column per check) and one record per solution.
func GradeCSV(g *Grading) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"file", "score", "max_score", "error"}
	for _, c := range g.Checks {
		head = append(head, CSVCell(c))
	}
	_ = w.Write(head)
	for _, s := range g.Solutions {
		rec := []string{CSVCell(s.File), strconv.Itoa(s.Score), strconv.Itoa(s.MaxScore), CSVCell(oneLine(firstLine(s.Error)))}
		if s.Error != "" {
			for range g.Checks {
				rec = append(rec, "")
			}
		} else {
			rec = append(rec, verdictCells(g.Checks, s.Checks)...)
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

type gradeJSON struct {
	SchemaVersion int            `json:"schema_version"`
	Harness       string         `json:"harness"`
	Memory        string         `json:"memory,omitempty"`
	StoreBuffer   int            `json:"store_buffer,omitempty"`
	MaxScore      int            `json:"max_score"`
	Solutions     []solutionJSON `json:"solutions"`
}

// weakGrade is the first grade of a solution checked under TSO or PSO (all
// are checked under the same memory model), or nil.
func weakGrade(g *Grading) *Grade {
	for i := range g.Solutions {
		if g.Solutions[i].StoreBuffer > 0 {
			return &g.Solutions[i]
		}
	}
	return nil
}

type solutionJSON struct {
	File     string      `json:"file"`
	Score    int         `json:"score"`
	MaxScore int         `json:"max_score"`
	Error    *string     `json:"error"`
	Checks   []checkJSON `json:"checks"`
}

type checkJSON struct {
	Name    string  `json:"name"`
	Verdict string  `json:"verdict"`
	Points  int     `json:"points"`
	Score   int     `json:"score"`
	Message string  `json:"message,omitempty"`
	FailsAt *string `json:"fails_at,omitempty"`
}

// GradeJSON renders g as the grade JSON of CLI.md, schema_version 1,
// indented by two spaces and ending with a newline. "error" is null for a
// solution that was checked; beyond the contract, a check that does not hold
// has its "message", and a sweep's check that fails its smallest failing
// value as "fails_at".
func GradeJSON(g *Grading) []byte {
	out := gradeJSON{SchemaVersion: SchemaVersion, Harness: g.Harness, MaxScore: g.MaxScore, Solutions: []solutionJSON{}}
	if s := weakGrade(g); s != nil {
		out.Memory, out.StoreBuffer = s.Memory.String(), s.StoreBuffer
	}
	for _, s := range g.Solutions {
		sj := solutionJSON{File: s.File, Score: s.Score, MaxScore: s.MaxScore, Checks: []checkJSON{}}
		if s.Error != "" {
			msg := s.Error
			sj.Error = &msg
		}
		for _, c := range s.Checks {
			cj := checkJSON{Name: c.Name, Verdict: verdictName(c.Verdict), Points: c.Points, Score: c.Score, Message: c.Message}
			if c.FailsAt != "" {
				at := c.FailsAt
				cj.FailsAt = &at
			}
			sj.Checks = append(sj.Checks, cj)
		}
		out.Solutions = append(out.Solutions, sj)
	}
	return marshal(out)
}

// marshal is v as indented JSON ending with a newline, without HTML escapes.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return []byte("null\n")
	}
	return b.Bytes()
}

type gradescopeJSON struct {
	Score float64          `json:"score"`
	Tests []gradescopeTest `json:"tests"`
	// Output is shown above the tests: why nothing could be checked.
	Output string `json:"output,omitempty"`
}

type gradescopeTest struct {
	Name     string  `json:"name"`
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	Status   string  `json:"status"`
	Output   string  `json:"output,omitempty"`
	// OutputFormat tells Gradescope that Output is Markdown.
	OutputFormat string `json:"output_format,omitempty"`
}

// Gradescope renders one solution's grade as Gradescope's results.json: its
// score, and one test per check with its points, "passed" or "failed", and
// for a check that does not hold its counterexample as Markdown. A solution
// that could not be checked scores 0 with its error as the output.
func Gradescope(s Grade) []byte {
	out := gradescopeJSON{Score: float64(s.Score), Tests: []gradescopeTest{}}
	if s.Error != "" {
		msg := strings.TrimRight(s.Error, "\n")
		fence := Fence(msg)
		out.Output = "Your solution could not be checked:\n\n" + fence + "\n" + msg + "\n" + fence + "\n"
	}
	for _, c := range s.Checks {
		t := gradescopeTest{Name: c.Name, Score: float64(c.Score), MaxScore: float64(c.Points), Status: "passed"}
		if c.Verdict != checker.Holds {
			t.Status = "failed"
			t.Output = c.Output
			if t.Output == "" {
				t.Output = c.Message
			}
			if t.Output != "" {
				t.OutputFormat = "md"
			}
		}
		out.Tests = append(out.Tests, t)
	}
	return marshal(out)
}

// GradeJUnit renders g as JUnit XML: one <testsuite> per solution and one
// <testcase> per check; a check that does not hold is a <failure> with its
// message, and a solution that could not be checked a suite with one
// testcase "solution" in <error>.
func GradeJUnit(g *Grading) []byte {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	tests, failures, errs := 0, 0, 0
	for _, s := range g.Solutions {
		if s.Error != "" {
			tests, errs = tests+1, errs+1
			continue
		}
		for _, c := range s.Checks {
			tests++
			if c.Verdict != checker.Holds {
				failures++
			}
		}
	}
	b.WriteString(`<testsuites name="interleave grade"`)
	attrInt(&b, "tests", tests)
	attrInt(&b, "failures", failures)
	attrInt(&b, "errors", errs)
	b.WriteString(">\n")
	for _, s := range g.Solutions {
		b.WriteString("  <testsuite")
		attr(&b, "name", s.File)
		if s.Error != "" {
			b.WriteString(` tests="1" failures="0" errors="1">` + "\n")
			b.WriteString("    <testcase name=\"solution\"")
			attr(&b, "classname", s.File)
			b.WriteString(">\n      <error")
			attr(&b, "message", oneLine(firstLine(s.Error)))
			b.WriteString(">")
			text(&b, s.Error)
			b.WriteString("</error>\n    </testcase>\n  </testsuite>\n")
			continue
		}
		fails := 0
		for _, c := range s.Checks {
			if c.Verdict != checker.Holds {
				fails++
			}
		}
		attrInt(&b, "tests", len(s.Checks))
		attrInt(&b, "failures", fails)
		b.WriteString(` errors="0">` + "\n")
		b.WriteString("    <properties>")
		fmt.Fprintf(&b, `<property name="score" value="%d"/><property name="max_score" value="%d"/>`, s.Score, s.MaxScore)
		b.WriteString("</properties>\n")
		for _, c := range s.Checks {
			b.WriteString("    <testcase")
			attr(&b, "name", c.Name)
			attr(&b, "classname", s.File)
			if c.Verdict == checker.Holds {
				b.WriteString("/>\n")
				continue
			}
			b.WriteString(">\n      <failure")
			msg := verdictName(c.Verdict)
			if c.Message != "" {
				msg += ": " + c.Message
			}
			attr(&b, "message", msg)
			attr(&b, "type", verdictName(c.Verdict))
			b.WriteString(">")
			body := fmt.Sprintf("%s %s (%d points)", c.Name, msg, c.Points)
			if c.Trace != "" {
				body += "\n\n" + c.Trace
			}
			text(&b, body)
			b.WriteString("</failure>\n    </testcase>\n")
		}
		b.WriteString("  </testsuite>\n")
	}
	b.WriteString("</testsuites>\n")
	return []byte(b.String())
}
