package main

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gzipped is b compressed as go generate stores the WebAssembly build.
func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestPlaygroundUsage(t *testing.T) {
	code, _, stderr := runMain("playground")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "playground needs --out DIR")
	code, _, stderr = runMain("playground", "site")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "playground takes no arguments")
}

func TestPlaygroundWritesTheSite(t *testing.T) {
	assets := fstest.MapFS{
		assetWasm:     {Data: gzipped(t, []byte("\x00asm the build"))},
		assetWasmExec: {Data: []byte("// the Go release's")},
	}
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	require.NoError(t, runPlayground(env{stdout: &stdout, stderr: &stderr}, assets, dir))
	assert.Contains(t, stdout.String(), "wrote the playground to "+dir)
	wasm, err := os.ReadFile(filepath.Join(dir, "interleave.wasm"))
	require.NoError(t, err)
	assert.Equal(t, "\x00asm the build", string(wasm), "the site holds the build unpacked")
	for _, name := range []string{"index.html", "playground.js", "worker.js", "wasm_exec.js"} {
		assert.FileExists(t, filepath.Join(dir, name))
	}
}

func TestPlaygroundWithoutTheBuild(t *testing.T) {
	err := runPlayground(env{}, fstest.MapFS{"playground/README.md": {Data: []byte("#")}}, t.TempDir())
	var es *exitStatus
	require.ErrorAs(t, err, &es)
	assert.Equal(t, exitError, es.code)
	assert.Contains(t, es.msg, "built without the playground")
	assert.Contains(t, es.msg, "go generate ./cmd/interleave")

	err = runPlayground(env{}, fstest.MapFS{assetWasm: {Data: []byte("not gzip")}}, t.TempDir())
	require.ErrorAs(t, err, &es)
	assert.Contains(t, es.msg, "damaged")
}

// TestPlaygroundEmbedded checks the build that go generate made, when there
// is one: a WebAssembly module, and the wasm_exec.js beside it.
func TestPlaygroundEmbedded(t *testing.T) {
	if _, err := fs.Stat(playgroundAssets, assetWasm); err != nil {
		t.Skip("built without the playground (no go generate)")
	}
	dir := t.TempDir()
	code, stdout, stderr := runMain("playground", "--out", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "interleave.wasm")
	wasm, err := os.ReadFile(filepath.Join(dir, "interleave.wasm"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(wasm, []byte("\x00asm")), "a WebAssembly module")
	exec, err := os.ReadFile(filepath.Join(dir, "wasm_exec.js"))
	require.NoError(t, err)
	assert.True(t, bytes.Contains(exec, []byte("globalThis.Go = class")), "Go's wasm_exec.js")
}
