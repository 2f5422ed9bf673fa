package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/interleave/interleave/explorer"
)

func TestSimEndText(t *testing.T) {
	fault := explorer.Step{Transition: explorer.Transition{Fault: &explorer.Fault{Msg: "count = -1 is out of range 0..3"}}}
	tests := []struct {
		name string
		sim  *explorer.Simulation
		want string
	}{
		{"steps", &explorer.Simulation{Steps: make([]explorer.Step, 5), End: explorer.SimSteps},
			"the run stopped after 5 steps (--steps 5); it could go on"},
		{"terminated", &explorer.Simulation{Steps: make([]explorer.Step, 4), End: explorer.SimTerminated},
			"the run ended after 4 steps: every process has terminated"},
		{"deadlock", &explorer.Simulation{Steps: make([]explorer.Step, 3), End: explorer.SimDeadlock},
			"the run ended after 3 steps in a deadlock: no process can move"},
		{"fault", &explorer.Simulation{Steps: []explorer.Step{{}, fault}, End: explorer.SimFault},
			"the run ended with a fault in step 2: count = -1 is out of range 0..3"},
		{"cancelled", &explorer.Simulation{Steps: make([]explorer.Step, 1), End: explorer.SimCancelled},
			"the run was interrupted after 1 step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, simEndText(tt.sim, 5))
		})
	}
}
