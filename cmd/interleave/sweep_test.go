package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// growing is a model whose invariant fails once N reaches 3.
const growing = `model growing
const N = 2
var x: 0..10 = N
process P { x = x }
check small: invariant x < 3
`

func TestCheckSweep(t *testing.T) {
	requireEngine(t)
	dir := writeFiles(t, map[string]string{"growing.ilv": growing})
	file := filepath.Join(dir, "growing.ilv")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"fails from 3", []string{"-D", "N=1..4"}, exitViolated,
			"sweep of N over " + file + ":\n" +
				"  N=1: small holds, deadlock holds, assert holds, runtime holds\n" +
				"  N=2: small holds, deadlock holds, assert holds, runtime holds\n" +
				"  N=3: small violated, deadlock holds, assert holds, runtime holds\n" +
				"  N=4: small violated, deadlock holds, assert holds, runtime holds\n" +
				"smallest N that fails: 3 (small from N=3)\n"},
		{"holds throughout", []string{"-D", "N=0..2"}, exitHolds,
			"sweep of N over " + file + ":\n" +
				"  N=0: small holds, deadlock holds, assert holds, runtime holds\n" +
				"  N=1: small holds, deadlock holds, assert holds, runtime holds\n" +
				"  N=2: small holds, deadlock holds, assert holds, runtime holds\n" +
				"no check fails for any value of N\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(append(append([]string{"check", "-q"}, tt.args...), file)...)
			require.Equal(t, tt.code, code, errOut)
			assert.Contains(t, out, file+" ("+tt.args[1][:3]+"):\n")
			assert.Contains(t, out, "\n"+tt.want)
		})
	}
}
