package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
)

// getGraph asks for the state graph.
func getGraph(t *testing.T, url string) Graph {
	t.Helper()
	res, err := http.Get(url + "/api/graph")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(body))
	var g Graph
	require.NoError(t, json.Unmarshal(body, &g))
	return g
}

// hasEdge reports whether g has an edge from a to b.
func hasEdge(g Graph, a, b int) bool {
	for _, e := range g.Edges {
		if e.From == a && e.To == b {
			return true
		}
	}
	return false
}

func TestGraphMarksTheRun(t *testing.T) {
	srv := server(t, deadlockModel)
	g := getGraph(t, srv.URL)
	require.Empty(t, g.Message)
	require.Len(t, g.Nodes, g.States, "no faults in this model")
	assert.Equal(t, 0, g.Current)
	assert.Equal(t, []int{0}, g.Run)
	assert.True(t, strings.HasPrefix(g.Nodes[0].Title, "state 0\n"), g.Nodes[0].Title)
	deadlocks := 0
	for i, n := range g.Nodes {
		assert.True(t, n.X > 0 && n.X < g.Width && n.Y > 0 && n.Y < g.Height, "node %d inside the drawing", i)
		if n.Deadlock {
			deadlocks++
			assert.Contains(t, n.Title, "deadlock")
		}
	}
	assert.Positive(t, deadlocks, "the crossed semaphores deadlock")

	// Every state but the initial one is entered by some edge, and the
	// breadth-first rows put a state below its parent.
	for i := 1; i < g.States; i++ {
		entered := false
		for _, e := range g.Edges {
			entered = entered || e.To == i
		}
		assert.True(t, entered, "state %d is entered", i)
	}

	v := do(t, srv, "POST", "/api/step?move="+strconv.Itoa(moveOf(t, do(t, srv, "GET", "/api/view"), "P")))
	g = getGraph(t, srv.URL)
	require.Len(t, g.Run, 2)
	assert.Equal(t, g.Run[v.At], g.Current)
	assert.True(t, hasEdge(g, g.Run[0], g.Run[1]), "the step is an edge of the graph")
	assert.Greater(t, g.Nodes[g.Current].Y, g.Nodes[0].Y, "a successor is drawn below the initial state")
}

func TestGraphPathGoesToAState(t *testing.T) {
	srv := server(t, deadlockModel)
	g := getGraph(t, srv.URL)
	dead := -1
	for i, n := range g.Nodes {
		if n.Deadlock {
			dead = i
		}
	}
	require.GreaterOrEqual(t, dead, 0)
	v := do(t, srv, "POST", "/api/path?state="+strconv.Itoa(dead))
	assert.Equal(t, "deadlock: no process can move", v.Status)
	assert.Equal(t, v.Length-1, v.At, "the cursor is at the end of the path")
	g = getGraph(t, srv.URL)
	assert.Equal(t, dead, g.Current)
	for i := 0; i+1 < len(g.Run); i++ {
		assert.True(t, hasEdge(g, g.Run[i], g.Run[i+1]), "step %d of the path is an edge", i)
	}

	res, err := http.Post(srv.URL+"/api/path?state="+strconv.Itoa(g.States), "", nil)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
}

// bigModel has far more than GraphCap states.
const bigModel = `model big

var x: 0..9 = 0
var y: 0..9 = 0

process P {
    while true { x = (x + 1) % 10 }
}

process Q {
    while true { y = (y + 1) % 10 }
}
`

func TestGraphTooBigSaysSo(t *testing.T) {
	srv := server(t, bigModel)
	g := getGraph(t, srv.URL)
	assert.Contains(t, g.Message, "more than "+strconv.Itoa(GraphCap)+" reachable states")
	assert.Empty(t, g.Nodes)
	assert.Equal(t, -1, g.Current)
}

// faultModel fails its assertion when Q has run first.
const faultModel = `model fault

var x: 0..2 = 0

process P {
    assert x == 0, "Q ran first"
}

process Q {
    x = 1
}
`

func TestGraphDrawsFaults(t *testing.T) {
	srv := server(t, faultModel)
	g := getGraph(t, srv.URL)
	require.Empty(t, g.Message)
	require.Greater(t, len(g.Nodes), g.States, "a node past the states for the fault")
	f := g.Nodes[g.States]
	assert.True(t, f.Fault)
	assert.Contains(t, f.Title, "Q ran first")
	entered := false
	for _, e := range g.Edges {
		if e.To == g.States {
			entered = true
			assert.Less(t, g.Nodes[e.From].Y, f.Y, "the fault is drawn below the state it leaves")
			assert.Contains(t, e.Label, "P: assert")
		}
	}
	assert.True(t, entered)
	res, err := http.Post(srv.URL+"/api/path?state="+strconv.Itoa(g.States), "", nil)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, "a fault is no state to go to")
}

func TestGraphMarksTheCycleOfALasso(t *testing.T) {
	md, ok := models.Lookup("sem_lock3")
	require.True(t, ok)
	srv := server(t, string(md.Source))
	v := do(t, srv, "POST", "/api/replay?check=starvation")
	require.GreaterOrEqual(t, v.Loop, 0)
	g := getGraph(t, srv.URL)
	require.Empty(t, g.Message)
	require.Len(t, g.Run, v.Length)
	assert.Equal(t, g.Run[v.Loop], g.Run[len(g.Run)-1], "the lasso's last step closes its cycle on the graph")
	for i := 0; i+1 < len(g.Run); i++ {
		assert.True(t, hasEdge(g, g.Run[i], g.Run[i+1]), "step %d of the lasso is an edge", i)
	}
}
