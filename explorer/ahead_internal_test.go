package explorer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestClaimAsksForTheLinesAhead: claim keeps asking for the lines from
// where it was up to writeAhead bytes past the array's length, within its
// capacity, and not for less than a line.
func TestClaimAsksForTheLinesAhead(t *testing.T) {
	keys := make([]uint64, 0, 1000)
	var a ahead
	claim(&a, keys)
	assert.Equal(t, ahead(writeAhead), a, "the first lines, as the array starts")
	keys = keys[:4]
	claim(&a, keys)
	assert.Equal(t, ahead(writeAhead), a, "less than a line more: nothing asked")
	keys = keys[:10]
	claim(&a, keys)
	assert.Equal(t, ahead(80+writeAhead), a)
	keys = keys[:900]
	claim(&a, keys)
	assert.Equal(t, ahead(8000), a, "from the length, what is written being in the cache, up to the capacity")
	claim(&a, keys[:1000])
	assert.Equal(t, ahead(8000), a)

	small := make([]byte, 0, 40)
	var b ahead
	claim(&b, small)
	assert.Equal(t, ahead(0), b, "an array of less than a line is not asked for")
}
