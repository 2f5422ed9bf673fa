package reports

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./reports -update")
	assert.Equal(t, string(want), string(got), "output differs from %s; run go test ./reports -update if the change is intended", path)
}

func TestGolden(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			golden(t, f.name+".txt", []byte(Text(f.r, TextOptions{})))
			golden(t, f.name+".stats.txt", []byte(Text(f.r, TextOptions{Stats: true})))
			golden(t, f.name+".quiet.txt", []byte(Text(f.r, TextOptions{Quiet: true})))
			golden(t, f.name+".color.txt", []byte(Text(f.r, TextOptions{Color: true})))
			golden(t, f.name+".json", JSON(f.r))
			golden(t, f.name+".junit.xml", JUnit([]*checker.Result{f.r}))
			golden(t, f.name+".tap", TAP([]*checker.Result{f.r}))
			golden(t, f.name+".md", []byte(Markdown(f.r)))
			golden(t, f.name+".github.txt", []byte(strings.Join(GitHubAnnotations(f.r), "")))
			for i, c := range f.r.Checks {
				if c.Trace == nil && c.Witness == nil {
					continue
				}
				out, err := DOT(f.r, i)
				require.NoError(t, err)
				golden(t, f.name+"."+safeName(c.Name)+".dot", out)
				svg, err := SVG(f.r, i)
				require.NoError(t, err)
				golden(t, f.name+"."+safeName(c.Name)+".svg", svg)
			}
		})
	}
}

func TestGoldenAllModels(t *testing.T) {
	var all []*checker.Result
	for _, f := range fixtures() {
		all = append(all, f.r)
	}
	broken := ModelError{File: "broken <1>.ilv", Message: "broken.ilv:3:5: undefined: turn\n    turn = 1\n    ^\n"}
	golden(t, "all.junit.xml", JUnit(all, broken))
	golden(t, "all.tap", TAP(all, broken))
}

// safeName turns a check name into a file name part.
func safeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}
