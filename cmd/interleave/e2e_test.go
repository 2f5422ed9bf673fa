package main

// End-to-end tests: the real front end, checker and library, driven through
// Main. Each test skips while the front end or the checker is not implemented.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/models"
)

// requireEngine skips the test while lang.Compile or checker.Run answers "not
// implemented" for a model of the library.
func requireEngine(t *testing.T) {
	t.Helper()
	ms := models.All()
	require.NotEmpty(t, ms, "the built-in library must load")
	m := ms[0]
	if p, ok := models.Lookup("peterson"); ok {
		m = p
	}
	prog, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{})
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		t.Skip("the front end is not implemented yet")
	}
	require.NoError(t, err)
	_, err = checker.Run(context.Background(), prog, checker.Options{MaxStates: 1, Workers: 1})
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		t.Skip("the checker is not implemented yet")
	}
}

// jsonReport is the part of the JSON report these tests read.
type jsonReport struct {
	SchemaVersion int    `json:"schema_version"`
	File          string `json:"file"`
	Model         string `json:"model"`
	Stats         struct {
		States   int64 `json:"states"`
		Complete bool  `json:"complete"`
	} `json:"stats"`
	Checks []struct {
		Name    string          `json:"name"`
		Verdict string          `json:"verdict"`
		Message string          `json:"message"`
		Bound   json.RawMessage `json:"bound"`
		Trace   *struct {
			LoopStart *int              `json:"loop_start"`
			Steps     []json.RawMessage `json:"steps"`
		} `json:"trace"`
	} `json:"checks"`
}

// expectArgs are the command-line flags that reproduce an expectation's
// configuration.
func expectArgs(x models.Expectation) []string {
	var args []string
	names := make([]string, 0, len(x.Consts))
	for n := range x.Consts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		args = append(args, "-D", fmt.Sprintf("%s=%d", n, x.Consts[n]))
	}
	if x.Fairness != "" {
		args = append(args, "--fairness", x.Fairness)
	}
	if x.Memory != "" {
		args = append(args, "--memory", x.Memory)
	}
	return args
}

func TestE2ELibraryVerdicts(t *testing.T) {
	requireEngine(t)
	for _, m := range models.All() {
		for i, x := range m.Expect {
			t.Run(fmt.Sprintf("%s/%d", m.Name, i), func(t *testing.T) {
				args := append([]string{"check", "--format", "json", "--timeout", "2m"}, expectArgs(x)...)
				code, stdout, stderr := runMain(append(args, m.Name)...)
				var rep jsonReport
				require.NoError(t, json.Unmarshal([]byte(stdout), &rep), "stdout: %s\nstderr: %s", stdout, stderr)
				assert.Equal(t, 1, rep.SchemaVersion)
				assert.Equal(t, m.File, rep.File)
				got := map[string]string{}
				bounds := map[string]string{}
				want := maps.Clone(x.Verdicts)
				for _, c := range rep.Checks {
					got[c.Name] = c.Verdict
					if c.Verdict == models.Unknown && notSupported(c.Message) {
						// A check the checker cannot decide yet: its verdict is
						// not compared, and the exit status counts it unknown.
						t.Logf("%s: %s", c.Name, c.Message)
						want[c.Name] = models.Unknown
						continue
					}
					if c.Bound != nil {
						bounds[c.Name] = string(c.Bound)
					}
					if c.Verdict == models.Violated {
						assert.NotNil(t, c.Trace, "%s is violated with a counterexample", c.Name)
					}
				}
				for name, v := range want {
					assert.Equal(t, v, got[name], "verdict of %s", name)
				}
				for name, b := range x.Bounds {
					if x.Verdicts[name] != want[name] {
						continue
					}
					want := fmt.Sprint(b)
					if b == models.Unbounded {
						want = "null"
					}
					assert.Equal(t, want, bounds[name], "bound of %s", name)
				}
				assert.Equal(t, wantExit(want), code, stderr)
			})
		}
	}
}

// notSupported tells the Message of a check that the checker cannot decide yet.
func notSupported(msg string) bool {
	return strings.Contains(msg, "not supported yet") || strings.Contains(msg, "not implemented")
}

