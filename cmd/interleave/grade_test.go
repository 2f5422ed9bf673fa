package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labHarness is a complete model graded as a harness: strict alternation,
// whose mutex (4 points) and deadlock (1) hold and whose progress (3) is
// violated, so every solution that compiles with it scores 5 of 8.
const labHarness = `model lab
const N = 2
var turn: 0..1 = 0
process P[i in 0..N-1] {
    loop {
        noncritical
        await turn == i
        critical { skip }
        turn = 1 - i
    }
}
check mutex points 4
check progress points 3
check deadlock points 1
`

// writeFiles writes name → text into a new directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// gradeJSONDoc is the grade JSON report as these tests read it.
type gradeJSONDoc struct {
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
			FailsAt string `json:"fails_at"`
		} `json:"checks"`
	} `json:"solutions"`
}

func decodeGrade(t *testing.T, out string) gradeJSONDoc {
	t.Helper()
	var doc gradeJSONDoc
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	return doc
}

func TestGradeEachSolutionGetsItsResult(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{
		"harness.ilv":  labHarness,
		"a_ok.ilv":     "var extra: bool\n",
		"b_syntax.ilv": "var @@@\n",
		"c_binary.ilv": "\x00\x01\x02\xff",
		"d_utf8.ilv":   "var x: bool \xc3\x28\n",
		"f_huge.ilv":   "// " + strings.Repeat("x", maxSource) + "\n",
	})
	require.NoError(t, os.Mkdir(filepath.Join(dir, "e_dir.ilv"), 0o755))
	in := func(n string) string { return filepath.Join(dir, n) }
	code, out, errOut := runMain("grade", "--format", "json", in("harness.ilv"),
		in("d_utf8.ilv"), in("c_binary.ilv"), in("b_syntax.ilv"), in("a_ok.ilv"), in("e_dir.ilv"), in("missing.ilv"), in("f_huge.ilv"))
	require.Equal(t, exitHolds, code, errOut)
	doc := decodeGrade(t, out)
	assert.Equal(t, 1, doc.SchemaVersion)
	assert.Equal(t, 8, doc.MaxScore)
	want := []struct {
		file  string
		score int
		err   string
	}{
		{"a_ok.ilv", 5, ""},
		{"b_syntax.ilv", 0, `got "@", want name`},
		{"c_binary.ilv", 0, "is not a text file"},
		{"d_utf8.ilv", 0, "is not a text file"},
		{"e_dir.ilv", 0, "is a directory, not a regular file"},
		{"f_huge.ilv", 0, "is too large"},
		{"missing.ilv", 0, "no such file or directory"},
	}
	require.Len(t, doc.Solutions, len(want))
	for i, w := range want {
		t.Run(w.file, func(t *testing.T) {
			s := doc.Solutions[i]
			assert.Equal(t, in(w.file), s.File, "sorted order")
			assert.Equal(t, w.score, s.Score)
			assert.Equal(t, 8, s.MaxScore)
			if w.err == "" {
				assert.Nil(t, s.Error)
				return
			}
			require.NotNil(t, s.Error)
			assert.Contains(t, *s.Error, w.err)
			assert.Empty(t, s.Checks)
		})
	}
	ok := doc.Solutions[0]
	got := map[string][2]int{}
	for _, c := range ok.Checks {
		got[c.Name] = [2]int{c.Points, c.Score}
	}
	assert.Equal(t, [2]int{4, 4}, got["mutex"])
	assert.Equal(t, [2]int{3, 0}, got["progress"])
	assert.Equal(t, [2]int{1, 1}, got["deadlock"])
}

func TestGradeFormats(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"harness.ilv": labHarness, "s.ilv": "var extra: bool\n", "bad.ilv": "var @\n"})
	h, s, bad := filepath.Join(dir, "harness.ilv"), filepath.Join(dir, "s.ilv"), filepath.Join(dir, "bad.ilv")
	tests := []struct {
		name   string
		args   []string
		checks func(t *testing.T, out string)
	}{
		{"table", []string{s, bad}, func(t *testing.T, out string) {
			lines := strings.Split(out, "\n")
			require.GreaterOrEqual(t, len(lines), 3)
			assert.Regexp(t, `^file\s+score\s+max\s+mutex\s+progress\s+deadlock\s+assert\s+runtime$`, lines[0])
			assert.Regexp(t, `bad\.ilv\s+0\s+8\s+error$`, lines[1])
			assert.Contains(t, out, "\n"+bad+":\n")
			assert.Contains(t, out, bad+`:1:5: got "@", want name`)
			assert.Regexp(t, `s\.ilv\s+5\s+8\s+holds\s+violated\s+holds\s+holds\s+holds$`, lines[2])
		}},
		{"csv", []string{"--format", "csv", s}, func(t *testing.T, out string) {
			assert.Equal(t, "file,score,max_score,error,mutex,progress,deadlock,assert,runtime\n"+
				s+",5,8,,holds,violated,holds,holds,holds\n", out)
		}},
		{"junit", []string{"--format", "junit", s}, func(t *testing.T, out string) {
			assert.Contains(t, out, `<testsuites name="interleave grade" tests="5" failures="1" errors="0">`)
			assert.Contains(t, out, `<testcase name="progress"`)
		}},
		{"gradescope", []string{"--format", "gradescope", s}, func(t *testing.T, out string) {
			var doc struct {
				Score float64 `json:"score"`
				Tests []struct {
					Name, Status string
					Output       string `json:"output"`
				} `json:"tests"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.Equal(t, 5.0, doc.Score)
			require.Len(t, doc.Tests, 5)
			assert.Equal(t, "progress", doc.Tests[1].Name)
			assert.Equal(t, "failed", doc.Tests[1].Status)
			assert.Contains(t, doc.Tests[1].Output, "```mermaid")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(append([]string{"grade", h}, tt.args...)...)
			require.Equal(t, exitHolds, code, errOut)
			tt.checks(t, out)
		})
	}
}

