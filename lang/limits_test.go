package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
)

// processes is a model with n one-line processes, P1 on line 2 and so on.
func processes(n int) string {
	var b strings.Builder
	b.WriteString("var x: int = 0\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "process P%d { x = 1 }\n", i)
	}
	return b.String()
}

// TestModelLimits pins the errors of models the engine cannot run or that
// have nothing to run, each at a position in the file.
func TestModelLimits(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "" when the model compiles
	}{
		{"254 processes", processes(254), ""},
		{"255 processes", processes(255), "m.ilv:256:1: too many process instances, at most 254"},
		{"256 processes", processes(256), "m.ilv:256:1: too many process instances, at most 254"},
		{"array of 255", "process P[i in 0..254] { skip }\n", "m.ilv:1:16: process array P has 255 instances, at most 254"},
		{"empty file", "", "m.ilv:1:1: no process: a model needs at least one process"},
		{"only declarations", "model m\nvar x: int = 0\ncheck deadlock\n", "m.ilv:1:1: no process: a model needs at least one process"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(File{Name: "m.ilv", Text: []byte(tt.src)}, Options{})
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			var errs source.Errors
			require.ErrorAs(t, err, &errs)
			require.NotEmpty(t, errs)
			assert.Equal(t, tt.want, errs[0].Error())
		})
	}
}

// TestSemanticErrorsCapped requires at most DefaultMaxErrors errors, the
// first by position, and every one with MaxErrors negative.
func TestSemanticErrorsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("process P {\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "  y%d = 1\n", i)
	}
	b.WriteString("}\n")
	src := File{Name: "m.ilv", Text: []byte(b.String())}

	_, err := Compile(src, Options{})
	var errs source.Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, DefaultMaxErrors)
	assert.Equal(t, "m.ilv:2:3: undefined: y0", errs[0].Error())
	assert.Equal(t, "m.ilv:21:3: undefined: y19", errs[DefaultMaxErrors-1].Error())

	_, err = Compile(src, Options{MaxErrors: -1})
	require.ErrorAs(t, err, &errs)
	assert.Len(t, errs, 50)
}
