package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
)

func TestReplayReachesTheViolationByForward(t *testing.T) {
	tests := []struct {
		name, src, check string
	}{
		{"deadlock", deadlockModel, "deadlock"},
		{"mutex", noLockModel, "mutex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := server(t, tt.src)
			res, err := srv.Client().Get(srv.URL + "/api/counterexamples")
			require.NoError(t, err)
			var names []string
			require.NoError(t, json.NewDecoder(res.Body).Decode(&names))
			res.Body.Close()
			assert.Contains(t, names, tt.check)

			v := do(t, srv, "POST", "/api/replay?check="+tt.check)
			assert.Equal(t, tt.check, v.Replayed)
			assert.Equal(t, 0, v.At)
			assert.Greater(t, v.Length, 1)
			assert.False(t, verdictOf(t, v, tt.check).Violated)
			for v.At+1 < v.Length {
				v = do(t, srv, "POST", "/api/forward")
			}
			assert.True(t, verdictOf(t, v, tt.check).Violated, v.Checks)
			assert.Equal(t, -1, v.Loop)
		})
	}
}

func TestReplayUnknownCheck(t *testing.T) {
	srv := server(t, deadlockModel)
	res, err := srv.Client().Post(srv.URL+"/api/replay?check=mutex", "", nil)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
}

func TestReplayMarksTheCycleOfALasso(t *testing.T) {
	md, ok := models.Lookup("sem_lock3")
	require.True(t, ok)
	srv := server(t, string(md.Source))
	v := do(t, srv, "POST", "/api/replay?check=starvation")
	assert.Equal(t, "starvation", v.Replayed)
	require.GreaterOrEqual(t, v.Loop, 0)
	assert.Less(t, v.Loop, v.Length)
	// A step of one's own ends the replay.
	v = do(t, srv, "POST", "/api/step?move="+itoa(v.Processes[0].Moves[0].Index))
	assert.Equal(t, "", v.Replayed)
	assert.Equal(t, -1, v.Loop)
}

func TestRandomRun(t *testing.T) {
	srv := server(t, deadlockModel)
	a := do(t, srv, "POST", "/api/random?seed=7")
	assert.Equal(t, a.Length-1, a.At)
	assert.Len(t, a.History, a.Length-1)
	assert.NotEqual(t, "running", a.Status, "the model ends within 50 steps")
	do(t, srv, "POST", "/api/back")
	b := do(t, srv, "POST", "/api/random?seed=7")
	assert.Equal(t, a, b, "the same seed gives the same run")
}
