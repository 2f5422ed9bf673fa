package lang

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
)

// labHarness is the harness of LANGUAGE.md section 8.
const labHarness = `model mutex_lab
const N = 2
extern proc enter(i: 0..N-1)
extern proc leave(i: 0..N-1)
process P[i in 0..N-1] {
    loop {
        noncritical
        enter(i)
        critical { skip }
        leave(i)
    }
}
check mutex points 4
check deadlock points 2
check progress points 2
check starvation points 2
`

// peterson is the solution of LANGUAGE.md section 8.
const peterson = `var flag: [2]bool
var turn: 0..1 = 0
proc enter(i: 0..1) { flag[i] = true; turn = i; await !(turn == i && flag[1 - i]) }
proc leave(i: 0..1) { flag[i] = false }
`

func TestCompileWithSolution(t *testing.T) {
	h := File{Name: "assignment.ilv", Text: []byte(labHarness)}
	s := File{Name: "solution.ilv", Text: []byte(peterson)}
	prog, err := Compile(h, Options{With: &s})
	require.NoError(t, err)
	assert.Equal(t, "mutex_lab", prog.Name)
	assert.Equal(t, "assignment.ilv", prog.File)
	require.Len(t, prog.Processes, 2)
	var points []int
	for _, c := range prog.Checks {
		if !c.Implicit {
			points = append(points, c.Points)
		}
	}
	assert.Equal(t, []int{4, 2, 2, 2}, points)
	var names []string
	for _, v := range prog.Vars {
		names = append(names, v.Name)
		assert.Equal(t, "solution.ilv", v.Pos.File, v.Name)
	}
	assert.Equal(t, []string{"flag", "turn"}, names)
}

func TestCompileHarness(t *testing.T) {
	h := File{Name: "assignment.ilv", Text: []byte(labHarness)}
	prog, err := CompileHarness(h, Options{})
	require.NoError(t, err)
	total := 0
	for _, c := range prog.Checks {
		total += c.Points
	}
	assert.Equal(t, 10, total)
	_, err = CompileHarness(File{Name: "broken.ilv", Text: []byte("model m\nprocess P { x = 1 }\n")}, Options{})
	require.Error(t, err)
	assert.Equal(t, "broken.ilv:2:13: undefined: x", err.Error())
}

