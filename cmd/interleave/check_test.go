package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// fakeRun runs the command line with a check function that answers from
// results (by FILE argument) instead of compiling and checking, and records the
// configuration it was given.
type fakeRun struct {
	results  map[string]*checker.Result
	terminal bool
	env      map[string]string

	cfg    *checkConfig
	ctx    context.Context
	args   []string
	stdout string
	stderr string
}

func (f *fakeRun) run(args ...string) int {
	var stdout, stderr bytes.Buffer
	e := env{
		stdout: &stdout, stderr: &stderr,
		getenv:     func(k string) string { return f.env[k] },
		isTerminal: func(io.Writer) bool { return f.terminal },
		check: func(ctx context.Context, cfg *checkConfig, arg string) (*checker.Result, error) {
			f.cfg, f.ctx = cfg, ctx
			f.args = append(f.args, arg)
			r, ok := f.results[arg]
			if !ok {
				return nil, checkError("interleave: " + arg + ":1:1: broken\n")
			}
			return r, nil
		},
	}
	code := run(context.Background(), args, e)
	f.stdout, f.stderr = stdout.String(), stderr.String()
	return code
}

func verdicts(file string, vs ...checker.Verdict) *checker.Result {
	r := &checker.Result{File: file, Model: strings.TrimSuffix(file, ".ilv"), Processes: []string{"P[0]", "P[1]"},
		Stats: checker.Stats{States: 10, Transitions: 20, Depth: 3, Complete: true}}
	for i, v := range vs {
		c := checker.CheckResult{Name: []string{"mutex", "deadlock", "progress"}[i], Verdict: v}
		switch v {
		case checker.Violated:
			c.Message = "P[0] and P[1] are both in critical"
			c.Trace = &checker.Trace{Steps: []checker.Step{{Number: 1, Process: 1, Partner: -1,
				Pos: source.Pos{File: file, Line: 3, Col: 5}, Statement: "x = 1",
				Changes: []checker.Change{{Name: "x", Value: checker.Value{Kind: checker.IntValue, Int: 1, Text: "1"}}}}}}
		case checker.Unknown:
			c.Message = "the timeout was reached"
			r.Stats.Complete = false
			r.Stats.Limit = "timeout"
		}
		r.Checks = append(r.Checks, c)
	}
	return r
}

func TestCheckExitStatus(t *testing.T) {
	results := map[string]*checker.Result{
		"holds.ilv":    verdicts("holds.ilv", checker.Holds, checker.Holds),
		"violated.ilv": verdicts("violated.ilv", checker.Violated, checker.Holds),
		"limit.ilv":    verdicts("limit.ilv", checker.Holds, checker.Unknown),
		"both.ilv":     verdicts("both.ilv", checker.Unknown, checker.Violated),
	}
	tests := []struct {
		name  string
		files []string
		want  int
	}{
		{"holds", []string{"holds.ilv"}, exitHolds},
		{"violated", []string{"violated.ilv"}, exitViolated},
		{"limit", []string{"limit.ilv"}, exitLimit},
		{"violated wins over limit in a model", []string{"both.ilv"}, exitViolated},
		{"violated wins over limit across models", []string{"limit.ilv", "violated.ilv"}, exitViolated},
		{"limit wins over holds", []string{"holds.ilv", "limit.ilv"}, exitLimit},
		{"model error wins", []string{"violated.ilv", "broken.ilv", "holds.ilv"}, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRun{results: results}
			code := f.run(append([]string{"check"}, tt.files...)...)
			assert.Equal(t, tt.want, code)
			assert.Equal(t, tt.files, f.args, "every model is checked, in order")
		})
	}
}