// wantExit is the exit status that CLI.md gives for a set of verdicts.
func wantExit(verdicts map[string]string) int {
	code := exitHolds
	for _, v := range verdicts {
		switch v {
		case models.Violated:
			return exitViolated
		case models.Unknown:
			code = exitLimit
		}
	}
	return code
}

// libraryModel returns a library model whose own configuration has (violated)
// or has not (!violated) a violated check.
func libraryModel(t *testing.T, violated bool) models.Model {
	t.Helper()
	for _, m := range models.All() {
		for _, x := range m.Expect {
			if len(x.Consts) > 0 || x.Fairness != "" || x.Memory != "" {
				continue
			}
			if (wantExit(x.Verdicts) == exitViolated) == violated {
				return m
			}
		}
	}
	t.Skipf("no library model with violated=%v", violated)
	return models.Model{}
}

func TestE2ETextReport(t *testing.T) {
	requireEngine(t)
	tests := []struct {
		name     string
		violated bool
		code     int
		want     []string
	}{
		{"holds", false, exitHolds, []string{" holds", "\nstates "}},
		{"violated", true, exitViolated, []string{" violated: ", "  step  process", "\nstates "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := libraryModel(t, tt.violated)
			code, stdout, stderr := runMain("check", "--timeout", "2m", m.Name)
			want := tt.code
			if want == exitHolds && notSupported(stdout) {
				want = exitLimit
			}
			assert.Equal(t, want, code, stderr)
			assert.True(t, strings.HasPrefix(stdout, m.File+": model "), stdout)
			for _, w := range tt.want {
				assert.Contains(t, stdout, w)
			}
			assert.NotContains(t, stdout, "\x1b[", "no colour when stdout is not a terminal")
		})
	}
}

func TestE2EDot(t *testing.T) {
	requireEngine(t)
	m := libraryModel(t, true)
	path := filepath.Join(t.TempDir(), "trace.dot")
	code, _, stderr := runMain("check", "-q", "--timeout", "2m", "--dot", path, m.Name)
	assert.Equal(t, exitViolated, code, stderr)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "digraph counterexample")
	bin, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot is not on PATH")
	}
	out, err := exec.Command(bin, "-Tsvg", path).CombinedOutput()
	require.NoError(t, err, string(out))
}

func TestE2EDeterministic(t *testing.T) {
	requireEngine(t)
	seconds := regexp.MustCompile(`"seconds": [0-9.e+-]+`)
	for _, violated := range []bool{false, true} {
		m := libraryModel(t, violated)
		t.Run(m.Name, func(t *testing.T) {
			_, one, _ := runMain("check", "--format", "json", "--workers", "1", m.Name)
			_, four, _ := runMain("check", "--format", "json", "--workers", "4", m.Name)
			assert.Equal(t, seconds.ReplaceAllString(one, ""), seconds.ReplaceAllString(four, ""))
		})
	}
}

func TestE2ELimit(t *testing.T) {
	requireEngine(t)
	m := libraryModel(t, false)
	code, stdout, stderr := runMain("check", "--max-states", "2", m.Name)
	assert.Equal(t, exitLimit, code, stderr)
	assert.Contains(t, stdout, "unknown")
	assert.Contains(t, stdout, "(incomplete: max-states limit reached)")
}

func TestE2EModelErrors(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		text string
	}{
		{"syntax", "model broken\n\nprocess P {\n    x = = 1\n}\n"},
		{"undefined", "model broken\n\nprocess P {\n    nosuchvar = 1\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".ilv")
			require.NoError(t, os.WriteFile(path, []byte(tt.text), 0o644))
			code, stdout, stderr := runMain("check", path)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			// file:line:col: message, then the source line and a caret under the column.
			assert.Regexp(t, "^"+regexp.QuoteMeta(path)+`:\d+:\d+: .+\n    .*\n *\^\n`, stderr)
		})
	}
}

func TestE2EUnknownConstant(t *testing.T) {
	requireEngine(t)
	m := libraryModel(t, false)
	code, stdout, stderr := runMain("check", "-D", "NO_SUCH_CONSTANT=1", m.Name)
	assert.Equal(t, exitError, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "NO_SUCH_CONSTANT")
}
