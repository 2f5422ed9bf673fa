package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/reports/web"
)

func TestExploreServesTheModel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"explore", "peterson", "--addr", "127.0.0.1:0", "--no-open"}, env{stdout: w, stderr: &stderr})
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	url := strings.TrimSpace(line)
	require.True(t, strings.HasPrefix(url, "http://127.0.0.1:"), url)
	go io.Copy(io.Discard, out)

	res, err := http.Get(url + "api/view")
	require.NoError(t, err)
	var v web.View
	require.NoError(t, json.NewDecoder(res.Body).Decode(&v))
	res.Body.Close()
	assert.Equal(t, "peterson", v.Model)
	assert.Contains(t, v.Source, "model peterson")
	require.Len(t, v.Processes, 2)
	assert.Equal(t, "P[0]", v.Processes[0].Name)

	cancel()
	assert.Equal(t, 0, <-code)
	assert.Empty(t, stderr.String())
}

func TestExploreErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no model", []string{"explore"}, "explore needs one model"},
		{"unknown model", []string{"explore", "no-such-model", "--no-open"}, "no file or built-in model named no-such-model"},
		{"bad address", []string{"explore", "peterson", "--no-open", "--addr", "127.0.0.1:x"}, "cannot listen on 127.0.0.1:x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, env{stdout: &stdout, stderr: &stderr})
			assert.Equal(t, exitError, code)
			assert.Contains(t, stderr.String(), tt.stderr)
			assert.Empty(t, stdout.String())
		})
	}
}
