package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportPromela(t *testing.T) {
	dir := t.TempDir()
	chanModel := filepath.Join(dir, "c.ilv")
	require.NoError(t, os.WriteFile(chanModel, []byte("model c\nchan c: int\nprocess A { c <- 1 }\nprocess B { <-c }\n"), 0o644))
	condModel := filepath.Join(dir, "cond.ilv")
	require.NoError(t, os.WriteFile(condModel, []byte("model c\nmutex m\ncond c\nprocess A { lock(m); wait(c, m); unlock(m) }\n"), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		out  []string
		err  string
	}{
		{"library", []string{"export", "--to", "promela", "sem_lock"}, exitHolds,
			[]string{"active proctype P0()", "active proctype P1()", "int s_s = 1;", "ltl mutex { [] "}, ""},
		{"define", []string{"export", "--to", "promela", "-D", "N=2", "ticket_lock"}, exitHolds,
			[]string{"/* const N = 2 */", "active proctype P1()"}, ""},
		{"channels", []string{"export", "--to", "promela", chanModel}, exitHolds,
			[]string{"/* chan c: unbuffered: a rendezvous is one d_step that moves both processes */", "active proctype A()", "pc[1] = 1;\n\t\tpc[0] = 1 }"}, ""},
		{"unsupported", []string{"export", "--to", "promela", condModel}, exitError, nil,
			condModel + ":3:6: cond c: condition variables have no exact Promela equivalent in the export\n" +
				"    cond c\n         ^\n" +
				condModel + ":4:22: wait (wait(c, m)) has no exact Promela equivalent in the export\n" +
				"    process A { lock(m); wait(c, m); unlock(m) }\n                         ^\n"},
		{"bad target", []string{"export", "--to", "tla", "race"}, exitError, nil, `bad --to "tla": want promela`},
		{"no model", []string{"export"}, exitError, nil, "export needs one model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(tt.args...)
			assert.Equal(t, tt.code, code, errOut)
			for _, s := range tt.out {
				assert.Contains(t, out, s)
			}
			if tt.err != "" {
				assert.Contains(t, errOut, tt.err)
			}
		})
	}
}
