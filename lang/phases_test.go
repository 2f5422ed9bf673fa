package lang

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestImplicitDoorwayTicketLock compiles the library's ticket lock as written
// and with its `doorway { }` block removed: the atomic ticket draw is the
// implicit doorway, so the phases are the same and only the await waits.
func TestImplicitDoorwayTicketLock(t *testing.T) {
	src, err := os.ReadFile("../models/lib/ticket_lock.ilv")
	require.NoError(t, err)
	text := string(src)
	open := "doorway {                      // taking a ticket never waits\n"
	require.Contains(t, text, open)
	text = strings.Replace(text, open, "", 1)
	closing := "            }\n        }\n        await"
	require.Contains(t, text, closing)
	text = strings.Replace(text, closing, "            }\n        await", 1)
	require.NotContains(t, text, "doorway {")

	written := compile(t, string(src))
	implicit := compile(t, text)
	require.Len(t, implicit.Processes, len(written.Processes))
	for p, proc := range implicit.Processes {
		waiting := regionPCs(t, implicit, "waiting", p)
		assert.Equal(t, regionPCs(t, written, "waiting", p), waiting, proc.Display)
		assert.Equal(t, regionPCs(t, written, "trying", p), regionPCs(t, implicit, "trying", p), proc.Display)
		require.Len(t, waiting, 1, proc.Display)
		assert.Equal(t, "await serving == my", proc.Code[waiting[0]].Text, proc.Display)
	}
}
