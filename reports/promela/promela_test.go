package promela_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/reports/promela"
)

// TestExportErrors: constructs outside the subset are refused at their
// positions, all of them, sorted.
func TestExportErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"either inside atomic", "var x: 0..1\nprocess A {\n  atomic { either { x = 1 } or { x = 0 } }\n}\n",
			"m.ilv:3:12: either inside atomic has no exact Promela equivalent in the export"},
		{"handover inside atomic", "sem s = 0\nvar x: 0..1\nprocess A { down(s) }\nprocess B {\n  atomic { x = 1; up(s) }\n}\n",
			"m.ilv:5:19: up(s) inside atomic hands over to one of several blocked processes: no exact Promela equivalent in the export"},
		{"monitor", "monitor M {\n  var n: 0..1\n  proc f() { n = 1 }\n}\nprocess A { M.f() }\n",
			"m.ilv:1:9: monitor M: monitors have no exact Promela equivalent in the export"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: "m.ilv", Text: []byte(tt.src)}, lang.Options{})
			require.NoError(t, err)
			_, err = promela.Export(p)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestExportIsDeterministic: the same model gives the same bytes.
func TestExportIsDeterministic(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		src := genModel(seed)
		p, err := lang.Compile(lang.File{Name: "g.ilv", Text: []byte(src)}, lang.Options{})
		if err != nil {
			continue
		}
		a, err := promela.Export(p)
		require.NoError(t, err, src)
		b, err := promela.Export(p)
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b))
	}
}
