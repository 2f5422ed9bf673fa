//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretText stands for a secret of the grading machine that a hand-in
// links to.
const secretText = "SECRET-TOKEN-8d1f0c"

// hostileClass writes a class of the mutex lab: two correct solutions and
// hand-ins that try to take the grading down or read the grader's files. It
// returns the harness, the solutions (sorted), and their expected errors
// ("" for the correct ones).
func hostileClass(t *testing.T) (harness string, sols []string, wantErr map[string]string) {
	t.Helper()
	ref, err := os.ReadFile(filepath.Join(mutexLab, "reference.ilv"))
	require.NoError(t, err)
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "token.txt")
	require.NoError(t, os.WriteFile(secret, []byte(secretText+"\n"), 0o600))
	write := func(name, text string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	write("a_good.ilv", string(ref))
	write("b_good.ilv", string(ref))
	// A state of 4 MB and one of 1.2 MB: legal declarations whose states would
	// fill the machine after a few thousand states.
	write("c_4mb.ilv", string(ref)+"var big: [1000000]int\n")
	write("d_1mb.ilv", string(ref)+"var big: [300000]int\n")
	write("e_junk.ilv", "\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe binary")
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "f_link.ilv")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "g_fifo.ilv"), 0o644))
	// A 150 KB flat sum, which once took quadratic time and memory to parse,
	// and a name made to forge workflow commands and spreadsheet formulas.
	write("h_flat.ilv", string(ref)+"const BIG = 1"+strings.Repeat("+1", 75000)+"\n")
	write("i\n::error ::=forged.ilv", string(ref))
	in := func(name string) string { return filepath.Join(dir, name) }
	wantErr = map[string]string{
		in("a_good.ilv"):               "",
		in("b_good.ilv"):               "",
		in("h_flat.ilv"):               "",
		in("i\n::error ::=forged.ilv"): "",
		in("c_4mb.ilv"):                in("c_4mb.ilv") + ":6:5: the state of this model is 4,000,005 bytes; at most 65,536 bytes: var big takes 4,000,000 bytes",
		in("d_1mb.ilv"):                in("d_1mb.ilv") + ":6:5: the state of this model is 1,200,005 bytes; at most 65,536 bytes: var big takes 1,200,000 bytes",
		in("e_junk.ilv"):               in("e_junk.ilv") + " is not a text file (binary, or not UTF-8)",
		in("f_link.ilv"):               in("f_link.ilv") + " is a symbolic link, not a regular file: only regular files are graded",
		in("g_fifo.ilv"):               in("g_fifo.ilv") + " is a named pipe (FIFO), not a regular file",
		"/dev/zero":                    "/dev/zero is a character device, not a regular file",
	}
	for f := range wantErr {
		sols = append(sols, f)
	}
	return filepath.Join(mutexLab, "assignment.ilv"), sols, wantErr
}

// requireClean fails when an output shows the secret or a crash of the Go
// runtime.
func requireClean(t *testing.T, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		assert.NotContains(t, out, secretText)
		assert.NotContains(t, out, "goroutine ")
		assert.NotContains(t, out, "fatal error")
		assert.NotContains(t, out, "panic")
	}
}

func TestGradeHostileClass(t *testing.T) {
	requireEngine(t)
	harness, sols, wantErr := hostileClass(t)
	t.Run("json", func(t *testing.T) {
		code, out, errOut := runMain(append([]string{"grade", "--format", "json", harness}, sols...)...)
		require.Equal(t, exitHolds, code, errOut)
		requireClean(t, out, errOut)
		doc := decodeGrade(t, out)
		require.Len(t, doc.Solutions, len(wantErr))
		for _, s := range doc.Solutions {
			want, ok := wantErr[s.File]
			require.True(t, ok, s.File)
			if want == "" {
				assert.Nil(t, s.Error, s.File)
				assert.Equal(t, 10, s.Score, s.File)
				continue
			}
			require.NotNil(t, s.Error, s.File)
			assert.Equal(t, want, strings.SplitN(*s.Error, "\n", 2)[0])
			assert.Zero(t, s.Score, s.File)
		}
	})
	t.Run("table", func(t *testing.T) {
		code, out, errOut := runMain(append([]string{"grade", harness}, sols...)...)
		require.Equal(t, exitHolds, code, errOut)
		requireClean(t, out, errOut)
		for _, line := range strings.Split(out, "\n") {
			assert.False(t, strings.HasPrefix(line, "::"), "a line starts a workflow command: %q", line)
		}
		for _, want := range wantErr {
			if want != "" {
				assert.Contains(t, out, want)
			}
		}
	})
	t.Run("gradescope", func(t *testing.T) {
		for f, want := range wantErr {
			code, out, errOut := runMain("grade", "--format", "gradescope", harness, f)
			require.Equal(t, exitHolds, code, errOut)
			requireClean(t, out, errOut)
			if want == "" {
				assert.Contains(t, out, `"score": 10`, f)
			} else {
				assert.Contains(t, out, `"score": 0`, f)
			}
		}
	})
}

