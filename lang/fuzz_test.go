package lang

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