func TestGradeRefuses(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{
		"harness.ilv": labHarness,
		"broken.ilv":  "model broken\nprocess P { x = 1 }\n",
		"s.ilv":       "var extra: bool\n",
		"bad.ilv":     "var @\n",
	})
	in := func(n string) string { return filepath.Join(dir, n) }
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"broken harness", []string{in("broken.ilv"), in("s.ilv")}, "the harness is broken"},
		{"reference without full marks", []string{"--reference", in("s.ilv"), in("harness.ilv"), in("s.ilv")},
			"scores 5 of 8: progress violated"},
		{"reference that does not compile", []string{"--reference", in("bad.ilv"), in("harness.ilv"), in("s.ilv")},
			"could not be checked"},
		{"gradescope with two solutions", []string{"--format", "gradescope", in("harness.ilv"), in("s.ilv"), in("bad.ilv")},
			"grades one solution"},
		{"bad shard", []string{"--shard", "3/2", in("harness.ilv"), in("s.ilv")}, "bad --shard"},
		{"bad format", []string{"--format", "xml", in("harness.ilv"), in("s.ilv")}, "bad --format"},
		{"no solution", []string{in("harness.ilv")}, "at least one SOLUTION"},
		{"bad jobs", []string{"--jobs", "0", in("harness.ilv"), in("s.ilv")}, "bad --jobs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(append([]string{"grade"}, tt.args...)...)
			assert.Equal(t, exitError, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tt.wantErr)
		})
	}
}

func TestGradeShards(t *testing.T) {
	requireEngine(t)
	files := map[string]string{"harness.ilv": labHarness}
	names := []string{"s1.ilv", "s2.ilv", "s3.ilv", "s4.ilv", "s5.ilv"}
	for _, n := range names {
		files[n] = "var extra: bool\n"
	}
	dir := writeFiles(t, files)
	var args []string
	for i := len(names) - 1; i >= 0; i-- {
		args = append(args, filepath.Join(dir, names[i]))
	}
	var seen []string
	for _, shard := range []string{"1/3", "2/3", "3/3"} {
		t.Run(shard, func(t *testing.T) {
			code, out, errOut := runMain(append([]string{"grade", "--format", "json", "--shard", shard, filepath.Join(dir, "harness.ilv")}, args...)...)
			require.Equal(t, exitHolds, code, errOut)
			for _, s := range decodeGrade(t, out).Solutions {
				seen = append(seen, filepath.Base(s.File))
			}
		})
	}
	assert.Equal(t, names, seen, "the shards cover every solution once, in sorted order")
}

func TestGradeDeterministicAcrossJobs(t *testing.T) {
	requireEngine(t)
	files := map[string]string{"harness.ilv": labHarness, "z.ilv": "var @\n"}
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		files[n+".ilv"] = "var extra_" + n + ": bool\n"
	}
	dir := writeFiles(t, files)
	args := []string{"grade", "--format", "json", filepath.Join(dir, "harness.ilv")}
	for _, n := range []string{"z", "f", "a", "e", "b", "d", "c"} {
		args = append(args, filepath.Join(dir, n+".ilv"))
	}
	_, one, _ := runMain(append([]string{"grade", "--jobs", "1"}, args[1:]...)...)
	_, many, _ := runMain(append([]string{"grade", "--jobs", "4"}, args[1:]...)...)
	require.NotEmpty(t, one)
	assert.Equal(t, one, many)
}

func TestGradeLimitScoresWhatWasDecided(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"harness.ilv": labHarness, "s.ilv": "var extra: bool\n"})
	code, out, errOut := runMain("grade", "--format", "json", "--max-states", "3", filepath.Join(dir, "harness.ilv"), filepath.Join(dir, "s.ilv"))
	require.Equal(t, exitHolds, code, errOut)
	doc := decodeGrade(t, out)
	require.Len(t, doc.Solutions, 1)
	s := doc.Solutions[0]
	assert.Nil(t, s.Error)
	total := 0
	for _, c := range s.Checks {
		if c.Verdict == "holds" {
			assert.Equal(t, c.Points, c.Score, c.Name)
		} else {
			assert.Zero(t, c.Score, c.Name)
		}
		total += c.Score
	}
	assert.Equal(t, total, s.Score)
	assert.Less(t, s.Score, 8, "the liveness checks are not decided under the limit")
}