func TestCheckReportsEachModel(t *testing.T) {
	f := &fakeRun{results: map[string]*checker.Result{
		"a.ilv": verdicts("a.ilv", checker.Holds),
		"b.ilv": verdicts("b.ilv", checker.Violated),
	}}
	code := f.run("check", "a.ilv", "broken.ilv", "b.ilv")
	assert.Equal(t, exitError, code)
	assert.Equal(t, "interleave: broken.ilv:1:1: broken\n", f.stderr)
	ia, ib := strings.Index(f.stdout, "a.ilv: model a\n"), strings.Index(f.stdout, "b.ilv: model b\n")
	require.GreaterOrEqual(t, ia, 0, f.stdout)
	require.Greater(t, ib, ia, f.stdout)
	assert.Contains(t, f.stdout, "mutex violated: P[0] and P[1] are both in critical\n")
	assert.Contains(t, f.stdout, "\n\nb.ilv: model b\n", "a blank line between reports")
}

func TestCheckQuiet(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"one model", []string{"a.ilv"}, "mutex     violated  P[0] and P[1] are both in critical\ndeadlock  holds\n"},
		{"two models", []string{"a.ilv", "b.ilv"},
			"a.ilv:\nmutex     violated  P[0] and P[1] are both in critical\ndeadlock  holds\nb.ilv:\nmutex  holds\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRun{results: map[string]*checker.Result{
				"a.ilv": verdicts("a.ilv", checker.Violated, checker.Holds),
				"b.ilv": verdicts("b.ilv", checker.Holds),
			}}
			f.run(append([]string{"check", "-q"}, tt.files...)...)
			assert.Equal(t, tt.want, f.stdout)
		})
	}
}

func TestCheckJSON(t *testing.T) {
	f := &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Violated, checker.Holds)}}
	code := f.run("check", "--format", "json", "a.ilv")
	assert.Equal(t, exitViolated, code)
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		File          string `json:"file"`
		Checks        []struct {
			Name, Verdict string
		} `json:"checks"`
	}
	require.NoError(t, json.Unmarshal([]byte(f.stdout), &doc), f.stdout)
	assert.Equal(t, 1, doc.SchemaVersion)
	assert.Equal(t, "a.ilv", doc.File)
	require.Len(t, doc.Checks, 2)
	assert.Equal(t, "violated", doc.Checks[0].Verdict)
	assert.NotContains(t, f.stdout, "states 10", "no text report in JSON mode")
}

func TestCheckOptions(t *testing.T) {
	f := &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Holds)}}
	code := f.run("check", "-D", "N=3", "-DM=-1", "--check", "mutex", "--check", "progress",
		"--fairness", "strong", "--max-states", "1000", "--max-memory", "2GiB", "--timeout", "90s",
		"--workers", "3", "--stats", "a.ilv")
	require.Equal(t, exitHolds, code, f.stderr)
	require.NotNil(t, f.cfg)
	assert.Equal(t, map[string]int32{"N": 3, "M": -1}, f.cfg.consts)
	require.NotNil(t, f.cfg.fairness)
	assert.Equal(t, ir.FairStrong, *f.cfg.fairness)
	assert.Equal(t, checker.Options{Checks: []string{"mutex", "progress"}, MaxStates: 1000, MaxMemory: 2 << 30, Workers: 3, Reduce: checker.ReduceAll, Presize: true},
		f.cfg.opts, "a memory given: the table sized for it")
	assert.Equal(t, 90*time.Second, f.cfg.timeout)
	assert.True(t, f.cfg.text.Stats)
	assert.Contains(t, f.stdout, "states/s")

	f = &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Holds)}}
	require.Equal(t, exitHolds, f.run("check", "a.ilv"))
	assert.Nil(t, f.cfg.fairness, "the model's own fairness by default")
	assert.Equal(t, runtime.NumCPU(), f.cfg.opts.Workers)
	assert.Equal(t, defaultMemory(), f.cfg.opts.MaxMemory)
	assert.False(t, f.cfg.opts.Presize, "no memory given: the table grows")
	assert.Zero(t, f.cfg.opts.MaxStates)
	assert.Zero(t, f.cfg.timeout)
	assert.Equal(t, formatText, f.cfg.format)
}

