package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
)

func TestModelsList(t *testing.T) {
	ms, err := models.Load()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	code, stdout, stderr := runMain("models")
	require.Equal(t, exitHolds, code, stderr)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, len(ms)+1)
	assert.Regexp(t, `^NAME +DESCRIPTION +EXPECTED$`, lines[0])
	for i, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			line := lines[i+1]
			assert.True(t, strings.HasPrefix(line, m.Name+" "), line)
			assert.Contains(t, line, m.Description)
			assert.True(t, strings.HasSuffix(line, expected(m.Expect)), line)
		})
	}
}

func TestModelsShow(t *testing.T) {
	ms := models.All()
	require.NotEmpty(t, ms)
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			code, stdout, stderr := runMain("models", "show", m.Name)
			require.Equal(t, exitHolds, code, stderr)
			assert.Equal(t, string(m.Source), stdout)
		})
	}
}

func TestExpected(t *testing.T) {
	tests := []struct {
		name string
		exps []models.Expectation
		want string
	}{
		{"none", nil, "-"},
		{"all hold", []models.Expectation{{Verdicts: map[string]string{"mutex": "holds", "deadlock": "holds"}}}, "all hold"},
		{"bound", []models.Expectation{{Verdicts: map[string]string{"mutex": "holds", "bounded_waiting": "holds"},
			Bounds: map[string]int{"bounded_waiting": 1}}}, "all hold; bounded_waiting=1"},
		{"violated, sorted", []models.Expectation{{Verdicts: map[string]string{
			"progress": "violated", "mutex": "holds", "deadlock": "violated"}}}, "violated: deadlock, progress"},
		{"unbounded", []models.Expectation{{Verdicts: map[string]string{
			"starvation": "violated", "bounded_waiting": "violated"}, Bounds: map[string]int{"bounded_waiting": -1}}},
			"violated: starvation; bounded_waiting unbounded"},
		{"unknown", []models.Expectation{{Verdicts: map[string]string{"progress": "unknown", "mutex": "violated"}}},
			"violated: mutex; unknown: progress"},
		{"own configuration first", []models.Expectation{
			{Consts: map[string]int32{"N": 3}, Verdicts: map[string]string{"starvation": "violated"}},
			{Verdicts: map[string]string{"starvation": "holds"}},
			{Fairness: "strong", Verdicts: map[string]string{"starvation": "holds"}},
		}, "all hold (+2 more)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, expected(tt.exps))
		})
	}
}
