package models_test

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
)

func TestLoadEmbeddedLibrary(t *testing.T) {
	ms, err := models.Load()
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	assert.Equal(t, ms, models.All(), "All must return what Load returns")

	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	assert.True(t, sort.StringsAreSorted(names), "models must be sorted by name: %v", names)
	for i := 1; i < len(names); i++ {
		assert.NotEqual(t, names[i-1], names[i], "model listed twice")
	}
}

func TestEveryFileIsListed(t *testing.T) {
	files, err := models.Files()
	require.NoError(t, err)
	ms, err := models.Load()
	require.NoError(t, err)

	listed := make([]string, 0, len(ms))
	for _, m := range ms {
		listed = append(listed, m.File)
	}
	sort.Strings(listed)
	assert.Equal(t, files, listed, "every lib/*.ilv file is listed once in manifest.json")
}

func TestModelsAreWellFormed(t *testing.T) {
	ms, err := models.Load()
	require.NoError(t, err)
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			assert.Equal(t, m.Name+".ilv", m.File, "file is named after the model")
			assert.NotEmpty(t, strings.TrimSpace(m.Description))
			assert.NotContains(t, m.Description, "\n")
			require.NotEmpty(t, m.Source)
			assert.Regexp(t, `(?m)^model `+regexp.QuoteMeta(m.Name)+`$`, string(m.Source),
				"the model header names the model")
			assert.True(t, strings.HasPrefix(string(m.Source), "//"),
				"the model opens with a header comment")
			assert.Regexp(t, `(?m)^// Expected`, string(m.Source),
				"the header comment states the expected verdicts")
			require.NotEmpty(t, m.Expect)
			for _, e := range m.Expect {
				for name, v := range e.Verdicts {
					assert.Contains(t, []string{models.Holds, models.Violated, models.Unknown}, v,
						"verdict of %s", name)
				}
				assert.Contains(t, []string{"", "weak", "strong", "none"}, e.Fairness)
			}
		})
	}
}

// TestExpectationsNameTheReportedChecks checks that each expectation gives a
// verdict for exactly the checks that a run of the model reports: the checks
// written in it, deadlock, assert and runtime, and mutex for a model with a
// critical block and no check line.
func TestExpectationsNameTheReportedChecks(t *testing.T) {
	ms, err := models.Load()
	require.NoError(t, err)
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			want := reportedChecks(string(m.Source))
			for i, e := range m.Expect {
				got := make([]string, 0, len(e.Verdicts))
				for name := range e.Verdicts {
					got = append(got, name)
				}
				sort.Strings(got)
				assert.Equal(t, want, got, "expectation %d", i+1)
			}
		})
	}
}

func TestBoundsMatchBoundedWaitingChecks(t *testing.T) {
	ms, err := models.Load()
	require.NoError(t, err)
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			for i, e := range m.Expect {
				v, ok := e.Verdicts["bounded_waiting"]
				b, hasBound := e.Bounds["bounded_waiting"]
				if !ok {
					assert.Empty(t, e.Bounds, "expectation %d: bounds without bounded_waiting", i+1)
					continue
				}
				require.True(t, hasBound, "expectation %d: bounded_waiting needs a bound", i+1)
				if v == models.Holds {
					assert.GreaterOrEqual(t, b, 0, "expectation %d", i+1)
				} else {
					assert.Equal(t, models.Unbounded, b, "expectation %d", i+1)
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name    string
		found   bool
		header  string
		nExpect int
	}{
		{name: "peterson", found: true, header: "model peterson", nExpect: 2},
		{name: "sem_lock_busy", found: true, header: "model sem_lock_busy", nExpect: 2},
		{name: "filter_lock", found: true, header: "model filter_lock", nExpect: 2},
		{name: "bakery", found: true, header: "model bakery", nExpect: 2},
		{name: "no_such_model", found: false},
		{name: "", found: false},
		{name: "Peterson", found: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := models.Lookup(tt.name)
			require.Equal(t, tt.found, ok)
			if !tt.found {
				assert.Equal(t, models.Model{}, m)
				return
			}
			assert.Equal(t, tt.name, m.Name)
			assert.Contains(t, string(m.Source), tt.header)
			assert.Len(t, m.Expect, tt.nExpect)
		})
	}
}

