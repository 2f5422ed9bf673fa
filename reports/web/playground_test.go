package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// compileText compiles a model's text as the WebAssembly build does.
func compileText(name string, text []byte) (*ir.Program, error) {
	return lang.Compile(lang.File{Name: name, Text: text}, lang.Options{})
}

// playground serves a Playground offering one model.
func playground(t *testing.T) *httptest.Server {
	t.Helper()
	p := NewPlayground(compileText, []Example{{Name: "cross", Description: "crossed semaphores", Source: deadlockModel}})
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	return srv
}

// send makes a request and returns the status and body.
func send(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

// checkText posts text to /api/check and decodes the Report.
func checkText(t *testing.T, srv *httptest.Server, name, text string) Report {
	t.Helper()
	code, body := send(t, "POST", srv.URL+"/api/check?name="+name, text)
	require.Equal(t, http.StatusOK, code, body)
	var r Report
	require.NoError(t, json.Unmarshal([]byte(body), &r))
	return r
}

func TestPlaygroundBeforeACheck(t *testing.T) {
	srv := playground(t)
	code, body := send(t, "GET", srv.URL+"/api/models", "")
	require.Equal(t, http.StatusOK, code)
	var lib []Example
	require.NoError(t, json.Unmarshal([]byte(body), &lib))
	require.Len(t, lib, 1)
	assert.Equal(t, "cross", lib[0].Name)
	assert.Equal(t, deadlockModel, lib[0].Source)

	code, body = send(t, "GET", srv.URL+"/api/view", "")
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, body, "no model checked yet")
}

func TestPlaygroundCheckThenExplore(t *testing.T) {
	srv := playground(t)
	r := checkText(t, srv, "cross.ilv", deadlockModel)
	assert.Empty(t, r.Errors)
	assert.Equal(t, "cross", r.Model)
	require.NotEmpty(t, r.Checks)
	byName := map[string]CheckVerdict{}
	for _, c := range r.Checks {
		byName[c.Name] = c
	}
	assert.Equal(t, "violated", byName["deadlock"].Verdict)
	assert.Contains(t, r.Text, "cross.ilv: model cross")
	assert.Contains(t, r.Text, "deadlock")
	require.Len(t, r.Diagrams, 1)
	assert.Equal(t, "deadlock", r.Diagrams[0].Check)
	assert.True(t, strings.HasPrefix(r.Diagrams[0].SVG, "<svg"), r.Diagrams[0].SVG[:min(40, len(r.Diagrams[0].SVG))])

	// The explorer's API now runs over the model checked, and its Replay
	// uses the same result.
	code, body := send(t, "GET", srv.URL+"/api/counterexamples", "")
	require.Equal(t, http.StatusOK, code)
	assert.JSONEq(t, `["deadlock"]`, body)
	code, body = send(t, "POST", srv.URL+"/api/replay?check=deadlock", "")
	require.Equal(t, http.StatusOK, code, body)
	var v View
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	assert.Equal(t, "deadlock", v.Replayed)
	assert.Equal(t, deadlockModel, v.Source)

	// A second model replaces the first.
	r = checkText(t, srv, "nolock.ilv", noLockModel)
	assert.Equal(t, "nolock", r.Model)
	code, body = send(t, "GET", srv.URL+"/api/view", "")
	require.Equal(t, http.StatusOK, code)
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	assert.Equal(t, "nolock", v.Model)
	assert.Equal(t, 0, v.At)
}

func TestPlaygroundErrorsInTheModel(t *testing.T) {
	srv := playground(t)
	checkText(t, srv, "cross.ilv", deadlockModel)
	r := checkText(t, srv, "bad.ilv", "model bad\n\nprocess P {\n    x = 1\n}\n")
	assert.Contains(t, r.Errors, "bad.ilv:4:5")
	assert.Contains(t, r.Errors, "    x = 1\n")
	assert.Contains(t, r.Errors, "^")
	assert.Empty(t, r.Checks)
	assert.Empty(t, r.Model)

	// The model that compiled last is still the one explored.
	code, body := send(t, "GET", srv.URL+"/api/view", "")
	require.Equal(t, http.StatusOK, code)
	var v View
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	assert.Equal(t, "cross", v.Model)
}

func TestPlaygroundCompilerPanicIsAnError(t *testing.T) {
	p := NewPlayground(func(string, []byte) (*ir.Program, error) { panic("boom") }, nil)
	r, err := p.Check(t.Context(), "m.ilv", []byte("model m\n"))
	require.NoError(t, err)
	assert.Equal(t, "m.ilv: internal error: boom\n", r.Errors)
}

func TestWriteSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	require.NoError(t, WriteSite(dir, []byte("\x00asm wasm"), []byte("// exec")))
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	page := string(index)
	assert.Contains(t, page, "<title>interleave playground</title>")
	assert.Contains(t, page, `<script src="playground.js"></script>`)
	assert.Contains(t, page, `id="check"`)
	assert.Less(t, strings.Index(page, `src="playground.js"`), strings.Index(page, "const pg = window.playground"),
		"the playground's script runs before the page's")
	assert.NotContains(t, page, "https://", "the site fetches nothing from elsewhere")
	for name, want := range map[string]string{SiteWasm: "\x00asm wasm", SiteWasmExec: "// exec"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
	js, err := os.ReadFile(filepath.Join(dir, "worker.js"))
	require.NoError(t, err)
	assert.Contains(t, string(js), `importScripts("wasm_exec.js")`)
	assert.Contains(t, string(js), "interleaveServe")
}
