package lang

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// TestFormattedErrorFiles formats each file of testdata/errors that parses
// and requires the same errors of the formatted text, each pointing at the
// same token as in the file as written.
func TestFormattedErrorFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.ilv")
	require.NoError(t, err)
	formatted := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		out, err := syntax.Format(name, src)
		if err != nil {
			continue // a syntax error: fmt leaves the file alone
		}
		formatted++
		t.Run(filepath.Base(name), func(t *testing.T) {
			_, before := Compile(File{Name: name, Text: src}, Options{})
			_, after := Compile(File{Name: name, Text: out}, Options{})
			var b, a source.Errors
			require.True(t, errors.As(before, &b))
			require.True(t, errors.As(after, &a), "%s", out)
			require.Len(t, a, len(b))
			for i, e := range a {
				assert.Equal(t, b[i].Msg, e.Msg)
				assert.Equal(t, tokenAt(t, src, b[i].Pos), tokenAt(t, out, e.Pos), "%v", e)
			}
		})
	}
	require.NotZero(t, formatted)
	t.Logf("%d of %d error files formatted", formatted, len(files))
}

// tokenAt is the name, or else the character, at pos in src.
func tokenAt(t *testing.T, src []byte, pos source.Pos) string {
	line, ok := source.Line(string(src), pos.Line)
	require.True(t, ok, "%v", pos)
	require.LessOrEqual(t, pos.Col, len(line)+1, "%v points past its line", pos)
	rest := line[pos.Col-1:]
	n := 0
	for n < len(rest) && (rest[n] == '_' || rest[n] == '.' || 'a' <= rest[n] && rest[n] <= 'z' || 'A' <= rest[n] && rest[n] <= 'Z' || '0' <= rest[n] && rest[n] <= '9') {
		n++
	}
	if n == 0 && len(rest) > 0 {
		n = 1
	}
	return rest[:n]
}
