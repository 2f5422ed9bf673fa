package checker

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/models"
)

// TestOnlyInCriticalFollowsState: where onlyInCritical says so, the safety
// visitor's State finds nothing and returns Continue in every state of the
// library's models (up to 20000 each) where fewer than two processes are in
// critical, so that a search may leave those states unshown
// (explorer.Options.VisitCritical); and it does not say so where an
// invariant is checked.
func TestOnlyInCriticalFollowsState(t *testing.T) {
	shown, invariants := 0, 0
	for _, lm := range models.All() {
		m, checks := libraryModel(t, lm)
		v := newSafety(m, checks)
		if !v.onlyInCritical() {
			invariants++
			continue
		}
		v.full = true
		sp, err := explorer.Search(context.Background(), m, explorer.Options{MaxStates: 20000}, v)
		require.NoError(t, err, lm.Name)
		for id := range sp.Store.Len() {
			s := sp.Store.Get(explorer.StateID(id))
			if len(m.Critical(s, nil)) >= 2 {
				continue
			}
			w := newSafety(m, checks)
			require.Equal(t, explorer.Continue, w.State(explorer.StateID(id), s, 1), "%s, state %d", lm.Name, id)
			for i, f := range w.found {
				require.Nil(t, f, "%s, state %d, check %s", lm.Name, id, checks[i].Name)
			}
			shown++
		}
	}
	assert.Greater(t, shown, 10000, "states shown")
	assert.Positive(t, invariants, "models with an invariant")
}
