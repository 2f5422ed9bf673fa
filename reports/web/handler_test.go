package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
)

// deadlockModel has two processes taking two semaphores in opposite orders.
const deadlockModel = `model cross

sem a = 1
sem b = 1
var x: 0..3 = 0

process P {
    down(a)
    x = 1
    down(b)
    up(b)
    up(a)
}

process Q {
    down(b)
    x = 2
    down(a)
    up(a)
    up(b)
}
`

// server compiles src and serves a Session of it.
func server(t *testing.T, src string) *httptest.Server {
	t.Helper()
	prog, err := lang.Compile(lang.File{Name: "m.ilv", Text: []byte(src)}, lang.Options{})
	require.NoError(t, err)
	m, err := explorer.New(prog)
	require.NoError(t, err)
	srv := httptest.NewServer(Handler(NewSession(m, src)))
	t.Cleanup(srv.Close)
	return srv
}

// do sends a request and decodes the View it answers with.
func do(t *testing.T, srv *httptest.Server, method, path string) View {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	require.NoError(t, err)
	res, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(body))
	var v View
	require.NoError(t, json.Unmarshal(body, &v))
	return v
}

// moveOf is the index of the only move of the named process.
func moveOf(t *testing.T, v View, name string) int {
	t.Helper()
	for _, p := range v.Processes {
		if p.Name == name {
			require.Len(t, p.Moves, 1, name)
			return p.Moves[0].Index
		}
	}
	t.Fatalf("no process %s", name)
	return -1
}

func TestPageIsEmbedded(t *testing.T) {
	srv := server(t, deadlockModel)
	res, err := srv.Client().Get(srv.URL + "/")
	require.NoError(t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, string(body), "api/view")
	assert.NotContains(t, string(body), "http://", "the page fetches nothing from elsewhere")
	assert.NotContains(t, string(body), "https://", "the page fetches nothing from elsewhere")
}

func TestInitialView(t *testing.T) {
	srv := server(t, deadlockModel)
	v := do(t, srv, "GET", "/api/view")
	assert.Equal(t, "cross", v.Model)
	assert.Equal(t, deadlockModel, v.Source)
	assert.Equal(t, 0, v.At)
	assert.Equal(t, 1, v.Length)
	assert.Equal(t, "running", v.Status)
	require.Len(t, v.Processes, 2)
	assert.Equal(t, "P", v.Processes[0].Name)
	assert.Equal(t, 8, v.Processes[0].Line)
	assert.Equal(t, 16, v.Processes[1].Line)
	assert.Equal(t, []Value{{Name: "x", Value: "0"}, {Name: "a", Value: "1"}, {Name: "b", Value: "1"}}, v.Values)
}

func TestStepToDeadlockBackAndForward(t *testing.T) {
	srv := server(t, deadlockModel)
	v := do(t, srv, "GET", "/api/view")
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P"))) // down(a)
	assert.Equal(t, []Value{{Name: "x", Value: "0"}, {Name: "a", Value: "0", Changed: true}, {Name: "b", Value: "1"}}, v.Values)
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "Q"))) // down(b)
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P"))) // x = 1
	assert.Equal(t, []Value{{Name: "x", Value: "1", Changed: true}, {Name: "a", Value: "0"}, {Name: "b", Value: "0"}}, v.Values)
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "Q"))) // x = 2
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P"))) // down(b): blocks
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "Q"))) // down(a): blocks
	assert.Equal(t, "deadlock: no process can move", v.Status)
	assert.Equal(t, 6, v.At)
	require.Len(t, v.History, 6)
	assert.Equal(t, "P: down(a)", v.History[0])
	for _, p := range v.Processes {
		assert.Empty(t, p.Moves, p.Name)
	}
	assert.Equal(t, "waits in down(b)", v.Processes[0].Reason)
	assert.Equal(t, "waits in down(a)", v.Processes[1].Reason)

	v = do(t, srv, "POST", "/api/back")
	assert.Equal(t, 5, v.At)
	assert.Equal(t, 7, v.Length)
	assert.Equal(t, "running", v.Status)
	assert.Equal(t, "waits in down(b)", v.Processes[0].Reason)
	assert.NotEmpty(t, v.Processes[1].Moves)
	v = do(t, srv, "POST", "/api/forward")
	assert.Equal(t, 6, v.At)
	assert.Equal(t, "deadlock: no process can move", v.Status)

	v = do(t, srv, "POST", "/api/goto?state=2")
	assert.Equal(t, 2, v.At)
	assert.Equal(t, "x = 1", v.Processes[0].Statement)
	// A new step from an earlier state drops the rest of the run.
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P")))
	assert.Equal(t, 3, v.At)
	assert.Equal(t, 4, v.Length)
	assert.Len(t, v.History, 3)
}

func TestTerminated(t *testing.T) {
	srv := server(t, "model one\nvar x: 0..1 = 0\nprocess P {\n    x = 1\n}\n")
	v := do(t, srv, "GET", "/api/view")
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P")))
	assert.Equal(t, "every process has terminated", v.Status)
	assert.Equal(t, "has terminated", v.Processes[0].Reason)
	assert.Equal(t, 0, v.Processes[0].Line)
}

func TestBadRequests(t *testing.T) {
	srv := server(t, deadlockModel)
	for _, path := range []string{"/api/step?move=9", "/api/step?move=x", "/api/goto?state=3", "/api/goto"} {
		t.Run(path, func(t *testing.T) {
			res, err := srv.Client().Post(srv.URL+path, "", nil)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, http.StatusBadRequest, res.StatusCode)
			assert.NotEmpty(t, strings.TrimSpace(string(body)))
		})
	}
	res, err := srv.Client().Get(srv.URL + "/api/step?move=0")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
}

func itoa(n int) string { return strconv.Itoa(n) }
