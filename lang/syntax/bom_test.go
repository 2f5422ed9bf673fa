package syntax

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
)

// TestByteOrderMark checks that a UTF-8 byte-order mark at the start of a file
// is skipped and that the positions after it count from the mark's end.
func TestByteOrderMark(t *testing.T) {
	f := parse(t, "\ufeffmodel m\nvar x: int\nprocess P { x = 1 }\n")
	require.Len(t, f.Decls, 3)

	src := "\ufeffvar x: int\nprocess P { x = $ }\n"
	_, err := Parse("test.ilv", []byte(src))
	require.Error(t, err)
	assert.Equal(t, `test.ilv:2:17: unexpected character "$"`, err.Error())

	src = "\ufeffvar x 5\n"
	_, err = Parse("test.ilv", []byte(src))
	require.Error(t, err)
	assert.Equal(t, `test.ilv:1:7: got "5", want ":"`, err.Error())
	list, ok := err.(source.Errors)
	require.True(t, ok)
	assert.Equal(t, "test.ilv:1:7: got \"5\", want \":\"\n    var x 5\n          ^\n",
		list.Format(map[string]string{"test.ilv": src}))
}

// TestByteOrderMarkOnlyAtStart checks that a mark elsewhere is still refused.
func TestByteOrderMarkOnlyAtStart(t *testing.T) {
	_, err := Parse("test.ilv", []byte("var x: int\n\ufeffvar y: int\n"))
	require.Error(t, err)
	assert.Equal(t, `test.ilv:2:1: unexpected character "\ufeff"`, err.Error())
}
