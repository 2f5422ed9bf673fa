package lang

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
)

// errorComment matches an expectation `// ERROR "regexp"` at the end of a line.
var errorComment = regexp.MustCompile(`//\s*ERROR\s+("(?:[^"\\]|\\.)*")\s*$`)

// expectedErrors reads the `// ERROR "regexp"` comments of a file, by line.
func expectedErrors(t *testing.T, src []byte) map[int]*regexp.Regexp {
	t.Helper()
	want := map[int]*regexp.Regexp{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		m := errorComment.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pattern := strings.ReplaceAll(m[1][1:len(m[1])-1], `\"`, `"`)
		re, err := regexp.Compile(pattern)
		require.NoError(t, err, "line %d", line)
		want[line] = re
	}
	return want
}

// TestErrorFiles compiles each file of testdata/errors and requires exactly
// the errors its `// ERROR` comments announce: one on each such line, none
// elsewhere.
func TestErrorFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.ilv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			require.NoError(t, err)
			want := expectedErrors(t, src)
			require.NotEmpty(t, want, "a file of testdata/errors must announce its errors")
			prog, err := Compile(File{Name: name, Text: src}, Options{MaxErrors: -1})
			require.Error(t, err)
			assert.Nil(t, prog)
			var list source.Errors
			require.True(t, errors.As(err, &list), "error is %T", err)
			got := map[int][]string{}
			for _, e := range list {
				assert.Equal(t, name, e.Pos.File)
				assert.True(t, e.Pos.IsValid(), "error without position: %v", e)
				got[e.Pos.Line] = append(got[e.Pos.Line], e.Msg)
			}
			for line, re := range want {
				if assert.Len(t, got[line], 1, "line %d: want one error matching %q", line, re) {
					assert.Regexp(t, re, got[line][0], "line %d", line)
				}
			}
			for line, msgs := range got {
				if _, ok := want[line]; !ok {
					assert.Failf(t, "unexpected error", "line %d: %v", line, msgs)
				}
			}
			for i := 1; i < len(list); i++ {
				assert.False(t, list[i].Pos.Before(list[i-1].Pos), "errors not sorted: %v before %v", list[i-1], list[i])
			}
		})
	}
}
