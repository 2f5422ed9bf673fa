package explorer

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/models"
)

// faultPrograms run into every run-time fault an expression or an
// assignment can make, over variables of every width, with and without
// arrays of one and two dimensions.
var faultPrograms = map[string]string{
	"arith": `model arith
var w: int = 2147483645
var x: 0..7
var y: -3..300 = -3
process P[i in 0..1] {
    loop {
        either { x = x + 3 } or { w = w + x } or { w = -w - x } or { w = w * 2 }
        or { y = y - x } or { y = 300 / x } or { y = 7 % (x - 1) } or { w = min(w, y) + max(x, i) }
        or { y = (w - 2147483640) * 60 }
    }
}`,
	"arrays": `model arrays
var a: [3]0..5
var b: [2][3]-3..300
var c: [4]0..70000
var x: 0..7
process P[i in 0..1] {
    loop {
        either { x = (x + 1) % 8 } or { a[x] = x } or { b[i][x] = b[i][a[x % 3]] - 1 }
        or { c[x] = c[a[i]] * 7 + 1 } or { await a[x] < 3 || c[x] > 5 } or { assert b[i][0] > -2, "low" }
        or { await x <= a[x] } or { await a[x] != x + 1 } or { await a[x] <= x - 1 || a[x] > x }
        or { await a[x] == x || a[x] < x - 1 }
        or { if c[x] == 0 && !(a[i] != 1) { a[i] = 5 } else { b[1 - i][x - 5] = 300 } }
    }
}`,
	"edges": `model edges
var z: -2147483648..-2147483500 = -2147483500
var u: 2147483500..2147483647
var x: 0..9
var b: [3][2]0..9
process P[i in 0..1] {
    loop {
        either { z = z - 20 } or { u = u + 30 } or { x = (x + 1) % 10 } or { await 3 < x || 7 >= x - 1 }
        or { if z - 100 < -2147483600 { x = 0 } } or { if u + 100 > 0 { x = 9 } } or { z = z - x * 10 }
        or { if -2147483648 < z - 1 { x = 1 } } or { b[x][i] = b[i][x - 1] + 1 } or { await b[2][x] != 2 }
        or { x = b[x - 5][1 - i] } or { assert x - 8 <= 0 } or { await z >= -2147483648 && !(z < -2147483648) }
    }
}`,
	"logic": `model logic
var f: bool
var x: 0..3
process P[i in 0..2] {
    var k: 0..3
    loop {
        while k < 3 && (f => x != i) { k++ }
        either { f = !f } or { x = (x + k) % 4 } or { k = 0 } or { await x == i || f }
        or { atomic { x = 0; k = 3 } } or { assert x <= 2 }
    }
}`,
}

// TestFastPathMatchesInterpreter runs the successors of the first states of
// every library model and of faultPrograms with the fast path and with the
// general interpreter alone: every transition, successor and fault must be
// the same.
func TestFastPathMatchesInterpreter(t *testing.T) {
	sources := map[string][]byte{}
	for name, src := range faultPrograms {
		sources[name] = []byte(src)
	}
	for _, mod := range models.All() {
		sources[mod.Name] = mod.Source
	}
	require.NotEmpty(t, models.All())
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			p, err := lang.Compile(lang.File{Name: name + ".ilv", Text: src}, lang.Options{})
			require.NoError(t, err)
			m, err := New(p)
			require.NoError(t, err)
			if m.lay.mem != nil {
				t.Skip("the fast path runs under sequential consistency only")
			}
			fast, slow := m.NewStepper(), m.NewStepper()
			slow.sc = false
			seen := map[string]bool{}
			queue := [][]byte{m.Initial()}
			faults := 0
			for i := 0; i < len(queue) && i < 3000; i++ {
				s := queue[i]
				want := successorsOf(slow, s)
				got := successorsOf(fast, s)
				require.Equal(t, want, got, "state %x", s)
				for _, tr := range got {
					if tr.next == nil {
						faults++
					} else if !seen[string(tr.next)] {
						seen[string(tr.next)] = true
						queue = append(queue, tr.next)
					}
				}
			}
			if _, ok := faultPrograms[name]; ok {
				assert.Positive(t, faults, "no fault reached")
			}
		})
	}
}

// step is one transition as the tests compare it.
type step struct {
	tr    Transition
	fault string
	next  []byte
}

// successorsOf lists the transitions out of s.
func successorsOf(r *Stepper, s []byte) []step {
	var out []step
	r.Successors(s, func(t *Transition, next []byte) {
		st := step{tr: t.Clone()}
		if t.Fault != nil {
			st.fault = fmt.Sprintf("%s: %v", t.Fault.Pos, t.Fault)
			st.tr.Fault = nil
		}
		if next != nil {
			st.next = append([]byte(nil), next...)
		}
		out = append(out, st)
	})
	return out
}
