package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

func TestCheckFormats(t *testing.T) {
	results := map[string]*checker.Result{
		"holds.ilv":    verdicts("holds.ilv", checker.Holds, checker.Holds),
		"violated.ilv": verdicts("violated.ilv", checker.Holds, checker.Violated),
		"limit.ilv":    verdicts("limit.ilv", checker.Holds, checker.Unknown),
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		check    func(t *testing.T, stdout string)
	}{
		{"junit: one document for all models", []string{"--format", "junit", "holds.ilv", "violated.ilv", "limit.ilv"}, exitViolated,
			func(t *testing.T, out string) {
				assert.Equal(t, 1, strings.Count(out, "<?xml"))
				var doc struct {
					Tests    int `xml:"tests,attr"`
					Failures int `xml:"failures,attr"`
					Errors   int `xml:"errors,attr"`
					Suites   []struct {
						Name string `xml:"name,attr"`
					} `xml:"testsuite"`
				}
				require.NoError(t, xml.Unmarshal([]byte(out), &doc))
				assert.Equal(t, 6, doc.Tests)
				assert.Equal(t, 1, doc.Failures)
				assert.Equal(t, 1, doc.Errors)
				require.Len(t, doc.Suites, 3)
				assert.Equal(t, "violated.ilv", doc.Suites[1].Name)
			}},
		{"tap", []string{"--format", "tap", "holds.ilv", "violated.ilv"}, exitViolated,
			func(t *testing.T, out string) {
				assert.True(t, strings.HasPrefix(out, "TAP version 13\n1..4\nok 1 - holds.ilv: mutex\n"), out)
				assert.Contains(t, out, "not ok 4 - violated.ilv: deadlock\n  ---\n")
			}},
		{"junit: a broken model is an error", []string{"--format", "junit", "holds.ilv", "broken.ilv"}, exitError,
			func(t *testing.T, out string) {
				assert.Contains(t, out, `<testsuite name="broken.ilv" tests="1" failures="0" errors="1"`)
				assert.Contains(t, out, `<error message="interleave: broken.ilv:1:1: broken" type="model">`)
			}},
		{"tap: a broken model is not ok", []string{"--format", "tap", "broken.ilv"}, exitError,
			func(t *testing.T, out string) {
				assert.True(t, strings.HasPrefix(out, "TAP version 13\n1..1\nnot ok 1 - broken.ilv: model\n"), out)
			}},
		{"tap: a limit", []string{"--format", "tap", "limit.ilv"}, exitLimit,
			func(t *testing.T, out string) { assert.Contains(t, out, "not ok 2 - limit.ilv: deadlock\n") }},
		{"markdown", []string{"--format", "markdown", "holds.ilv", "violated.ilv"}, exitViolated,
			func(t *testing.T, out string) {
				assert.True(t, strings.HasPrefix(out, "## holds\n"), out)
				assert.Contains(t, out, "\n## violated\n")
				assert.Contains(t, out, "| deadlock | ❌ violated |")
				assert.Contains(t, out, "```mermaid\nsequenceDiagram\n")
			}},
		{"markdown: holds", []string{"--format=markdown", "holds.ilv"}, exitHolds,
			func(t *testing.T, out string) { assert.NotContains(t, out, "mermaid") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRun{results: results}
			code := f.run(append([]string{"check"}, tt.args...)...)
			assert.Equal(t, tt.wantCode, code, f.stderr)
			if tt.wantCode == exitError {
				assert.Equal(t, "interleave: broken.ilv:1:1: broken\n", f.stderr, "the error still goes to stderr")
			} else {
				assert.Empty(t, f.stderr)
			}
			tt.check(t, f.stdout)
		})
	}
}

func TestGitHubActionsAnnotations(t *testing.T) {
	results := map[string]*checker.Result{"violated.ilv": verdicts("violated.ilv", checker.Holds, checker.Violated)}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"in GitHub Actions", map[string]string{"GITHUB_ACTIONS": "true"},
			"::error file=violated.ilv,line=3,col=5,title=violated%3A deadlock violated::P[0] and P[1] are both in critical\n"},
		{"elsewhere", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRun{results: results, env: tt.env}
			code := f.run("check", "-q", "violated.ilv")
			assert.Equal(t, exitViolated, code)
			assert.Equal(t, tt.want, f.stderr)
			assert.NotContains(t, f.stdout, "::error", "annotations go to stderr only")
		})
	}
}

