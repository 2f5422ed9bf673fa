package reports

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGrowingReported requires the text and JSON reports of a search ended
// by a limit to say what kept growing.
func TestGrowingReported(t *testing.T) {
	r := limited()
	r.Growing = []string{"x (up to 500)", "s (up to 499)"}
	text := Text(r, TextOptions{})
	assert.True(t, strings.HasSuffix(text, "limit reached)\nkept growing until the limit: x (up to 500), s (up to 499)\n"), text)
	var doc struct{ Growing []string }
	require.NoError(t, json.Unmarshal(JSON(r), &doc))
	assert.Equal(t, r.Growing, doc.Growing)
}
