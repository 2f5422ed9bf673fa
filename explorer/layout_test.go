package explorer_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
	"github.com/interleave/interleave/lang/ir"
)

func TestStateSize(t *testing.T) {
	b := irtest.New("layout")
	b.Bool("turn", false)             // 1 byte
	b.Var("x", 0, 1000, 0)            // 2 bytes
	b.Var("y", -1<<31, 1<<31-1, 0)    // 4 bytes
	b.Var("a", 0, 1, 0, 3)            // 3 × 1 byte
	b.Sem("s", ir.SemWeak, 1)         // 2 bytes
	b.Sem("f", ir.SemFifo, 1, 2)      // 2 × (2 bytes + a queue of 2 processes)
	b.Mutex("m")                      // 1 byte
	b.Process("P[0]", irtest.Skip(1)) // counter and block status: 2 bytes
	b.Process("P[1]", irtest.Skip(1)) // 2 bytes
	m := machine(t, b)
	assert.Equal(t, 4+1+2+4+3+2+8+1, m.StateSize())
}

// TestProcessWidths: a process's counter takes one byte up to 250
// instructions and two past them; its block status none in a program that
// never blocks a process, one byte when it may sleep or wait.
func TestProcessWidths(t *testing.T) {
	// loop is a process of n instructions (n-1 skips in a loop, then the end
	// the builder adds).
	loop := func(n int) func(b *irtest.Builder) {
		return func(b *irtest.Builder) {
			code := make([]*ir.Instr, n-1)
			for i := range code {
				code[i] = irtest.Skip((i + 1) % (n - 1))
			}
			b.Process("P", code...)
		}
	}
	tests := []struct {
		name  string
		build func(b *irtest.Builder)
		want  int
		// loop is the length of the process's loop, 0 for none.
		loop int
	}{
		{"never blocks", func(b *irtest.Builder) { b.Process("P", irtest.Skip(0)) }, 1, 1},
		{"sleeps", func(b *irtest.Builder) { b.Process("P", irtest.Sleep(0)) }, 2, 0},
		{"a semaphore", func(b *irtest.Builder) { b.Sem("s", ir.SemWeak, 1); b.Process("P", irtest.Skip(0)) }, 2 + 2, 1},
		{"250 instructions", loop(250), 1, 249},
		{"251 instructions", loop(251), 2, 250},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := irtest.New("widths")
			tt.build(b)
			m := machine(t, b)
			assert.Equal(t, tt.want, m.StateSize())
			if tt.loop == 0 {
				return
			}
			// The counter goes round the loop and back.
			s := m.Initial()
			for step := 1; step <= tt.loop+3; step++ {
				ss := successors(m, s)
				require.Len(t, ss, 1)
				s = ss[0].Next
				require.Equal(t, step%tt.loop, m.PC(s, 0), "step %d", step)
			}
		})
	}
}

func TestValuesRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi int32
		value  int32
	}{
		{"negative range", -5, 5, -5},
		{"two bytes", -300, 300, 299},
		{"full int low", -1 << 31, 1<<31 - 1, -1 << 31},
		{"full int high", -1 << 31, 1<<31 - 1, 1<<31 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := irtest.New("values")
			x := b.Var("x", tt.lo, tt.hi, tt.lo+1)
			y := b.Var("y", tt.lo, tt.hi, tt.lo)
			b.Process("P[0]",
				irtest.Assign("x = v", irtest.Ref(x), irtest.C(tt.value), 1),
				irtest.Assign("y = x", irtest.Ref(y), irtest.Load(x), 2))
			m := machine(t, b)
			s := run(t, m, 0, 0)
			got := map[string]int32{}
			for _, c := range m.Changes(m.Initial(), s) {
				got[c.Name] = c.Value.Int
			}
			want := map[string]int32{"x": tt.value, "y": tt.value}
			if tt.value == tt.lo+1 {
				delete(want, "x")
			}
			if tt.value == tt.lo {
				delete(want, "y")
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestChangeNames(t *testing.T) {
	b := irtest.New("names")
	turn := b.Var("turn", 0, 1, 0)
	in := b.Bool("interested", false, 2)
	grid := b.Var("g", 0, 9, 0, 2, 3)
	s := b.Sem("s", ir.SemWeak, 0)
	mu := b.Mutex("m")
	x := b.Local(0, "x", 0, 3, 0)
	b.Process("P[0]", irtest.Atomic(1),
		irtest.In(irtest.Assign("x = 3", irtest.Ref(x), irtest.C(3), 2)),
		irtest.In(irtest.Assign("interested[1] = true", irtest.Ref(in, irtest.C(1)), irtest.C(1), 3)),
		irtest.In(irtest.Assign("turn = 1", irtest.Ref(turn), irtest.C(1), 4)),
		irtest.In(irtest.Assign("g[1][2] = 7", irtest.Ref(grid, irtest.C(1), irtest.C(2)), irtest.C(7), 5)),
		irtest.In(irtest.Up("up(s)", s, 6)),
		irtest.In(irtest.Lock("lock(m)", mu, 7)))
	m := machine(t, b)
	s1 := run(t, m, 0)
	var got []string
	for _, c := range m.Changes(m.Initial(), s1) {
		got = append(got, c.Name+"="+c.Value.Text)
	}
	assert.Equal(t, []string{"turn=1", "interested[1]=true", "g[1][2]=7", "P[0].x=3", "s=1", "m=P[0]"}, got)
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		prog func() *ir.Program
		err  string
	}{
		{"too many processes", func() *ir.Program {
			b := irtest.New("big")
			for i := range 255 {
				b.Process(fmt.Sprintf("P[%d]", i))
			}
			return b.Program()
		}, "255 processes: the engine runs at most 254"},
		{"jump out of the code", func() *ir.Program {
			b := irtest.New("jump")
			b.Process("P[0]", irtest.Skip(7))
			return b.Program()
		}, "test.ilv:1:1: P[0]: jump to 7 is out of the code"},
		{"initial value out of range", func() *ir.Program {
			b := irtest.New("init")
			b.Var("x", 0, 1, 5)
			return b.Program()
		}, "test.ilv:1:1: initial value 5 of x is out of range 0..1"},
		{"unknown variable", func() *ir.Program {
			b := irtest.New("var")
			b.Process("P[0]", irtest.Assign("x = 1", irtest.Ref(3), irtest.C(1), 1))
			return b.Program()
		}, "test.ilv:1:1: P[0]: assignment to an unknown variable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := explorer.New(tt.prog())
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
		})
	}
}

func TestDescribe(t *testing.T) {
	m := machine(t, semLock(2, ir.SemWeak))
	s := run(t, m, 0, 1)
	assert.Equal(t, []explorer.ProcState{
		{Process: 0, PC: 1, Pos: pos(2), Statement: "skip"},
		{Process: 1, PC: 0, Pos: pos(101), Statement: "down(s)", Blocked: true, Waits: "waits in down(s)"},
	}, m.Describe(s))
	assert.Equal(t, []int{0}, m.Critical(s, nil))
	two := machine(t, twoAssign())
	end := run(t, two, 0)
	assert.Equal(t, explorer.ProcState{Process: 0, PC: 1, Pos: pos(2), Statement: "end", Terminated: true}, two.Process(end, 0))
}

func TestSyncStateSize(t *testing.T) {
	b := irtest.New("sync")
	b.Mutex("m")                                                                 // 1 byte
	mesa := b.Monitor("M", false)                                                // 1 byte
	hoare := b.Monitor("H", true)                                                // 1 byte + an urgent queue of 2
	b.Cond("c", -1, 2)                                                           // 2 × a queue of 2
	b.Cond("notEmpty", mesa)                                                     // a queue of 2
	b.Cond("ok", hoare)                                                          // a queue of 2
	b.Chan("u", 0, false, []ir.Type{irtest.IntType(0, 3)})                       // nothing
	b.Chan("t", 3, false, []ir.Type{irtest.IntType(0, 1000), irtest.BoolType()}) // 1 + 3 × (2 + 1)
	b.Chan("big", 300, true, []ir.Type{irtest.BoolType()}, 2)                    // 2 × (2 + 300)
	b.Process("P[0]", irtest.Skip(1))                                            // 2 bytes
	b.Process("P[1]", irtest.Skip(1))                                            // 2 bytes
	m := machine(t, b)
	assert.Equal(t, 4+3+2+2*2+2+2+(1+9)+2*302, m.StateSize())
}

func TestNewRejectsSync(t *testing.T) {
	tests := []struct {
		name string
		prog func() *ir.Program
		err  string
	}{
		{"lossy unbuffered channel", func() *ir.Program {
			b := irtest.New("lossy")
			b.Chan("c", 0, true, []ir.Type{irtest.BoolType()})
			return b.Program()
		}, "test.ilv:1:1: lossy channel c is unbuffered"},
		{"broadcast in a hoare monitor", func() *ir.Program {
			b := irtest.New("hoare")
			h := b.Monitor("H", true)
			c := b.Cond("ok", h)
			b.Process("P[0]", irtest.Broadcast("broadcast(ok)", irtest.S(c), 1))
			return b.Program()
		}, "test.ilv:1:1: P[0]: broadcast on ok, a condition of a hoare monitor"},
		{"message of the wrong shape", func() *ir.Program {
			b := irtest.New("shape")
			c := b.Chan("c", 1, false, []ir.Type{irtest.BoolType()})
			b.Process("P[0]", irtest.Send("c <- (1, 2)", irtest.S(c), 1, irtest.C(1), irtest.C(2)))
			return b.Program()
		}, "test.ilv:1:1: P[0]: send of 2 components on c, whose messages have 1"},
		{"condition of a plain mutex", func() *ir.Program {
			b := irtest.New("plain")
			m := b.Mutex("m")
			b.Cond("c", m)
			return b.Program()
		}, "test.ilv:1:1: condition c belongs to mutex m, which is not a monitor lock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := explorer.New(tt.prog())
			require.Error(t, err)
			assert.Equal(t, tt.err, err.Error())
		})
	}
}
