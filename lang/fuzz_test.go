package lang

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
)

// seedFiles lists every model shipped with the project and the tests.
func seedFiles(t testing.TB) []string {
	var files []string
	for _, pattern := range []string{"testdata/*/*.ilv", "../models/*.ilv", "../models/lib/*.ilv"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	return files
}

func FuzzCompile(f *testing.F) {
	for _, name := range seedFiles(f) {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		prog, err := Compile(File{Name: "fuzz.ilv", Text: src}, Options{})
		if err == nil {
			if prog == nil {
				t.Fatal("no program and no error")
			}
			return
		}
		var list source.Errors
		if !errors.As(err, &list) {
			t.Fatalf("error is %T, not source.Errors: %v", err, err)
		}
		if len(list) == 0 {
			t.Fatal("empty error list")
		}
		for _, e := range list {
			if !e.Pos.IsValid() || e.Pos.File != "fuzz.ilv" || e.Pos.Col < 1 {
				t.Fatalf("error without a valid position: %v", e)
			}
			if strings.Contains(e.Msg, "internal") {
				t.Fatalf("internal error: %v", e)
			}
		}
	})
}

// TestDamagedModels compiles every shipped model cut short after each line
// and with each line removed or doubled: whatever the damage, the errors have
// valid positions, are sorted, and none is internal.
func TestDamagedModels(t *testing.T) {
	for _, name := range seedFiles(t) {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		lines := strings.SplitAfter(string(src), "\n")
		var variants []string
		for i := range lines {
			variants = append(variants,
				strings.Join(lines[:i], ""),
				strings.Join(lines[:i], "")+strings.Join(lines[i+1:], ""),
				strings.Join(lines[:i+1], "")+strings.Join(lines[i:], ""))
		}
		t.Run(name, func(t *testing.T) {
			for _, v := range variants {
				_, err := Compile(File{Name: "damaged.ilv", Text: []byte(v)}, Options{})
				if err == nil {
					continue
				}
				var list source.Errors
				require.True(t, errors.As(err, &list), "error is %T: %v", err, err)
				require.NotEmpty(t, list)
				for i, e := range list {
					require.True(t, e.Pos.IsValid() && e.Pos.File == "damaged.ilv" && e.Pos.Col >= 1, "error without a valid position: %v\n%s", e, v)
					require.NotContains(t, e.Msg, "internal", "%s", v)
					if i > 0 {
						require.False(t, e.Pos.Before(list[i-1].Pos), "errors not sorted: %v before %v", list[i-1], e)
					}
				}
			}
		})
	}
}