func TestExternErrors(t *testing.T) {
	tests := []struct {
		name     string
		harness  string
		solution string // "-": no solution
		consts   map[string]int32
		want     string
	}{
		{"harness alone", labHarness, "-", nil,
			"assignment.ilv:3:1: extern procedure enter is not defined: check the harness with a solution (--with)\n" +
				"assignment.ilv:4:1: extern procedure leave is not defined: check the harness with a solution (--with)"},
		{"missing leave", labHarness, "var turn: 0..1\nproc enter(i: 0..1) { await turn == i }\n", nil,
			"assignment.ilv:4:1: extern procedure leave is not defined by the solution solution.ilv"},
		{"process", labHarness, peterson + "process Q { skip }\n", nil,
			"solution.ilv:5:1: a solution cannot declare a process: process Q belongs in the harness"},
		{"check", labHarness, peterson + "check mutex points 10\n", nil,
			"solution.ilv:5:1: a solution cannot declare a check: checks belong in the harness"},
		{"fairness", labHarness, peterson + "fairness strong\n", nil,
			"solution.ilv:5:1: a solution cannot set fairness: it belongs in the harness"},
		{"extern", labHarness, peterson + "extern proc other()\n", nil,
			"solution.ilv:5:1: a solution cannot declare an extern procedure: define proc other instead"},
		{"redefines a constant", labHarness, "const N = 3\n" + peterson, nil,
			"solution.ilv:1:1: N is declared by the harness (assignment.ilv:2:1); a solution cannot redefine it"},
		{"redefines the process", labHarness, peterson + "var P: bool\n", nil,
			"solution.ilv:5:5: P is declared by the harness (assignment.ilv:5:1); a solution cannot redefine it"},
		{"wrong range", labHarness, "var turn: 0..2\nproc enter(i: 0..2) { await turn == i }\nproc leave(i: 0..1) { turn = 1 - i }\n", nil,
			"solution.ilv:2:1: proc enter(i: 0..2) does not match extern proc enter(i: 0..1) of the harness (assignment.ilv:3:1)"},
		{"wrong type", labHarness, peterson[:len(peterson)-len("proc leave(i: 0..1) { flag[i] = false }\n")] + "proc leave(b: bool) { skip }\n", nil,
			"solution.ilv:4:1: proc leave(b: bool) does not match extern proc leave(i: 0..1) of the harness (assignment.ilv:4:1)"},
		{"wrong count", labHarness, "proc enter(i: 0..1, j: 0..1) { skip }\nproc leave(i: 0..1) { skip }\n", nil,
			"solution.ilv:1:1: proc enter(i: 0..1, j: 0..1) does not match extern proc enter(i: 0..1) of the harness (assignment.ilv:3:1)"},
		{"matches by value after -D", labHarness, peterson, map[string]int32{"N": 3},
			"solution.ilv:3:1: proc enter(i: 0..1) does not match extern proc enter(i: 0..2) of the harness (assignment.ilv:3:1)\n" +
				"solution.ilv:4:1: proc leave(i: 0..1) does not match extern proc leave(i: 0..2) of the harness (assignment.ilv:4:1)"},
		{"syntax error in the solution", labHarness, "var turn: 0..1\nproc enter(i: 0..1) { await turn == i turn = 1 }\nproc leave(i: 0..1) { skip }\n", nil,
			"solution.ilv:2:39: syntax error: unexpected \"turn\""},
		{"every error at once", labHarness, "process Q { skip }\nproc enter(i: 0..2) { skip }\n", nil,
			"assignment.ilv:4:1: extern procedure leave is not defined by the solution solution.ilv\n" +
				"solution.ilv:1:1: a solution cannot declare a process: process Q belongs in the harness\n" +
				"solution.ilv:2:1: proc enter(i: 0..2) does not match extern proc enter(i: 0..1) of the harness (assignment.ilv:3:1)"},
		{"type error in the solution", labHarness, "proc enter(i: 0..1) { await nope }\nproc leave(i: 0..1) { skip }\n", nil,
			"solution.ilv:1:29: undefined: nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Consts: tt.consts}
			if tt.solution != "-" {
				opts.With = &File{Name: "solution.ilv", Text: []byte(tt.solution)}
			}
			prog, err := Compile(File{Name: "assignment.ilv", Text: []byte(tt.harness)}, opts)
			require.Error(t, err)
			assert.Nil(t, prog)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestExternMatchesByValue(t *testing.T) {
	h := File{Name: "a.ilv", Text: []byte("model m\nconst N = 3\nextern proc f(i: 0..N-1, b: bool)\nprocess P[i in 0..N-1] { f(i, true) }\n")}
	s := File{Name: "s.ilv", Text: []byte("var x: 0..2\nproc f(j: 0..2, c: bool) { x = j }\n")}
	_, err := Compile(h, Options{With: &s})
	assert.NoError(t, err)
}

// FuzzCompileWith compiles the harness of section 8 with arbitrary solutions:
// a program or a list of errors, each in one of the two files, never a panic.
func FuzzCompileWith(f *testing.F) {
	files, err := filepath.Glob("../models/assignments/*/*.ilv")
	require.NoError(f, err)
	more, err := filepath.Glob("../models/assignments/*/solutions/*.ilv")
	require.NoError(f, err)
	for _, name := range append(files, more...) {
		src, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(src)
	}
	f.Add([]byte(peterson))
	f.Fuzz(func(t *testing.T, src []byte) {
		h := File{Name: "assignment.ilv", Text: []byte(labHarness)}
		prog, err := Compile(h, Options{With: &File{Name: "solution.ilv", Text: src}})
		if err == nil {
			require.NotNil(t, prog)
			return
		}
		var list source.Errors
		require.True(t, errors.As(err, &list), "error is %T", err)
		for _, e := range list {
			require.Contains(t, []string{"assignment.ilv", "solution.ilv"}, e.Pos.File, e.Msg)
			require.NotContains(t, e.Msg, "internal compiler error")
		}
	})
}
