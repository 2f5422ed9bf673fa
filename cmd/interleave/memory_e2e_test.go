package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestE2EMemory runs the commands with --memory and --store-buffer: the flag
// wins over the model's declaration, every report names the memory model,
// and traces show buffered stores and flushes.
func TestE2EMemory(t *testing.T) {
	requireEngine(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
		stderr   string
	}{
		{"declared", []string{"check", "peterson_tso", "--check", "mutex"}, exitViolated,
			[]string{"peterson_tso.ilv: model peterson_tso, under TSO, store buffers of 2",
				"mutex     violated  P[0] and P[1] are both in critical, while P[0]'s stores interested[0]=true, turn=0 are still in its store buffer",
				"P[0] buffer=[interested[0]=true]", "P[0] buffer=[interested[0]=true, turn=0]"}, ""},
		{"flag wins", []string{"check", "peterson_tso", "--memory", "sc", "-q"}, exitHolds,
			[]string{"mutex            holds"}, ""},
		{"peterson under tso", []string{"check", "peterson", "--memory", "tso", "--store-buffer", "1", "--check", "mutex"}, exitViolated,
			[]string{"model peterson, under TSO, store buffers of 1", "P[0]'s store interested[0]=true reaches memory"}, ""},
		{"pso", []string{"check", "peterson_tso_fence", "--memory", "pso", "--check", "mutex"}, exitViolated,
			[]string{"model peterson_tso_fence, under PSO, store buffers of 2"}, ""},
		{"simulate", []string{"simulate", "peterson", "--memory", "tso", "--seed", "3", "--steps", "30"}, exitHolds,
			[]string{"model peterson, under TSO, store buffers of 2", "reaches memory"}, ""},
		{"graph", []string{"graph", "race", "--memory", "tso", "--store-buffer", "1"}, exitHolds,
			[]string{"P[0] buffer=[x=1]", `label="P[0]'s store x=1 reaches memory"`}, ""},
		{"grade", []string{"grade", "--memory", "tso", mutexLab + "/assignment.ilv", mutexLab + "/reference.ilv"}, exitHolds,
			[]string{"violated", "verdicts under TSO, store buffers of 2"}, ""},
		{"grade json", []string{"grade", "--format", "json", "--memory", "pso", "--store-buffer", "1", mutexLab + "/assignment.ilv", mutexLab + "/reference.ilv"}, exitHolds,
			[]string{`"memory": "pso",`, `"store_buffer": 1,`}, ""},
		{"bad memory", []string{"check", "peterson", "--memory", "arm"}, exitError, nil,
			"interleave: bad --memory \"arm\": want sc, tso or pso\nRun 'interleave check --help' for usage.\n"},
		{"bad buffer", []string{"simulate", "peterson", "--store-buffer", "0"}, exitError, nil,
			"interleave: bad --store-buffer 0: want 1 to 255\nRun 'interleave simulate --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(tt.args...)
			assert.Equal(t, tt.wantCode, code, errOut)
			assert.Equal(t, tt.stderr, errOut)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

// TestE2EMemoryJSON checks the memory model at the top level of the JSON
// report and the flush steps of its trace.
func TestE2EMemoryJSON(t *testing.T) {
	requireEngine(t)
	for _, tt := range []struct {
		args   []string
		memory string
		buffer any
	}{
		{[]string{"check", "peterson", "--format", "json"}, "sc", nil},
		{[]string{"check", "peterson", "--format", "json", "--memory", "tso", "--store-buffer", "3"}, "tso", 3.0},
		{[]string{"check", "spinlock_pso", "--format", "json"}, "pso", 2.0},
	} {
		t.Run(tt.memory, func(t *testing.T) {
			_, out, errOut := runMain(tt.args...)
			require.Empty(t, errOut)
			var doc map[string]any
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.Equal(t, tt.memory, doc["memory"])
			assert.Equal(t, tt.buffer, doc["store_buffer"])
			if tt.memory == "sc" {
				return
			}
			flushes := 0
			for _, c := range doc["checks"].([]any) {
				tr, ok := c.(map[string]any)["trace"].(map[string]any)
				if !ok {
					continue
				}
				for _, s := range tr["steps"].([]any) {
					if s.(map[string]any)["flush"] == true {
						flushes++
					}
				}
			}
			assert.Positive(t, flushes, "a trace with flush steps")
		})
	}
}
