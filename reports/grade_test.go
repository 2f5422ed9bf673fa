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

// class is a grading of three solutions: one with full marks, one with a
// violated mutex, one that could not be checked.
func class() *Grading {
	g := &Grading{Harness: "assignment.ilv", MaxScore: 4, Checks: []string{"mutex", "progress", "bounded_waiting", "deadlock", "assert", "runtime"}}
	swapped := mutexViolated()
	swapped.Checks[0].Points = 4
	g.Solutions = append(g.Solutions,
		NewGrade("good.ilv", holdsAll(), 4, false),
		NewGrade("swapped.ilv", swapped, 4, true),
		Grade{File: "broken.ilv", MaxScore: 4, Error: "broken.ilv:1:5: got \"@\", want name\n    var @\n        ^"})
	return g
}

func TestNewGrade(t *testing.T) {
	tests := []struct {
		name      string
		r         *checker.Result
		score     int
		verdicts  []string
		scores    []int
		hasOutput []bool
	}{
		{"holds", holdsAll(), 4, []string{"holds", "holds", "holds", "holds", "holds", "holds"},
			[]int{4, 0, 0, 0, 0, 0}, []bool{false, false, false, false, false, false}},
		{"violated", mutexViolated(), 0, []string{"violated", "holds", "holds", "holds"},
			[]int{0, 0, 0, 0}, []bool{true, false, false, false}},
		{"limited", limited(), 0, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGrade("s.ilv", tt.r, 4, true)
			assert.Equal(t, tt.score, g.Score)
			assert.Equal(t, 4, g.MaxScore)
			assert.Empty(t, g.Error)
			if tt.verdicts == nil {
				for _, c := range g.Checks {
					if c.Verdict != checker.Holds {
						assert.Zero(t, c.Score, c.Name)
					}
				}
				return
			}
			require.Len(t, g.Checks, len(tt.verdicts))
			for i, c := range g.Checks {
				assert.Equal(t, tt.verdicts[i], c.Verdict.String(), c.Name)
				assert.Equal(t, tt.scores[i], c.Score, c.Name)
				assert.Equal(t, tt.hasOutput[i], c.Output != "", c.Name)
			}
		})
	}
	t.Run("no markdown", func(t *testing.T) {
		g := NewGrade("s.ilv", mutexViolated(), 4, false)
		require.NotEmpty(t, g.Checks)
		assert.Empty(t, g.Checks[0].Output)
		assert.Equal(t, "P[0] and P[1] are both in critical", g.Checks[0].Message)
	})
	t.Run("nil", func(t *testing.T) {
		g := NewGrade("s.ilv", nil, 4, false)
		assert.NotEmpty(t, g.Error)
		assert.Zero(t, g.Score)
	})
}

func TestGradeGolden(t *testing.T) {
	g := class()
	golden(t, "grade.table.txt", GradeTable(g))
	golden(t, "grade.csv", GradeCSV(g))
	golden(t, "grade.json", GradeJSON(g))
	golden(t, "grade.junit.xml", GradeJUnit(g))
	golden(t, "grade.gradescope.json", Gradescope(g.Solutions[1]))
	golden(t, "grade.gradescope.error.json", Gradescope(g.Solutions[2]))
}

func TestGradeJSONShape(t *testing.T) {
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		Harness       string `json:"harness"`
		MaxScore      int    `json:"max_score"`
		Solutions     []struct {
			File     string  `json:"file"`
			Score    int     `json:"score"`
			MaxScore int     `json:"max_score"`
			Error    *string `json:"error"`
			Checks   []struct {
				Name    string `json:"name"`
				Verdict string `json:"verdict"`
				Points  int    `json:"points"`
				Score   int    `json:"score"`
			} `json:"checks"`
		} `json:"solutions"`
	}
	require.NoError(t, json.Unmarshal(GradeJSON(class()), &doc))
	assert.Equal(t, 1, doc.SchemaVersion)
	assert.Equal(t, "assignment.ilv", doc.Harness)
	assert.Equal(t, 4, doc.MaxScore)
	require.Len(t, doc.Solutions, 3)
	assert.Nil(t, doc.Solutions[0].Error)
	assert.Equal(t, 4, doc.Solutions[0].Score)
	assert.Equal(t, "mutex", doc.Solutions[0].Checks[0].Name)
	assert.Equal(t, 4, doc.Solutions[0].Checks[0].Points)
	assert.Equal(t, "violated", doc.Solutions[1].Checks[0].Verdict)
	assert.Equal(t, 0, doc.Solutions[1].Checks[0].Score)
	require.NotNil(t, doc.Solutions[2].Error)
	assert.Contains(t, *doc.Solutions[2].Error, "want name")
	assert.NotNil(t, doc.Solutions[2].Checks, "checks is a list, never null")
}

func TestGradescope(t *testing.T) {
	var doc struct {
		Score float64 `json:"score"`
		Tests []struct {
			Name     string  `json:"name"`
			Score    float64 `json:"score"`
			MaxScore float64 `json:"max_score"`
			Status   string  `json:"status"`
			Output   string  `json:"output"`
		} `json:"tests"`
		Output string `json:"output"`
	}
	g := class()
	require.NoError(t, json.Unmarshal(Gradescope(g.Solutions[1]), &doc))
	assert.Equal(t, 0.0, doc.Score)
	require.Len(t, doc.Tests, 4)
	assert.Equal(t, "mutex", doc.Tests[0].Name)
	assert.Equal(t, "failed", doc.Tests[0].Status)
	assert.Equal(t, 4.0, doc.Tests[0].MaxScore)
	assert.Contains(t, doc.Tests[0].Output, "```mermaid")
	assert.Contains(t, doc.Tests[0].Output, "| step | process |")
	assert.Equal(t, "passed", doc.Tests[1].Status)
	assert.Empty(t, doc.Tests[1].Output)

	require.NoError(t, json.Unmarshal(Gradescope(g.Solutions[2]), &doc))
	assert.Equal(t, 0.0, doc.Score)
	assert.Empty(t, doc.Tests)
	assert.Contains(t, doc.Output, "want name")
}

func TestGradeCSV(t *testing.T) {
	recs, err := csv.NewReader(strings.NewReader(string(GradeCSV(class())))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 4)
	assert.Equal(t, []string{"file", "score", "max_score", "error", "mutex", "progress", "bounded_waiting", "deadlock", "assert", "runtime"}, recs[0])
	assert.Equal(t, []string{"good.ilv", "4", "4", "", "holds", "holds", "holds", "holds", "holds", "holds"}, recs[1])
	assert.Equal(t, []string{"swapped.ilv", "0", "4", "", "violated", "-", "-", "holds", "holds", "holds"}, recs[2])
	assert.Equal(t, "broken.ilv:1:5: got \"@\", want name", recs[3][3])
}

func TestGradeJUnitWellFormed(t *testing.T) {
	wellFormed(t, GradeJUnit(class()))
}