// TestCheckHugeState: check refuses a model whose state is 4 MB, before
// allocating anything for it.
func TestCheckHugeState(t *testing.T) {
	dir := writeFiles(t, map[string]string{"big.ilv": "var big: [1000000]int\nprocess P { big[0] = 1 }\n"})
	code, out, errOut := runMain("check", filepath.Join(dir, "big.ilv"))
	assert.Equal(t, exitError, code)
	assert.Empty(t, out)
	assert.Equal(t, filepath.Join(dir, "big.ilv")+":1:5: the state of this model is 4,000,001 bytes; at most 65,536 bytes: var big takes 4,000,000 bytes\n"+
		"    var big: [1000000]int\n"+
		"        ^\n", errOut)
}

// TestGradeBudgetIsPerSolution: a correct solution scores what it scores
// alone when graded beside solutions whose state spaces never end, each
// under the same timeout: the timeout counts the processor time of each
// solution's own process.
func TestGradeBudgetIsPerSolution(t *testing.T) {
	requireEngine(t)
	ref, err := os.ReadFile(filepath.Join(mutexLab, "reference.ilv"))
	require.NoError(t, err)
	// Counting every entry into an unbounded int: the state space grows until
	// the budget ends the search.
	const exploding = "var entries: int\nvar flag: [2]bool\nvar turn: 0..1\n" +
		"proc enter(i: 0..1) { flag[i] = true; turn = i; await !(turn == i && flag[1 - i]); entries = entries + 1 }\n" +
		"proc leave(i: 0..1) { flag[i] = false }\n"
	dir := writeFiles(t, map[string]string{"a_good.ilv": string(ref), "x1.ilv": exploding, "x2.ilv": exploding, "x3.ilv": exploding})
	harness := filepath.Join(mutexLab, "assignment.ilv")
	good := filepath.Join(dir, "a_good.ilv")
	limits := []string{"--format", "json", "--timeout", "1s", "--max-memory", "512MiB"}
	code, out, errOut := runMain(append(append([]string{"grade"}, limits...), harness, good)...)
	require.Equal(t, exitHolds, code, errOut)
	alone := decodeGrade(t, out).Solutions[0]
	require.Equal(t, 10, alone.Score)
	code, out, errOut = runMain(append(append([]string{"grade", "--jobs", "4"}, limits...),
		harness, good, filepath.Join(dir, "x1.ilv"), filepath.Join(dir, "x2.ilv"), filepath.Join(dir, "x3.ilv"))...)
	require.Equal(t, exitHolds, code, errOut)
	requireClean(t, out, errOut)
	doc := decodeGrade(t, out)
	assert.Equal(t, alone, doc.Solutions[0], "the correct solution's grade beside exploding ones")
	for _, s := range doc.Solutions[1:] {
		assert.Nil(t, s.Error, s.File)
		assert.Less(t, s.Score, 10, "%s: the budget leaves its checks undecided", s.File)
	}
}

// TestCheckHugeStoreBuffers: under PSO every process has a buffer per shared
// element; the state-size limit counts them too.
func TestCheckHugeStoreBuffers(t *testing.T) {
	dir := writeFiles(t, map[string]string{"pso.ilv": "var big: [600]0..1\nprocess P[i in 0..9] { big[i] = 1 }\n"})
	code, _, errOut := runMain("check", "--memory", "pso", filepath.Join(dir, "pso.ilv"))
	assert.Equal(t, exitError, code)
	assert.Equal(t, "interleave: "+filepath.Join(dir, "pso.ilv")+": the state of this model with its store buffers is 72,610 bytes; at most 65,536 bytes: fewer shared variable elements or a smaller --store-buffer would fit\n", errOut)
	code, _, errOut = runMain("check", "-q", "--memory", "tso", filepath.Join(dir, "pso.ilv"))
	assert.Equal(t, exitHolds, code, errOut)
}
