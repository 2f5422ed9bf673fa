package syntax

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flatSum is a model whose one statement is x = 1+1+…+1 with n terms.
func flatSum(n int) []byte {
	return []byte("var x: int = 0\nprocess P {\n  x = " + strings.Repeat("1+", n-1) + "1\n}\n")
}

// allocated returns the bytes allocated while parsing src.
func allocated(t *testing.T, src []byte) (*File, uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f, err := Parse("flat.ilv", src)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	return f, after.TotalAlloc - before.TotalAlloc
}

// TestFlatChainLinear parses a 150 KB flat sum and one half as long, and
// requires the bytes allocated to grow in proportion: rendering each node's
// text afresh made them grow with the square of the chain's length (four
// times as much for twice the length, gigabytes at 150 KB).
func TestFlatChainLinear(t *testing.T) {
	src := flatSum(75000)
	require.Greater(t, len(src), 150_000)
	_, half := allocated(t, flatSum(37500))
	f, full := allocated(t, src)
	assert.Less(t, float64(full)/float64(half), 2.8, "allocated %d bytes for %d terms, %d for half", full, 75000, half)

	// The texts are right: the whole sum, and its left operand one term shorter.
	sum := f.Decls[1].Process.Body.Stmts[0].Simple.Value
	require.NotNil(t, sum)
	assert.Equal(t, strings.Repeat("1+", 74999)+"1", sum.Text)
	assert.Equal(t, strings.Repeat("1+", 74998)+"1", sum.X.Text)
	assert.Equal(t, "1", sum.Y.Text)
}

// TestSubexpressionTexts pins each node's text: spacing as written, on one
// line, parentheses kept.
func TestSubexpressionTexts(t *testing.T) {
	f, err := Parse("t.ilv", []byte("var x: int = 0\nprocess P {\n  x = (x +\n 1)*2 - -x\n}\n"))
	require.NoError(t, err)
	e := f.Decls[1].Process.Body.Stmts[0].Simple.Value
	assert.Equal(t, "(x + 1)*2 - -x", e.Text)
	assert.Equal(t, "(x + 1)*2", e.X.Text)
	assert.Equal(t, "(x + 1)", e.X.X.Text)
	assert.Equal(t, "x", e.X.X.X.Text)
	assert.Equal(t, "2", e.X.Y.Text)
	assert.Equal(t, "-x", e.Y.Text)
	assert.Equal(t, "x", e.Y.X.Text)
}

// BenchmarkFlatChain measures parsing a 150 KB flat sum.
func BenchmarkFlatChain(b *testing.B) {
	src := flatSum(75000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("flat.ilv", src); err != nil {
			b.Fatal(err)
		}
	}
}
