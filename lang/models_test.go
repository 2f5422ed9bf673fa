package lang

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/ir"
)

// TestModelsCompile compiles every valid model of the project and checks the
// invariants of package ir on the result.
func TestModelsCompile(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/models/*.ilv", "../models/lib/*.ilv"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(name)
			require.NoError(t, err)
			prog, err := Compile(File{Name: name, Text: src}, Options{})
			require.NoError(t, err)
			checkInvariants(t, prog)
		})
	}
}

// checkInvariants asserts what package ir promises the engine.
func checkInvariants(t *testing.T, prog *ir.Program) {
	t.Helper()
	for _, v := range prog.Vars {
		assert.LessOrEqual(t, v.Elem.Lo, v.Init, v.Name)
		assert.LessOrEqual(t, v.Init, v.Elem.Hi, v.Name)
		assert.Less(t, v.Owner, len(prog.Processes), v.Name)
	}
	for _, p := range prog.Processes {
		code := p.Code
		require.NotEmpty(t, code, p.Display)
		assert.Equal(t, ir.OpEnd, code[len(code)-1].Op, p.Display)
		inRange := func(pc int) bool { return pc >= 0 && pc < len(code) }
		for pc, in := range code {
			if pc < len(code)-1 {
				assert.NotEqual(t, ir.OpEnd, in.Op, "%s pc %d", p.Display, pc)
			}
			assert.True(t, in.Pos.IsValid(), "%s pc %d has no position", p.Display, pc)
			assert.NotEmpty(t, in.Text, "%s pc %d has no text", p.Display, pc)
			switch in.Op {
			case ir.OpEnd:
			case ir.OpEither:
				assert.NotEmpty(t, in.Alts)
				for _, a := range in.Alts {
					assert.True(t, inRange(a), "%s pc %d alt %d", p.Display, pc, a)
				}
			case ir.OpBranch:
				assert.True(t, inRange(in.Next) && inRange(in.Else), "%s pc %d", p.Display, pc)
			case ir.OpAtomic:
				require.True(t, inRange(in.Next))
				assert.True(t, code[in.Next].InAtomic, "%s pc %d: atomic block starts outside it", p.Display, pc)
			default:
				assert.True(t, inRange(in.Next), "%s pc %d", p.Display, pc)
			}
		}
		assert.False(t, code[0].InAtomic, p.Display)
	}
	for _, r := range prog.Regions {
		require.Len(t, r.PCs, len(prog.Processes), r.Name)
		for p, pcs := range r.PCs {
			for i, pc := range pcs {
				assert.True(t, pc >= 0 && pc < len(prog.Processes[p].Code), "region %s", r.Name)
				if i > 0 {
					assert.Less(t, pcs[i-1], pc, "region %s is not increasing", r.Name)
				}
			}
		}
	}
	names := map[string]bool{}
	for _, c := range prog.Checks {
		assert.False(t, names[c.Name], "duplicate check %s", c.Name)
		names[c.Name] = true
	}
	for _, implicit := range []string{"deadlock", "assert", "runtime"} {
		assert.True(t, names[implicit], "no %s check", implicit)
	}
}
