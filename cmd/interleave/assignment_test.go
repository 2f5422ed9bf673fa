package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mutexLab is the example assignment of the library.
var mutexLab = filepath.Join("..", "..", "models", "assignments", "mutex_lab")

// TestGradeMutexLab grades the example's solutions through the command line.
// The scores follow from the harness's points (mutex 4, deadlock 2, progress 2,
// starvation 2) and LANGUAGE.md section 7: Peterson holds everything (10);
// the swapped doorway breaks mutex only (6); a plain lock variable breaks
// mutex and lets one process starve while the other re-enters (4); strict
// alternation keeps mutex and has no deadlock but a process staying in
// noncritical blocks the other (6); a syntax error and a missing procedure
// cannot be checked (0).
func TestGradeMutexLab(t *testing.T) {
	requireEngine(t)
	sols, err := filepath.Glob(filepath.Join(mutexLab, "solutions", "*.ilv"))
	require.NoError(t, err)
	require.Len(t, sols, 5)
	args := append([]string{"grade", "--format", "json", "--reference", filepath.Join(mutexLab, "reference.ilv"),
		filepath.Join(mutexLab, "assignment.ilv"), filepath.Join(mutexLab, "reference.ilv")}, sols...)
	code, out, errOut := runMain(args...)
	require.Equal(t, exitHolds, code, errOut)
	doc := decodeGrade(t, out)
	assert.Equal(t, 10, doc.MaxScore)
	type verdicts map[string]string
	want := map[string]struct {
		score    int
		verdicts verdicts
		err      string
	}{
		"reference.ilv":          {10, verdicts{"mutex": "holds", "deadlock": "holds", "progress": "holds", "starvation": "holds"}, ""},
		"swapped_doorway.ilv":    {6, verdicts{"mutex": "violated", "deadlock": "holds", "progress": "holds", "starvation": "holds"}, ""},
		"lock_variable.ilv":      {4, verdicts{"mutex": "violated", "deadlock": "holds", "progress": "holds", "starvation": "violated"}, ""},
		"strict_alternation.ilv": {6, verdicts{"mutex": "holds", "deadlock": "holds", "progress": "violated", "starvation": "violated"}, ""},
		"syntax_error.ilv":       {0, nil, "syntax_error.ilv:4:38: syntax error: unexpected \"turn\""},
		"missing_leave.ilv":      {0, nil, "assignment.ilv:9:1: extern procedure leave is not defined by the solution"},
	}
	require.Len(t, doc.Solutions, len(want))
	for _, s := range doc.Solutions {
		name := filepath.Base(s.File)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			require.True(t, ok, name)
			assert.Equal(t, w.score, s.Score)
			assert.Equal(t, 10, s.MaxScore)
			if w.err != "" {
				require.NotNil(t, s.Error)
				assert.Contains(t, *s.Error, w.err)
				return
			}
			assert.Nil(t, s.Error)
			got := verdicts{}
			for _, c := range s.Checks {
				if _, graded := w.verdicts[c.Name]; graded {
					got[c.Name] = c.Verdict
				}
			}
			assert.Equal(t, w.verdicts, got)
		})
	}
}

func TestCheckWith(t *testing.T) {
	requireEngine(t)
	harness := filepath.Join(mutexLab, "assignment.ilv")
	tests := []struct {
		name     string
		solution string
		code     int
		stdout   string
		stderr   string
	}{
		{"reference", filepath.Join(mutexLab, "reference.ilv"), exitHolds, "starvation  holds", ""},
		{"swapped", filepath.Join(mutexLab, "solutions", "swapped_doorway.ilv"), exitViolated, "mutex       violated", ""},
		{"syntax error", filepath.Join(mutexLab, "solutions", "syntax_error.ilv"), exitError, "",
			"syntax_error.ilv:4:38: syntax error: unexpected \"turn\"\n    proc enter(i: 0..1) { flag[i] = true turn = i; await !(turn == i && flag[1 - i]) }\n"},
		{"missing", filepath.Join(mutexLab, "solutions", "missing.ilv"), exitError, "", "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain("check", "-q", harness, "--with", tt.solution)
			assert.Equal(t, tt.code, code, errOut)
			assert.Contains(t, out, tt.stdout)
			assert.Contains(t, errOut, tt.stderr)
		})
	}
}

func TestGradeBrokenHarnessWithExterns(t *testing.T) {
	requireEngine(t)
	h, err := os.ReadFile(filepath.Join(mutexLab, "assignment.ilv"))
	require.NoError(t, err)
	dir := writeFiles(t, map[string]string{"h.ilv": string(h) + "check invariant nope\n"})
	code, out, errOut := runMain("grade", filepath.Join(dir, "h.ilv"), filepath.Join(mutexLab, "reference.ilv"))
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "the harness is broken")
	assert.Contains(t, errOut, "undefined: nope")
}
