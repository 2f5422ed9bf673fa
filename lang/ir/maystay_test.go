package ir_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/interleave/interleave/lang/ir"
)

func TestMayStay(t *testing.T) {
	noncritical := &ir.Instr{Op: ir.OpNoncritical, Next: 0}
	skip := &ir.Instr{Op: ir.OpSkip, Next: 0}
	either := func(alts ...int) *ir.Instr { return &ir.Instr{Op: ir.OpEither, Alts: alts} }
	tests := []struct {
		name string
		code []*ir.Instr
		want bool
	}{
		{"noncritical", []*ir.Instr{noncritical}, true},
		{"skip", []*ir.Instr{skip}, false},
		{"either, noncritical first", []*ir.Instr{either(1, 2), noncritical, skip}, true},
		{"either, noncritical second", []*ir.Instr{either(1, 2), skip, noncritical}, true},
		{"either of neither", []*ir.Instr{either(1, 2), skip, {Op: ir.OpAssert}}, false},
		{"either in either, noncritical inside", []*ir.Instr{either(1, 2), skip, either(3, 1), noncritical}, true},
		{"either in either, no noncritical", []*ir.Instr{either(1, 2), skip, either(1, 0)}, false},
		{"either leading back to itself", []*ir.Instr{either(0, 0)}, false},
		{"noncritical after a step", []*ir.Instr{either(1), {Op: ir.OpSkip, Next: 2}, noncritical}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ir.MayStay(tt.code, 0))
		})
	}
	code := []*ir.Instr{noncritical}
	assert.False(t, ir.MayStay(code, -1))
	assert.False(t, ir.MayStay(code, 1))
}
