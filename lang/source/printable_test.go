package source

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"x = 1", "x = 1"},
		{"\tx = \"é\"", "\tx = \"é\""},
		{"x \x1b[2Jall checks hold\x1b[0m", `x \x1b[2Jall checks hold\x1b[0m`},
		{"a\rb\x7fc\x00", `a\x0db\x7fc\x00`},
		{"x\u202ey\u009b", `x\u202ey\u009b`},
		{"bad \xff byte", `bad \xff byte`},
		{"  ::error ::fake", `  \x3a:error ::fake`},
		{"x ::y", "x ::y"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Printable(tt.in), "%q", tt.in)
	}
}

// TestFormatEscapes requires an echoed source line to show its control
// characters as escapes, with the caret still under the column.
func TestFormatEscapes(t *testing.T) {
	errs := Errors{{Pos: Pos{File: "m.ilv", Line: 1, Col: 15}, Msg: "bad"}}
	got := errs.Format(map[string]string{"m.ilv": "x = \x1b[31m\"é\" $\n"})
	assert.Equal(t, "m.ilv:1:15: bad\n    x = \\x1b[31m\"é\" $\n                    ^\n", got)
}

// TestFormatFileName requires an error's first line to be printable and not
// to start a workflow command, whatever the file's name.
func TestFormatFileName(t *testing.T) {
	errs := Errors{{Pos: Pos{File: "::error ::x\x1b.ilv", Line: 1, Col: 1}, Msg: "bad"}}
	assert.Equal(t, "\\x3a:error ::x\\x1b.ilv:1:1: bad\n", errs.Format(nil))
}
