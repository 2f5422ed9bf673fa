package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const badlyLaidOut = "model m\nvar x:0..1\nprocess P{\nx=1;x=0\n  }\n"

const wellLaidOut = "model m\nvar x: 0..1\nprocess P {\n    x = 1\n    x = 0\n}\n"

func TestFmtCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ilv")
	good := filepath.Join(dir, "good.ilv")
	broken := filepath.Join(dir, "broken.ilv")
	require.NoError(t, os.WriteFile(bad, []byte(badlyLaidOut), 0o644))
	require.NoError(t, os.WriteFile(good, []byte(wellLaidOut), 0o644))
	require.NoError(t, os.WriteFile(broken, []byte("process P {\n"), 0o644))

	code, out, errOut := runMain("fmt", bad)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, wellLaidOut, out)

	code, out, _ = runMain("fmt", "-l", bad, good)
	assert.Equal(t, 0, code)
	assert.Equal(t, bad+"\n", out)

	code, out, _ = runMain("fmt", "-d", bad, good)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "--- "+bad+".orig\n+++ "+bad+"\n")
	assert.Contains(t, out, "-x=1;x=0\n-  }\n+var x: 0..1\n")

	code, out, errOut = runMain("fmt", broken, good)
	assert.Equal(t, exitError, code)
	assert.Equal(t, wellLaidOut, out, "the good file is still printed")
	assert.Equal(t, broken+":1:12: got end of file, want \"}\" to close \"{\" at 1:11\n    process P {\n               ^\n", errOut)

	code, _, errOut = runMain("fmt", "-w", bad)
	assert.Equal(t, 0, code, errOut)
	written, err := os.ReadFile(bad)
	require.NoError(t, err)
	assert.Equal(t, wellLaidOut, string(written))

	code, _, errOut = runMain("fmt", filepath.Join(dir, "missing.ilv"))
	assert.Equal(t, exitError, code)
	assert.Equal(t, "interleave: cannot read "+filepath.Join(dir, "missing.ilv")+": no such file or directory\n", errOut)

	var stdout bytes.Buffer
	require.NoError(t, runFmt(strings.NewReader(badlyLaidOut), &stdout, fmtConfig{}, nil))
	assert.Equal(t, wellLaidOut, stdout.String())
}

// TestFmtKeepsVerdicts checks every library and test model before and after
// formatting: the same checks, verdicts and state counts.
func TestFmtKeepsVerdicts(t *testing.T) {
	files, err := filepath.Glob("../../models/lib/*.ilv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	tests, err := filepath.Glob("../../lang/testdata/models/*.ilv")
	require.NoError(t, err)
	require.NotEmpty(t, tests)
	files = append(files, tests...)
	dir := t.TempDir()
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			code, formatted, errOut := runMain("fmt", file)
			require.Equal(t, 0, code, errOut)
			copyPath := filepath.Join(dir, filepath.Base(file))
			require.NoError(t, os.WriteFile(copyPath, []byte(formatted), 0o644))
			assert.Equal(t, layoutFreeVerdicts(t, file), layoutFreeVerdicts(t, copyPath))
		})
	}
}

// layoutFreeVerdicts runs check on a model with a small budget and keeps what does
// not depend on the layout.
func layoutFreeVerdicts(t *testing.T, file string) string {
	_, out, errOut := runMain("check", "--format", "json", "--max-states", "20000", file)
	var r struct {
		Stats struct {
			States   int  `json:"states"`
			Complete bool `json:"complete"`
		} `json:"stats"`
		Checks []struct {
			Name    string `json:"name"`
			Verdict string `json:"verdict"`
			Message string `json:"message"`
		} `json:"checks"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r), errOut)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	return string(b)
}