func TestGradeOut(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"harness.ilv": labHarness, "s.ilv": "var extra: bool\n", "bad.ilv": "var @\n"})
	out := filepath.Join(t.TempDir(), "out")
	code, _, errOut := runMain("grade", "--out", out, filepath.Join(dir, "harness.ilv"), filepath.Join(dir, "s.ilv"), filepath.Join(dir, "bad.ilv"))
	require.Equal(t, exitHolds, code, errOut)
	subdir := func(name string) string {
		return filepath.Join(out, fileName(strings.TrimSuffix(filepath.ToSlash(filepath.Join(dir, name)), ".ilv")))
	}
	bad, err := os.ReadFile(filepath.Join(subdir("bad.ilv"), "report.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(bad), `got "@", want name`)
	sub := subdir("s.ilv")
	report, err := os.ReadFile(filepath.Join(sub, "report.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(report), "progress")
	assert.FileExists(t, filepath.Join(sub, "progress.dot"))
	assert.FileExists(t, filepath.Join(sub, "progress.svg"))
	assert.NoFileExists(t, filepath.Join(sub, "mutex.dot"))
}

func TestGradeSweep(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"harness.ilv": labHarness, "s.ilv": "var extra: bool\n"})
	code, out, errOut := runMain("grade", "--format", "json", "-D", "N=2..3", filepath.Join(dir, "harness.ilv"), filepath.Join(dir, "s.ilv"))
	require.Equal(t, exitHolds, code, errOut)
	doc := decodeGrade(t, out)
	require.Len(t, doc.Solutions, 1)
	for _, c := range doc.Solutions[0].Checks {
		if c.Name == "progress" {
			assert.Equal(t, "violated", c.Verdict)
			assert.Equal(t, "N=2", c.FailsAt)
		}
	}
}

func TestParseShardAndSweep(t *testing.T) {
	files := []string{"a", "b", "c", "d", "e", "f", "g"}
	var all []string
	for i := 1; i <= 3; i++ {
		all = append(all, shardOf(files, i, 3)...)
	}
	assert.Equal(t, files, all)
	tests := []struct {
		in      string
		i, n    int
		wantErr bool
	}{
		{"1/1", 1, 1, false}, {"2/4", 2, 4, false}, {"0/4", 0, 0, true}, {"5/4", 0, 0, true}, {"x", 0, 0, true}, {"1/0", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			i, n, err := parseShard(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, [2]int{tt.i, tt.n}, [2]int{i, n})
		})
	}
	s, err := parseSweep([]string{"N=2..4", "M=1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"N=2", "N=3", "N=4"}, s.labels())
	assert.Equal(t, map[string]int32{"N": 3, "M": 1}, s.values()[1])
	for _, bad := range [][]string{{"N=4..2"}, {"N=1..2", "M=1..2"}, {"N=a..2"}, {"N=1..5000"}, {"N=1..2", "N=3"}} {
		_, err := parseSweep(bad)
		assert.Error(t, err, bad)
	}
}

func TestGradeCatchesPanic(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.ilv": "var extra: bool\n"})
	// A grader without configuration panics on its first use of it: the panic
	// becomes the solution's error.
	g := &grader{maxScore: 8}
	gr := g.grade(context.Background(), filepath.Join(dir, "s.ilv"))
	assert.Contains(t, gr.Error, "internal error")
	assert.Zero(t, gr.Score)
	assert.Equal(t, 8, gr.MaxScore)
}

func TestGradeMemoryLimit(t *testing.T) {
	requireEngine(t)
	files := map[string]string{"harness.ilv": labHarness}
	for _, n := range []string{"a", "b", "c"} {
		files[n+".ilv"] = "var extra: bool\n"
	}
	dir := writeFiles(t, files)
	base := []string{"grade", "--format", "json", "--max-memory", "1", filepath.Join(dir, "harness.ilv"),
		filepath.Join(dir, "a.ilv"), filepath.Join(dir, "b.ilv"), filepath.Join(dir, "c.ilv")}
	code, alone, errOut := runMain(append(base, "--jobs", "1")...)
	require.Equal(t, exitHolds, code, errOut)
	code, shared, errOut := runMain(append(base, "--jobs", "3")...)
	require.Equal(t, exitHolds, code, errOut)
	assert.Equal(t, alone, shared, "a solution that reaches the memory limit among others is graded again alone")
	for _, s := range decodeGrade(t, alone).Solutions {
		assert.Nil(t, s.Error)
		assert.Less(t, s.Score, 8, "the limit leaves checks undecided")
	}
}