// TestPetersonIsTheContractModel pins the library's peterson to the first model
// of the language contract and its verdicts.
func TestPetersonIsTheContractModel(t *testing.T) {
	m, ok := models.Lookup("peterson")
	require.True(t, ok)
	for _, line := range []string{
		"var turn: 0..1 = 0",
		"process P[i in 0..1] {",
		"        interested[i] = true\n        turn = i\n        await !(turn == i && interested[1 - i])",
		"check bounded_waiting",
	} {
		assert.Contains(t, string(m.Source), line)
	}
	require.NotEmpty(t, m.Expect)
	assert.Empty(t, m.Expect[0].Fairness, "the first expectation is the model's own fairness")
	assert.Empty(t, m.Expect[0].Consts)
	for name, v := range m.Expect[0].Verdicts {
		assert.Equal(t, models.Holds, v, name)
	}
	assert.Equal(t, map[string]int{"bounded_waiting": 1}, m.Expect[0].Bounds)
}

func TestLoadFSRejectsMalformedManifests(t *testing.T) {
	const src = "// a\nmodel a\n"
	const ok = `"verdicts": {"deadlock": "holds", "assert": "holds", "runtime": "holds"}`
	tests := []struct {
		name     string
		manifest string
		want     string
	}{
		{
			name:     "not json",
			manifest: `{"models": [`,
			want:     "models: manifest.json: unexpected EOF",
		},
		{
			name:     "unknown field",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expected": []}]}`,
			want:     `models: manifest.json: json: unknown field "expected"`,
		},
		{
			name:     "empty",
			manifest: `{"models": []}`,
			want:     "models: manifest.json lists no model",
		},
		{
			name:     "duplicate name",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{` + ok + `}]}, {"name": "a", "file": "a.ilv", "description": "d", "expect": [{` + ok + `}]}]}`,
			want:     `models: manifest.json: model "a" listed twice`,
		},
		{
			name:     "bad name",
			manifest: `{"models": [{"name": "a-b", "file": "a.ilv", "description": "d", "expect": [{` + ok + `}]}]}`,
			want:     `models: manifest.json: invalid model name "a-b"`,
		},
		{
			name:     "no description",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": " ", "expect": [{` + ok + `}]}]}`,
			want:     "models: manifest.json: model a: no description",
		},
		{
			name:     "missing file",
			manifest: `{"models": [{"name": "a", "file": "b.ilv", "description": "d", "expect": [{` + ok + `}]}]}`,
			want:     "models: manifest.json: model a: open lib/b.ilv: file does not exist",
		},
		{
			name:     "file outside lib",
			manifest: `{"models": [{"name": "a", "file": "../a.ilv", "description": "d", "expect": [{` + ok + `}]}]}`,
			want:     `models: manifest.json: model a: file "../a.ilv" is not a base name ending in .ilv`,
		},
		{
			name:     "no expectation",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": []}]}`,
			want:     "models: manifest.json: model a: no expectation",
		},
		{
			name:     "bad verdict",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"verdicts": {"deadlock": "fails", "assert": "holds", "runtime": "holds"}}]}]}`,
			want:     `models: manifest.json: model a: expectation 1: check deadlock: invalid verdict "fails"`,
		},
		{
			name:     "always-reported check missing",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"verdicts": {"deadlock": "holds", "assert": "holds"}}]}]}`,
			want:     "models: manifest.json: model a: expectation 1: no verdict for runtime, which is always reported",
		},
		{
			name:     "bad fairness",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"fairness": "fair", ` + ok + `}]}]}`,
			want:     `models: manifest.json: model a: expectation 1: invalid fairness "fair"`,
		},
		{
			name:     "bad check name",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"verdicts": {"deadlock": "holds", "assert": "holds", "runtime": "holds", "mutex#2": "holds"}}]}]}`,
			want:     `models: manifest.json: model a: expectation 1: invalid check name "mutex#2"`,
		},
		{
			name:     "bound without check",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{` + ok + `, "bounds": {"bounded_waiting": 1}}]}]}`,
			want:     "models: manifest.json: model a: expectation 1: bound for bounded_waiting, which has no verdict",
		},
		{
			name:     "unbounded but holds",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"verdicts": {"deadlock": "holds", "assert": "holds", "runtime": "holds", "bounded_waiting": "holds"}, "bounds": {"bounded_waiting": -1}}]}]}`,
			want:     "models: manifest.json: model a: expectation 1: check bounded_waiting: unbounded but holds",
		},
		{
			name:     "bound but violated",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"verdicts": {"deadlock": "holds", "assert": "holds", "runtime": "holds", "bounded_waiting": "violated"}, "bounds": {"bounded_waiting": 2}}]}]}`,
			want:     "models: manifest.json: model a: expectation 1: check bounded_waiting: bound 2 but violated",
		},
		{
			name:     "bounded_waiting without bound",
			manifest: `{"models": [{"name": "a", "file": "a.ilv", "description": "d", "expect": [{"verdicts": {"deadlock": "holds", "assert": "holds", "runtime": "holds", "bounded_waiting": "holds"}}]}]}`,
			want:     "models: manifest.json: model a: expectation 1: check bounded_waiting: no bound",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"manifest.json": {Data: []byte(tt.manifest)},
				"lib/a.ilv":     {Data: []byte(src)},
			}
			ms, err := models.LoadFS(fsys)
			require.Error(t, err)
			assert.Nil(t, ms)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestLoadFSAcceptsAWellFormedManifest(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"models": [
			{"name": "b", "file": "b.ilv", "description": "second", "expect": [
				{"consts": {"N": 4}, "fairness": "strong",
				 "verdicts": {"deadlock": "violated", "assert": "holds", "runtime": "unknown",
				              "bounded_waiting": "violated", "invariant#2": "holds"},
				 "bounds": {"bounded_waiting": -1}}]},
			{"name": "a", "file": "a.ilv", "description": "first", "expect": [
				{"verdicts": {"deadlock": "holds", "assert": "holds", "runtime": "holds"}}]}]}`)},
		"lib/a.ilv": {Data: []byte("model a\n")},
		"lib/b.ilv": {Data: []byte("model b\n")},
	}
	ms, err := models.LoadFS(fsys)
	require.NoError(t, err)
	require.Len(t, ms, 2)
	assert.Equal(t, models.Model{
		Name: "a", Description: "first", File: "a.ilv", Source: []byte("model a\n"),
		Expect: []models.Expectation{{Verdicts: map[string]string{
			"deadlock": "holds", "assert": "holds", "runtime": "holds"}}},
	}, ms[0])
	assert.Equal(t, models.Model{
		Name: "b", Description: "second", File: "b.ilv", Source: []byte("model b\n"),
		Expect: []models.Expectation{{
			Consts:   map[string]int32{"N": 4},
			Fairness: "strong",
			Verdicts: map[string]string{"deadlock": "violated", "assert": "holds", "runtime": "unknown",
				"bounded_waiting": "violated", "invariant#2": "holds"},
			Bounds: map[string]int{"bounded_waiting": -1},
		}},
	}, ms[1])
}

