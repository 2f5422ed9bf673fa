package lang_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
)

const remoteModel = `var x: int
process A {
    var r: int
    r = x
}
process B[i in 1..2] {
    var t: [2]int
    var u: int = 3
    x = 1
    t[1] = 5
}
`

// TestCheckReadsLocals checks that check expressions read a process's local
// variables, as Name.x and P[k].x, with the verdicts they imply.
func TestCheckReadsLocals(t *testing.T) {
	res := run(t, remoteModel+`check a: invariant !(A@end && A.r == 0)
check b: invariant B[2].u == 3 && B[1].t[1] + B[2].t[0] <= 5
check c: invariant B[1].t[1] + B[2].t[1] < 10
check d: A@end && A.r == 1 leadsto true
check e: invariant forall j in 1..2: B[j].u == 3
`)
	assert.Equal(t, "violated", verdicts(res)["a"])
	assert.Equal(t, "holds", verdicts(res)["b"])
	assert.Equal(t, "violated", verdicts(res)["c"])
	assert.Equal(t, "holds", verdicts(res)["d"])
	assert.Equal(t, "holds", verdicts(res)["e"])
}

// TestCheckReadsLocalsErrors checks the errors of references to locals.
func TestCheckReadsLocalsErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"variable index", "check invariant B[x].u == 3", "test.ilv:12:19: the index of B in B[x].u must be a constant"},
		{"index out of range", "check invariant B[0].u == 3", "test.ilv:12:19: index 0 out of range 1..2 of B"},
		{"array without index", "check invariant B.u == 3", "test.ilv:12:17: process array B needs an index: B[1].u"},
		{"single with index", "check invariant A[0].r == 3", "test.ilv:12:17: A is a single process, not an array: A.r"},
		{"no such local", "check invariant A.q == 3", "test.ilv:12:17: undefined: A.q (process A has no local variable q)"},
		{"not a process", "check invariant x[0].r == 3", "test.ilv:12:17: x is not a process"},
		{"in a process", "process C { await A.r == 1 }", "test.ilv:12:19: A.r: the local variables of a process can be read only in a check"},
		{"array without index in a check", "check invariant B[1].t == 3", "test.ilv:12:17: array B[1].t used without index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lang.Compile(lang.File{Name: "test.ilv", Text: []byte(remoteModel + tt.src + "\n")}, lang.Options{})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
