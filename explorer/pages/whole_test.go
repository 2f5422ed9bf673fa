package pages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWholeIsZerosAndBacked: Whole returns the bytes asked for, all zeros,
// each page of a large block backed by the kernel before the caller
// writes any (resident, where the system tells).
func TestWholeIsZerosAndBacked(t *testing.T) {
	for _, n := range []int{1, pageSize - 1, pageSize, 3<<20 + 5, 8 << 20} {
		b := Whole(n)
		require.Len(t, b, n)
		// Before any read, which would map pages too.
		if in, all, ok := resident(b); ok && n >= 1<<20 { // a small block shares its pages
			assert.Equal(t, all, in, "%d bytes", n)
		}
		for i, v := range b {
			if v != 0 {
				require.Zero(t, v, "byte %d of %d", i, n)
			}
		}
	}
}