func TestCheckColor(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		env      map[string]string
		flag     bool
		want     bool
	}{
		{"terminal", true, nil, false, true},
		{"not a terminal", false, nil, false, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false, false},
		{"empty NO_COLOR", true, map[string]string{"NO_COLOR": ""}, false, true},
		{"--no-color", true, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Holds)},
				terminal: tt.terminal, env: tt.env}
			args := []string{"check", "a.ilv"}
			if tt.flag {
				args = append(args, "--no-color")
			}
			f.run(args...)
			assert.Equal(t, tt.want, f.cfg.text.Color)
			assert.Equal(t, tt.want, strings.Contains(f.stdout, "\x1b["))
		})
	}
}

func TestCheckDot(t *testing.T) {
	results := map[string]*checker.Result{
		"holds.ilv":    verdicts("holds.ilv", checker.Holds),
		"violated.ilv": verdicts("violated.ilv", checker.Holds, checker.Violated),
		"second.ilv":   verdicts("second.ilv", checker.Violated),
	}
	tests := []struct {
		name       string
		files      []string
		wantFile   string // a text the diagram must contain; "" when none is written
		wantStderr string
	}{
		{"violated", []string{"holds.ilv", "violated.ilv", "second.ilv"}, "deadlock violated", ""},
		{"every check holds", []string{"holds.ilv"}, "", "interleave: no check is violated: %s not written\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "trace.dot")
			f := &fakeRun{results: results}
			f.run(append([]string{"check", "--dot", path}, tt.files...)...)
			data, err := os.ReadFile(path)
			if tt.wantFile == "" {
				assert.True(t, errors.Is(err, os.ErrNotExist), "no diagram is written")
				assert.Equal(t, strings.ReplaceAll(tt.wantStderr, "%s", path), f.stderr)
				return
			}
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(string(data), "digraph counterexample {"))
			assert.Contains(t, string(data), tt.wantFile)
			assert.Contains(t, string(data), "<b>violated</b>", "the first violated model's diagram")
			assert.Empty(t, f.stderr)
		})
	}
}

func TestCheckDotUnwritable(t *testing.T) {
	f := &fakeRun{results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Violated)}}
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "trace.dot")
	code := f.run("check", "--dot", path, "a.ilv")
	assert.Equal(t, exitError, code)
	assert.True(t, strings.HasPrefix(f.stderr, "interleave: cannot write the diagram: "), f.stderr)
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.ilv")
	require.NoError(t, os.WriteFile(path, []byte("model mine\n"), 0o644))
	link := filepath.Join(dir, "link.ilv")
	require.NoError(t, os.Symlink(path, link))
	big := filepath.Join(dir, "big.ilv")
	require.NoError(t, os.WriteFile(big, make([]byte, maxSource+1), 0o644))
	binary := filepath.Join(dir, "binary.ilv")
	require.NoError(t, os.WriteFile(binary, []byte("model \x00\xff"), 0o644))
	tests := []struct {
		name     string
		arg      string
		wantName string
		wantText string
		wantErr  string
	}{
		{"file", path, path, "model mine\n", ""},
		{"missing", filepath.Join(dir, "nope.ilv"), "", "",
			"no file or built-in model named " + filepath.Join(dir, "nope.ilv") + "; see interleave models"},
		{"directory", dir, "", "", dir + " is a directory, not a regular file"},
		// A model of one's own may be reached through a link; a solution may not
		// (TestReadSolutionRefusesLinks).
		{"symbolic link", link, link, "model mine\n", ""},
		{"too large", big, "", "", fmt.Sprintf("%s is too large: more than %d bytes", big, maxSource)},
		{"binary", binary, "", "", binary + " is not a text file (binary, or not UTF-8)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := load(tt.arg)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantName, f.Name)
			assert.Equal(t, tt.wantText, string(f.Text))
		})
	}
}