func TestReportedChecks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "no check, no critical",
			src:  "model m\nprocess A { skip }\n",
			want: []string{"assert", "deadlock", "runtime"},
		},
		{
			name: "no check, critical",
			src:  "model m\nprocess A { critical { skip } }\n",
			want: []string{"assert", "deadlock", "mutex", "runtime"},
		},
		{
			name: "numbered invariants and a label",
			src: "// check mutex in a comment\ncheck invariant x > 0\ncheck invariant y > 0\n" +
				"check ok: invariant z\ncheck deadlock\ncheck a leadsto b\ncritical { }\n",
			want: []string{"assert", "deadlock", "invariant", "invariant#2", "leadsto", "ok", "runtime"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, reportedChecks(tt.src))
		})
	}
}

// reportedChecks lists, sorted, the names of the checks that a run of src
// reports, read from its check lines (LANGUAGE.md section 5). It understands
// the check lines of the library's models, one per line.
func reportedChecks(src string) []string {
	names := map[string]bool{"deadlock": true, "assert": true, "runtime": true}
	invariants, leadstos := 0, 0
	numbered := func(kind string, n int) string {
		if n == 1 {
			return kind
		}
		return kind + "#" + strconv.Itoa(n)
	}
	critical := regexp.MustCompile(`(?m)^[^/]*\bcritical\s*\{`).MatchString(src)
	checkLine := regexp.MustCompile(`^check\s+(?:([A-Za-z_][A-Za-z0-9_]*)\s*:)?\s*(.*)$`)
	anyCheck := false
	for _, line := range strings.Split(src, "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		m := checkLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		anyCheck = true
		body := m[2]
		kind, _, _ := strings.Cut(body, " ")
		switch {
		case m[1] != "":
			names[m[1]] = true
		case kind == "invariant":
			invariants++
			names[numbered("invariant", invariants)] = true
		case strings.Contains(" "+body+" ", " leadsto "):
			leadstos++
			names[numbered("leadsto", leadstos)] = true
		default:
			names[kind] = true
		}
	}
	if !anyCheck && critical {
		names["mutex"] = true
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