func TestCheckSVGAndOut(t *testing.T) {
	results := map[string]*checker.Result{
		"holds.ilv":    verdicts("holds.ilv", checker.Holds),
		"violated.ilv": verdicts("violated.ilv", checker.Violated, checker.Violated),
		"second.ilv":   verdicts("second.ilv", checker.Violated),
	}
	t.Run("svg", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "trace.svg")
		f := &fakeRun{results: results}
		assert.Equal(t, exitViolated, f.run("check", "-q", "--svg", path, "holds.ilv", "violated.ilv"))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(data), `<svg xmlns="http://www.w3.org/2000/svg"`))
		assert.Contains(t, string(data), "violated: mutex violated")
		assert.Empty(t, f.stderr)
	})
	t.Run("svg: nothing violated", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "trace.svg")
		f := &fakeRun{results: results}
		assert.Equal(t, exitHolds, f.run("check", "--svg", path, "holds.ilv"))
		assert.NoFileExists(t, path)
		assert.Equal(t, "interleave: no check is violated: "+path+" not written\n", f.stderr)
	})
	t.Run("out: one pair of files per violated check", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "new")
		f := &fakeRun{results: results}
		assert.Equal(t, exitViolated, f.run("check", "-q", "--out", dir, "violated.ilv"))
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		assert.Equal(t, []string{"deadlock.dot", "deadlock.svg", "mutex.dot", "mutex.svg"}, names)
	})
	t.Run("out: several models are kept apart", func(t *testing.T) {
		dir := t.TempDir()
		f := &fakeRun{results: results}
		assert.Equal(t, exitViolated, f.run("check", "-q", "--out", dir, "violated.ilv", "second.ilv", "holds.ilv"))
		for _, name := range []string{"violated.mutex.svg", "violated.deadlock.dot", "second.mutex.svg", "second.mutex.dot"} {
			assert.FileExists(t, filepath.Join(dir, name))
		}
	})
	t.Run("out: unwritable", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(file, nil, 0o644))
		f := &fakeRun{results: results}
		assert.Equal(t, exitError, f.run("check", "-q", "--out", filepath.Join(file, "dir"), "violated.ilv"))
		assert.True(t, strings.HasPrefix(f.stderr, "interleave: cannot write the diagrams: "), f.stderr)
	})
	t.Run("renderer dot", func(t *testing.T) {
		if _, err := os.Stat("/usr/bin/dot"); err != nil {
			t.Skip("Graphviz's dot is not installed")
		}
		path := filepath.Join(t.TempDir(), "trace.svg")
		f := &fakeRun{results: results}
		assert.Equal(t, exitViolated, f.run("check", "-q", "--renderer", "dot", "--svg", path, "violated.ilv"))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Contains(t, string(data), "Generated by graphviz")
	})
	t.Run("renderer dot without Graphviz", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		path := filepath.Join(t.TempDir(), "trace.svg")
		f := &fakeRun{results: results}
		assert.Equal(t, exitError, f.run("check", "-q", "--renderer", "dot", "--svg", path, "violated.ilv"))
		assert.Equal(t, "interleave: cannot write the diagram: --renderer dot needs Graphviz's dot, which is not installed: install Graphviz, or use --renderer native\n", f.stderr)
		assert.NoFileExists(t, path)
	})
	t.Run("bad renderer", func(t *testing.T) {
		f := &fakeRun{results: results}
		assert.Equal(t, exitError, f.run("check", "--renderer", "cairo", "violated.ilv"))
		assert.Equal(t, "interleave: bad --renderer \"cairo\": want native or dot\nRun 'interleave check --help' for usage.\n", f.stderr)
	})
}

func TestFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mutex", "mutex"},
		{"no_overdraft", "no_overdraft"},
		{"a/b c", "a_b_c"},
		{"..", "_."},
		{"", "_"},
		{"α", "_"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { assert.Equal(t, tt.want, fileName(tt.in)) })
	}
}
