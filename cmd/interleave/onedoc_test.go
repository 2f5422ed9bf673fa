package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONOneDocument requires --format json over several runs (several
// files, or a sweep) to print one document holding every result, and a
// single run to print the result object itself.
func TestJSONOneDocument(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"growing.ilv": growing, "broken.ilv": "process P {\n"})
	file := filepath.Join(dir, "growing.ilv")

	_, out, _ := runMain("check", "--format", "json", "-D", "N=2..4", file)
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Results       []struct {
			File      string           `json:"file"`
			Constants map[string]int32 `json:"constants"`
		} `json:"results"`
		Errors []struct{ File, Message string } `json:"errors"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	assert.Equal(t, 1, doc.SchemaVersion)
	require.Len(t, doc.Results, 3)
	for i, r := range doc.Results {
		assert.Equal(t, file, r.File)
		assert.Equal(t, int32(2+i), r.Constants["N"])
	}
	assert.Empty(t, doc.Errors)

	_, out, _ = runMain("check", "--format", "json", file, filepath.Join(dir, "broken.ilv"))
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	require.Len(t, doc.Results, 1)
	require.Len(t, doc.Errors, 1)
	assert.Equal(t, filepath.Join(dir, "broken.ilv"), doc.Errors[0].File)

	_, out, _ = runMain("check", "--format", "json", file)
	var one map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &one), out)
	assert.Equal(t, file, one["file"])
	assert.NotContains(t, one, "results")
}

// TestSweepNamesCarryValue requires the TAP and JUnit tests of a sweep to
// name the constant's value of their run.
func TestSweepNamesCarryValue(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"growing.ilv": growing})
	file := filepath.Join(dir, "growing.ilv")
	_, tap, _ := runMain("check", "--format", "tap", "-D", "N=2..3", file)
	assert.Contains(t, tap, "\nok 1 - "+file+" (N=2): small\n")
	assert.Contains(t, tap, "\nnot ok 5 - "+file+" (N=3): small\n")
	_, junit, _ := runMain("check", "--format", "junit", "-D", "N=2..3", file)
	assert.Equal(t, 1, strings.Count(junit, `<testsuite name="`+file+` (N=3)"`), junit)
}
