package syntax

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// modelFiles lists the library models and the test models that parse.
func modelFiles(t testing.TB) []string {
	var files []string
	for _, pat := range []string{"../../models/lib/*.ilv", "../../models/assignments/*/*.ilv", "../../models/assignments/*/solutions/*.ilv", "../testdata/errors/*.ilv", "../testdata/models/*.ilv", "../../cmd/interleave/testdata/*.ilv", "../../cmd/interleave/testdata/*/*.ilv", "../../checker/testdata/*.ilv", "../../explorer/testdata/*.ilv", "../../reports/testdata/*.ilv"} {
		m, err := filepath.Glob(pat)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	return files
}

func TestFormatModels(t *testing.T) {
	n := 0
	for _, path := range modelFiles(t) {
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		before, err := Parse(path, src)
		if err != nil {
			_, ferr := Format(path, src)
			assert.Equal(t, err, ferr, "%s: a file that does not parse is not formatted", path)
			continue
		}
		n++
		t.Run(path, func(t *testing.T) {
			out, err := Format(path, src)
			require.NoError(t, err)
			after, err := Parse(path, out)
			require.NoError(t, err, "%s", out)
			assert.True(t, sameTree(before, after), "the tree changed:\n%s", out)
			again, err := Format(path, out)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(again), "not idempotent")
			assert.Equal(t, comments(src), comments(out), "comments changed")
		})
	}
	t.Logf("%d models formatted", n)
}

// sameTree reports whether two syntax trees are equal but for positions and
// the spelling of terminators.
func sameTree(a, b *File) bool {
	clearPositions(reflect.ValueOf(a))
	clearPositions(reflect.ValueOf(b))
	return reflect.DeepEqual(a, b)
}

var (
	positionType = reflect.TypeOf(lexer.Position{})
	tokenType    = reflect.TypeOf(lexer.Token{})
)

func clearPositions(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			clearPositions(v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			clearPositions(v.Index(i))
		}
	case reflect.Struct:
		switch v.Type() {
		case positionType:
			v.Set(reflect.Zero(positionType))
			return
		case reflect.TypeOf(Expr{}):
			v.FieldByName("Text").SetString("") // the text as spaced in the source
		case tokenType:
			if v.FieldByName("Type").Interface() == tokTerm {
				v.FieldByName("Value").SetString("")
			}
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				clearPositions(v.Field(i))
			}
		}
	}
}

var commentRE = regexp.MustCompile(`//[^\n]*|/\*(?s:.*?)\*/`)

// comments lists the comments of src in order, trailing spaces trimmed.
func comments(src []byte) []string {
	raw, _ := scan("", src)
	var out []string
	end := 0
	for _, t := range raw {
		for _, c := range commentRE.FindAllString(string(src[end:t.Pos.Offset]), -1) {
			out = append(out, strings.TrimRight(c, " \t\r"))
		}
		end = t.end.Offset
	}
	return out
}

func TestFormatLayout(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"indentation", "process P {\nloop {\n  x = 1\n      }\n}\n", "process P {\n    loop {\n        x = 1\n    }\n}\n"},
		{"semicolons", "process P { x = 1; y = 2 }\n", "process P {\n    x = 1\n    y = 2\n}\n"},
		{"spacing", "var a : [ 2 ]bool\nprocess P{await !( a[0]==true&&a[ 1 ] )\nx=x+1\n}\n", "var a: [2]bool\nprocess P {\n    await !(a[0] == true && a[1])\n    x = x+1\n}\n"},
		{"else", "process P {\n    if x {\n        skip\n    }\n    else {\n        skip\n    }\n}\n", "process P {\n    if x {\n        skip\n    } else {\n        skip\n    }\n}\n"},
		{"comments", "\n\n// head\nvar x: int // x\nvar yy: int   // y\n\n\n/* block */\nvar z: int\n\n", "// head\nvar x: int // x\nvar yy: int   // y\n\n/* block */\nvar z: int\n"},
		{"aligned comments", "var a:int    // a\nvar bb : int // b\nprocess P {\nloop {   // forever\nx = 1 // one\n}\n}\n", "var a: int   // a\nvar bb: int  // b\nprocess P {\n    loop {   // forever\n        x = 1 // one\n    }\n}\n"},
		{"continuation", "process P {\nx = a &&\nb\nf(1,\n2)\n}\n", "process P {\n    x = a &&\n        b\n    f(1,\n        2)\n}\n"},
		{"select", "process P {\nselect {\ncase c <- 1:\nx++\ndefault:\nskip\n}\n}\n", "process P {\n    select {\n        case c <- 1:\n            x++\n        default:\n            skip\n    }\n}\n"},
		{"nested select", "process P {\nselect {\ncase c <- 1:\nif x {\nskip\n}\ncase <-c:\nskip\n}\n}\n", "process P {\n    select {\n        case c <- 1:\n            if x {\n                skip\n            }\n        case <-c:\n            skip\n    }\n}\n"},
		{"unary", "process P {\nx = - 1\ny = <- c\nc <- -x\n}\n", "process P {\n    x = -1\n    y = <-c\n    c <- -x\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Format("m.ilv", []byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(out))
		})
	}
}

func FuzzFormat(f *testing.F) {
	for _, path := range modelFiles(f) {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("process P { x = 1; /* a\nb */ y = 2 } // c\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		before, err := Parse("f.ilv", src)
		if err != nil {
			return
		}
		out, err := Format("f.ilv", src)
		if err != nil {
			return // refused rather than changed: see sameTokens
		}
		after, err := Parse("f.ilv", out)
		require.NoError(t, err, "%s", out)
		require.True(t, sameTree(before, after), "the tree changed:\n%s", out)
		again, err := Format("f.ilv", out)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "not idempotent")
		require.Equal(t, comments(src), comments(out), "comments changed")
	})
}

func BenchmarkFormat(b *testing.B) {
	src, err := os.ReadFile("../../models/lib/go_pipeline_select.ilv")
	require.NoError(b, err)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Format("m.ilv", src); err != nil {
			b.Fatal(err)
		}
	}
}
