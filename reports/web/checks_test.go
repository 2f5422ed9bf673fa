package web

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noLockModel lets both processes into critical at once.
const noLockModel = `model nolock

var n: 0..2 = 0

process P[i in 0..1] {
    n = n + 1
    critical {
        skip
    }
}

check mutex
check invariant n <= 1
`

// verdictOf finds the named check's verdict.
func verdictOf(t *testing.T, v View, name string) Verdict {
	t.Helper()
	for _, c := range v.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %s in %v", name, v.Checks)
	return Verdict{}
}

func TestChecksOnTheCurrentState(t *testing.T) {
	srv := server(t, noLockModel)
	v := do(t, srv, "GET", "/api/view")
	assert.Equal(t, Verdict{Name: "mutex", Message: "mutex holds here"}, verdictOf(t, v, "mutex"))
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P[0]")))
	v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P[1]")))
	inv := v.Checks[1]
	assert.True(t, inv.Violated, inv)
	assert.Equal(t, inv.Name+" violated: n <= 1 is false", inv.Message)
	for range 2 {
		if !verdictOf(t, v, "mutex").Violated {
			v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P[0]")))
		}
		if !verdictOf(t, v, "mutex").Violated {
			v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, "P[1]")))
		}
	}
	assert.Equal(t, Verdict{Name: "mutex", Violated: true, Message: "mutex violated: P[0] and P[1] are both in critical"},
		verdictOf(t, v, "mutex"))
}

func TestDeadlockVerdict(t *testing.T) {
	srv := server(t, deadlockModel)
	v := do(t, srv, "GET", "/api/view")
	require.Equal(t, Verdict{Name: "deadlock", Message: "deadlock holds here"}, verdictOf(t, v, "deadlock"))
	for _, p := range []string{"P", "Q", "P", "Q", "P", "Q"} {
		v = do(t, srv, "POST", "/api/step?move="+itoa(moveOf(t, v, p)))
	}
	assert.Equal(t, Verdict{Name: "deadlock", Violated: true,
		Message: "deadlock violated: no process can move and not every process has terminated"}, verdictOf(t, v, "deadlock"))
}
