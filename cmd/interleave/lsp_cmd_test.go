package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLSPHelper is the `interleave lsp` process that TestLSPCommand starts.
func TestLSPHelper(t *testing.T) {
	if os.Getenv("INTERLEAVE_LSP_HELPER") != "1" {
		t.Skip("started by TestLSPCommand")
	}
	os.Exit(Main([]string{"lsp"}, os.Stdout, os.Stderr))
}

// frames is LSP messages as an editor writes them to the server's stdin.
func frames(msgs ...map[string]any) []byte {
	var b bytes.Buffer
	for _, m := range msgs {
		m["jsonrpc"] = "2.0"
		body, _ := json.Marshal(m)
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	return b.Bytes()
}

func TestLSPCommand(t *testing.T) {
	initialize := map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}}
	open := map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
		"uri": "file:///m.ilv", "languageId": "interleave", "version": 1, "text": "var x: int\nprocess P { y = 1 }\n"}}}
	tests := []struct {
		name     string
		msgs     []map[string]any
		wantCode int
	}{
		{"shutdown then exit", []map[string]any{initialize, open, {"id": 2, "method": "shutdown"}, {"method": "exit"}}, 0},
		{"exit alone", []map[string]any{initialize, open, {"method": "exit"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLSPHelper$")
			cmd.Env = append(os.Environ(), "INTERLEAVE_LSP_HELPER=1")
			cmd.Stdin = bytes.NewReader(frames(tt.msgs...))
			out, err := cmd.Output()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantCode, code)
			assert.Contains(t, string(out), `"serverInfo":{"name":"interleave","version":"`+version+`"}`)
			assert.Contains(t, string(out), `"range":{"start":{"line":1,"character":12},"end":{"line":1,"character":13}},"severity":1,"source":"interleave","message":"undefined: y"`)
		})
	}
}
